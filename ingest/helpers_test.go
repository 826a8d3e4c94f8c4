package ingest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/internal/realdata"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// realDir returns the shared real-data folder, or skips the test.
func realDir(t testing.TB, sub string) string {
	t.Helper()
	return realdata.Dir(t, sub)
}

// testNow is the clock of the tests: after the real data (2023-01).
var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, store.CST)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys, Clock: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func testOpts() Options {
	return Options{Source: "test", Now: func() time.Time { return testNow }}
}

func count(t testing.TB, st *store.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := st.DB.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// loadStationList ingests the real UTF-8 station list.
func loadStationList(t testing.TB, st *store.Store) {
	t.Helper()
	p := filepath.Join(realDir(t, "station_list"), "NewSiteList_utf8.csv")
	s, err := Paths(context.Background(), st, []string{p}, testOpts())
	if err != nil {
		t.Fatal(err)
	}
	if s[0].Entry.Outcome != store.OutcomeAccepted {
		t.Fatalf("station list: %+v", s[0])
	}
}
