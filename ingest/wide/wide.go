// Package wide decodes the CNEMC "wide" hourly layout (the quotsoft
// china_sites_YYYYMMDD.csv files): a header `date,hour,type,<station codes>`
// and one row per (date, hour, type) with one value per station.
//
// hour (0..23) is the END of the averaging hour: date D hour h is stored as
// the CST wall-clock time D h:00, so hour 0 of D is the last hour of D-1.
// Of the 15 types, AQI and the six 1-hour concentrations are kept and
// their cells validated; of the rolling types (*_24h, O3_8h, O3_8h_24h)
// only the line is checked (column count, date, hour, type, duplicates):
// they are not stored, the transform computes its own, so their cells
// are not read (half of a file's bytes).
//
// The decoder is a single streaming pass over the bytes with no per-field
// allocation: a national day (2,026 stations × 360 rows) takes a few ms.
package wide

import (
	"bytes"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// types of the wide layout; stored maps a type to its pollutant index
// (obs.PM25...) or aqiSlot, -1 = validated only; limit is the pollutant
// whose range applies.
type typeInfo struct {
	name   string
	stored int
	limit  int
}

var comma = []byte{','}

var types = [...]typeInfo{
	{"AQI", aqiSlot, -1},
	{"PM2.5", obs.PM25, obs.PM25}, {"PM2.5_24h", -1, obs.PM25},
	{"PM10", obs.PM10, obs.PM10}, {"PM10_24h", -1, obs.PM10},
	{"SO2", obs.SO2, obs.SO2}, {"SO2_24h", -1, obs.SO2},
	{"NO2", obs.NO2, obs.NO2}, {"NO2_24h", -1, obs.NO2},
	{"O3", obs.O3, obs.O3}, {"O3_24h", -1, obs.O3}, {"O3_8h", -1, obs.O3}, {"O3_8h_24h", -1, obs.O3},
	{"CO", obs.CO, obs.CO}, {"CO_24h", -1, obs.CO},
}

const (
	aqiSlot = obs.NPollutants // slot of AQI in a slot's value arrays
	nSlots  = obs.NPollutants + 1
)

// IsHeader reports whether the first line's fields look like the wide
// layout.
func IsHeader(fields []string) bool {
	return len(fields) >= 4 && strings.EqualFold(fields[0], "date") &&
		strings.EqualFold(fields[1], "hour") && strings.EqualFold(fields[2], "type")
}

func typeIndex(b []byte) int {
	for i := range types {
		if len(b) == len(types[i].name) && bytes.EqualFold(b, []byte(types[i].name)) {
			return i
		}
	}
	return -1
}

// hourSlot holds the values of one (date, hour): vals[k][col] is NaN when
// missing.
type hourSlot struct {
	time int64
	seen uint32 // bit per type index: duplicate detection
	vals [nSlots][]float64
	has  []bool // refused columns only: any non-missing cell
}

// column states besides "known station" (>= 0 = index into codes).
const (
	colUnknown = -1 // not in the registry
	colDup     = -2 // repeats an earlier column's code
	colNoCode  = -3 // empty header cell
)

// Decode parses the wide layout from UTF-8 text. Row and value problems go
// into the returned rejects; a structurally unusable file returns an
// *obs.FileError.
func Decode(text []byte, chk obs.Check) (*obs.Batch, *obs.Rejects, error) {
	rj := obs.NewRejects()
	d := decoder{chk: chk, rj: rj, slotOf: map[int64]int{}}
	var ferr error
	fields := make([][]byte, 0, 2048)
	obs.Lines(text, func(n int64, line []byte) bool {
		if n == 1 {
			var ok bool
			fields, ok = obs.SplitCSV(line, fields)
			ferr = d.header(fields, ok)
			return ferr == nil
		}
		if len(line) == 0 {
			return true
		}
		if bytes.IndexByte(line, '"') < 0 { // fast path: no quoting
			d.row(n, line, nil)
			return true
		}
		var ok bool
		if fields, ok = obs.SplitCSV(line, fields); !ok {
			d.rows++
			rj.Add(n, "", string(line[:min(len(line), 80)]), obs.ReasonQuoting)
			rj.Unit(1)
			return true
		}
		d.row(n, nil, fields)
		return true
	})
	if ferr != nil {
		return nil, nil, ferr
	}
	if d.codes == nil {
		return nil, nil, &obs.FileError{Reason: obs.ReasonEmpty}
	}
	if d.rows == 0 {
		return nil, nil, &obs.FileError{Reason: obs.ReasonNoRows}
	}
	return d.emit(), rj, nil
}

type decoder struct {
	chk    obs.Check
	rj     *obs.Rejects
	codes  []string // header station codes, by column (col 0 = field 3)
	state  []int    // per column: >=0 known, or colUnknown/colDup/colNoCode
	nField int
	slots  []*hourSlot
	slotOf map[int64]int
	rows   int
}

func (d *decoder) header(f [][]byte, ok bool) error {
	if !ok || len(f) < 4 {
		return &obs.FileError{Reason: obs.ReasonUnknownHeader, Line: 1}
	}
	d.nField = len(f)
	n := len(f) - 3
	d.codes = make([]string, n)
	d.state = make([]int, n)
	first := make(map[string]int, n)
	for i, c := range f[3:] {
		code := string(obs.Trim(c))
		d.codes[i] = code
		switch _, dup := first[code]; {
		case code == "":
			d.state[i] = colNoCode
		case dup:
			d.state[i] = colDup
		case !d.chk.Registry.Known(code):
			first[code] = i
			d.state[i] = colUnknown
		default:
			first[code] = i
			d.state[i] = i
		}
	}
	return nil
}

// row decodes one data line: either line (unquoted: fields are cut here,
// without building a slice of fields) or the already split fields f.
func (d *decoder) row(n int64, line []byte, f [][]byte) {
	d.rows++
	rj := d.rj
	nf := len(f)
	if line != nil {
		nf = bytes.Count(line, comma) + 1
	}
	if nf != d.nField {
		rj.Add(n, "", strconv.Itoa(nf)+" fields, header has "+strconv.Itoa(d.nField), obs.ReasonColumnCount)
		rj.Unit(1)
		return
	}
	if line != nil {
		var head [3][]byte
		rest := line
		for k := range head {
			i := bytes.IndexByte(rest, ',')
			head[k], rest = rest[:i], rest[i+1:]
		}
		f = head[:]
		line = rest
	}
	date := obs.Trim(f[0])
	y, m, day, okDate := parseDate(date)
	if !okDate {
		rj.Add(n, "date", string(date), obs.ReasonBadDate)
		rj.Unit(1)
		return
	}
	hb := obs.Trim(f[1])
	h, okHour := atoi(hb)
	if !okHour {
		rj.Add(n, "hour", string(hb), obs.ReasonBadHour)
		rj.Unit(1)
		return
	}
	if h < 0 || h > 23 {
		rj.Add(n, "hour", string(hb), obs.ReasonHourRange)
		rj.Unit(1)
		return
	}
	tb := obs.Trim(f[2])
	ti := typeIndex(tb)
	if ti < 0 {
		rj.Add(n, "type", string(tb), obs.ReasonUnknownType)
		rj.Unit(1)
		return
	}
	t := obs.WallMicros(y, m, day, h)
	if t > d.chk.NowMicros {
		rj.Add(n, "hour", string(date)+" "+string(hb), obs.ReasonFuture)
		rj.Unit(1)
		return
	}
	s := d.slot(t)
	if s == nil {
		rj.Add(n, "hour", string(date)+" "+string(hb), obs.ReasonTooManyHours)
		rj.Unit(1)
		return
	}
	if s.seen&(1<<ti) != 0 {
		rj.Add(n, "type", string(tb), obs.ReasonDupHourType)
		rj.Unit(1)
		return
	}
	s.seen |= 1 << ti
	typ := types[ti]
	if typ.stored < 0 {
		// A rolling type (*_24h, O3_8h...): not stored, so its cells are
		// not read (the transform computes these values from the hourly
		// ones); the line itself was checked above.
		return
	}
	var lim obs.Limit
	if typ.limit >= 0 {
		lim = d.chk.Limits.Pollutant[typ.limit]
	} else {
		lim = d.chk.Limits.AQI
	}
	var dst []float64
	if typ.stored >= 0 {
		dst = s.vals[typ.stored]
	}
	if line == nil {
		for i, c := range f[3:] {
			d.cell(n, s, typ, lim, dst, i, c)
		}
		return
	}
	// One pass over the cells (fastCells). Fast path: a plain decimal
	// (digits with at most one '.', at most 15 digits, the usual CNEMC
	// cell) is converted while the comma is sought, exactly as
	// obs.ParseNumber would, and kept right there when it is within the
	// limits (and whole, for AQI) in a known station's column (a plain
	// decimal is never negative). Any other non-empty cell (spaces, signs,
	// exponents, missing-value words) goes through cell, which trims and
	// parses it in full; a plain decimal that fails a check goes through
	// value, which finds the reason.
	isAQI := typ.stored == aqiSlot
	for p, col := 0, 0; ; {
		i, j, c, v, plain := fastCells(line, p, col, d.state, dst, lim.Min, lim.Max, isAQI)
		if i > len(line) {
			return
		}
		if plain {
			d.value(n, s, typ, lim, dst, c, v, true, line[i:j])
		} else {
			d.cell(n, s, typ, lim, dst, c, line[i:j])
		}
		p, col = j+1, c+1
	}
}

// fastCells keeps the cells of line from byte p (column col) on while
// they are empty or plain decimals within [lo, hi] (and whole, when whole
// is set) in a known station's column (state[col] >= 0), storing them in
// dst (nil: validated only). It returns p > len(line) when the line is
// done; otherwise the cell it stopped at is line[p:j] in column col, and
// plain tells whether it is a plain decimal, of value v, that failed a
// check (else it needs the full parse). It is a function of its own so
// that its few variables stay in registers.
func fastCells(line []byte, p, col int, state []int, dst []float64, lo, hi float64, whole bool) (int, int, int, float64, bool) {
	for ; p <= len(line); p, col = p+1, col+1 {
		j, dot := p, -1
		var mant uint64 // wraps past 19 digits, but is used only up to 15
		for ; j < len(line); j++ {
			if c := line[j] - '0'; c <= 9 {
				mant = mant*10 + uint64(c)
				continue
			}
			if line[j] == '.' && dot < 0 {
				dot = j
				continue
			}
			break
		}
		if j < len(line) && line[j] != ',' {
			k := bytes.IndexByte(line[j:], ',')
			if k < 0 {
				return p, len(line), col, 0, false
			}
			return p, j + k, col, 0, false
		}
		digits, frac := j-p, 0
		if dot >= 0 {
			digits, frac = digits-1, j-dot-1
		}
		switch {
		case digits > 0 && digits <= 15:
			v := float64(mant)
			if frac > 0 {
				v /= pow10[frac]
			}
			if col >= len(state) || state[col] < 0 || v < lo || v > hi || whole && v != math.Trunc(v) {
				return p, j, col, v, true
			}
			if dst != nil {
				dst[col] = v
			}
		case j > p:
			return p, j, col, 0, false
		}
		p = j
	}
	return p, 0, col, 0, false
}

// pow10 are the exact powers of ten of the fast path (at most 15 digits).
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// cell validates and keeps one value of column i (dst: the slot's values
// of a stored type, or nil).
func (d *decoder) cell(n int64, s *hourSlot, typ typeInfo, lim obs.Limit, dst []float64, i int, c []byte) {
	if len(c) == 0 {
		return
	}
	c = obs.Trim(c)
	if len(c) == 0 || (c[0] > '9' || c[0] == '-') && obs.IsMissing(c) {
		return
	}
	v, ok := obs.ParseNumber(c)
	d.value(n, s, typ, lim, dst, i, v, ok, c)
}

// value validates and keeps the parsed value v of column i (ok = false:
// the cell c is not a number).
func (d *decoder) value(n int64, s *hourSlot, typ typeInfo, lim obs.Limit, dst []float64, i int, v float64, ok bool, c []byte) {
	reason := ""
	switch {
	case !ok:
		reason = obs.ReasonNotNumber
	case typ.stored == aqiSlot && v != math.Trunc(v):
		reason = obs.ReasonAQIInteger
	default:
		reason = lim.Check(v)
	}
	if d.state[i] < 0 {
		s.has[i] = true // the column is refused whole in emit
		return
	}
	if reason != "" {
		d.rj.Add(n, d.codes[i], string(c), reason)
		d.rj.Unit(1)
		return
	}
	if dst != nil {
		dst[i] = v
	}
}

// maxCells bounds hours × columns held in memory for one file (a national
// day is 24 × 2,029; this allows about 40 national days in one file).
const maxCells = 2 << 20

// slot returns the slot of time t, creating it; nil when the file holds
// more hours than maxCells allows.
func (d *decoder) slot(t int64) *hourSlot {
	if k, ok := d.slotOf[t]; ok {
		return d.slots[k]
	}
	if (len(d.slots)+1)*len(d.codes) > maxCells {
		return nil
	}
	s := &hourSlot{time: t}
	n := len(d.codes)
	for k := range s.vals {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.NaN()
		}
		s.vals[k] = v
	}
	s.has = make([]bool, n)
	d.slotOf[t] = len(d.slots)
	d.slots = append(d.slots, s)
	return s
}

