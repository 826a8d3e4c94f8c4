package emission

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/ingest/hj212"
	"github.com/envdisclose/envdisclose/ingest/obs"
)

// IsHJ212 reports whether data is a file of HJ 212 messages: its first
// non-blank bytes are "##" and four digits (the length field).
func IsHJ212(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if len(data) < 6 || data[0] != '#' || data[1] != '#' {
		return false
	}
	for _, c := range data[2:6] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

const hourMicros = int64(time.Hour / time.Microsecond)

// wallMicros is the CST wall clock of t as Rows microseconds.
func wallMicros(t time.Time) int64 {
	return t.UnixMicro() + 8*hourMicros
}

// Label applies the time-label convention to an HJ 212 data message: it
// returns the period of command cn and the CST wall-clock label (Rows
// microseconds) of its values, or a reject reason.
//
//   - CN 2061 (hourly): DataTime is the START of the hour (common practice
//     of data acquisition devices, see docs/POLLUTERS-NOTES.md; not verified
//     against the standard's text): label = DataTime + 1 h, the end of the
//     hour, as every hourly value in the store. DataTime must be on the hour.
//   - CN 2031 (daily): DataTime is the day (00:00): label = the next day's
//     00:00, so that the natural day CAST(time - 1 h AS DATE) is the day.
//   - CN 2051 (minute) and CN 2011 (real time): DataTime as sent.
//
// ok is false for commands that carry no monitoring data.
func Label(cn string, dataTime time.Time) (period string, label int64, reason string, ok bool) {
	t := wallMicros(dataTime)
	switch cn {
	case hj212.CNHourly:
		if t%hourMicros != 0 {
			return PeriodHour, t, obs.ReasonNotOnHour, true
		}
		return PeriodHour, t + hourMicros, "", true
	case hj212.CNDaily:
		if t%(24*hourMicros) != 0 {
			return PeriodDay, t, obs.ReasonNotMidnight, true
		}
		return PeriodDay, t + 24*hourMicros, "", true
	case hj212.CNMinute:
		return PeriodMinute, t, "", true
	case hj212.CNRealtime:
		return PeriodRealtime, t, "", true
	}
	return "", 0, "", false
}

// errReason is the reject reason of a message the hj212 package refused.
func errReason(k hj212.Kind) string {
	switch k {
	case hj212.BadCRC:
		return obs.ReasonHJ212CRC
	case hj212.BadLength:
		return obs.ReasonHJ212Length
	case hj212.Truncated:
		return obs.ReasonHJ212Truncated
	case hj212.TooLarge:
		return obs.ReasonHJ212TooLarge
	}
	return obs.ReasonHJ212Malformed
}

// flowFactor is the factor from a flow code's unit (code table) to m³/h.
func flowFactor(code string) (float64, bool) {
	switch hj212.StdCode(code) {
	case "a00000": // flue gas flow, m³/s
		return 3600, true
	case "w00000": // wastewater flow, L/s
		return 3.6, true
	}
	return 0, false
}

// factor is the unit factor of an HJ 212 code to its canonical pollutant
// (precomputed by LoadStandards; a "z"-suffixed code uses its base code's).
func (g *Registry) factor(code string) float64 {
	if f, ok := g.factors[code]; ok {
		return f
	}
	if n := len(code); n > 1 {
		if f, ok := g.factors[code[:n-1]]; ok {
			return f
		}
	}
	return 1
}

// unitFactor converts a value in the code table's unit of an HJ 212 code
// to the canonical unit (only mg <-> µg differ between the tables).
func unitFactor(from, to string) float64 {
	norm := func(u string) string { return strings.NewReplacer("µ", "u", "μ", "u", "m3", "m³").Replace(u) }
	from, to = norm(from), norm(to)
	switch {
	case from == to || from == "" || to == "":
		return 1
	case strings.HasPrefix(from, "mg/") && strings.HasPrefix(to, "ug/") && from[3:] == to[3:]:
		return 1000
	case strings.HasPrefix(from, "ug/") && strings.HasPrefix(to, "mg/") && from[3:] == to[3:]:
		return 0.001
	}
	return 1
}

type msgKey struct {
	mn, cn   string
	dataTime int64
	pno      int
}

// HJ212Result is what DecodeHJ212 found besides the rows.
type HJ212Result struct {
	Messages  int            // data messages landed (at least partly)
	Ignored   map[string]int // messages of other commands (CN -> count): not data, skipped
	Auxiliary map[string]int // codes of the code table that are not emission pollutants (temperature, pressure, ...): not stored
	Discarded int64          // bytes between messages that were not a message
	warn      string
}

// Note is the ledger note of the result.
func (h *HJ212Result) Note() string {
	var parts []string
	parts = append(parts, fmt.Sprintf("%d data messages", h.Messages))
	if len(h.Ignored) > 0 {
		parts = append(parts, "other commands skipped: "+countList(h.Ignored))
	}
	if len(h.Auxiliary) > 0 {
		parts = append(parts, "parameters not stored: "+countList(h.Auxiliary))
	}
	if h.Discarded > 0 {
		parts = append(parts, fmt.Sprintf("%d bytes of non-message text skipped", h.Discarded))
	}
	if h.warn != "" {
		parts = append(parts, h.warn)
	}
	return strings.Join(parts, "; ")
}

func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		keys[i] = fmt.Sprintf("%s×%d", k, m[k])
	}
	if len(keys) > 8 {
		keys = append(keys[:8], "…")
	}
	return strings.Join(keys, ",")
}

