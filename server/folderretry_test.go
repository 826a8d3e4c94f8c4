package server

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/store"
)

// TestFolderRetry: an inbox file whose ingest fails with a store error
// does not hold back the files after it in its batch, is tried again only
// after the backoff, at most RetryAttempts times, then moved aside with
// the reason (never deleted); moved back after the cause is fixed, it is
// ingested and its record goes.
func TestFolderRetry(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, store.CST)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	e := start(t, envOpt{noRun: true, opt: func(o *Options) {
		o.Now, o.RetryAttempts, o.RetryBackoff = now, 3, time.Minute
	}})
	broken, tries := true, 0
	e.srv.pathsFn = func(ctx context.Context, st *store.Store, paths []string, opt ingest.Options) ([]ingest.Summary, error) {
		i := slices.IndexFunc(paths, func(p string) bool { return filepath.Base(p) == "b.csv" })
		if !broken || i < 0 {
			return ingest.Paths(ctx, st, paths, opt)
		}
		tries++
		sums, err := ingest.Paths(ctx, st, paths[:i], opt) // as the real one: stops at the failing file
		if err != nil {
			return sums, err
		}
		return sums, errors.New("IO Error: could not write to the database file (disk full?)")
	}
	inbox, archive := e.srv.inboxDir(), filepath.Join(e.st.Dir, "archive")
	os.MkdirAll(inbox, 0o755)
	bodyA, nA := longCSV(t, e.sample, 1, "1001A")
	bodyB, nB := longCSV(t, e.sample, 1, "1002A")
	bodyC, nC := longCSV(t, e.sample, 1, "1003A")
	for name, b := range map[string][]byte{"a.csv": bodyA, "b.csv": bodyB, "c.csv": bodyC} {
		if err := os.WriteFile(filepath.Join(inbox, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func() error {
		_, err := e.srv.ingestFolder(t.Context(), inbox, archive, "inbox")
		return err
	}
	record := func() (state string, attempts int, moved string) {
		t.Helper()
		if err := e.st.DB.QueryRow(`SELECT state, attempts, coalesce(moved_to, '') FROM folder_retry WHERE path = ?`,
			filepath.Join(inbox, "b.csv")).Scan(&state, &attempts, &moved); err != nil {
			t.Fatal(err)
		}
		return
	}
	rowsOf := func(code string) int64 { return e.count(`SELECT count(*) FROM air_hour WHERE station_code = ?`, code) }

	if err := run(); err == nil {
		t.Error("the run with a failing file returned no error")
	}
	day := clock.Format("2006-01-02")
	for _, name := range []string{"a.csv", "c.csv"} { // c.csv comes after the failing file
		if _, err := os.Stat(filepath.Join(archive, day, name)); err != nil {
			t.Errorf("%s not archived: %v", name, err)
		}
	}
	if rowsOf("1001A") != int64(nA) || rowsOf("1003A") != int64(nC) || rowsOf("1002A") != 0 {
		t.Fatalf("rows 1001A %d (want %d), 1003A %d (want %d), 1002A %d", rowsOf("1001A"), nA, rowsOf("1003A"), nC, rowsOf("1002A"))
	}
	if st, n, _ := record(); st != retryPending || n != 1 {
		t.Fatalf("after the first failure: %s, %d attempts", st, n)
	}
	before := tries
	advance(30 * time.Second) // within the backoff: not tried
	if err := run(); err != nil || tries != before {
		t.Errorf("tried again within the backoff (err %v, tries %d -> %d)", err, before, tries)
	}
	advance(time.Minute) // second attempt
	run()
	if st, n, _ := record(); st != retryPending || n != 2 {
		t.Fatalf("after the second failure: %s, %d attempts", st, n)
	}
	advance(3 * time.Minute) // third and last attempt
	run()
	st, n, moved := record()
	if st != retryFailed || n != 3 || moved == "" {
		t.Fatalf("after the last attempt: %s, %d attempts, moved to %q", st, n, moved)
	}
	if b, err := os.ReadFile(moved); err != nil || string(b) != string(bodyB) {
		t.Fatalf("the failed file is not kept at %s: %v", moved, err)
	}
	if _, err := os.Stat(filepath.Join(inbox, "b.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the failed file is still in the inbox")
	}
	if n := e.count(`SELECT count(*) FROM folder_retry WHERE state = 'failed' AND last_error LIKE '%disk full%'`); n != 1 {
		t.Error("the reason of the failure is not recorded")
	}
	before = tries
	advance(time.Hour)
	if err := run(); err != nil || tries != before {
		t.Errorf("a failed file was tried again (err %v)", err)
	}
	// Fixed and moved back: ingested, archived, record gone, rows once.
	broken = false
	if err := os.Rename(moved, filepath.Join(inbox, "b.csv")); err != nil {
		t.Fatal(err)
	}
	if err := run(); err != nil {
		t.Fatal(err)
	}
	if rowsOf("1002A") != int64(nB) || rowsOf("1001A") != int64(nA) {
		t.Errorf("rows 1002A %d (want %d), 1001A %d", rowsOf("1002A"), nB, rowsOf("1001A"))
	}
	if n := e.count(`SELECT count(*) FROM folder_retry`); n != 0 {
		t.Errorf("%d retry records left", n)
	}
}

// TestFolderFileGone: a file that goes away between the listing and its
// ingest leaves no retry record; the others of its batch land.
func TestFolderFileGone(t *testing.T) {
	e := start(t, envOpt{noRun: true})
	inbox, archive := e.srv.inboxDir(), filepath.Join(e.st.Dir, "archive")
	os.MkdirAll(inbox, 0o755)
	bodyA, nA := longCSV(t, e.sample, 1, "1001A")
	bodyB, _ := longCSV(t, e.sample, 1, "1002A")
	os.WriteFile(filepath.Join(inbox, "a.csv"), bodyA, 0o644)
	os.WriteFile(filepath.Join(inbox, "b.csv"), bodyB, 0o644)
	e.srv.pathsFn = func(ctx context.Context, st *store.Store, paths []string, opt ingest.Options) ([]ingest.Summary, error) {
		os.Remove(filepath.Join(inbox, "b.csv")) // taken away after the listing
		return ingest.Paths(ctx, st, paths, opt)
	}
	e.srv.ingestFolder(t.Context(), inbox, archive, "inbox")
	if n := e.count(`SELECT count(*) FROM folder_retry`); n != 0 {
		t.Errorf("%d retry records for a file that went away", n)
	}
	if n := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1001A'`); n != int64(nA) {
		t.Errorf("1001A: %d rows, want %d", n, nA)
	}
}
