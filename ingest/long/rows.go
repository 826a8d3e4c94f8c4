package long

import (
	"math"
	"strconv"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

type key struct {
	station string
	time    int64
}

// rowDecoder validates rows and collects the good ones.
type rowDecoder struct {
	l     *Layout
	chk   obs.Check
	rj    *obs.Rejects
	b     *obs.Batch
	seen  map[key]struct{}
	rows  int
	codes map[string]string // interned station codes
}

func newRowDecoder(l *Layout, chk obs.Check) *rowDecoder {
	return &rowDecoder{l: l, chk: chk, rj: obs.NewRejects(), b: obs.NewBatch(1024),
		seen: map[key]struct{}{}, codes: map[string]string{}}
}

// row validates one row (cells in file column order; line is the CSV line
// or the 1-based record row). A row with any problem is refused whole, with
// one reject per problem.
func (d *rowDecoder) row(line int64, cells [][]byte) {
	d.rows++
	rj := d.rj
	if len(cells) != d.l.nField {
		rj.Add(line, "", strconv.Itoa(len(cells))+" fields, header has "+strconv.Itoa(d.l.nField), obs.ReasonColumnCount)
		rj.Unit(1)
		return
	}
	bad := false
	fail := func(role int, v []byte, reason string) {
		rj.Add(line, d.l.names[d.l.pos[role]], string(v), reason)
		bad = true
	}
	sc := obs.Trim(cells[d.l.pos[colStation]])
	code, ok := d.codes[string(sc)]
	if !ok {
		code = string(sc)
		d.codes[code] = code
	}
	switch {
	case code == "":
		fail(colStation, sc, obs.ReasonMissingStation)
	case !d.chk.Registry.Known(code):
		fail(colStation, sc, d.chk.Registry.UnknownReason())
	}
	tb := obs.Trim(cells[d.l.pos[colTime]])
	t, reason := parseTime(tb)
	if reason == "" && t > d.chk.NowMicros {
		reason = obs.ReasonFuture
	}
	if reason != "" {
		fail(colTime, tb, reason)
	}
	var vals [obs.NPollutants]float64
	hasValue := false
	for p := range obs.NPollutants {
		vals[p] = math.NaN()
		c := obs.Trim(cells[d.l.pos[colPollutant0+p]])
		if obs.IsMissing(c) {
			continue
		}
		v, ok := obs.ParseNumber(c)
		if !ok {
			fail(colPollutant0+p, c, obs.ReasonNotNumber)
			continue
		}
		if r := d.chk.Limits.Pollutant[p].Check(v); r != "" {
			fail(colPollutant0+p, c, r)
			continue
		}
		vals[p] = v
		hasValue = true
	}
	aqi := int32(-1)
	if d.l.pos[colAQI] >= 0 {
		c := obs.Trim(cells[d.l.pos[colAQI]])
		if !obs.IsMissing(c) {
			v, ok := obs.ParseNumber(c)
			switch {
			case !ok:
				fail(colAQI, c, obs.ReasonNotNumber)
			case v != math.Trunc(v):
				fail(colAQI, c, obs.ReasonAQIInteger)
			default:
				if r := d.chk.Limits.AQI.Check(v); r != "" {
					fail(colAQI, c, r)
				} else {
					aqi = int32(v)
					hasValue = true
				}
			}
		}
	}
	if bad {
		rj.Unit(1)
		return
	}
	if !hasValue {
		return // a row without any value: nothing to store, nothing wrong
	}
	k := key{code, t}
	if _, dup := d.seen[k]; dup {
		rj.Add(line, d.l.names[d.l.pos[colStation]], code+" "+string(tb), obs.ReasonDupStationHour)
		rj.Unit(1)
		return
	}
	d.seen[k] = struct{}{}
	d.b.Append(code, t, &vals, aqi)
}

func (d *rowDecoder) finish() (*obs.Batch, *obs.Rejects, error) {
	if d.rows == 0 {
		return nil, nil, &obs.FileError{Reason: obs.ReasonNoRows}
	}
	return d.b, d.rj, nil
}
