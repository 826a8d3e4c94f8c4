package publish

import (
	"context"
	"strings"
	"testing"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// builtFresh returns a store with the air, water and polluter fixtures and
// one build.
func builtFresh(t *testing.T) *store.Store {
	t.Helper()
	st := openFixture(t)
	loadFixtures(t, st, "fixture_water.sql")
	withPolluters(t, st)
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return st
}

func TestFreshnessGolden(t *testing.T) {
	st := builtFresh(t)
	checkGolden(t, st, freshnessPath)
}

func TestFreshnessPage(t *testing.T) {
	st := builtFresh(t)
	page := readSite(t, st, freshnessPath)
	for _, want := range []string{
		`<a href="../freshness/index.html" aria-current="page">数据更新情况`,
		`环境空气自动监测站`, `滞后时限`, `href="../data/freshness.csv"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("the freshness page uses scripts")
	}
	// The CSV has one row per registered station, site and outlet, and its
	// states agree with the data.
	rows := readCSV(t, st, "data/freshness.csv")
	var nAir, nSite, nOutlet int64
	q := func(sql string, n *int64) {
		if err := st.DB.QueryRow(sql).Scan(n); err != nil {
			t.Fatal(err)
		}
	}
	q(`SELECT count(DISTINCT station_code) FROM station WHERE valid_to IS NULL`, &nAir)
	q(`SELECT count(DISTINCT site_code) FROM water_site WHERE valid_to IS NULL`, &nSite)
	q(`SELECT count(DISTINCT outlet_code) FROM outlet WHERE valid_to IS NULL`, &nOutlet)
	if got := int64(len(rows) - 1); got != nAir+nSite+nOutlet {
		t.Fatalf("CSV has %d rows, want %d + %d + %d", got, nAir, nSite, nOutlet)
	}
	wall := store.Wall(fixedNow)
	for _, r := range rows[1:] {
		kind, code, last, state := r[0], r[2], r[7], r[11]
		if last == "" {
			if state != freshNone {
				t.Errorf("%s %s: no data but %s", kind, code, state)
			}
			continue
		}
		lt, err := time.Parse("2006-01-02 15:04", last)
		if err != nil {
			t.Fatal(err)
		}
		limit := map[string]time.Duration{"air": 3 * time.Hour, "water_auto": 12 * time.Hour,
			"water_manual": 40 * 24 * time.Hour, "emission": 3 * time.Hour}[kind]
		want := freshOK
		if wall.Sub(lt) > limit {
			want = freshStale
		}
		if state != want {
			t.Errorf("%s %s: last %s, state %s, want %s", kind, code, last, state, want)
		}
	}
	// Each kind of the fixtures is present.
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		seen[r[0]] = true
	}
	for _, k := range []string{"air", "emission"} {
		if !seen[k] {
			t.Errorf("no %s rows", k)
		}
	}
}

// A station with data within 3 h of the build is up to date.
func TestFreshnessRecentAir(t *testing.T) {
	st := openFixture(t)
	var code string
	if err := st.DB.QueryRow(`SELECT station_code FROM station WHERE valid_to IS NULL ORDER BY 1 LIMIT 1`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.Exec(`DELETE FROM air_hour WHERE station_code = ?`, code); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.Exec(`INSERT INTO file_ledger (file_id, sha256, name, source, received_at, size_bytes, outcome)
		VALUES (999001, 'fresh-test', 'x.csv', 'push:x', ?, 1, 'accepted')`, store.Wall(fixedNow.Add(-50*time.Minute))); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.Exec(`INSERT INTO air_hour (station_code, time, pm25, file_id) VALUES (?, ?, 10, 999001)`,
		code, store.Wall(fixedNow.Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	for _, r := range readCSV(t, st, "data/freshness.csv")[1:] {
		if r[0] == "air" && r[2] == code {
			if r[11] != freshOK || r[8] != fmtHour(store.Wall(fixedNow.Add(-50*time.Minute))) || r[9] != "60" {
				t.Fatalf("row %v", r)
			}
			return
		}
	}
	t.Fatalf("station %s not in the CSV", code)
}

func TestFreshnessEmptyStore(t *testing.T) {
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys, Clock: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatalf("Build on an empty store: %v", err)
	}
	page := readSite(t, st, freshnessPath)
	if !strings.Contains(page, "暂无监测点位登记信息") || !strings.Contains(page, "3 小时") {
		t.Error("empty page lacks its note or thresholds")
	}
	if rows := readCSV(t, st, "data/freshness.csv"); len(rows) != 1 {
		t.Fatalf("CSV has %d lines, want the header only", len(rows))
	}
}

func TestFmtAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Minute: "0 min", 59 * time.Minute: "59 min", 3 * time.Hour: "3 h", 47 * time.Hour: "47 h", 50 * time.Hour: "2 d",
	} {
		if _, en := fmtAge(d); en != want {
			t.Errorf("fmtAge(%s) = %s, want %s", d, en, want)
		}
	}
}
