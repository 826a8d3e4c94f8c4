package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// registryDump renders the current registry for comparison.
func registryDump(t *testing.T, st *store.Store) string {
	t.Helper()
	rows, err := st.DB.Query(`SELECT station_code, name, coalesce(city,''), coalesce(province,''), coalesce(prefecture,''),
		coalesce(CAST(lon AS VARCHAR),''), coalesce(CAST(lat AS VARCHAR),''), is_control, valid_from
		FROM station WHERE valid_to IS NULL ORDER BY station_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var code, name, city, prov, pref, lon, lat string
		var ctl bool
		var from time.Time
		if err := rows.Scan(&code, &name, &city, &prov, &pref, &lon, &lat, &ctl, &from); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join([]string{code, name, city, prov, pref, lon, lat, from.Format(time.DateTime)}, "|"))
		if ctl {
			b.WriteString("|Y")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestStationListGBKAndUTF8(t *testing.T) {
	dir := realDir(t, "station_list")
	ctx := context.Background()
	var dumps []string
	for _, f := range []string{"NewSiteList_gbk.csv", "NewSiteList_utf8.csv"} {
		st := openStore(t)
		s, err := Paths(ctx, st, []string{filepath.Join(dir, f)}, testOpts())
		if err != nil {
			t.Fatal(err)
		}
		e := s[0].Entry
		if e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 2026 || e.Kind != KindStationList {
			t.Fatalf("%s: %+v", f, e)
		}
		if n := count(t, st, `SELECT count(*) FROM station WHERE valid_from = TIMESTAMP '1970-01-01' AND valid_to IS NULL`); n != 2026 {
			t.Fatalf("%s: %d open stations from 1970", f, n)
		}
		if n := count(t, st, `SELECT count(*) FROM station WHERE is_control`); n != 250 {
			t.Fatalf("%s: %d control points, want 250", f, n)
		}
		dumps = append(dumps, registryDump(t, st))
	}
	if dumps[0] != dumps[1] {
		t.Fatal("GBK and UTF-8 lists give different registries")
	}
	if !strings.Contains(dumps[0], "1001A|万寿西宫|北京|北京市|北京市|116.3621|39.8784") {
		t.Fatalf("unexpected registry content: %.200s", dumps[0])
	}
}

func TestStationListChanged(t *testing.T) {
	dir := realDir(t, "station_list")
	ctx := context.Background()
	st := openStore(t)
	utf8, err := os.ReadFile(filepath.Join(dir, "NewSiteList_utf8.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Bytes(ctx, st, "list-v1", utf8, testOpts()); err != nil {
		t.Fatal(err)
	}
	// The same list in GBK: different bytes, same content: nothing changes.
	gbk, err := os.ReadFile(filepath.Join(dir, "NewSiteList_gbk.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Bytes(ctx, st, "list-v1-gbk", gbk, testOpts())
	if err != nil || s.Duplicate || s.Entry.Message != "2026 stations: 0 new, 0 changed, 2026 unchanged" {
		t.Fatalf("%v %+v", err, s.Entry)
	}
	// Re-sent a day later with one station renamed.
	later := testNow.Add(24 * time.Hour)
	opt := testOpts()
	opt.Now = func() time.Time { return later }
	v2 := bytes.Replace(utf8, []byte("1001A,万寿西宫,"), []byte("1001A,万寿西宫站,"), 1)
	s, err = Bytes(ctx, st, "list-v2", v2, opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Entry.Outcome != store.OutcomeAccepted || s.Entry.Message != "2026 stations: 0 new, 1 changed, 2025 unchanged" {
		t.Fatalf("%+v", s.Entry)
	}
	if n := count(t, st, `SELECT count(*) FROM station`); n != 2027 {
		t.Fatalf("%d station rows, want 2027", n)
	}
	wall := store.Wall(later)
	if n := count(t, st, `SELECT count(*) FROM station WHERE station_code = '1001A' AND name = '万寿西宫'
		AND valid_from = TIMESTAMP '1970-01-01' AND valid_to = ?`, wall); n != 1 {
		t.Fatal("old version of 1001A not closed at the change time")
	}
	if n := count(t, st, `SELECT count(*) FROM station WHERE station_code = '1001A' AND name = '万寿西宫站'
		AND valid_from = ? AND valid_to IS NULL AND file_id = ?`, wall, s.Entry.ID); n != 1 {
		t.Fatal("new version of 1001A not open")
	}
}

// TestRealWideDays ingests the 4 real quotsoft days, then the same file
// again (no-op) and a corrected file (supersedes).
func TestRealWideDays(t *testing.T) {
	dir := realDir(t, "china_sites_quotsoft")
	ctx := context.Background()
	st := openStore(t)
	loadStationList(t, st)
	files, _ := filepath.Glob(filepath.Join(dir, "china_sites_*.csv"))
	start := time.Now()
	sums, err := Paths(ctx, st, files, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("4 real days ingested in %v", time.Since(start))
	// Station-hours with any stored value (AQI or a 1-h concentration),
	// counted independently with a CSV reader.
	want := []int64{40163, 40210, 40047, 40098}
	for i, s := range sums {
		e := s.Entry
		if e.RowsAccepted != want[i] || e.Kind != KindAirWide || e.Format != FormatCSV || e.Encoding != EncUTF8 {
			t.Fatalf("%s: %+v", s.Path, e)
		}
	}
	// 20230120's last row (hour 23, CO_24h) is cut short in the source.
	if e := sums[0].Entry; e.Outcome != store.OutcomePartial || e.RowsRejected != 1 {
		t.Fatalf("20230120: %+v", e)
	}
	rj, _ := st.Rejects(ctx, sums[0].Entry.ID, 0)
	if len(rj) != 1 || rj[0].Line != 361 || rj[0].Reason != "wrong column count" || rj[0].Value != "1738 fields, header has 2029" {
		t.Fatalf("20230120 rejects: %+v", rj)
	}
	for _, s := range sums[1:] {
		if s.Entry.Outcome != store.OutcomeAccepted {
			t.Fatalf("%s: %+v", s.Path, s.Entry)
		}
	}
	const total = 160518
	if n := count(t, st, `SELECT count(*) FROM air_hour`); n != total {
		t.Fatalf("air_hour %d, want %d", n, total)
	}
	// The provenance's oracle: 157,750 station-hours carry an official AQI.
	if n := count(t, st, `SELECT count(aqi_reported) FROM air_hour`); n != 157750 {
		t.Fatalf("station-hours with AQI %d, want 157750", n)
	}
	// Spot values: 2647A 2023-01-22 hour 12 has SO2 952 and AQI 200.
	if n := count(t, st, `SELECT count(*) FROM air_hour WHERE station_code = '2647A'
		AND time = TIMESTAMP '2023-01-22 12:00:00' AND so2 = 952 AND aqi_reported = 200`); n != 1 {
		t.Fatal("2647A 2023-01-22 12:00 not as published")
	}
	if n := count(t, st, `SELECT count(DISTINCT day) FROM dirty_day WHERE dataset = 'air'`); n != 5 {
		t.Fatalf("dirty days %d, want 5 (2023-01-19..23)", n)
	}
	if n := count(t, st, `SELECT count(*) FROM dirty_day WHERE day = DATE '2023-01-19'`); n != 1 {
		t.Fatal("hour 0 of 2023-01-20 must dirty 2023-01-19")
	}

	// Same bytes again: a no-op.
	ledger := count(t, st, `SELECT count(*) FROM file_ledger`)
	again, err := Paths(ctx, st, files[1:2], testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if !again[0].Duplicate || again[0].Entry.ID != sums[1].Entry.ID {
		t.Fatalf("resend: %+v", again[0])
	}
	if count(t, st, `SELECT count(*) FROM file_ledger`) != ledger || count(t, st, `SELECT count(*) FROM air_hour`) != total {
		t.Fatal("resend changed the store")
	}

	// A corrected 20230122: every PM2.5 of hour 5 + 1000 (so also a new file).
	orig, err := os.ReadFile(files[2])
	if err != nil {
		t.Fatal(err)
	}
	corrected := correctRow(t, orig, "20230122,5,PM2.5,")
	s, err := Bytes(ctx, st, "china_sites_20230122_corrected.csv", corrected, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if s.Entry.Outcome != store.OutcomeAccepted || s.Entry.RowsAccepted != 40047 || s.Entry.RowsSuperseded != 40047 {
		t.Fatalf("corrected: %+v", s.Entry)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour`); n != total {
		t.Fatalf("air_hour %d after correction, want %d", n, total)
	}
	if n := count(t, st, `SELECT count(*) FROM (SELECT station_code, time FROM air_hour GROUP BY ALL HAVING count(*) > 1)`); n != 0 {
		t.Fatalf("%d station-hours counted twice", n)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour_superseded WHERE superseded_by = ? AND file_id = ?`, s.Entry.ID, sums[2].Entry.ID); n != 40047 {
		t.Fatalf("superseded %d", n)
	}
	var newV, oldV float64
	if err := st.DB.QueryRow(`SELECT a.pm25, s.pm25 FROM air_hour a JOIN air_hour_superseded s USING (station_code, time)
		WHERE station_code = '1001A' AND time = TIMESTAMP '2023-01-22 05:00:00'`).Scan(&newV, &oldV); err != nil {
		t.Fatal(err)
	}
	if newV != oldV+1000 {
		t.Fatalf("1001A 2023-01-22 05:00 pm25 new %v old %v", newV, oldV)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour WHERE file_id = ?`, s.Entry.ID); n != 40047 {
		t.Fatalf("rows of the corrected file %d", n)
	}
}

// correctRow adds 1000 to every value of the row starting with prefix.
func correctRow(t *testing.T, data []byte, prefix string) []byte {
	t.Helper()
	i := bytes.Index(data, []byte("\n"+prefix))
	if i < 0 {
		t.Fatalf("row %s not found", prefix)
	}
	i++
	j := i + bytes.IndexByte(data[i:], '\n')
	f := strings.Split(strings.TrimRight(string(data[i:j]), "\r"), ",")
	for k := 3; k < len(f); k++ {
		if f[k] == "" {
			continue
		}
		v, err := strconv.ParseFloat(f[k], 64)
		if err != nil {
			t.Fatal(err)
		}
		f[k] = strconv.FormatFloat(v+1000, 'f', -1, 64)
	}
	out := append([]byte{}, data[:i]...)
	out = append(out, strings.Join(f, ",")+"\r"...)
	return append(out, data[j:]...)
}
