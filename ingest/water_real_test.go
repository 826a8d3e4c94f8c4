package ingest

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/water"
)

// cnemcNow is the receive time of the CNEMC snapshot (scraped 2026-02-04/05).
var cnemcNow = time.Date(2026, 2, 5, 10, 0, 0, 0, store.CST)

func cnemcOpts() Options {
	return Options{Source: "test", Now: func() time.Time { return cnemcNow }}
}

// cnemcValues counts the non-missing parameter cells of the snapshot CSV
// with encoding/csv (independently of the decoder).
func cnemcValues(t *testing.T, path string) (values, stations int) {
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
	for _, r := range recs[1:] {
		for _, c := range r[6:17] { // 水温 … 藻密度
			if c != "--" && c != "" {
				values++
			}
		}
	}
	return values, len(recs) - 1
}

// sampleDump renders water_sample (optionally of one province) for comparison.
func sampleDump(t *testing.T, st *store.Store, where string) string {
	t.Helper()
	rows, err := st.DB.Query(`SELECT site_code || '|' || strftime(sampled_at, '%Y-%m-%d %H:%M') || '|' || parameter || '|' ||
		coalesce(CAST(value AS VARCHAR), 'NULL') || '|' || below_dl || '|' || unit
		FROM water_sample WHERE ` + where + ` ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCNEMCRealEndToEnd ingests the real CNEMC snapshot (CSV, then the 31
// province workbooks into a second store), checks counts and that both
// give the same samples, resends (no-op), and runs the water transform on
// the ingested data against the official classes.
func TestCNEMCRealEndToEnd(t *testing.T) {
	dir := realDir(t, "water_cnemc_auto")
	csvPath := filepath.Join(dir, "cnemc_water_auto_snapshot_2026-02-04.csv")
	ctx := context.Background()
	wantValues, stations := cnemcValues(t, csvPath)

	st := openStore(t)
	sums, err := Paths(ctx, st, []string{csvPath}, cnemcOpts())
	if err != nil {
		t.Fatal(err)
	}
	e := sums[0].Entry
	t.Logf("CSV: %s %s %s accepted %d: %s", e.Kind, e.Format, e.Outcome, e.RowsAccepted, e.Message)
	if e.Kind != KindWaterCNEMC || e.Format != FormatCSV || e.Outcome != store.OutcomeAccepted || e.RowsAccepted != int64(wantValues) {
		t.Fatalf("CSV entry %+v, want %d values", e, wantValues)
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample`); n != int64(wantValues) {
		t.Fatalf("water_sample %d, want %d", n, wantValues)
	}
	if n := count(t, st, `SELECT count(*) FROM water_site WHERE valid_to IS NULL AND network = 'auto'
		AND water_body IS NULL AND lon IS NULL AND lat IS NULL AND site_code LIKE 'cnemc:%'`); n != int64(stations) {
		t.Fatalf("water_site %d auto sites without coordinates, want %d", n, stations)
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample_reported`); n != int64(stations) {
		t.Fatalf("water_sample_reported %d, want %d", n, stations)
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample_reported WHERE reported_class IS NULL`); n != 11 {
		t.Fatalf("%d stations without official class, want 11", n)
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample WHERE site_code = 'cnemc:上海市:富锦路桥'
		AND sampled_at = TIMESTAMP '2026-02-04 11:00' AND parameter = 'tp' AND value = 0.113 AND unit = 'mg/L'`); n != 1 {
		t.Fatal("上海 富锦路桥 02-04 11:00 TP 0.113 not landed")
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample WHERE parameter = 'algae_density' AND unit = '个/L'`); n == 0 {
		t.Fatal("algae density (cells/L) not converted to 个/L")
	}
	if n := count(t, st, `SELECT count(*) FROM dirty_day WHERE dataset = 'water' AND day = DATE '2026-02-04'`); n != 1 {
		t.Fatal("2026-02-04 not marked dirty for water")
	}

	// Same bytes again: no-op.
	again, err := Paths(ctx, st, []string{csvPath}, cnemcOpts())
	if err != nil || !again[0].Duplicate {
		t.Fatalf("resend: %v %+v", err, again)
	}

	// The 31 workbooks into a second store: the same samples and classes.
	files, _ := filepath.Glob(filepath.Join(dir, "xlsx_by_province", "*.xlsx"))
	if len(files) != 31 {
		t.Fatalf("%d workbooks, want 31", len(files))
	}
	st2 := openStore(t)
	xs, err := Paths(ctx, st2, files, cnemcOpts())
	if err != nil {
		t.Fatal(err)
	}
	var xv int64
	for _, s := range xs {
		if s.Entry.Kind != KindWaterCNEMC || s.Entry.Format != FormatXLSX || s.Entry.Outcome != store.OutcomeAccepted {
			t.Fatalf("%s: %+v", s.Path, s.Entry)
		}
		xv += s.Entry.RowsAccepted
	}
	if xv != int64(wantValues) {
		t.Fatalf("workbooks: %d values, want %d", xv, wantValues)
	}
	if a, b := sampleDump(t, st, "true"), sampleDump(t, st2, "true"); a != b {
		t.Fatal("CSV and workbooks give different samples")
	}
	if a, b := count(t, st, `SELECT hash(list(r ORDER BY r)) FROM (SELECT site_code || sampled_at || coalesce(reported_class, 0) r FROM water_sample_reported)`),
		count(t, st2, `SELECT hash(list(r ORDER BY r)) FROM (SELECT site_code || sampled_at || coalesce(reported_class, 0) r FROM water_sample_reported)`); a != b {
		t.Fatal("CSV and workbooks give different published classes")
	}

	// One province's workbook after the CSV in the same store: same
	// samples, all superseded (history kept), registry unchanged.
	var sh string
	for _, f := range files {
		if strings.Contains(f, "上海市") {
			sh = f
		}
	}
	before := sampleDump(t, st, "site_code LIKE 'cnemc:上海市:%'")
	ss, err := Paths(ctx, st, []string{sh}, cnemcOpts())
	if err != nil {
		t.Fatal(err)
	}
	se := ss[0].Entry
	if se.RowsSuperseded != se.RowsAccepted || se.RowsAccepted == 0 || !strings.Contains(se.Message, "0 new, 0 changed") {
		t.Fatalf("上海 workbook after CSV: %+v", se)
	}
	if after := sampleDump(t, st, "site_code LIKE 'cnemc:上海市:%'"); after != before {
		t.Fatal("上海 workbook changed the samples of the CSV")
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample_superseded WHERE superseded_by = ?`, se.ID); n != se.RowsAccepted {
		t.Fatalf("superseded %d, want %d", n, se.RowsAccepted)
	}
	if n := count(t, st, `SELECT count(*) FROM water_site`); n != int64(stations) {
		t.Fatalf("water_site rows %d after resending a province, want %d", n, stations)
	}

	// End to end: the water transform on the ingested data. Water body is
	// not in the data; as in transform/water's oracle test, a site becomes
	// a lake only when the river table misses and the lake table hits.
	run := func() water.Report {
		rep, err := water.Run(ctx, st, water.Options{All: true}) // the registry is changed by SQL below, without dirty marks
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := run()
	if rep.Samples != 1145 || rep.UnregisteredSites != 0 {
		t.Fatalf("water.Run %+v, want 1145 classified samples", rep)
	}
	exec := func(q string) {
		if _, err := st.DB.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`UPDATE water_site SET water_body = 'lake' WHERE site_code IN
		(SELECT site_code FROM water_sample_class WHERE reported_class IS NOT NULL AND class IS DISTINCT FROM reported_class)`)
	run()
	exec(`UPDATE water_site SET water_body = NULL WHERE water_body = 'lake' AND site_code IN
		(SELECT site_code FROM water_sample_class WHERE class IS DISTINCT FROM reported_class)`)
	run()
	classified := count(t, st, `SELECT count(*) FROM water_sample_class WHERE reported_class IS NOT NULL`)
	match := count(t, st, `SELECT count(*) FROM water_sample_class WHERE reported_class IS NOT NULL AND class = reported_class`)
	t.Logf("official class: %d of %d match (%.2f %%)", match, classified, 100*float64(match)/float64(classified))
	if classified != 1145 || float64(match) < 0.997*float64(classified) {
		t.Fatalf("match %d of %d < 99.7 %%", match, classified)
	}
}

// TestCNEMCYear: 监测时间 has no year; the option sets it, the default
// takes the latest year not after the receive time (+1 day).
func TestCNEMCYear(t *testing.T) {
	dir := realDir(t, "water_cnemc_auto")
	data, err := os.ReadFile(filepath.Join(dir, "xlsx_by_province", "water_info_西藏自治区.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		now  time.Time
		year int
		want string
	}{
		{cnemcNow, 0, "2026-02-04"},
		{time.Date(2026, 2, 2, 12, 0, 0, 0, store.CST), 0, "2025-02-04"},   // more than a day before 02-04 11:00: last year
		{time.Date(2027, 1, 10, 12, 0, 0, 0, store.CST), 0, "2026-02-04"},  // received next January
		{time.Date(2030, 1, 1, 0, 0, 0, 0, store.CST), 2026, "2026-02-04"}, // explicit
	} {
		st := openStore(t)
		now := c.now
		s, err := Bytes(ctx, st, "xz.xlsx", data, Options{Source: "test", Now: func() time.Time { return now }, WaterYear: c.year})
		if err != nil || s.Entry.Outcome != store.OutcomeAccepted {
			t.Fatalf("%v %+v", err, s.Entry)
		}
		if n := count(t, st, `SELECT count(*) FROM water_sample WHERE CAST(sampled_at AS DATE) <> CAST(? AS DATE)`, c.want); n != 0 {
			t.Errorf("now %v year %d: %d samples not on %s", c.now, c.year, n, c.want)
		}
	}
	// 02-04 11:00 received 02-04 10:00: within the day of grace, so this
	// year — and refused as in the future, not moved a year back.
	st := openStore(t)
	early := time.Date(2026, 2, 4, 10, 0, 0, 0, store.CST)
	s, err := Bytes(ctx, st, "xz.xlsx", data, Options{Source: "test", Now: func() time.Time { return early }})
	if err != nil || s.Entry.Outcome != store.OutcomeRejected || s.Reasons[0].Reason != "time in the future" {
		t.Fatalf("%v %+v %+v", err, s.Entry, s.Reasons)
	}
}
