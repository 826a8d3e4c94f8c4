package water

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/internal/realdata"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}

func mustRun(t *testing.T, st *store.Store, opt Options) Report {
	t.Helper()
	rep, err := Run(context.Background(), st, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// site registers a site valid from 2000.
type site struct {
	code, province, city, basin, body, network string
	drinking                                   bool
	target                                     int // 0 = none
}

func addSite(t *testing.T, st *store.Store, s site) {
	t.Helper()
	if s.network == "" {
		s.network = "auto"
	}
	var target any
	if s.target > 0 {
		target = s.target
	}
	var body any
	if s.body != "" {
		body = s.body
	}
	mustExec(t, st.DB, `INSERT INTO water_site (site_code, name, province, city, basin, water_body, is_drinking_source,
		target_class, network, valid_from, file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TIMESTAMP '2000-01-01', 0)`,
		s.code, s.code, nullable(s.province), nullable(s.city), nullable(s.basin), body, s.drinking, target, s.network)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// addSample inserts one sample time of a site: params is "ph=7.5 do=8 tp=0.08";
// "cd<0.001" = below the detection limit 0.001.
func addSample(t *testing.T, st *store.Store, code, at string, params string) {
	t.Helper()
	for _, f := range strings.Fields(params) {
		below := strings.Contains(f, "<")
		sep := "="
		if below {
			sep = "<"
		}
		k, v, _ := strings.Cut(f, sep)
		var x float64
		if _, err := fmt.Sscan(v, &x); err != nil {
			t.Fatalf("bad value %q", f)
		}
		var value, dl any = x, nil
		if below {
			value, dl = nil, x
		}
		mustExec(t, st.DB, `INSERT INTO water_sample (site_code, sampled_at, parameter, value, below_dl, detection_limit, unit, file_id)
			SELECT ?, CAST(? AS TIMESTAMP), ?, ?, ?, ?, unit, 0 FROM water_std_parameter WHERE parameter = ?`,
			code, at, k, value, below, dl, k)
	}
}

// TestOfficialClassOracle reproduces the official class of the CNEMC
// automatic stations (one snapshot, 2026-02-04). Water body is not in the
// data: every site is first evaluated as a river; a site becomes a lake only
// when the river table does not give the official class and the lake table
// does ("river unless only the lake table matches"). This uses the oracle to
// pick the table, so it checks the limits, items and tie rule, not the
// river/lake assignment.
func TestOfficialClassOracle(t *testing.T) {
	cnemcCSV := realdata.Dir(t, "water_cnemc_auto", "cnemc_water_auto_snapshot_2026-02-04.csv")
	ctx := context.Background()
	st := openStore(t)
	mustRun(t, st, Options{All: true}) // no samples yet: loads the standards tables only
	body, err := os.ReadFile("testdata/cnemc_load.sql")
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, st.DB, strings.ReplaceAll(string(body), "{{CSV}}", strings.ReplaceAll(cnemcCSV, "'", "''")))

	rep := mustRun(t, st, Options{All: true})
	// 1,156 stations; the 11 without an official class published no value
	// at all ("--" everywhere), so they have no sample to classify.
	if rep.Samples != 1145 || rep.SamplesNoClass != 0 || rep.UnregisteredSites != 0 {
		t.Fatalf("report %+v, want 1145 classified samples", rep)
	}
	riverMatch := count(t, st, `SELECT count(*) FROM water_sample_class WHERE class = reported_class`)
	// second pass: lake limits for the sites the river table does not match
	mustExec(t, st.DB, `UPDATE water_site SET water_body = 'lake' WHERE site_code IN
		(SELECT site_code FROM water_sample_class WHERE reported_class IS NOT NULL AND class IS DISTINCT FROM reported_class)`)
	mustExec(t, st.DB, `CREATE TABLE river_pass AS SELECT site_code, class FROM water_sample_class`)
	mustRun(t, st, Options{All: true})
	// sites that match neither table go back to river (the default)
	mustExec(t, st.DB, `CREATE TABLE lake_pass AS SELECT site_code, class FROM water_sample_class WHERE water_body = 'lake'`)
	mustExec(t, st.DB, `UPDATE water_site SET water_body = NULL WHERE water_body = 'lake' AND site_code IN
		(SELECT site_code FROM water_sample_class WHERE class IS DISTINCT FROM reported_class)`)
	mustRun(t, st, Options{All: true})

	classified := count(t, st, `SELECT count(*) FROM water_sample_class WHERE reported_class IS NOT NULL`)
	match := count(t, st, `SELECT count(*) FROM water_sample_class WHERE reported_class IS NOT NULL AND class = reported_class`)
	lakes := count(t, st, `SELECT count(*) FROM water_site WHERE water_body = 'lake'`)
	t.Logf("classified %d, match %d (%.2f %%); river table alone %d; lake table needed for %d sites",
		classified, match, 100*float64(match)/float64(classified), riverMatch, lakes)
	if classified != 1145 {
		t.Fatalf("classified stations = %d, want 1145", classified)
	}
	rows, err := st.DB.QueryContext(ctx, `
		SELECT c.site_code, w.name, w.province, c.class, l.class AS lake_class, c.reported_class,
		       string_agg(s.parameter || '=' || s.value, ' ' ORDER BY s.parameter)
		FROM water_sample_class c
		JOIN water_site w USING (site_code)
		LEFT JOIN lake_pass l USING (site_code)
		JOIN water_sample s ON s.site_code = c.site_code AND s.parameter IN ('ph', 'do', 'codmn', 'nh3n', 'tp', 'tn')
		WHERE c.reported_class IS NOT NULL AND c.class IS DISTINCT FROM c.reported_class
		GROUP BY ALL ORDER BY c.site_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, name, prov, vals string
		var ours, lake sql.NullInt64
		var official int
		if err := rows.Scan(&code, &name, &prov, &ours, &lake, &official, &vals); err != nil {
			t.Fatal(err)
		}
		t.Logf("MISS %s %s (%s): %s -> ours river %s, lake %s, official %s",
			code, name, prov, vals, ClassLabel(int(ours.Int64)), ClassLabel(int(lake.Int64)), ClassLabel(official))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if float64(match) < 0.997*float64(classified) {
		t.Errorf("match %d of %d < 99.7 %%", match, classified)
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample_reported WHERE reported_class IS NULL`); n != 11 {
		t.Errorf("stations without official class = %d, want 11", n)
	}
	// every station month and the province / basin aggregates exist
	if rep := mustRun(t, st, Options{All: true}); rep.SiteMonths != 1145 || rep.RegionMonths == 0 {
		t.Errorf("report %+v", rep)
	}
	// (a one-day snapshot treated as a month: shown for orientation only)
	brows, err := st.DB.QueryContext(ctx, `SELECT region, n_sites, share_1_3, share_6, status, cwqi, cwqi_rank
		FROM water_region_month WHERE region_level = 'basin' ORDER BY cwqi_rank`)
	if err != nil {
		t.Fatal(err)
	}
	defer brows.Close()
	for brows.Next() {
		var region, status string
		var n, rank int
		var s13, s6, cw float64
		if err := brows.Scan(&region, &n, &s13, &s6, &status, &cw, &rank); err != nil {
			t.Fatal(err)
		}
		t.Logf("basin %-8s sites %3d Ⅰ–Ⅲ %5.1f %% 劣Ⅴ %4.1f %% %-4s CWQI %.3f rank %d", region, n, s13, s6, status, cw, rank)
	}
	if err := brows.Err(); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, st *store.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := st.DB.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return n
}

func sampleClass(t *testing.T, st *store.Store, code string) (int, string) {
	t.Helper()
	var c sql.NullInt64
	var worst sql.NullString
	if err := st.DB.QueryRow(`SELECT class, worst_items FROM water_sample_class WHERE site_code = ?`, code).Scan(&c, &worst); err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	return int(c.Int64), worst.String
}

// good is a class-Ⅰ auto sample apart from the items given after it.
const good = "ph=7.5 do=8 codmn=1.5 nh3n=0.1"

func TestRiverLakeTP(t *testing.T) {
	st := openStore(t)
	mustRun(t, st, Options{All: true})
	addSite(t, st, site{code: "R", body: "river"})
	addSite(t, st, site{code: "L", body: "lake"})
	addSite(t, st, site{code: "U"}) // unknown water body: river limits
	for _, c := range []string{"R", "L", "U"} {
		addSample(t, st, c, "2026-02-04 12:00", good+" tp=0.08")
	}
	mustRun(t, st, Options{All: true})
	for code, want := range map[string]int{"R": 2, "L": 4, "U": 2} {
		if got, worst := sampleClass(t, st, code); got != want || worst != "tp" {
			t.Errorf("%s: TP 0.08 class %s (worst %q), want %s", code, ClassLabel(got), worst, ClassLabel(want))
		}
	}
	// TN is measured but not evaluated (lake TN 3.0 would be 劣Ⅴ)
	addSample(t, st, "L", "2026-02-05 12:00", good+" tp=0.01 tn=3.0")
	mustRun(t, st, Options{All: true})
	var c int
	if err := st.DB.QueryRow(`SELECT class FROM water_sample_class WHERE site_code = 'L' AND sampled_at = '2026-02-05 12:00'`).Scan(&c); err != nil || c != 1 {
		t.Errorf("lake with TN 3.0: class %d (%v), want Ⅰ (TN not counted)", c, err)
	}
}

func TestEdgeCases(t *testing.T) {
	st := openStore(t)
	mustRun(t, st, Options{All: true})
	cases := []struct {
		params string
		want   int
		worst  string
	}{
		// DO: lower limits, higher is better; ties belong to the better class
		{"ph=7.5 codmn=1.5 nh3n=0.1 tp=0.02 do=7.5", 1, ""},
		{"ph=7.5 codmn=1.5 nh3n=0.1 tp=0.02 do=7.49", 2, "do"},
		{"ph=7.5 codmn=1.5 nh3n=0.1 tp=0.02 do=5.0", 3, "do"},
		{"ph=7.5 codmn=1.5 nh3n=0.1 tp=0.02 do=4.99", 4, "do"},
		{"ph=7.5 codmn=1.5 nh3n=0.1 tp=0.02 do=2.0", 5, "do"},
		{"ph=7.5 codmn=1.5 nh3n=0.1 tp=0.02 do=1.99", 6, "do"},
		{"ph=7.5 codmn=1.5 nh3n=0.1 tp=0.02 do=12.0", 1, ""},
		// pH: 6-9 for every class; outside = 劣Ⅴ, inside does not lower the class
		{"do=8 codmn=1.5 nh3n=0.1 tp=0.02 ph=6.0", 1, ""},
		{"do=8 codmn=1.5 nh3n=0.1 tp=0.02 ph=9.0", 1, ""},
		{"do=8 codmn=1.5 nh3n=0.1 tp=0.02 ph=5.99", 6, "ph"},
		{"do=8 codmn=1.5 nh3n=0.1 tp=0.02 ph=9.01", 6, "ph"},
		// upper limits: exactly on the limit = better class
		{"ph=7.5 do=8 codmn=1.5 tp=0.02 nh3n=0.15", 1, ""},
		{"ph=7.5 do=8 codmn=1.5 tp=0.02 nh3n=0.151", 2, "nh3n"},
		{"ph=7.5 do=8 codmn=1.5 nh3n=0.1 tp=0.1", 2, "tp"},
		{"ph=7.5 do=8 codmn=1.5 nh3n=0.1 tp=0.2", 3, "tp"},
		{"ph=7.5 do=8 codmn=1.5 nh3n=0.1 tp=0.4", 5, "tp"},
		{"ph=7.5 do=8 codmn=1.5 nh3n=0.1 tp=0.401", 6, "tp"},
		{"ph=7.5 do=8 nh3n=0.1 tp=0.02 codmn=6", 3, "codmn"},
		// two items at the worst class
		{"ph=7.5 do=8 codmn=6 nh3n=1.0 tp=0.02", 3, "codmn,nh3n"},
		// values beyond the reporting decimals are rounded first (NH3-N: 3 decimals)
		{"ph=7.5 do=8 codmn=1.5 tp=0.02 nh3n=0.1504", 1, ""},
		{"ph=7.5 do=8 codmn=1.5 tp=0.02 nh3n=0.1506", 2, "nh3n"},
		// missing items: class from the items present
		{"tp=0.3", 4, "tp"},
	}
	for i, c := range cases {
		code := fmt.Sprintf("E%02d", i)
		addSite(t, st, site{code: code, body: "river"})
		addSample(t, st, code, "2026-03-01 08:00", c.params)
	}
	mustRun(t, st, Options{All: true})
	for i, c := range cases {
		got, worst := sampleClass(t, st, fmt.Sprintf("E%02d", i))
		if got != c.want || worst != c.worst {
			t.Errorf("%s: class %s worst %q, want %s %q", c.params, ClassLabel(got), worst, ClassLabel(c.want), c.worst)
		}
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample_class WHERE n_items < n_items_expected`); n != 1 {
		t.Errorf("samples with missing items = %d, want 1", n)
	}
}

func TestDetectionLimit(t *testing.T) {
	st := openStore(t)
	mustRun(t, st, Options{All: true})
	// manual network: cadmium Ⅰ <= 0.001, Ⅱ..Ⅳ <= 0.005
	addSite(t, st, site{code: "M1", network: "manual", body: "river"})
	addSite(t, st, site{code: "M2", network: "manual", body: "river"})
	// M1: one sample below DL 0.02 (DL above the class-Ⅰ limit: still meets, it was not detected)
	addSample(t, st, "M1", "2026-04-03 10:00", "ph=7.2 do=8 cd<0.02")
	// M2: one sample below DL 0.001 (counts 0.0005) and one 0.002 -> mean 0.00125 -> Ⅱ
	addSample(t, st, "M2", "2026-04-03 10:00", "ph=7.2 do=8 cd<0.001")
	addSample(t, st, "M2", "2026-04-17 10:00", "ph=7.2 do=8 cd=0.002")
	mustRun(t, st, Options{All: true})
	if got, _ := sampleClass(t, st, "M1"); got != 1 {
		t.Errorf("below-DL sample class %s, want Ⅰ", ClassLabel(got))
	}
	var mean, cw float64
	var cls int
	var allBelow bool
	if err := st.DB.QueryRow(`SELECT mean, item_class, all_below_dl, cwqi_item FROM water_site_month_item
		WHERE site_code = 'M1' AND parameter = 'cd'`).Scan(&mean, &cls, &allBelow, &cw); err != nil {
		t.Fatal(err)
	}
	// mean = 0.02 / 2 = 0.01; class Ⅰ because every value is below DL; CWQI item 0.01 / 0.005 = 2
	if !near(mean, 0.01) || cls != 1 || !allBelow || !near(cw, 2) {
		t.Errorf("M1 cd: mean %v class %d allBelow %v cwqi %v, want 0.01 1 true 2", mean, cls, allBelow, cw)
	}
	if err := st.DB.QueryRow(`SELECT mean, item_class, all_below_dl, cwqi_item FROM water_site_month_item
		WHERE site_code = 'M2' AND parameter = 'cd'`).Scan(&mean, &cls, &allBelow, &cw); err != nil {
		t.Fatal(err)
	}
	// mean = (0.0005 + 0.002) / 2 = 0.00125 -> rounded (4 decimals) 0.0013 > 0.001 -> Ⅱ; CWQI 0.00125 / 0.005 = 0.25
	if !near(mean, 0.00125) || cls != 2 || allBelow || !near(cw, 0.25) {
		t.Errorf("M2 cd: mean %v class %d allBelow %v cwqi %v, want 0.00125 2 false 0.25", mean, cls, allBelow, cw)
	}
	// the manual network needs all 21 items for a valid month
	if n := count(t, st, `SELECT count(*) FROM water_site_month WHERE valid`); n != 0 {
		t.Errorf("valid manual months with 3 of 21 items: %d", n)
	}
}

// TestCWQI checks the site CWQI, its change against last year and the
// river/lake weighting of a region on numbers computed by hand.
func TestCWQI(t *testing.T) {
	st := openStore(t)
	mustRun(t, st, Options{All: true})
	addSite(t, st, site{code: "A", province: "P", city: "C", body: "river"})
	addSite(t, st, site{code: "B", province: "P", city: "C", body: "river"})
	addSite(t, st, site{code: "K", province: "P", city: "C", body: "lake"})
	addSample(t, st, "A", "2026-02-03 08:00", "ph=7.4 do=8.0 codmn=3.0 nh3n=0.40 tp=0.10")
	addSample(t, st, "A", "2026-02-17 08:00", "ph=7.8 do=6.0 codmn=5.0 nh3n=0.60 tp=0.20")
	addSample(t, st, "B", "2026-02-10 08:00", "ph=7.0 do=5.0 codmn=2.0 nh3n=0.30 tp=0.05")
	addSample(t, st, "K", "2026-02-10 08:00", "ph=8.0 do=10.0 codmn=3.0 nh3n=0.25 tp=0.025")
	// a year earlier: A only
	addSample(t, st, "A", "2025-02-10 08:00", "ph=7.0 do=5.0 codmn=6.0 nh3n=1.0 tp=0.2")
	rep := mustRun(t, st, Options{All: true})
	if rep.SiteMonths != 4 {
		t.Fatalf("site months %d, want 4", rep.SiteMonths)
	}

	// Site A, 2026-02, monthly means: pH 7.6, DO 7.0, CODMn 4.0, NH3-N 0.50, TP 0.15 (river).
	//   pH    (7.6 - 7) / (9 - 7) = 0.3
	//   DO    5 / 7.0             = 0.714285714…
	//   CODMn 4.0 / 6             = 0.666666667…
	//   NH3-N 0.50 / 1.0          = 0.5
	//   TP    0.15 / 0.2          = 0.75
	//   CWQI  = 0.3 + 0.7142857 + 0.6666667 + 0.5 + 0.75 = 2.930952381
	// Class: DO 7.0 Ⅱ, CODMn 4.0 Ⅱ, NH3-N 0.5 Ⅱ, TP 0.15 Ⅲ -> Ⅲ 良好, worst tp.
	// 2025-02: pH 7.0 -> 0, DO 5 -> 1, CODMn 6 -> 1, NH3-N 1 -> 1, TP 0.2 -> 1 => CWQI 4.0
	// change = (2.930952381 - 4) / 4 * 100 = -26.726190476 %
	wantA := 0.3 + 5.0/7.0 + 4.0/6.0 + 0.5 + 0.75
	var cwqi, last, change float64
	var cls int
	var label, status, worst string
	var rank int
	if err := st.DB.QueryRow(`SELECT cwqi, cwqi_last_year, change_pct, class, class_label, status, worst_items, cwqi_rank
		FROM water_site_month WHERE site_code = 'A' AND month = DATE '2026-02-01'`).Scan(
		&cwqi, &last, &change, &cls, &label, &status, &worst, &rank); err != nil {
		t.Fatal(err)
	}
	if !near(cwqi, wantA) || !near(cwqi, 2.930952380952381) || !near(last, 4) || !near(change, (wantA-4)/4*100) {
		t.Errorf("A: cwqi %v last %v change %v, want %v 4 %v", cwqi, last, change, wantA, (wantA-4)/4*100)
	}
	if cls != 3 || label != "Ⅲ" || status != "良好" || worst != "tp" {
		t.Errorf("A: class %d %s %s worst %s, want 3 Ⅲ 良好 tp", cls, label, status, worst)
	}
	// B: 0 + 1 + 2/6 + 0.3 + 0.25 = 1.883333 (rank 1); K (lake): 0.5 + 0.5 + 0.5 + 0.25 + 0.5 = 2.25 (rank 2); A rank 3
	if rank != 3 {
		t.Errorf("A: rank %d, want 3", rank)
	}
	if err := st.DB.QueryRow(`SELECT cwqi FROM water_site_month WHERE site_code = 'K'`).Scan(&cwqi); err != nil || !near(cwqi, 2.25) {
		t.Errorf("K: cwqi %v (%v), want 2.25 (TP vs lake Ⅲ 0.05)", cwqi, err)
	}

	// City C, 2026-02. River = mean over A and B of the site means:
	//   pH (7.6 + 7.0)/2 = 7.3 -> 0.15;  DO (7 + 5)/2 = 6 -> 5/6 = 0.833333…
	//   CODMn (4 + 2)/2 = 3 -> 0.5;     NH3-N (0.5 + 0.3)/2 = 0.4 -> 0.4;  TP (0.15 + 0.05)/2 = 0.1 -> 0.5
	//   CWQI_river = 0.15 + 0.8333333 + 0.5 + 0.4 + 0.5 = 2.383333333
	// Lake = K alone: CWQI_lake = 2.25
	// City = (2.383333333 * 2 + 2.25 * 1) / 3 = 7.016666667 / 3 = 2.338888889
	wantRiver := 0.15 + 5.0/6.0 + 0.5 + 0.4 + 0.5
	wantCity := (wantRiver*2 + 2.25*1) / 3
	var r, l, c float64
	var nr, nl int
	var method string
	if err := st.DB.QueryRow(`SELECT cwqi_river, cwqi_lake, cwqi, n_river, n_lake, method, status, class
		FROM water_region_month WHERE region_level = 'city' AND region = 'C' AND month = DATE '2026-02-01'`).Scan(&r, &l, &c, &nr, &nl, &method, &status, &cls); err != nil {
		t.Fatal(err)
	}
	if !near(r, wantRiver) || !near(l, 2.25) || !near(c, wantCity) || !near(c, 2.338888888888889) || nr != 2 || nl != 1 {
		t.Errorf("city C: river %v lake %v city %v (n %d/%d), want %v 2.25 %v (2/1)", r, l, c, nr, nl, wantRiver, wantCity)
	}
	// recomputing one month leaves the other months alone and keeps the comparison
	rep = mustRun(t, st, Options{From: time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)})
	if rep.SiteMonths != 3 || count(t, st, `SELECT count(*) FROM water_site_month`) != 4 ||
		count(t, st, `SELECT count(*) FROM water_site_month WHERE site_code = 'A' AND cwqi_last_year = 4`) != 1 {
		t.Errorf("partial rerun: %+v", rep)
	}
	// 3 sites (< 5): class of the mean concentrations over the 3 sites, river limits (not all lakes):
	// TP (0.15 + 0.05 + 0.025)/3 = 0.075 -> Ⅱ; DO (7 + 5 + 10)/3 = 7.33 -> Ⅱ; CODMn 3 -> Ⅱ; NH3-N 0.35 -> Ⅱ => Ⅱ 优
	if method != "mean" || cls != 2 || status != "优" {
		t.Errorf("city C: method %s class %d status %s, want mean 2 优", method, cls, status)
	}
}

// TestRegionShares checks the class shares and the status words of the
// 2011 method on hand-built provinces.
func TestRegionShares(t *testing.T) {
	st := openStore(t)
	mustRun(t, st, Options{All: true})
	// TP (river) sets the class; the other items are class Ⅰ.
	tpFor := map[int]string{1: "0.02", 2: "0.1", 3: "0.2", 4: "0.3", 5: "0.4", 6: "0.5"}
	provinces := []struct {
		name    string
		classes []int
		share13 float64
		share45 float64
		share6  float64
		method  string
		status  string
	}{
		// 60 % Ⅰ–Ⅲ, 20 % Ⅳ–Ⅴ, 20 % 劣Ⅴ: < 75 % and 20 <= 劣Ⅴ < 40 -> 中度污染
		{"P1", []int{1, 2, 2, 3, 3, 3, 4, 5, 6, 6}, 60, 20, 20, "shares", "中度污染"},
		// 7/8 = 87.5 % -> 良好
		{"P2", []int{2, 2, 2, 2, 2, 2, 3, 4}, 87.5, 12.5, 0, "shares", "良好"},
		// exactly 90 % -> 优 (boundary belongs to the better word)
		{"P3", []int{2, 2, 2, 2, 2, 2, 2, 2, 2, 4}, 90, 10, 0, "shares", "优"},
		// exactly 75 % -> 良好, although 劣Ⅴ is 25 %
		{"P4", []int{3, 3, 3, 3, 3, 3, 6, 6}, 75, 0, 25, "shares", "良好"},
		// 40 % Ⅰ–Ⅲ, 60 % 劣Ⅴ -> 重度污染 (exactly 5 sites: shares method)
		{"P5", []int{2, 6, 6, 6, 2}, 40, 0, 60, "shares", "重度污染"},
		// 4 sites Ⅳ + 1 劣Ⅴ: 0 % Ⅰ–Ⅲ, 劣Ⅴ 20 % -> 中度污染 (20 is the lower bound of 中度)
		{"P6", []int{4, 4, 4, 4, 6}, 0, 80, 20, "shares", "中度污染"},
		// 4 × Ⅳ + 1 Ⅴ: 劣Ⅴ 0 % -> 轻度污染
		{"P7", []int{4, 4, 4, 4, 5}, 0, 100, 0, "shares", "轻度污染"},
		// 3 sites: mean TP (0.1 + 0.2 + 0.3)/3 = 0.2 -> Ⅲ 良好 (mean method)
		{"P8", []int{2, 3, 4}, 100.0 * 2 / 3, 100.0 / 3, 0, "mean", "良好"},
	}
	for _, p := range provinces {
		for i, c := range p.classes {
			code := fmt.Sprintf("%s-%d", p.name, i)
			addSite(t, st, site{code: code, province: p.name, body: "river", drinking: p.name == "P2" && i >= 6})
			addSample(t, st, code, "2026-05-06 08:00", good+" tp="+tpFor[c])
		}
	}
	mustRun(t, st, Options{All: true})
	for _, p := range provinces {
		var s13, s45, s6 float64
		var n int
		var method, status string
		if err := st.DB.QueryRow(`SELECT n_sites, share_1_3, share_4_5, share_6, method, status FROM water_region_month
			WHERE region_level = 'province' AND region = ?`, p.name).Scan(&n, &s13, &s45, &s6, &method, &status); err != nil {
			t.Fatal(p.name, err)
		}
		if n != len(p.classes) || !near(s13, p.share13) || !near(s45, p.share45) || !near(s6, p.share6) ||
			method != p.method || status != p.status {
			t.Errorf("%s: n %d shares %.2f/%.2f/%.2f %s %s, want %d %.2f/%.2f/%.2f %s %s", p.name, n, s13, s45, s6, method, status,
				len(p.classes), p.share13, p.share45, p.share6, p.method, p.status)
		}
	}
	// P2 drinking sources: sites 6 (Ⅲ, compliant) and 7 (Ⅳ, not) -> 50 %
	var nd, nc int
	var share float64
	if err := st.DB.QueryRow(`SELECT n_drinking, n_drinking_compliant, drinking_share FROM water_region_month
		WHERE region_level = 'province' AND region = 'P2'`).Scan(&nd, &nc, &share); err != nil {
		t.Fatal(err)
	}
	if nd != 2 || nc != 1 || !near(share, 50) {
		t.Errorf("P2 drinking %d/%d %.1f %%, want 1/2 50 %%", nc, nd, share)
	}
}

func TestExceedancesAndDrinking(t *testing.T) {
	st := openStore(t)
	mustRun(t, st, Options{All: true})
	addSite(t, st, site{code: "T2", body: "river", target: 2})
	addSite(t, st, site{code: "T0", body: "river"})
	addSite(t, st, site{code: "PH", body: "river"})
	addSite(t, st, site{code: "DW", body: "river", drinking: true})
	// target Ⅱ: NH3-N 0.75 -> (0.75-0.5)/0.5 = 0.50; TP 0.16 -> (0.16-0.1)/0.1 = 0.60
	addSample(t, st, "T2", "2026-06-01 08:00", "ph=7.5 do=8 codmn=1.5 nh3n=0.75 tp=0.16")
	// no target (Ⅲ): NH3-N 1.3 -> (1.3-1.0)/1.0 = 0.30, class Ⅳ
	addSample(t, st, "T0", "2026-06-01 08:00", "ph=7.5 do=8 codmn=1.5 nh3n=1.3 tp=0.1")
	// pH 9.2: 劣Ⅴ, listed without a multiple
	addSample(t, st, "PH", "2026-06-01 08:00", "ph=9.2 do=8 codmn=1.5 nh3n=0.1 tp=0.1")
	// drinking source, class Ⅱ, iron 0.5 > 0.3 (Table 2): (0.5-0.3)/0.3 = 0.67, not compliant
	addSample(t, st, "DW", "2026-06-01 08:00", "ph=7.5 do=8 codmn=1.5 nh3n=0.1 tp=0.1 fe=0.5 mn=0.05")
	mustRun(t, st, Options{All: true})
	want := map[string]struct {
		items string
		class int
	}{
		"T2": {"总磷(0.60)、氨氮(0.50)", 3},
		"T0": {"氨氮(0.30)", 4},
		"PH": {"pH", 6},
		"DW": {"铁(0.67)", 2},
	}
	for code, w := range want {
		var items sql.NullString
		var cls int
		if err := st.DB.QueryRow(`SELECT exceeding_items, class FROM water_site_month WHERE site_code = ?`, code).Scan(&items, &cls); err != nil {
			t.Fatal(err)
		}
		if items.String != w.items || cls != w.class {
			t.Errorf("%s: exceeding %q class %d, want %q %d", code, items.String, cls, w.items, w.class)
		}
	}
	var meets sql.NullBool
	if err := st.DB.QueryRow(`SELECT meets_target FROM water_site_month WHERE site_code = 'T2'`).Scan(&meets); err != nil || !meets.Valid || meets.Bool {
		t.Errorf("T2 meets_target = %v (%v), want false", meets, err)
	}
	var comp sql.NullBool
	if err := st.DB.QueryRow(`SELECT drinking_compliant FROM water_site_month WHERE site_code = 'DW'`).Scan(&comp); err != nil || !comp.Valid || comp.Bool {
		t.Errorf("DW drinking_compliant = %v (%v), want false", comp, err)
	}
	if err := st.DB.QueryRow(`SELECT drinking_compliant FROM water_site_month WHERE site_code = 'T0'`).Scan(&comp); err != nil || comp.Valid {
		t.Errorf("T0 (not a source) drinking_compliant = %v (%v), want NULL", comp, err)
	}
}

func TestAliasesAndUnits(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	mustRun(t, st, Options{All: true})
	// every alias is stored normalised and names a known parameter; every unit alias too
	rows, err := st.DB.Query(`SELECT a.alias, a.parameter, p.parameter IS NOT NULL FROM water_std_alias a
		LEFT JOIN water_std_parameter p USING (parameter)`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var alias, param string
		var known bool
		if err := rows.Scan(&alias, &param, &known); err != nil {
			t.Fatal(err)
		}
		n++
		if !known {
			t.Errorf("alias %q -> unknown parameter %q", alias, param)
		}
		if NormalizeName(alias) != alias {
			t.Errorf("alias %q not normalised (%q)", alias, NormalizeName(alias))
		}
	}
	rows.Close()
	if n < 100 {
		t.Errorf("only %d aliases", n)
	}
	if k := count(t, st, `SELECT count(*) FROM (SELECT alias FROM water_std_alias GROUP BY alias HAVING count(DISTINCT parameter) > 1)`); k != 0 {
		t.Errorf("%d aliases map to two parameters", k)
	}
	if k := count(t, st, `SELECT count(*) FROM water_std_parameter p WHERE NOT EXISTS
		(SELECT 1 FROM water_std_alias a WHERE a.parameter = p.parameter)`); k != 0 {
		t.Errorf("%d parameters without any alias", k)
	}
	if k := count(t, st, `SELECT count(*) FROM water_std_unit u WHERE NOT EXISTS
		(SELECT 1 FROM water_std_parameter p WHERE p.unit = u.canonical_unit)`); k != 0 {
		t.Errorf("%d unit aliases convert to a unit no parameter uses", k)
	}

	cases := []struct {
		header, param string
		factor        float64
	}{
		{"高锰酸盐指数", "codmn", 1}, {"CODMn", "codmn", 1}, {"COD_Mn", "codmn", 1}, {"CODmn", "codmn", 1},
		{"高锰酸盐指数(mg/L)", "codmn", 1},
		{"氨氮", "nh3n", 1}, {"NH3-N", "nh3n", 1}, {"NH3_N", "nh3n", 1}, {"氨氮(mg/L)", "nh3n", 1}, {"氨氮（mg/L）", "nh3n", 1},
		{"总磷", "tp", 1}, {"TP", "tp", 1}, {"总磷(µg/L)", "tp", 0.001}, {"总磷（μg/L）", "tp", 0.001}, {"TP(ug/L)", "tp", 0.001},
		{"总氮", "tn", 1}, {"TN", "tn", 1},
		{"溶解氧", "do", 1}, {"DO", "do", 1}, {"溶解氧(mg/L)", "do", 1},
		{"pH", "ph", 1}, {"pH值", "ph", 1}, {"pH(无量纲)", "ph", 1}, {"PH", "ph", 1},
		{"化学需氧量", "cod", 1}, {"COD", "cod", 1}, {"CODcr", "cod", 1},
		{"五日生化需氧量", "bod5", 1}, {"BOD5", "bod5", 1},
		{"铅(μg/L)", "pb", 0.001}, {"汞(ng/L)", "hg", 0.000001},
		{"粪大肠菌群(个/L)", "fecal_coliform", 1}, {"粪大肠菌群(MPN/100mL)", "fecal_coliform", 10},
		{"电导率(mS/cm)", "conductivity", 1000},
		{" 水温(℃) ", "water_temp", 1},
	}
	for _, c := range cases {
		col, ok, err := ResolveHeader(ctx, st.DB, c.header)
		if err != nil || !ok || col.Parameter != c.param || !near(col.Factor, c.factor) {
			t.Errorf("%q -> %+v ok %v err %v, want %s ×%g", c.header, col, ok, err, c.param, c.factor)
		}
	}
	if _, ok, err := ResolveHeader(ctx, st.DB, "站点情况"); ok || err != nil {
		t.Errorf("站点情况 resolved (ok %v err %v)", ok, err)
	}
	if _, _, err := ResolveHeader(ctx, st.DB, "氨氮(个/L)"); err == nil {
		t.Errorf("氨氮(个/L): want a unit error")
	}
	if _, _, err := ResolveHeader(ctx, st.DB, "氨氮(furlong)"); err == nil {
		t.Errorf("氨氮(furlong): want an unknown-unit error")
	}
	// every measurement header of the CNEMC snapshot resolves
	for _, h := range []string{"水温(℃)", "pH(无量纲)", "溶解氧(mg/L)", "电导率(μS/cm)", "浊度(NTU)", "高锰酸盐指数(mg/L)",
		"氨氮(mg/L)", "总磷(mg/L)", "总氮(mg/L)", "叶绿素α(mg/L)", "藻密度(cells/L)"} {
		if _, ok, err := ResolveHeader(ctx, st.DB, h); !ok || err != nil {
			t.Errorf("CNEMC header %q: ok %v err %v", h, ok, err)
		}
	}
}

func TestStandardsTables(t *testing.T) {
	st := openStore(t)
	rep := mustRun(t, st, Options{All: true})
	if rep.StandardRows < 300 {
		t.Errorf("standard rows %d", rep.StandardRows)
	}
	for scheme, want := range map[string]int64{"auto": 5, "manual": 21, "cwqi": 21} {
		if n := count(t, st, `SELECT count(*) FROM water_std_eval_item WHERE scheme = ?`, scheme); n != want {
			t.Errorf("%s items %d, want %d", scheme, n, want)
		}
	}
	// every evaluated item has five classes for rivers and for lakes
	if n := count(t, st, `SELECT count(*) FROM water_std_eval_item e, (VALUES ('river'), ('lake')) b(body)
		WHERE (SELECT count(*) FROM water_std_class_limit l WHERE l.std_version = e.std_version
		       AND l.parameter = e.parameter AND l.water_body IN ('any', b.body)) <> 5`); n != 0 {
		t.Errorf("%d item/body pairs without exactly 5 class limits", n)
	}
	// limits never get stricter for a worse class
	if n := count(t, st, `SELECT count(*) FROM water_std_class_limit a JOIN water_std_class_limit b
		ON a.std_version = b.std_version AND a.parameter = b.parameter AND a.water_body = b.water_body AND b.class = a.class + 1
		WHERE (a.direction = 'max' AND b.hi < a.hi) OR (a.direction = 'min' AND b.lo > a.lo)`); n != 0 {
		t.Errorf("%d non-monotonic limits", n)
	}
	var from time.Time
	if err := st.DB.QueryRow(`SELECT effective_from FROM water_std_version WHERE std_version = 'GB3838-2002'`).Scan(&from); err != nil ||
		from.Format(time.DateOnly) != "2002-06-01" {
		t.Errorf("GB3838-2002 effective from %v (%v)", from, err)
	}
	for c := 0; c <= 7; c++ {
		if got, ok := ParseClass(ClassLabel(c)); (c >= 1 && c <= 6) != ok || (ok && got != c) {
			t.Errorf("ParseClass(ClassLabel(%d)) = %d %v", c, got, ok)
		}
	}
}
