package obs

import (
	"math"
	"sort"
	"time"
)

// Batch is a columnar set of hourly air observations, one entry per
// station-hour, ready to become an Arrow record batch. Time is the CST
// wall-clock end of the averaging hour, as microseconds since 1970-01-01
// 00:00 of the wall clock (the value DuckDB stores in a TIMESTAMP).
// A missing value is NaN in Val and false in the validity slices.
type Batch struct {
	// Station codes, one per row; or, when Dict is set (the wide decoder,
	// whose rows repeat one set of columns), Code[i] indexes Dict and
	// Station is empty: no string per row (less to copy, nothing for the
	// garbage collector to scan). StationOf reads either.
	Station  []string
	Dict     []string
	Code     []int32
	Time     []int64
	Val      [NPollutants][]float64
	Valid    [NPollutants][]bool
	AQI      []int32
	AQIValid []bool
	MinTime  int64
	MaxTime  int64
}

// NewBatch returns an empty batch with room for n rows.
func NewBatch(n int) *Batch {
	b := newBatch(n)
	b.Station = make([]string, 0, n)
	return b
}

// NewCodedBatch returns an empty batch with room for n rows whose station
// codes are indexes into dict (Batch.Code).
func NewCodedBatch(n int, dict []string) *Batch {
	b := newBatch(n)
	b.Dict, b.Code = dict, make([]int32, 0, n)
	return b
}

func newBatch(n int) *Batch {
	b := &Batch{
		Time:     make([]int64, 0, n),
		AQI:      make([]int32, 0, n),
		AQIValid: make([]bool, 0, n),
		MinTime:  math.MaxInt64,
		MaxTime:  math.MinInt64,
	}
	for p := range NPollutants {
		b.Val[p] = make([]float64, 0, n)
		b.Valid[p] = make([]bool, 0, n)
	}
	return b
}

// Len is the number of station-hours.
func (b *Batch) Len() int { return len(b.Time) }

// StationOf is the station code of row i.
func (b *Batch) StationOf(i int) string {
	if b.Dict != nil {
		return b.Dict[b.Code[i]]
	}
	return b.Station[i]
}

// Append adds one station-hour. vals holds NaN for missing values; aqi < 0
// means no AQI.
func (b *Batch) Append(station string, t int64, vals *[NPollutants]float64, aqi int32) {
	b.Station = append(b.Station, station)
	b.Time = append(b.Time, t)
	for p := range NPollutants {
		v := vals[p]
		ok := v == v
		if !ok {
			v = 0
		}
		b.Val[p] = append(b.Val[p], v)
		b.Valid[p] = append(b.Valid[p], ok)
	}
	b.AQI = append(b.AQI, max(aqi, 0))
	b.AQIValid = append(b.AQIValid, aqi >= 0)
	b.MinTime = min(b.MinTime, t)
	b.MaxTime = max(b.MaxTime, t)
}

// MicrosToWall turns a Batch time back into a time.Time (UTC-labelled CST
// wall clock, like store.Wall).
func MicrosToWall(us int64) time.Time { return time.UnixMicro(us).UTC() }

// WallMicros returns the Batch time of a CST wall-clock date and hour.
func WallMicros(y, m, d, h int) int64 {
	return (daysFromCivil(y, m, d)*24 + int64(h)) * 3600 * 1e6
}

// ValidDate reports whether y-m-d is a real calendar date.
func ValidDate(y, m, d int) bool {
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return false
	}
	dim := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		dim = 29
	}
	return d <= dim
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d (proleptic
// Gregorian), H. Hinnant's algorithm.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// Days returns the natural days the batch touches, sorted, as YYYY-MM-DD:
// the day of an hour labelled t is the date of t - 1 h (00:00 ends the
// previous day).
func (b *Batch) Days() []string {
	const hour, day = int64(3600e6), int64(86400e6)
	seen := map[int64]bool{}
	var out []string
	var last int64 = math.MinInt64
	for _, t := range b.Time {
		d := (t - hour) / day
		if t-hour < 0 && (t-hour)%day != 0 {
			d--
		}
		if d == last || seen[d] {
			continue
		}
		seen[d], last = true, d
		out = append(out, time.UnixMicro(d*day).UTC().Format("2006-01-02"))
	}
	sort.Strings(out)
	return out
}
