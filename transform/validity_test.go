package transform

import (
	"context"
	"database/sql"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// An independent Go implementation of the HJ 663 daily statistics, used as
// the oracle for air_station_day on real series with gaps.

const nPoll = 6 // pm25, pm10, so2, no2, co, o3

type hourRec struct {
	label time.Time
	v     [nPoll]*float64
}

type expDay struct {
	n     [nPoll]int
	mean  [5]*float64 // pm25, pm10, so2, no2, co (rounded, NULL when < 20 hours)
	o31h  *float64
	mda8  *float64
	n8    int
	valid bool
}

// gbt rounds half to even at d decimals after rounding to 6 decimals (as
// the SQL macro gbt8170 does through DECIMAL(18,6)).
func gbt(x float64, d int) float64 {
	q := int64(math.Pow10(6 - d))
	v := int64(math.Round(x * 1e6))
	div, rem := v/q, v%q
	if 2*rem > q || (2*rem == q && div%2 != 0) {
		div++
	}
	return float64(div) / math.Pow10(d)
}

func fp(x float64) *float64 { return &x }

func expectedDays(recs []hourRec) map[string]*expDay {
	type slot struct {
		vals [nPoll][25]*float64
	}
	days := map[string]*slot{}
	for _, r := range recs {
		t := r.label.Add(-time.Hour)
		k := t.Format(dateFmt)
		s := days[k]
		if s == nil {
			s = &slot{}
			days[k] = s
		}
		hx := t.Hour() + 1
		for p := range nPoll {
			if r.v[p] != nil {
				s.vals[p][hx] = r.v[p]
			}
		}
	}
	out := map[string]*expDay{}
	for k, s := range days {
		e := &expDay{}
		dec := [5]int{0, 0, 0, 0, 1}
		for p := range 5 {
			sum := 0.0
			for h := 1; h <= 24; h++ {
				if v := s.vals[p][h]; v != nil {
					sum += *v
					e.n[p]++
				}
			}
			if e.n[p] >= 20 {
				e.mean[p] = fp(gbt(sum/float64(e.n[p]), dec[p]))
			}
		}
		// O3: daily max 1-h and MDA8.
		mx := math.Inf(-1)
		for h := 1; h <= 24; h++ {
			if v := s.vals[5][h]; v != nil {
				e.n[5]++
				mx = math.Max(mx, *v)
			}
		}
		if e.n[5] > 0 && (e.n[5] >= 20 || gbt(mx, 0) > 200) {
			e.o31h = fp(gbt(mx, 0))
		}
		m8 := math.Inf(-1)
		for i := 8; i <= 24; i++ {
			sum, n := 0.0, 0
			for h := i - 7; h <= i; h++ {
				if v := s.vals[5][h]; v != nil {
					sum += *v
					n++
				}
			}
			if n >= 6 {
				e.n8++
				m8 = math.Max(m8, sum/float64(n))
			}
		}
		if e.n8 > 0 && (e.n8 >= 14 || gbt(m8, 0) > 160) {
			e.mda8 = fp(gbt(m8, 0))
		}
		e.valid = e.o31h != nil && e.mda8 != nil
		for p := range 5 {
			e.valid = e.valid && e.mean[p] != nil
		}
		out[k] = e
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func parseNum(s string, scale float64) *float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil // NA, empty
	}
	return fp(v * scale)
}

// compareDays checks every air_station_day row of station against the Go
// computation and returns the number of days compared and of days with a
// 24-h mean invalidated by gaps.
func compareDays(t *testing.T, db *sql.DB, station string, exp map[string]*expDay) (compared, gapDays int, examples []string) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT strftime(day, '%Y-%m-%d'), pm25, pm10, so2, no2, co, o3_1h_max, o3_8h_max,
		n_pm25, n_pm10, n_so2, n_no2, n_co, n_o3, n_o3_8h, valid
		FROM air_station_day WHERE station_code = ? ORDER BY day`, station)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	same := func(a *float64, b sql.NullFloat64) bool {
		if a == nil || !b.Valid {
			return a == nil && !b.Valid
		}
		return math.Abs(*a-b.Float64) < 1e-9
	}
	errs := 0
	for rows.Next() {
		var day string
		var v [7]sql.NullFloat64
		var n [7]int
		var valid bool
		if err := rows.Scan(&day, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &valid); err != nil {
			t.Fatal(err)
		}
		e := exp[day]
		if e == nil {
			t.Errorf("%s %s: computed but not expected", station, day)
			continue
		}
		compared++
		ok := valid == e.valid && same(e.o31h, v[5]) && same(e.mda8, v[6]) && n[5] == e.n[5] && n[6] == e.n8
		for p := range 5 {
			ok = ok && same(e.mean[p], v[p]) && n[p] == e.n[p]
		}
		if !ok && errs < 20 {
			errs++
			t.Errorf("%s %s: got %v n=%v valid=%v; want means %v o3 %v/%v n=%v n8=%d valid=%v", station, day, v, n, valid,
				deref(e.mean[:]), deref([]*float64{e.o31h}), deref([]*float64{e.mda8}), e.n, e.n8, e.valid)
		}
		if e.n[0] < 20 && e.n[0] > 0 {
			gapDays++
			if len(examples) < 3 {
				examples = append(examples, day+" ("+strconv.Itoa(e.n[0])+" h PM2.5)")
			}
		}
	}
	return compared, gapDays, examples
}

func deref(ps []*float64) []any {
	out := make([]any, len(ps))
	for i, p := range ps {
		if p != nil {
			out[i] = *p
		}
	}
	return out
}

// TestValidityBeijingPRSA: the UCI Beijing series (CO in µg/m³ there,
// converted to mg/m³), all computed with HJ633-2012 (applied from 2013-01-01).
// Hour h of the file is taken as the label h:00 (end of the hour).
func TestValidityBeijingPRSA(t *testing.T) {
	dir := filepath.Join(realDir(t), "beijing_prsa_uci")
	st := openStore(t)
	for _, name := range []string{"Dongsi", "Wanshouxigong"} {
		file := filepath.Join(dir, "PRSA_Data_"+name+"_20130301-20170228.csv")
		mustExec(t, st.DB, `INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
			SELECT station, make_timestamp(year, month, day, hour, 0, 0), "PM2.5", PM10, SO2, NO2, O3, CO / 1000, NULL, 0
			FROM read_csv(`+sqlQuote(file)+`, header = true, nullstr = 'NA')`)
	}
	markDirty(t, st)
	rep := run(t, st, Options{})
	if rep.DaysWithoutStandard != 0 {
		t.Errorf("%d days without a standard; HJ633-2012 applies from 2013-01-01", rep.DaysWithoutStandard)
	}
	for _, name := range []string{"Dongsi", "Wanshouxigong"} {
		recs := readCSV(t, filepath.Join(dir, "PRSA_Data_"+name+"_20130301-20170228.csv"))
		var hs []hourRec
		for _, r := range recs[1:] {
			y, _ := strconv.Atoi(r[1])
			m, _ := strconv.Atoi(r[2])
			d, _ := strconv.Atoi(r[3])
			h, _ := strconv.Atoi(r[4])
			hs = append(hs, hourRec{label: time.Date(y, time.Month(m), d, h, 0, 0, 0, time.UTC),
				v: [nPoll]*float64{parseNum(r[5], 1), parseNum(r[6], 1), parseNum(r[7], 1), parseNum(r[8], 1), parseNum(r[9], 0.001), parseNum(r[10], 1)}})
		}
		exp := expectedDays(hs)
		for k := range exp {
			if k < "2013-01-01" {
				delete(exp, k)
			}
		}
		n, gaps, ex := compareDays(t, st.DB, name, exp)
		if n != len(exp) {
			t.Errorf("%s: %d days compared, %d expected", name, n, len(exp))
		}
		if gaps == 0 {
			t.Errorf("%s: expected days with < 20 PM2.5 hours in the series", name)
		}
		t.Logf("%s: %d days match the Go implementation; %d days with 1-19 PM2.5 hours, e.g. %v", name, n, gaps, ex)
	}
	// Known gap days of the raw files (PM2.5 hours counted in the CSV):
	// the 24-h mean is NULL and the day is not valid.
	for _, c := range []struct {
		station, day string
		nPM25        int64
	}{
		{"Dongsi", "2016-03-07", 14},
		{"Dongsi", "2016-03-15", 19},
		{"Wanshouxigong", "2016-01-04", 19},
		{"Wanshouxigong", "2016-04-15", 14},
	} {
		var n int64
		var pm25 sql.NullFloat64
		var valid bool
		if err := st.DB.QueryRow(`SELECT n_pm25, pm25, valid FROM air_station_day WHERE station_code = ? AND day = CAST(? AS DATE)`,
			c.station, c.day).Scan(&n, &pm25, &valid); err != nil {
			t.Fatal(err)
		}
		if n != c.nPM25 || pm25.Valid || valid {
			t.Errorf("%s %s: n_pm25 %d pm25 %v valid %v; want %d, NULL, false", c.station, c.day, n, pm25, valid, c.nPM25)
		}
	}
}

// TestValidityStation1410A: nine years of one station (no PM10 column, so
// no day is valid for the daily AQI; means and MDA8 are still checked).
func TestValidityStation1410A(t *testing.T) {
	file := filepath.Join(realDir(t), "station_timeseries", "PM2.5NO2SO2O3CO_1410A.csv")
	st := openStore(t)
	mustExec(t, st.DB, `INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
		SELECT '1410A', CAST(datetime AS TIMESTAMP), "PM2.5", NULL, SO2, NO2, O3, CO, NULL, 0
		FROM read_csv(`+sqlQuote(file)+`, header = true)`)
	markDirty(t, st)
	run(t, st, Options{})
	recs := readCSV(t, file)
	var hs []hourRec
	for _, r := range recs[1:] {
		ts, err := time.Parse("2006-01-02 15:04:05", r[0])
		if err != nil {
			t.Fatal(err)
		}
		// datetime, PM2.5, O3, NO2, CO, SO2
		hs = append(hs, hourRec{label: ts, v: [nPoll]*float64{parseNum(r[1], 1), nil, parseNum(r[5], 1), parseNum(r[3], 1), parseNum(r[4], 1), parseNum(r[2], 1)}})
	}
	exp := expectedDays(hs)
	for k := range exp {
		if k < "2013-01-01" {
			delete(exp, k)
		}
	}
	n, gaps, ex := compareDays(t, st.DB, "1410A", exp)
	if n != len(exp) {
		t.Errorf("1410A: %d days compared, %d expected", n, len(exp))
	}
	var mda8Rescued int64 = queryInt(t, st.DB, `SELECT count(*) FROM air_station_day WHERE n_o3_8h < 14 AND o3_8h_max IS NOT NULL`)
	keys := make([]string, 0, len(exp))
	for k := range exp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("1410A: %d days (%s..%s) match the Go implementation; %d days with 1-19 PM2.5 hours, e.g. %v; %d MDA8 kept by the exceedance rule",
		n, keys[0], keys[len(keys)-1], gaps, ex, mda8Rescued)
}
