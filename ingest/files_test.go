package ingest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
	"github.com/envdisclose/envdisclose/store"
)

// pushFile is one station's long-layout file: one row per hour label
// ("2023-01-21 10:00:00"), PM2.5 = pm25 + the row's index.
func pushFile(code string, pm25 float64, hours ...string) []byte {
	var sb strings.Builder
	sb.WriteString("station_code,time,pm25,pm10,so2,no2,o3,co\n")
	for i, h := range hours {
		fmt.Fprintf(&sb, "%s,%s,%g,80,9,40,30,0.9\n", code, h, pm25+float64(i))
	}
	return []byte(sb.String())
}

// pushBatch is what the push API hands Files after a burst: 30 stations
// sending the same new hour, one of them also the next hour, a correction
// of an hour sent earlier in the same call, the same bytes twice, a file
// carrying another station's row, a file that is no data at all, and (in
// the second call) corrections of hours landed by the first call mixed
// with new hours.
func pushBatches(codes []string) (first, second []File) {
	const h1, h2 = "2023-01-21 10:00:00", "2023-01-21 11:00:00"
	f := func(code string, pm25 float64, hours ...string) File {
		return File{Name: code + ".csv", Data: pushFile(code, pm25, hours...), Source: "push:" + code, OnlyStation: code}
	}
	for i, c := range codes[:30] {
		first = append(first, f(c, float64(10+i), h1))
	}
	first = append(first,
		f(codes[0], 50, h2), // a second hour of one station
		f(codes[2], 99, h1), // correction of codes[2]'s h1, same call
		f(codes[1], 11, h1), // the same bytes as codes[1]'s file: a duplicate
		File{Name: "other.csv", Data: pushFile(codes[4], 7, h2), Source: "push:" + codes[3], OnlyStation: codes[3]},
		File{Name: "junk.txt", Data: []byte("hello\nworld\n"), Source: "push:" + codes[5], OnlyStation: codes[5]},
	)
	for i, c := range codes[:30] {
		second = append(second, f(c, float64(200+i), h2)) // codes[0]'s h2 is a correction
	}
	second = append(second, f(codes[7], 77, h1)) // correction of a first-call hour
	return first, second
}

// TestFilesGroupCommit: a burst of pushes handed to Files lands exactly
// like the same files ingested one by one with Bytes (rows, file ids,
// superseded values, ledger outcomes, dirty days), the duplicate is
// answered as such, and the new station-hours land as one group.
func TestFilesGroupCommit(t *testing.T) {
	ctx := context.Background()
	grouped, single := openStore(t), openStore(t)
	loadStationList(t, grouped)
	loadStationList(t, single)
	var codes []string
	rows, err := grouped.DB.Query(`SELECT DISTINCT station_code FROM station WHERE NOT is_control ORDER BY 1 LIMIT 30`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
	}
	rows.Close()
	first, second := pushBatches(codes)

	for call, files := range [][]File{first, second} {
		var logged bytes.Buffer
		gopt := testOpts()
		gopt.Log = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
		sums, errs := Files(ctx, grouped, files, gopt)
		// The new station-hours went in as one group (one transaction): the
		// first call's 30 stations' hour and codes[0]'s next hour (the
		// correction of codes[2] closes the group, since it shares a
		// station-hour, and lands on its own); in the second call, 29 new
		// hours, with the corrections of codes[0]'s and codes[7]'s hours
		// taken out of the group.
		var nGrouped, fixes int
		for _, m := range groupLine.FindAllStringSubmatch(logged.String(), -1) {
			n, _ := strconv.Atoi(m[1])
			c, _ := strconv.Atoi(m[2])
			nGrouped, fixes = nGrouped+n, fixes+c
		}
		if want := [][2]int{{31, 0}, {29, 2}}[call]; nGrouped != want[0] || fixes != want[1] {
			t.Errorf("call %d: %d files in groups, %d corrections taken out; want %v:\n%s", call, nGrouped, fixes, want, logged.String())
		}
		for i, f := range files {
			if errs[i] != nil {
				t.Fatalf("call %d file %d %s: %v", call, i, f.Name, errs[i])
			}
			opt := testOpts()
			opt.Source, opt.OnlyStation = f.Source, f.OnlyStation
			want, err := Bytes(ctx, single, f.Name, f.Data, opt)
			if err != nil {
				t.Fatal(err)
			}
			got := sums[i]
			got.Entry.ReceivedAt, want.Entry.ReceivedAt = time.Time{}, time.Time{}
			got.Entry.FinishedAt, want.Entry.FinishedAt = nil, nil
			if len(got.Reasons) == 0 && len(want.Reasons) == 0 {
				got.Reasons, want.Reasons = nil, nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("call %d file %d %s:\n Files %+v\n Bytes %+v", call, i, f.Name, got, want)
			}
		}
		if call == 0 {
			dup := sums[len(first)-3]
			if !dup.Duplicate || dup.Entry.ID != sums[1].Entry.ID {
				t.Errorf("same bytes twice in one call: %+v, want a duplicate of entry %d", dup, sums[1].Entry.ID)
			}
			if e := sums[len(first)-2].Entry; e.Outcome != store.OutcomeRejected || e.RowsRejected != 1 {
				t.Errorf("another station's row: %+v", e)
			}
			if e := sums[len(first)-1].Entry; e.Outcome != store.OutcomeRejected || !strings.Contains(e.Message, "header") {
				t.Errorf("junk file: %+v", e)
			}
		}
	}
	for _, q := range []string{
		`SELECT station_code, CAST(time AS VARCHAR), pm25, pm10, file_id FROM air_hour ORDER BY ALL`,
		`SELECT station_code, CAST(time AS VARCHAR), pm25, file_id, superseded_by FROM air_hour_superseded ORDER BY ALL`,
		`SELECT file_id, sha256, name, source, kind, outcome, rows_accepted, rows_rejected, rows_superseded, message FROM file_ledger ORDER BY ALL`,
		`SELECT dataset, CAST(day AS VARCHAR), file_id FROM dirty_day ORDER BY ALL`,
		`SELECT file_id, line, field, value, reason FROM reject ORDER BY ALL`,
	} {
		if g, s := dump(t, grouped, q), dump(t, single, q); g != s {
			t.Errorf("%s\n Files:\n%s\n Bytes:\n%s", q, g, s)
		}
	}
	// Exactly once: 30 stations × 2 hours, the corrections superseded.
	if n := count(t, grouped, `SELECT count(*) FROM air_hour`); n != 60 {
		t.Errorf("air_hour has %d rows, want 60", n)
	}
	if n := count(t, grouped, `SELECT count(DISTINCT (station_code, time)) FROM air_hour`); n != 60 {
		t.Errorf("%d distinct station-hours, want 60", n)
	}
	if n := count(t, grouped, `SELECT count(*) FROM air_hour_superseded`); n != 3 {
		t.Errorf("%d superseded rows, want 3 (codes[2] h1, codes[0] h2, codes[7] h1)", n)
	}
	if v := count(t, grouped, `SELECT CAST(pm25 AS BIGINT) FROM air_hour WHERE station_code = ? AND time = TIMESTAMP '2023-01-21 10:00:00'`, codes[2]); v != 99 {
		t.Errorf("corrected value %d, want 99", v)
	}
}

