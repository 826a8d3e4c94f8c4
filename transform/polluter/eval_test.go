package polluter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/envdisclose/envdisclose/store"
)

// val is one emission value for landRows; conv < 0 = no converted value,
// v < 0 = no measured value.
type val struct {
	outlet, pollutant string
	t                 time.Time
	v, conv           float64
	flag              string
}

func ts(day, hour int) time.Time {
	return time.Date(2026, 3, day, 0, 0, 0, 0, time.UTC).Add(time.Duration(hour) * time.Hour)
}

func nf(x float64) any {
	if x < 0 {
		return nil
	}
	return x
}

// landRows lands vals as one file named name.
func landRows(t *testing.T, st *store.Store, name string, vals []val) LandResult {
	t.Helper()
	ctx := context.Background()
	sum := sha256.Sum256([]byte(name))
	e, _, err := st.Receive(ctx, hex.EncodeToString(sum[:]), name, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := LandAppend(ctx, st, &e, nil, func(a *duckdb.Appender) error {
		for i, v := range vals {
			if err := a.AppendRow(int64(i+1), v.outlet, v.pollutant, v.t, "hour", nf(v.v), nf(v.conv), nil, v.flag); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fixture registers two enterprises: E1 with a gas outlet O1 (so2 35 and
// nox 50 mg/m³, hourly, converted) and a water outlet O2 (cod 50 mg/L,
// daily, measured); E2 with a gas outlet O3 (so2 35, nox 50).
func fixture(t *testing.T, st *store.Store) {
	db := st.DB
	mustExec(t, db, `INSERT INTO enterprise (enterprise_id, credit_code, name, province, city, county, valid_from, file_id) VALUES
		('E1', '91640000000000001X', '甲电厂', '宁夏回族自治区', '银川市', '西夏区', TIMESTAMP '1970-01-01', 0),
		('E2', NULL, '乙水泥厂', '宁夏回族自治区', '吴忠市', '利通区', TIMESTAMP '1970-01-01', 0)`)
	mustExec(t, db, `INSERT INTO outlet (outlet_code, enterprise_id, name, medium, mn, valid_from, file_id) VALUES
		('O1', 'E1', '1号机组', 'gas', '88888880000001', TIMESTAMP '1970-01-01', 0),
		('O2', 'E1', '废水总排口', 'water', '88888880000002', TIMESTAMP '1970-01-01', 0),
		('O3', 'E2', '窑尾', 'gas', NULL, TIMESTAMP '1970-01-01', 0)`)
	mustExec(t, db, `INSERT INTO outlet_limit (outlet_code, pollutant, limit_value, unit, direction, limit_basis, use_converted, standard_name, valid_from, file_id) VALUES
		('O1', 'so2', 35, 'mg/m³', 'max', 'avg_hourly', true, 'ULE-2014', TIMESTAMP '1970-01-01', 0),
		('O1', 'nox', 50, 'mg/m³', 'max', 'avg_hourly', true, 'ULE-2014', TIMESTAMP '1970-01-01', 0),
		('O2', 'cod', 50, 'mg/L', 'max', 'avg_daily', false, 'GB 18918-2002', TIMESTAMP '1970-01-01', 0),
		('O3', 'so2', 35, 'mg/m³', 'max', 'avg_hourly', true, 'GB 4915-2013', TIMESTAMP '1970-01-01', 0),
		('O3', 'nox', 50, 'mg/m³', 'max', 'avg_hourly', true, 'GB 4915-2013', TIMESTAMP '1970-01-01', 0)`)
}

func fixtureValues() []val {
	var vs []val
	// O1 so2 on 1 March (hours ending 01:00 ...).
	vs = append(vs,
		val{"O1", "so2", ts(1, 1), 30, 36, "N"},   // converted 36 > 35: exceeds, multiple 0.03
		val{"O1", "so2", ts(1, 2), 40, 35, "N"},   // exactly at the limit: no
		val{"O1", "so2", ts(1, 3), 80, 80, "M"},   // maintenance: invalid
		val{"O1", "so2", ts(1, 4), 40, -1, "N"},   // no converted value: not judged
		val{"O1", "so2", ts(1, 5), 40, 52.5, "N"}, // multiple 0.5
		val{"O1", "so2", ts(1, 6), 99, 20, "N"},   // measured over, converted under: no
		val{"O1", "so2", ts(1, 7), 90, 90, "T"},   // over range: invalid
		val{"O1", "so2", ts(1, 8), 90, 90, "S"},   // manual: invalid
	)
	// O2 cod (daily limit 50, measured values).
	for h := 1; h <= 24; h++ {
		f, v := "N", 51.0
		if h <= 4 {
			f, v = "M", 500
		}
		vs = append(vs, val{"O2", "cod", ts(1, h), v, -1, f}) // day 1: 20 valid at 51: exceeds, 0.02
		f, v = "N", 80
		if h <= 5 {
			f = "D"
		}
		vs = append(vs, val{"O2", "cod", ts(2, h), v, -1, f}) // day 2: 19 valid: day not valid
		f, v = "N", 50
		if h <= 4 {
			f, v = "F", 1
		}
		vs = append(vs, val{"O2", "cod", ts(3, h), v, -1, f}) // day 3: exactly 50, 100 % complete
	}
	// O3 on 5 March: so2 exceeds at 10:00 and 11:00; M/D/C hours around.
	for h := 1; h <= 24; h++ {
		sf, sv := "N", 20.0
		switch h {
		case 10, 11:
			sv = 40
		case 12:
			sf = "M"
		case 15:
			sf = "D"
		case 20:
			sf = "C"
		}
		nfl := "N"
		if h == 9 || h == 11 {
			nfl = "M"
		}
		vs = append(vs, val{"O3", "so2", ts(5, h), sv, sv, sf}, val{"O3", "nox", ts(5, h), 30, 30, nfl})
	}
	return vs
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestHourEval(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	fixture(t, st)
	landRows(t, st, "f1", fixtureValues())
	rep, err := Run(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", rep)
	type hv struct {
		valid, conv bool
		ex          *bool
		mult        *float64
	}
	got := map[int]hv{}
	rows, err := st.DB.QueryContext(ctx, `SELECT hour(time), valid, used_converted, exceeds, multiple FROM emission_hour_eval
		WHERE outlet_code = 'O1' AND pollutant = 'so2' ORDER BY time`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h int
		var x hv
		if err := rows.Scan(&h, &x.valid, &x.conv, &x.ex, &x.mult); err != nil {
			t.Fatal(err)
		}
		got[h] = x
	}
	rows.Close()
	exp := func(h int, valid bool, ex any, mult any) {
		t.Helper()
		x, ok := got[h]
		if !ok {
			t.Fatalf("hour %d missing", h)
		}
		if x.valid != valid || !x.conv {
			t.Errorf("hour %d: valid %v conv %v", h, x.valid, x.conv)
		}
		switch e := ex.(type) {
		case nil:
			if x.ex != nil {
				t.Errorf("hour %d: exceeds = %v, want NULL", h, *x.ex)
			}
		case bool:
			if x.ex == nil || *x.ex != e {
				t.Errorf("hour %d: exceeds = %v, want %v", h, x.ex, e)
			}
		}
		switch m := mult.(type) {
		case nil:
			if x.mult != nil {
				t.Errorf("hour %d: multiple = %v, want NULL", h, *x.mult)
			}
		case float64:
			if x.mult == nil || !near(*x.mult, m) {
				t.Errorf("hour %d: multiple = %v, want %v", h, x.mult, m)
			}
		}
	}
	exp(1, true, true, 0.03)
	exp(2, true, false, nil)
	exp(3, false, nil, nil)
	exp(4, false, nil, nil)
	exp(5, true, true, 0.5)
	exp(6, true, false, nil)
	exp(7, false, nil, nil)
	exp(8, false, nil, nil)
}

func TestDailyAndMonthly(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	fixture(t, st)
	landRows(t, st, "f1", fixtureValues())
	if _, err := Run(ctx, st, Options{}); err != nil {
		t.Fatal(err)
	}
	type dv struct {
		recv, valid, stopped int
		compl                *float64
		dayValid             bool
		mean                 *float64
		ex                   *bool
		mult                 *float64
		m, d, f              int
	}
	days := map[int]dv{}
	rows, err := st.DB.QueryContext(ctx, `SELECT day(day), hours_received, hours_valid, hours_stopped, completeness_pct, day_valid,
		mean_value, exceeds_daily, daily_multiple, flag_m, flag_d, flag_f FROM emission_day WHERE outlet_code = 'O2' AND pollutant = 'cod'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d int
		var x dv
		if err := rows.Scan(&d, &x.recv, &x.valid, &x.stopped, &x.compl, &x.dayValid, &x.mean, &x.ex, &x.mult, &x.m, &x.d, &x.f); err != nil {
			t.Fatal(err)
		}
		days[d] = x
	}
	rows.Close()
	if d := days[1]; d.recv != 24 || d.valid != 20 || !d.dayValid || d.mean == nil || !near(*d.mean, 51) ||
		d.ex == nil || !*d.ex || d.mult == nil || !near(*d.mult, 0.02) || d.compl == nil || !near(*d.compl, 83.3) || d.m != 4 {
		t.Errorf("day 1: %+v", d)
	}
	if d := days[2]; d.valid != 19 || d.dayValid || d.ex != nil || d.compl == nil || !near(*d.compl, 79.2) || d.d != 5 {
		t.Errorf("day 2: %+v", d)
	}
	if d := days[3]; d.valid != 20 || d.stopped != 4 || !d.dayValid || d.ex == nil || *d.ex || d.compl == nil || !near(*d.compl, 100) || d.f != 4 {
		t.Errorf("day 3: %+v", d)
	}
	// Days of March without any row still appear for series with a limit.
	var n int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM emission_day WHERE outlet_code = 'O2' AND hours_received = 0`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 { // run days 1, 2, 3, 5: O2 has no row on 5 March
		t.Errorf("O2 days without rows: %d, want 1", n)
	}

	// Suspicious maintenance at E2: M/D/C outlet-hours {9, 11, 12, 15, 20}, near an exceedance (10, 11): {9, 11, 12}.
	var mdc, nearH int
	var share float64
	var gen bool
	if err := st.DB.QueryRowContext(ctx, `SELECT mdc_hours, mdc_near_exceed_hours, suspicious_mdc_share, generated FROM polluter_month
		WHERE enterprise_id = 'E2' AND month = DATE '2026-03-01'`).Scan(&mdc, &nearH, &share, &gen); err != nil {
		t.Fatal(err)
	}
	if mdc != 5 || nearH != 3 || !near(share, 0.6) || gen {
		t.Errorf("E2 suspicious: mdc %d near %d share %v generated %v", mdc, nearH, share, gen)
	}
	// E1: one M hour (1 March 03:00), two hours from the exceedance at 05:00 and 01:00: not near.
	if err := st.DB.QueryRowContext(ctx, `SELECT mdc_hours, mdc_near_exceed_hours FROM polluter_month
		WHERE enterprise_id = 'E1' AND month = DATE '2026-03-01'`).Scan(&mdc, &nearH); err != nil {
		t.Fatal(err)
	}
	if mdc != 1+4+5 || nearH != 0 { // O1 M at 03:00; O2 M x4 on day 1 and D x5 on day 2
		t.Errorf("E1 suspicious: mdc %d near %d", mdc, nearH)
	}

	// The non-compliant list of March.
	type nc struct {
		ent, outlet, pol, basis, std, county string
		hours, days                          int
		mult                                 float64
		limit                                float64
	}
	rows, err = st.DB.QueryContext(ctx, `SELECT enterprise_id, outlet_code, pollutant, limit_basis, standard_name, county, exceed_hours, exceed_days, max_multiple, limit_value
		FROM polluter_noncompliant_month WHERE month = DATE '2026-03-01' ORDER BY 1, 2, 3`)
	if err != nil {
		t.Fatal(err)
	}
	var list []nc
	for rows.Next() {
		var x nc
		if err := rows.Scan(&x.ent, &x.outlet, &x.pol, &x.basis, &x.std, &x.county, &x.hours, &x.days, &x.mult, &x.limit); err != nil {
			t.Fatal(err)
		}
		list = append(list, x)
	}
	rows.Close()
	want := []nc{
		{"E1", "O1", "so2", "avg_hourly", "ULE-2014", "西夏区", 2, 0, 0.5, 35},
		{"E1", "O2", "cod", "avg_daily", "GB 18918-2002", "西夏区", 0, 1, 0.02, 50},
		{"E2", "O3", "so2", "avg_hourly", "GB 4915-2013", "利通区", 2, 0, 0.14, 35},
	}
	if len(list) != len(want) {
		t.Fatalf("non-compliant list: %+v", list)
	}
	for i := range want {
		if list[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, list[i], want[i])
		}
	}
	// Per enterprise-month-pollutant.
	var eh, ed int
	if err := st.DB.QueryRowContext(ctx, `SELECT sum(exceed_hours), sum(exceed_days) FROM polluter_month_pollutant
		WHERE enterprise_id = 'E1' AND month = DATE '2026-03-01'`).Scan(&eh, &ed); err != nil {
		t.Fatal(err)
	}
	if eh != 2 || ed != 1 {
		t.Errorf("E1 month: %d hours %d days", eh, ed)
	}
}

func TestSupersede(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	fixture(t, st)
	r1 := landRows(t, st, "f1", fixtureValues())
	if _, err := Run(ctx, st, Options{}); err != nil {
		t.Fatal(err)
	}
	// A corrected file: 1 March 01:00 is 30 (under the limit); the same key
	// twice in the file: the last row wins.
	r2 := landRows(t, st, "f2", []val{
		{"O1", "so2", ts(1, 1), 25, 99, "N"},
		{"O1", "so2", ts(1, 1), 25, 30, "N"},
	})
	if r2.Superseded != 1 || r2.Inserted != 1 {
		t.Fatalf("land f2: %+v (f1 %+v)", r2, r1)
	}
	var dirty int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(DISTINCT day) FROM dirty_day WHERE dataset = 'emission'`).Scan(&dirty); err != nil {
		t.Fatal(err)
	}
	if dirty != 1 {
		t.Errorf("dirty days after f2: %d, want 1", dirty)
	}
	rep, err := Run(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Days != 1 || rep.Months != 1 {
		t.Errorf("second run: %+v", rep)
	}
	var cur, hist, eh int
	var conv float64
	var by int64
	if err := st.DB.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM emission_value WHERE outlet_code = 'O1' AND pollutant = 'so2' AND time = TIMESTAMP '2026-03-01 01:00'),
		(SELECT count(*) FROM emission_value_superseded), (SELECT converted_value FROM emission_value WHERE outlet_code = 'O1' AND pollutant = 'so2' AND time = TIMESTAMP '2026-03-01 01:00'),
		(SELECT superseded_by FROM emission_value_superseded),
		(SELECT exceed_hours FROM polluter_noncompliant_month WHERE outlet_code = 'O1' AND pollutant = 'so2')`).Scan(&cur, &hist, &conv, &by, &eh); err != nil {
		t.Fatal(err)
	}
	if cur != 1 || hist != 1 || conv != 30 || eh != 1 {
		t.Errorf("after correction: current %d history %d conv %v exceed hours %d", cur, hist, conv, eh)
	}
	e2, _ := st.Entries(ctx, 1)
	if len(e2) != 1 || by != e2[0].ID || e2[0].RowsSuperseded != 1 || e2[0].Outcome != store.OutcomeAccepted {
		t.Errorf("superseded_by %d, ledger %+v", by, e2)
	}
	// Recomputing everything gives the same month as the incremental run.
	var before, after string
	q := `SELECT string_agg(x, ';' ORDER BY x) FROM (SELECT enterprise_id || outlet_code || pollutant || exceed_hours || exceed_days || max_multiple AS x FROM polluter_noncompliant_month)`
	if err := st.DB.QueryRowContext(ctx, q).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, st, Options{Full: true}); err != nil {
		t.Fatal(err)
	}
	if err := st.DB.QueryRowContext(ctx, q).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Errorf("incremental %q != full %q", before, after)
	}
}

func TestGenerate(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	if _, err := LoadRoster(ctx, st, rosterDir(t)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	n, err := Generate(ctx, st, GenOptions{Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	genTook := time.Since(start)
	start = time.Now()
	rep, err := Run(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d rows in %v; run %v: %+v", n, genTook, time.Since(start), rep)
	if n < 500000 || rep.Days != 31 || rep.Noncompliant == 0 || rep.EnterpriseMonths < 200 {
		t.Errorf("generated %d, report %+v", n, rep)
	}
	var flags string
	if err := st.DB.QueryRowContext(ctx, `SELECT string_agg(DISTINCT flag, '' ORDER BY flag) FROM emission_value`).Scan(&flags); err != nil {
		t.Fatal(err)
	}
	if flags != "BCDFMNST" {
		t.Errorf("flags %q", flags)
	}
	var notGen int
	if err := st.DB.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM polluter_noncompliant_month WHERE NOT generated) + (SELECT count(*) FROM polluter_month WHERE NOT generated)`).Scan(&notGen); err != nil {
		t.Fatal(err)
	}
	if notGen != 0 {
		t.Errorf("%d result rows not marked generated", notGen)
	}
	var share float64
	if err := st.DB.QueryRowContext(ctx, `SELECT sum(mdc_near_exceed_hours) / sum(mdc_hours) FROM polluter_month`).Scan(&share); err != nil {
		t.Fatal(err)
	}
	t.Logf("suspicious share overall %.3f", share)
	if n2, err := Generate(ctx, st, GenOptions{Month: time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC), Seed: 1}); err != nil || n2 != 0 {
		t.Errorf("second generate: %d %v", n2, err)
	}
}
