package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	"github.com/envdisclose/envdisclose/publish"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

// TestCorrectionMakesErratum: the real air sample is released as the
// air-monthly bulletin of 2023-01 (v1, automatic); then a station re-sends
// one day with corrected PM2.5, and the next release is v2 with an erratum
// whose PM2.5 figure of that city is exactly the database's monthly mean
// before and after the correction. v1 stays on disk and verifies.
// airStore is a store in t.TempDir() with the bundled real air sample
// (2023-01-20 … 23) ingested and transformed.
func airStore(t *testing.T, now time.Time) (*store.Store, string) {
	t.Helper()
	ctx := t.Context()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := store.Open(ctx, dir, store.Options{SQL: fsys, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	air, err := sample.WriteTo(filepath.Join(dir, "inbox"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Paths(ctx, st, air, ingest.Options{Source: "test", Now: func() time.Time { return now }}); err != nil {
		t.Fatal(err)
	}
	if _, err := transform.Run(ctx, st, transform.Options{}); err != nil {
		t.Fatal(err)
	}
	return st, dir
}

func TestCorrectionMakesErratum(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st, dir := airStore(t, now)
	opt := ReleaseOptions{Products: []string{report.AirMonthly}, Now: now}
	// Without NewPeriods nothing is released for the first time.
	if rep, err := Releases(ctx, st, opt); err != nil || rep.Checked != 0 {
		t.Fatalf("release without NewPeriods: %+v, %v", rep, err)
	}
	opt.NewPeriods = []string{report.AirMonthly}
	rep, err := Releases(ctx, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rep.Created) != "[air-monthly 2023-01 v1 public]" {
		t.Fatalf("first release: %v", rep.Created)
	}
	// Nothing changed: no new version.
	if rep, err = Releases(ctx, st, opt); err != nil || len(rep.Created) != 0 || rep.Unchanged != 1 {
		t.Fatalf("second release without changes: %+v, %v", rep, err)
	}

	const station = "1001A"
	var city string
	var before float64
	if err := st.DB.QueryRowContext(ctx, `SELECT s.city, m.pm25 FROM station s JOIN air_region_month m
		ON m.region_level = 'city' AND m.region = s.city AND m.month = DATE '2023-01-01'
		WHERE s.station_code = ? AND s.valid_to IS NULL LIMIT 1`, station).Scan(&city, &before); err != nil {
		t.Fatal(err)
	}
	// The correction: every hour of 2023-01-21 for one station, PM2.5 + 300.
	var b strings.Builder
	b.WriteString("station_code,time,pm25,pm10,so2,no2,o3,co\n")
	rows, err := st.DB.QueryContext(ctx, `SELECT strftime(time, '%Y-%m-%d %H:%M:%S'), pm25 + 300, pm10, so2, no2, o3, co
		FROM air_hour WHERE station_code = ? AND time > TIMESTAMP '2023-01-21 00:00:00' AND time <= TIMESTAMP '2023-01-22 00:00:00'
		AND pm25 IS NOT NULL AND pm10 IS NOT NULL AND so2 IS NOT NULL AND no2 IS NOT NULL AND o3 IS NOT NULL AND co IS NOT NULL
		ORDER BY time`, station)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var tm string
		var v [6]float64
		if err := rows.Scan(&tm, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s,%s,%g,%g,%g,%g,%g,%g\n", station, tm, v[0], v[1], v[2], v[3], v[4], v[5])
		n++
	}
	rows.Close()
	if n < 20 {
		t.Fatalf("only %d complete hours of %s on 2023-01-21 in the sample", n, station)
	}
	fix := filepath.Join(dir, "inbox", "correction.csv")
	if err := os.WriteFile(fix, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sums, err := ingest.Paths(ctx, st, []string{fix}, ingest.Options{Source: "test", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if sums[0].Entry.RowsSuperseded != int64(n) {
		t.Fatalf("correction superseded %d station-hours, want %d: %+v", sums[0].Entry.RowsSuperseded, n, sums[0])
	}
	touched, err := ReadTouched(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(touched.Months) != "map[air:map[2023-01:true]]" {
		t.Fatalf("touched %v", touched.Months)
	}
	if _, err := transform.Run(ctx, st, transform.Options{}); err != nil {
		t.Fatal(err)
	}
	// A build whose new data touch another month re-checks nothing.
	other := &Touched{Months: map[string]map[string]bool{"air": {"2023-02": true}, "water": {"2023-01": true}}}
	if rep, err := Releases(ctx, st, ReleaseOptions{Products: opt.Products, Now: now, Touched: other}); err != nil || rep.Checked != 0 {
		t.Fatalf("release with other months touched: %+v, %v", rep, err)
	}
	var after float64
	if err := st.DB.QueryRowContext(ctx, `SELECT pm25 FROM air_region_month
		WHERE region_level = 'city' AND region = ? AND month = DATE '2023-01-01'`, city).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%.0f", after) == fmt.Sprintf("%.0f", before) {
		t.Fatalf("the correction did not change %s's PM2.5 (%.1f)", city, after)
	}
	// Every product, as pipeline.Build does: the kept months are cleared.
	if rep, err = Releases(ctx, st, ReleaseOptions{Now: now, Touched: touched}); err != nil {
		t.Fatal(err)
	}
	if left, err := ReadTouched(ctx, st); err != nil || len(left.Months) != 0 {
		t.Fatalf("kept months after the release stage: %v, %v", left.Months, err)
	}
	if fmt.Sprint(rep.Created) != "[air-monthly 2023-01 v2 public]" {
		t.Fatalf("release after the correction: %v", rep.Created)
	}
	vs, err := release.Versions(ctx, st, report.AirMonthly, "2023-01")
	if err != nil {
		t.Fatal(err)
	}
	var v1, v2 *release.Publication
	for i := range vs {
		switch vs[i].Version {
		case 1:
			v1 = &vs[i]
		case 2:
			v2 = &vs[i]
		}
	}
	if v1 == nil || v2 == nil {
		t.Fatalf("versions %+v", vs)
	}
	found := false
	for _, e := range v2.Errata {
		if e.Table == "air_ranking" && e.Column == "pm25" && strings.Contains(e.Row, city) {
			found = true
			// Shown as on the bulletin: "37 μg/m³†" (value, unit, † = month invalid).
			old, nw := strings.Fields(e.Old)[0], strings.Fields(e.New)[0]
			if old != fmt.Sprintf("%.0f", before) || nw != fmt.Sprintf("%.0f", after) {
				t.Errorf("erratum %s: %s → %s, database %.0f → %.0f", e.Label, e.Old, e.New, before, after)
			}
		}
		// Only the corrected city's figures (and ranks moved by it) change.
		if !strings.Contains(e.Row, city) && e.Column != "rank" {
			t.Errorf("erratum outside %s: %+v", city, e)
		}
	}
	if !found {
		t.Fatalf("no PM2.5 erratum for %s in %+v", city, v2.Errata)
	}
	for _, v := range []*release.Publication{v1, v2} {
		if err := release.Verify(v.Dir); err != nil {
			t.Errorf("v%d: %v", v.Version, err)
		}
	}
}

// TestDraftPublicOnlyAfterApproval: a product under review is released as a
// draft that the public portal does not show (no bulletin page, not in the
// archive or the feed); after `approve` the next build shows it.
func TestDraftPublicOnlyAfterApproval(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, _ := airStore(t, now)
	cfg := config.Default()
	for i := range cfg.Products {
		if cfg.Products[i].Name == report.AirMonthly {
			cfg.Products[i].Review = true
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	rep, err := Releases(ctx, st, ReleaseOptions{Config: &cfg, Products: []string{report.AirMonthly}, Now: now, NewPeriods: Products()})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rep.Created) != "[air-monthly 2023-01 v1 draft]" {
		t.Fatalf("release: %v", rep.Created)
	}
	page := filepath.Join(st.SiteDir(), "bulletins", "air-monthly", "2023-01", "index.html")
	build := func() string {
		t.Helper()
		if _, err := publish.Build(ctx, st, publish.Options{Now: func() time.Time { return now },
			Releases: func(ctx context.Context) ([]release.Publication, error) { return release.List(ctx, st) }}); err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, f := range []string{"archive/index.html", "feed.atom", "bulletins/index.html"} {
			b, err := os.ReadFile(filepath.Join(st.SiteDir(), f))
			if err != nil {
				t.Fatal(err)
			}
			all.Write(b)
		}
		return all.String()
	}
	lists := build()
	if _, err := os.Stat(page); err == nil {
		t.Fatal("the draft has a public bulletin page")
	}
	if strings.Contains(lists, "2023年1月") {
		t.Fatal("the draft is listed on a public page or in the feed")
	}
	if _, err := release.Approve(ctx, st, report.AirMonthly, "2023-01", "审核员张三", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	lists = build()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatalf("no bulletin page after approval: %v", err)
	}
	for _, want := range []string{"2023年1月", "审核员张三"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("bulletin page lacks %q", want)
		}
	}
	if !strings.Contains(lists, "2023年1月") {
		t.Error("the approved bulletin is not listed")
	}
}
