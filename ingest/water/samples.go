package water

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// Samples are decoded water samples, column by column (one entry per site,
// time and parameter; canonical parameter codes and units), plus the
// published classes and the registry rows of the CNEMC layout.
type Samples struct {
	Site, Param, Unit []string
	Time              []int64   // CST wall clock, obs.Batch microseconds
	Value, DL         []float64 // NaN = NULL
	BelowDL           []bool
	MinTime, MaxTime  int64

	Reported []Reported // CNEMC: published class per site and time
	Sites    *Sites     // CNEMC: registry rows to create / update (nil otherwise)
}

// Reported is a class published by the source (0 = not evaluated).
type Reported struct {
	Site  string
	Time  int64
	Class int
}

func newSamples() *Samples {
	return &Samples{MinTime: math.MaxInt64, MaxTime: math.MinInt64}
}

// Len is the number of sample values.
func (s *Samples) Len() int { return len(s.Site) }

func (s *Samples) add(site string, t int64, param, unit string, v value) {
	s.Site = append(s.Site, site)
	s.Time = append(s.Time, t)
	s.Param = append(s.Param, param)
	s.Unit = append(s.Unit, unit)
	s.Value = append(s.Value, v.v)
	s.DL = append(s.DL, v.dl)
	s.BelowDL = append(s.BelowDL, v.belowDL)
	s.MinTime = min(s.MinTime, t)
	s.MaxTime = max(s.MaxTime, t)
}

// Days returns the calendar days of the sample times (YYYY-MM-DD, sorted):
// a water sample is labelled with the time it was taken.
func (s *Samples) Days() []string {
	seen := map[int64]bool{}
	var out []string
	add := func(t int64) {
		d := t / 86400e6
		if t < 0 && t%86400e6 != 0 {
			d--
		}
		if !seen[d] {
			seen[d] = true
			out = append(out, time.UnixMicro(d*86400e6).UTC().Format(time.DateOnly))
		}
	}
	for _, t := range s.Time {
		add(t)
	}
	for _, r := range s.Reported {
		add(r.Time)
	}
	sort.Strings(out)
	return out
}

// Bounds returns the min and max time of values and published classes
// (ok = false when there are none).
func (s *Samples) Bounds() (lo, hi int64, ok bool) {
	lo, hi = s.MinTime, s.MaxTime
	for _, r := range s.Reported {
		lo, hi = min(lo, r.Time), max(hi, r.Time)
	}
	return lo, hi, lo <= hi
}

type sampleKey struct {
	site, param string
	t           int64
}

// DecodeSamples decodes the long sample layout: site_code, sampled_at,
// parameter, value (required), unit, flag, dl (optional). A row with any
// problem is refused whole (one reject per problem); a later duplicate of
// a site, time and parameter is refused, the first kept; a row without a
// value is skipped.
func DecodeSamples(t *obs.Table, chk Check) (*Samples, *obs.Rejects, error) {
	l, dup := parseLayout(t.Header)
	if dup != "" {
		return nil, nil, &obs.FileError{Reason: obs.ReasonDupColumn, Line: 1, Field: dup}
	}
	for _, r := range []int{rSite, rTime, rParameter, rValue} {
		if l.pos[r] < 0 {
			return nil, nil, &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: roleNames[r],
				Value: "header: " + strings.Join(t.Header, ",")}
		}
	}
	out, rj := newSamples(), obs.NewRejects()
	seen := map[sampleKey]bool{}
	for i := range t.Rows {
		row := &t.Rows[i]
		if reason, v := t.Check(row); reason != "" {
			rj.Add(row.Line, "", v, reason)
			rj.Unit(1)
			continue
		}
		bad := false
		fail := func(r int, v, reason string) {
			rj.Add(row.Line, l.field(r), v, reason)
			bad = true
		}
		get := func(r int) string { return l.cell(row.Cells, r) }
		site := get(rSite)
		switch {
		case site == "":
			fail(rSite, "", obs.ReasonMissingSite)
		case chk.Known != nil && !chk.Known(site):
			reason := obs.ReasonUnknownSite
			if chk.RegistryEmpty {
				reason = obs.ReasonUnknownSiteR
			}
			fail(rSite, site, reason)
		}
		ts, ok := obs.ParseWall(get(rTime), t.Serial)
		switch {
		case !ok:
			fail(rTime, get(rTime), obs.ReasonBadTime)
		case ts > chk.NowMicros:
			fail(rTime, get(rTime), obs.ReasonFuture)
		}
		var col Column
		if get(rParameter) == "" {
			fail(rParameter, "", obs.ReasonMissingParameter)
		} else if c, reason, detail := chk.Std.Resolve(get(rParameter), get(rUnit)); reason != "" {
			f := rParameter
			if reason != obs.ReasonUnknownParameter && get(rUnit) != "" {
				f = rUnit
			}
			fail(f, detail, reason)
		} else {
			col = c
		}
		v, missing, reason, detail := parseValue(get(rValue), get(rFlag), get(rDL))
		if reason != "" {
			f := rValue
			if reason == obs.ReasonUnknownFlag {
				f = rFlag
			} else if detail == get(rDL) && detail != get(rValue) {
				f = rDL
			}
			fail(f, detail, reason)
		}
		if bad {
			rj.Unit(1)
			continue
		}
		if missing {
			continue
		}
		if reason := finishValue(&v, col, chk.Std); reason != "" {
			rj.Add(row.Line, l.field(rValue), get(rValue), reason)
			rj.Unit(1)
			continue
		}
		k := sampleKey{site, col.Parameter, ts}
		if seen[k] {
			rj.Add(row.Line, l.field(rSite), site+" "+get(rTime)+" "+col.Parameter, obs.ReasonDupSiteTimeParam)
			rj.Unit(1)
			continue
		}
		seen[k] = true
		out.add(site, ts, col.Parameter, col.Unit, v)
	}
	if len(t.Rows) == 0 {
		return nil, nil, &obs.FileError{Reason: obs.ReasonNoRows}
	}
	return out, rj, nil
}

// finishValue converts v to the canonical unit of col, fills in a missing
// detection limit from the parameter's default and checks the range.
func finishValue(v *value, col Column, std *Standards) string {
	v.v *= col.Factor
	v.dl *= col.Factor
	if v.belowDL && math.IsNaN(v.dl) {
		dl, ok := std.DefaultDL(col.Parameter)
		if !ok {
			return obs.ReasonNoDetectionLimit
		}
		v.dl = dl
	}
	if r := checkRange(col.Parameter, v.v); r != "" {
		return r
	}
	if !math.IsNaN(v.dl) && v.dl < 0 {
		return obs.ReasonNegative
	}
	return ""
}
