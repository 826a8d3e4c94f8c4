package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// wideDay writes a wide file of one day for 1001A..1003A: PM2.5 and AQI
// every hour, PM2.5 = base + hour.
func wideDay(t *testing.T, path string, day time.Time, base int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("date,hour,type,1001A,1002A,1003A\n")
	d := day.Format("20060102")
	for h := range 24 {
		v := base + h
		fmt.Fprintf(&b, "%s,%d,AQI,%d,%d,%d\n", d, h, v, v+1, v+2)
		fmt.Fprintf(&b, "%s,%d,PM2.5,%d,%d,%d\n", d, h, v, v+1, v+2)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPathsGroupsInBackground ingests 40 daily files in one call, so that
// full groups land in the background while later files are decoded, with a
// correction of an already landed day and a file refused whole in the
// middle (both force the queued files to land first). Every file must
// have its own final outcome and the store exactly the expected rows.
func TestPathsGroupsInBackground(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	if s, err := Paths(ctx, st, []string{filepath.Join("testdata", "stations_small.csv")}, testOpts()); err != nil ||
		s[0].Entry.Outcome != store.OutcomeAccepted {
		t.Fatalf("stations: %v %+v", err, s)
	}
	dir := t.TempDir()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const days = 40
	for i := range days {
		wideDay(t, filepath.Join(dir, fmt.Sprintf("d%02d.csv", i)), start.AddDate(0, 0, i), 10)
	}
	// sorted after d20: a correction of day 3 (landed in the first group,
	// which may still be landing in the background) and a file of no known
	// kind
	wideDay(t, filepath.Join(dir, "d20a_fix.csv"), start.AddDate(0, 0, 3), 100)
	if err := os.WriteFile(filepath.Join(dir, "d30a_bad.csv"), []byte("no,such,layout\n1,2,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sums, err := Paths(ctx, st, []string{dir}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != days+2 {
		t.Fatalf("%d summaries, want %d", len(sums), days+2)
	}
	const perDay = 3 * 24
	for _, s := range sums {
		e := s.Entry
		base := filepath.Base(s.Path)
		switch {
		case base == "d30a_bad.csv":
			if e.Outcome != store.OutcomeRejected {
				t.Fatalf("%s: %+v", base, e)
			}
		case base == "d20a_fix.csv":
			if e.Outcome != store.OutcomeAccepted || e.RowsAccepted != perDay || e.RowsSuperseded != perDay {
				t.Fatalf("%s: %+v", base, e)
			}
		default:
			if e.Outcome != store.OutcomeAccepted || e.RowsAccepted != perDay || e.RowsSuperseded != 0 || e.FinishedAt == nil {
				t.Fatalf("%s: %+v", base, e)
			}
		}
	}
	if n := count(t, st, `SELECT count(*) FROM file_ledger WHERE outcome NOT IN ('accepted', 'rejected')`); n != 0 {
		t.Fatalf("%d ledger entries not final", n)
	}
	// the stored outcomes (grouped files are finished in one statement)
	if n := count(t, st, `SELECT count(*) FROM file_ledger WHERE name LIKE '%/d%.csv' AND name NOT LIKE '%bad%'
		AND rows_accepted = ? AND rows_rejected = 0 AND finished_at = TIMESTAMP '2024-06-01 12:00:00' AND kind <> '' AND format <> ''`, perDay); n != days+1 {
		t.Fatalf("%d stored ledger outcomes of data files as expected, want %d", n, days+1)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour`); n != days*perDay {
		t.Fatalf("air_hour %d, want %d", n, days*perDay)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour_superseded`); n != perDay {
		t.Fatalf("air_hour_superseded %d, want %d", n, perDay)
	}
	// day 3 (hours 2024-01-04 00:00 .. 23:00) holds the corrected values
	if n := count(t, st, `SELECT count(*) FROM air_hour WHERE time BETWEEN TIMESTAMP '2024-01-04 00:00' AND TIMESTAMP '2024-01-04 23:00'
		AND station_code = '1001A' AND pm25 = 100 + hour(time) AND aqi_reported = 100 + hour(time)`); n != 24 {
		t.Fatalf("corrected day: %d of 24 station-hours of 1001A corrected", n)
	}
	// every other row carries the value of its own file (and its file_id)
	if n := count(t, st, `SELECT count(*) FROM air_hour a JOIN file_ledger f USING (file_id)
		WHERE f.name NOT LIKE '%fix%' AND a.pm25 <> 10 + hour(a.time) + CAST(substr(a.station_code, 4, 1) AS INT) - 1`); n != 0 {
		t.Fatalf("%d rows with a wrong value", n)
	}
	if n := count(t, st, `SELECT count(DISTINCT day) FROM dirty_day WHERE dataset = 'air'`); n != days+1 {
		t.Fatalf("dirty days %d, want %d", n, days+1)
	}
	// each file marked exactly the natural days of its own rows (grouped
	// files mark theirs in one statement)
	if n := count(t, st, `SELECT count(*) FROM (
		(SELECT DISTINCT file_id, CAST(time - INTERVAL 1 HOUR AS DATE) AS day FROM
			(SELECT file_id, time FROM air_hour UNION ALL SELECT file_id, time FROM air_hour_superseded)
		EXCEPT SELECT file_id, day FROM dirty_day WHERE dataset = 'air')
		UNION ALL
		(SELECT file_id, day FROM dirty_day WHERE dataset = 'air' EXCEPT
		SELECT DISTINCT file_id, CAST(time - INTERVAL 1 HOUR AS DATE) FROM
			(SELECT file_id, time FROM air_hour UNION ALL SELECT file_id, time FROM air_hour_superseded)))`); n != 0 {
		t.Fatalf("%d (file, day) pairs differ between dirty_day and the rows", n)
	}
	if n := count(t, st, `SELECT count(*) FROM dirty_day WHERE dataset = 'air'`); n != 2*days+2 {
		t.Fatalf("%d dirty (file, day) rows, want %d", n, 2*days+2)
	}
}