// DecodeHJ212 decodes a file of HJ 212 messages with hj212.Scanner.
//
// A message is refused whole (one reject, one refused unit; line = the
// line it starts on, value = the hj212 error text) when the hj212 package
// refuses it (CRC, length, truncated, malformed, too large), when its MN
// is not the mn of a current outlet, when DataTime is missing, not on the
// hour (CN 2061) / not at 00:00 (CN 2031) or its label is in the future,
// and when the same MN, CN, DataTime (and packet number) came earlier in
// the file ("duplicate message": the first is kept). Messages of other
// commands (answers, parameters, heartbeats) are skipped and counted in
// the note. Inside a good message a pollutant is refused alone (field =
// its code) when its code is unknown, it is of the other medium, its
// value is not numeric or negative, its flag is not one of N F M S D C T B,
// or it has no value and flag N. Values: Avg (Rtd for CN 2011) -> value,
// ZsAvg (ZsRtd) -> converted value, a "z"-suffixed code's value ->
// converted value of its base code, the flow code (a00000 m³/s, w00000
// L/s; Avg, Rtd, or for hours Cou) -> flow in m³/h on every row of the
// message, absent flag -> N. Codes of the code table that are not emission
// pollutants (a01012 flue gas temperature ...) are not stored.
func DecodeHJ212(data []byte, reg *Registry, nowMicros int64) (*Rows, *obs.Rejects, *HJ212Result, error) {
	if reg.Empty() {
		return nil, nil, nil, &obs.FileError{Reason: obs.ReasonPolluterRegistryAbsent}
	}
	rows := &Rows{}
	rj := obs.NewRejects()
	res := &HJ212Result{Ignored: map[string]int{}, Auxiliary: map[string]int{}}
	var warn note
	sc := hj212.NewScanner(bytes.NewReader(data))
	seen := map[msgKey]struct{}{}
	data0 := 0 // data messages seen (good or not)
	type entry struct {
		pol        string
		val, conv  float64
		flag       string
		hasV, hasC bool
	}
	var ents []entry
	for {
		m, err := sc.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var he *hj212.Error
			if !errors.As(err, &he) {
				return nil, nil, nil, err
			}
			line := int64(he.Line)
			if line == 0 {
				line = int64(sc.Line())
			}
			data0++
			rj.Add(line, he.Field, he.Error(), errReason(he.Kind))
			rj.Unit(1)
			continue
		}
		line := int64(sc.Line())
		if m.DataTime.IsZero() {
			if _, _, _, ok := Label(m.CN, time.Time{}); ok {
				data0++
				rj.Add(line, "DataTime", "CN="+m.CN+" MN="+m.MN, obs.ReasonMissingDataTime)
				rj.Unit(1)
			} else {
				res.Ignored["CN "+m.CN]++
			}
			continue
		}
		period, label, reason, ok := Label(m.CN, m.DataTime)
		if !ok {
			res.Ignored["CN "+m.CN]++
			continue
		}
		data0++
		dt := m.DataTime.Format("20060102150405")
		out, known := reg.ByMN(m.MN)
		switch {
		case !known:
			rj.Add(line, "MN", m.MN, obs.ReasonUnknownMN)
		case reason != "":
			rj.Add(line, "DataTime", dt, reason)
		case label > nowMicros:
			rj.Add(line, "DataTime", dt, obs.ReasonFuture)
		}
		if !known || reason != "" || label > nowMicros {
			rj.Unit(1)
			continue
		}
		k := msgKey{m.MN, m.CN, label, m.PNO}
		if _, dup := seen[k]; dup {
			rj.Add(line, "MN", m.MN+" CN="+m.CN+" DataTime="+dt, obs.ReasonDupMessage)
			rj.Unit(1)
			continue
		}
		seen[k] = struct{}{}

		rt := m.CN == hj212.CNRealtime
		avg := func(p *hj212.Pollutant) hj212.Value {
			if rt {
				return p.Rtd
			}
			return p.Avg
		}
		zs := func(p *hj212.Pollutant) hj212.Value {
			if rt {
				return p.ZsRtd
			}
			return p.ZsAvg
		}
		badNum := func(p *hj212.Pollutant) (string, bool) {
			for _, x := range p.Extra {
				switch x.Key {
				case "Avg", "ZsAvg", "Rtd", "ZsRtd", "Cou":
					return p.Code + "-" + x.Key + "=" + x.Value, true
				}
			}
			return "", false
		}
		flow := NaN
		for i := range m.Pollutants {
			p := &m.Pollutants[i]
			f, ok := flowFactor(p.Code)
			if !ok {
				continue
			}
			v := avg(p)
			if !v.Valid && m.CN == hj212.CNHourly && p.Cou.Valid { // m³ in the hour
				v, f = p.Cou, 1
			}
			if v.Valid && v.V >= 0 {
				flow = v.V * f
			}
		}
		ents = ents[:0]
		landed := false
		for i := range m.Pollutants {
			p := &m.Pollutants[i]
			if _, isFlow := flowFactor(p.Code); isFlow {
				continue
			}
			converted := false
			pol, ok := reg.FromHJ212(p.Code)
			if n := len(p.Code); ok && n > 1 && (p.Code[n-1] == 'z' || p.Code[n-1] == 'Z') {
				if _, base := hj212.LookupCode(p.Code[:n-1]); base {
					converted = true // a device sending the 折算 value under its own code
				}
			}
			if !ok {
				if _, known := hj212.LookupCode(p.Code); known {
					res.Auxiliary[p.Code]++
					continue
				}
				rj.Add(line, p.Code, "MN="+m.MN+" DataTime="+dt, obs.ReasonUnknownPollutant)
				rj.Unit(1)
				continue
			}
			info, _ := reg.PollutantInfo(pol)
			if info.Medium != out.Medium {
				rj.Add(line, p.Code, "outlet "+out.Code+" is "+out.Medium, obs.ReasonPollutantMedium)
				rj.Unit(1)
				continue
			}
			if s, bad := badNum(p); bad {
				rj.Add(line, p.Code, s, obs.ReasonNotNumber)
				rj.Unit(1)
				continue
			}
			flag, fok := validFlag(p.Flag)
			if !fok {
				rj.Add(line, p.Code, p.Flag, obs.ReasonDataFlag)
				rj.Unit(1)
				continue
			}
			fac := reg.factor(p.Code)
			v, c := avg(p), zs(p)
			if converted {
				v, c = hj212.Value{}, v
			}
			if (v.Valid && v.V < 0) || (c.Valid && c.V < 0) {
				rj.Add(line, p.Code, fmt.Sprintf("%g / %g", v.V, c.V), obs.ReasonNegative)
				rj.Unit(1)
				continue
			}
			j := slices.IndexFunc(ents, func(e entry) bool { return e.pol == pol })
			if j < 0 {
				ents = append(ents, entry{pol: pol, val: NaN, conv: NaN, flag: flag})
				j = len(ents) - 1
			}
			e := &ents[j]
			if v.Valid {
				e.val, e.hasV = v.V*fac, true
			}
			if c.Valid {
				e.conv, e.hasC = c.V*fac, true
			}
			if p.Flag != "" {
				e.flag = flag
			}
		}
		for _, e := range ents {
			if !e.hasV && !e.hasC && e.flag == "N" {
				rj.Add(line, e.pol, "MN="+m.MN+" DataTime="+dt, obs.ReasonMissingValue)
				rj.Unit(1)
				continue
			}
			if !reg.Limited(out.Code, e.pol) {
				warn.unlimitedValue(out.Code, e.pol)
			}
			rows.Append(out.Code, e.pol, period, label, e.val, e.conv, flow, e.flag)
			landed = true
		}
		if landed {
			res.Messages++
		}
	}
	res.Discarded = sc.Discarded()
	if data0 == 0 {
		return nil, nil, res, &obs.FileError{Reason: obs.ReasonNoDataMessages, Value: res.Note()}
	}
	res.warn = warn.String()
	return rows, rj, res, nil
}
