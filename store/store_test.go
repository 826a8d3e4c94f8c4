package store_test

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

func open(t *testing.T, dir string) *store.Store {
	t.Helper()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 30, 0, 0, store.CST)
	st, err := store.Open(context.Background(), dir, store.Options{SQL: fsys, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	dir := t.TempDir()
	st := open(t, dir)
	var n int
	if err := st.DB.QueryRow(`SELECT count(*) FROM schema_migration`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no migration recorded")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = open(t, dir) // applying again must be a no-op, not an error
	defer st.Close()
	var m int
	if err := st.DB.QueryRow(`SELECT count(*) FROM schema_migration`).Scan(&m); err != nil {
		t.Fatal(err)
	}
	if m != n {
		t.Fatalf("migrations recorded %d then %d", n, m)
	}
	if got := filepath.Base(st.SiteDir()); got != "site" {
		t.Fatalf("site dir %q", got)
	}
}

func TestLedgerReceiveFinishDuplicate(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	defer st.Close()

	e, seen, err := st.Receive(ctx, "abc", "a.csv", "cli", 10)
	if err != nil || seen {
		t.Fatalf("first receive: seen=%v err=%v", seen, err)
	}
	if e.Outcome != store.OutcomeReceived || e.ID == 0 {
		t.Fatalf("entry %+v", e)
	}
	if want := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC); !e.ReceivedAt.Equal(want) {
		t.Fatalf("received_at %v, want CST wall clock %v", e.ReceivedAt, want)
	}
	// An interrupted attempt is not final: the same bytes are processed again.
	again, seen, err := st.Receive(ctx, "abc", "a-copy.csv", "cli", 10)
	if err != nil || !seen || again.ID != e.ID || again.Final() {
		t.Fatalf("re-receive of unfinished: %+v seen=%v err=%v", again, seen, err)
	}
	e.Kind, e.Outcome, e.RowsAccepted, e.RowsRejected = "air-long", store.OutcomePartial, 5, 2
	rejects := []store.Reject{
		{Line: 3, Field: "pm25", Value: "abc", Reason: "not a number"},
		{Line: 7, Field: "station_code", Value: "9999Z", Reason: "unknown station"},
	}
	if err := st.Finish(ctx, nil, &e, rejects); err != nil {
		t.Fatal(err)
	}
	dup, seen, err := st.Receive(ctx, "abc", "b.csv", "push:1001A", 10)
	if err != nil || !seen || !dup.Final() || dup.Outcome != store.OutcomePartial || dup.RowsAccepted != 5 {
		t.Fatalf("duplicate: %+v seen=%v err=%v", dup, seen, err)
	}
	rs, err := st.Rejects(ctx, e.ID, 0)
	if err != nil || len(rs) != 2 || rs[0].Line != 3 || rs[1].Reason != "unknown station" {
		t.Fatalf("rejects %+v err=%v", rs, err)
	}
	es, err := st.Entries(ctx, 10)
	if err != nil || len(es) != 1 {
		t.Fatalf("entries %+v err=%v", es, err)
	}
}

func TestManyRejectsAreBatched(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	defer st.Close()
	e, _, err := st.Receive(ctx, "x", "x.csv", "cli", 1)
	if err != nil {
		t.Fatal(err)
	}
	var rs []store.Reject
	for i := 1; i <= 1234; i++ {
		rs = append(rs, store.Reject{Line: int64(i), Reason: "bad"})
	}
	e.Outcome = store.OutcomeRejected
	if err := st.Finish(ctx, nil, &e, rs); err != nil {
		t.Fatal(err)
	}
	got, err := st.Rejects(ctx, e.ID, 0)
	if err != nil || len(got) != 1234 {
		t.Fatalf("got %d rejects, err %v", len(got), err)
	}
}

// TestOpenLockedSaysWhy: a second process cannot open a database another
// one holds; the error names the likely holder and the way out.
func TestOpenLockedSaysWhy(t *testing.T) {
	if os.Getenv("ENVDISCLOSE_HOLD_DB") != "" {
		dir := os.Getenv("ENVDISCLOSE_HOLD_DB")
		fsys, err := envsql.FS("")
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(t.Context(), dir, store.Options{SQL: fsys})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fmt.Println("holding")
		time.Sleep(30 * time.Second)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestOpenLockedSaysWhy$")
	cmd.Env = append(os.Environ(), "ENVDISCLOSE_HOLD_DB="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "holding") {
		t.Fatalf("holder: %q, %v", line, err)
	}
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(t.Context(), dir, store.Options{SQL: fsys})
	if err == nil || !strings.Contains(err.Error(), "is `envdisclose serve` running") {
		t.Fatalf("open of a held database: %v", err)
	}
}

// TestRejectsNullsTruncationLimit: a whole-file reject (line 0) and empty
// field/value are stored as NULL, a long value is cut to 200 characters
// (not bytes), and Rejects honours its limit.
func TestRejectsNullsTruncationLimit(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	defer st.Close()
	e, _, err := st.Receive(ctx, "nulls", "n.csv", "cli", 1)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("污", 250)
	e.Outcome = store.OutcomeRejected
	if err := st.Finish(ctx, nil, &e, []store.Reject{
		{Reason: "not a known kind"},
		{Line: 4, Field: "pm25", Value: long, Reason: "too long"},
	}); err != nil {
		t.Fatal(err)
	}
	var nullLine, nullField, nullValue int
	var n int
	if err := st.DB.QueryRow(`SELECT count(*) FILTER (WHERE line IS NULL), count(*) FILTER (WHERE field IS NULL),
		count(*) FILTER (WHERE value IS NULL), max(length(value)) FROM reject WHERE file_id = ?`, e.ID).
		Scan(&nullLine, &nullField, &nullValue, &n); err != nil {
		t.Fatal(err)
	}
	if nullLine != 1 || nullField != 1 || nullValue != 1 || n != 200 {
		t.Fatalf("NULL line/field/value %d/%d/%d, longest value %d; want 1/1/1, 200", nullLine, nullField, nullValue, n)
	}
	all, err := st.Rejects(ctx, e.ID, 0)
	if err != nil || len(all) != 2 || all[0].Line != 0 || all[0].Reason != "not a known kind" || all[1].Value != strings.Repeat("污", 200) {
		t.Fatalf("rejects %+v err=%v", all, err)
	}
	one, err := st.Rejects(ctx, e.ID, 1)
	if err != nil || len(one) != 1 || one[0].Line != 0 {
		t.Fatalf("rejects limit 1: %+v err=%v", one, err)
	}
	got, err := st.Entry(ctx, e.ID)
	if err != nil || got.Outcome != store.OutcomeRejected || got.FinishedAt == nil {
		t.Fatalf("entry %+v err=%v", got, err)
	}
}

// TestOpenSessionSettings: the session statements of sql/store/ apply the
// time zone and the optional thread count and memory limit.
func TestOpenSessionSettings(t *testing.T) {
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), t.TempDir(), store.Options{SQL: fsys, Threads: 3, MemoryLimit: "1GB"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var tz, mem string
	var threads int
	if err := st.DB.QueryRow(`SELECT current_setting('TimeZone'), current_setting('threads'), current_setting('memory_limit')`).
		Scan(&tz, &threads, &mem); err != nil {
		t.Fatal(err)
	}
	if tz != "Asia/Shanghai" || threads != 3 || !strings.Contains(mem, "953.6 MiB") {
		t.Fatalf("TimeZone %q threads %d memory_limit %q", tz, threads, mem)
	}
}

// TestOpenReadsStatementsFromTheTree: the store's statements come from the
// SQL tree it is given; one missing is an error naming the file.
func TestOpenReadsStatementsFromTheTree(t *testing.T) {
	embedded, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	tree := fstest.MapFS{}
	if err := fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "store/ledger_finish.sql" {
			return err
		}
		b, err := fs.ReadFile(embedded, p)
		tree[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(t.Context(), t.TempDir(), store.Options{SQL: tree})
	if err == nil || !strings.Contains(err.Error(), "store/ledger_finish.sql") {
		t.Fatalf("open without store/ledger_finish.sql: %v", err)
	}
}

// TestReceiveMany: one transaction for several files; ids in order, the
// same bytes twice in one call give one entry (the second seen, not
// final), a settled file is seen and final, and nothing is recorded when
// the call fails.
func TestReceiveMany(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	defer st.Close()
	done, _, err := st.Receive(ctx, "old", "old.csv", "cli", 3)
	if err != nil {
		t.Fatal(err)
	}
	done.Outcome = store.OutcomeAccepted
	if err := st.Finish(ctx, nil, &done, nil); err != nil {
		t.Fatal(err)
	}
	es, seen, err := st.ReceiveMany(ctx, []store.Incoming{
		{SHA256: "a", Name: "a.csv", Source: "push:1001A", Size: 1},
		{SHA256: "b", Name: "b.csv", Source: "push:1002A", Size: 2},
		{SHA256: "a", Name: "a-again.csv", Source: "push:1001A", Size: 1},
		{SHA256: "old", Name: "old-again.csv", Source: "cli", Size: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	if es[0].ID <= done.ID || es[1].ID != es[0].ID+1 || seen[0] || seen[1] || es[1].Source != "push:1002A" || es[1].Size != 2 {
		t.Fatalf("new files: %+v %+v seen %v", es[0], es[1], seen)
	}
	if !seen[2] || es[2].ID != es[0].ID || es[2].Final() || es[2].Name != "a.csv" {
		t.Fatalf("same bytes twice: %+v seen %v", es[2], seen[2])
	}
	if !seen[3] || es[3].ID != done.ID || !es[3].Final() {
		t.Fatalf("settled file again: %+v seen %v", es[3], seen[3])
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := st.ReceiveMany(cctx, []store.Incoming{{SHA256: "c", Name: "c.csv", Source: "cli", Size: 1}}); err == nil {
		t.Fatal("a cancelled call recorded files")
	}
	es, err = st.Entries(ctx, 10)
	if err != nil || len(es) != 3 {
		t.Fatalf("ledger has %d entries (%v), want 3", len(es), err)
	}
}