// emit builds the batch: one row per (hour, known station) with at least
// one stored value; refused columns are reported once each.
func (d *decoder) emit() *obs.Batch {
	sort.Slice(d.slots, func(i, j int) bool { return d.slots[i].time < d.slots[j].time })
	b := obs.NewCodedBatch(len(d.slots)*len(d.codes), d.codes)
	refused := make([]int64, len(d.codes)) // station-hours with values, per refused column
	// Column by column per hour: first the known stations with at least
	// one stored value, then each column's values for them (a missing
	// value is 0 and invalid, an AQI is kept as obs.Batch.Append keeps it).
	keep := make([]int, 0, len(d.codes))
	for _, s := range d.slots {
		keep = keep[:0]
		for i, st := range d.state {
			if st < 0 {
				if s.has[i] {
					refused[i]++
				}
				continue
			}
			for k := range nSlots {
				if v := s.vals[k][i]; v == v {
					keep = append(keep, i)
					break
				}
			}
		}
		if len(keep) == 0 {
			continue
		}
		for _, i := range keep {
			b.Code = append(b.Code, int32(i))
			b.Time = append(b.Time, s.time)
		}
		for p := range obs.NPollutants {
			src, vals, valid := s.vals[p], b.Val[p], b.Valid[p]
			for _, i := range keep {
				v := src[i]
				ok := v == v
				if !ok {
					v = 0
				}
				vals = append(vals, v)
				valid = append(valid, ok)
			}
			b.Val[p], b.Valid[p] = vals, valid
		}
		for _, i := range keep {
			aqi := int32(-1)
			if v := s.vals[aqiSlot][i]; v == v {
				aqi = int32(v)
			}
			b.AQI = append(b.AQI, max(aqi, 0))
			b.AQIValid = append(b.AQIValid, aqi >= 0)
		}
		b.MinTime = min(b.MinTime, s.time)
		b.MaxTime = max(b.MaxTime, s.time)
	}
	for i, n := range refused {
		if n == 0 {
			continue
		}
		reason := obs.ReasonNoStationCode
		switch d.state[i] {
		case colUnknown:
			reason = d.chk.Registry.UnknownReason()
		case colDup:
			reason = obs.ReasonDupStationCol
		}
		field := d.codes[i]
		if field == "" {
			field = "column " + strconv.Itoa(i+4)
		}
		d.rj.Add(1, field, strconv.FormatInt(n, 10)+" station-hours", reason)
		d.rj.Unit(n)
	}
	return b
}

// parseDate parses YYYYMMDD (also YYYY-MM-DD) into a valid calendar date.
func parseDate(b []byte) (y, m, d int, ok bool) {
	if len(b) == 10 && b[4] == '-' && b[7] == '-' {
		b = []byte{b[0], b[1], b[2], b[3], b[5], b[6], b[8], b[9]}
	}
	if len(b) != 8 {
		return 0, 0, 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, 0, 0, false
		}
	}
	y = int(b[0]-'0')*1000 + int(b[1]-'0')*100 + int(b[2]-'0')*10 + int(b[3]-'0')
	m = int(b[4]-'0')*10 + int(b[5]-'0')
	d = int(b[6]-'0')*10 + int(b[7]-'0')
	return y, m, d, y >= 1970 && obs.ValidDate(y, m, d)
}

// atoi parses a small non-negative or negative decimal integer.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 6 {
		return 0, false
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
