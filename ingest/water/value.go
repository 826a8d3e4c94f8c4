package water

import (
	"math"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// Check is what the water decoders validate against.
type Check struct {
	Std *Standards
	// Known reports whether a site code is in water_site (any version);
	// nil = no registry check (the CNEMC layout creates its sites).
	Known func(code string) bool
	// RegistryEmpty makes the unknown-site reason say so.
	RegistryEmpty bool
	// NowMicros is the current CST wall clock (obs.Batch microseconds):
	// later samples are "in the future".
	NowMicros int64
	// Year is the year of CNEMC times without one (MM-DD HH:MM); 0 = the
	// year that puts the time closest before NowMicros (+ 1 day of grace).
	Year int
}

// value is a parsed measured value.
type value struct {
	v, dl   float64 // NaN = none
	belowDL bool
}

// notDetected are the cells meaning "below the detection limit" without a
// number (compared lower-case).
var notDetected = map[string]bool{"nd": true, "n.d.": true, "未检出": true, "<dl": true, "bdl": true, "<mdl": true, "低于检出限": true}

// flags of a separate flag column meaning "below the detection limit";
// "" and these "normal" flags mean a measured value.
var (
	belowFlags  = map[string]bool{"<": true, "l": true, "nd": true, "未检出": true, "<dl": true, "bdl": true, "u": true}
	normalFlags = map[string]bool{"": true, "=": true, "n": true, "ok": true, "正常": true, "valid": true}
)

// parseValue parses a value cell, its flag and detection-limit cells (raw
// source units). missing = no value at all (nothing to store). Forms:
// a number; "ND" / "未检出" (limit from dl, else the parameter's default);
// "<0.01"; "0.01L" (Chinese lab convention: below the limit 0.01); a
// number with a flag "<", "L" or "ND" (the number is the limit).
func parseValue(cell, flag, dlCell string) (val value, missing bool, reason, detail string) {
	val = value{v: math.NaN(), dl: math.NaN()}
	c := strings.TrimSpace(strings.NewReplacer("＜", "<", "ｌ", "l", "Ｌ", "L").Replace(cell))
	f := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(flag, "＜", "<")))
	if !normalFlags[f] && !belowFlags[f] {
		return val, false, obs.ReasonUnknownFlag, flag
	}
	below := belowFlags[f]
	if c == "--" || obs.IsMissing([]byte(c)) {
		if !below {
			return val, true, "", ""
		}
		c = ""
	}
	lc := strings.ToLower(c)
	num := c
	switch {
	case c == "":
		num = ""
	case notDetected[lc]:
		below, num = true, ""
	case strings.HasPrefix(c, "<"):
		below, num = true, strings.TrimSpace(c[1:])
	case strings.HasSuffix(lc, "l") && len(c) > 1:
		if _, ok := obs.ParseNumber([]byte(c[:len(c)-1])); ok {
			below, num = true, c[:len(c)-1]
		}
	}
	if num != "" {
		x, ok := obs.ParseNumber([]byte(num))
		if !ok {
			return val, false, obs.ReasonNotNumber, cell
		}
		if below {
			val.dl = x
		} else {
			val.v = x
		}
	}
	val.belowDL = below
	if below && math.IsNaN(val.dl) && strings.TrimSpace(dlCell) != "" && !obs.IsMissing([]byte(strings.TrimSpace(dlCell))) {
		x, ok := obs.ParseNumber([]byte(strings.TrimSpace(dlCell)))
		if !ok {
			return val, false, obs.ReasonNotNumber, dlCell
		}
		val.dl = x
	}
	return val, false, "", ""
}

// checkRange validates a canonical value of param: negative values only
// for water temperature, pH within 0-14.
func checkRange(param string, v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case param == "ph" && (v < 0 || v > 14):
		return obs.ReasonPHRange
	case v < 0 && param != "water_temp":
		return obs.ReasonNegative
	case param == "water_temp" && (v < -5 || v > 60):
		return obs.ReasonRange
	}
	return ""
}