// TestFilesRestrictsEachFile: the station restriction is per file, and a
// file of another kind from a station token is refused whole.
func TestFilesRestrictsEachFile(t *testing.T) {
	st := openStore(t)
	seedSmallRegistry(t, st)
	sums, errs := Files(context.Background(), st, []File{
		{Name: "a.csv", Data: []byte(longCSV), Source: "push:1001A", OnlyStation: "1001A"},
		{Name: "b.csv", Data: []byte(strings.Replace(longCSV, ",35,", ",36,", 1)), Source: "push:1002A", OnlyStation: "1002A"},
		{Name: "c.csv", Data: []byte(strings.Replace(longCSV, ",35,", ",34,", 1)), Source: "staff"},
	}, testOpts())
	for i, err := range errs {
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
	}
	if e := sums[0].Entry; e.Outcome != store.OutcomePartial || e.RowsAccepted != 2 || e.RowsRejected != 1 || e.Source != "push:1001A" {
		t.Errorf("1001A's file: %+v", e)
	}
	if e := sums[1].Entry; e.Outcome != store.OutcomePartial || e.RowsAccepted != 1 || e.RowsRejected != 2 {
		t.Errorf("1002A's file: %+v", e)
	}
	if e := sums[2].Entry; e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 3 || e.RowsSuperseded != 3 {
		t.Errorf("staff file (all stations, correcting both): %+v", e)
	}
	rs, err := st.Rejects(context.Background(), sums[1].Entry.ID, 0)
	if err != nil || len(rs) != 2 || rs[0].Reason != obs.ReasonOtherStation {
		t.Errorf("rejects of 1002A's file: %+v %v", rs, err)
	}
}

var groupLine = regexp.MustCompile(`landed air files together" files=(\d+) corrections=(\d+)`)

// dump renders the rows of q as text.
func dump(t *testing.T, st *store.Store, q string) string {
	t.Helper()
	rows, err := st.DB.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var sb strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&sb, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

// TestPathsSameBytesTwice: two paths with the same bytes in one call: the
// second is a duplicate of the first (same entry), its rows are not landed
// again (nothing superseded), and the ledger has one entry.
func TestPathsSameBytesTwice(t *testing.T) {
	st := openStore(t)
	seedSmallRegistry(t, st)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte(longCSV), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := Paths(context.Background(), st, []string{a, b}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || sums[0].Duplicate || !sums[1].Duplicate || sums[1].Entry.ID != sums[0].Entry.ID ||
		sums[1].Entry.Outcome != store.OutcomeAccepted || sums[1].Path != b {
		t.Fatalf("summaries %+v", sums)
	}
	if n := count(t, st, `SELECT count(*) FROM air_hour_superseded`); n != 0 {
		t.Errorf("%d rows superseded by the same bytes", n)
	}
	if n := count(t, st, `SELECT count(*) FROM file_ledger`); n != 2 { // the station list and the file
		t.Errorf("%d ledger entries, want 2", n)
	}
}
