package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
