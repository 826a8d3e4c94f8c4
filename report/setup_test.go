package report

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
	"github.com/envdisclose/envdisclose/transform/incident"
	"github.com/envdisclose/envdisclose/transform/polluter"
	"github.com/envdisclose/envdisclose/transform/water"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testNow is the fixed clock of the test store (ingest refuses data from
// the future; the quarter 2023Q1 has ended by then).
var testNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// The store is loaded once per test binary: the bundled real air sample
// (2,026 stations, 2023-01-20 … 23), the real CNEMC water snapshot, the real
// Ningxia polluter roster, and the generated parts (drinking-water and river
// samples 2022–2023, incidents 2023, polluter hours of January 2023), then
// transformed by pipeline.Build without publishing.
var (
	storeOnce sync.Once
	storeDir  string
	storeErr  error
)

// REPORT_TEST_DATA keeps the loaded data directory (for inspection).
func testStore(t *testing.T) *store.Store {
	t.Helper()
	storeOnce.Do(func() {
		storeDir = os.Getenv("REPORT_TEST_DATA")
		if storeDir == "" {
			storeDir, storeErr = os.MkdirTemp("", "report-test-*")
			if storeErr != nil {
				return
			}
		}
		if _, err := os.Stat(filepath.Join(storeDir, store.DBFile)); err == nil {
			return // kept from an earlier run
		}
		storeErr = loadTestData(context.Background(), storeDir)
	})
	if storeErr != nil {
		t.Fatal(storeErr)
	}
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), storeDir, store.Options{SQL: fsys, Clock: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func loadTestData(ctx context.Context, dir string) error {
	fsys, err := envsql.FS("")
	if err != nil {
		return err
	}
	now := func() time.Time { return testNow }
	st, err := store.Open(ctx, dir, store.Options{SQL: fsys, Clock: now})
	if err != nil {
		return err
	}
	defer st.Close()
	in := filepath.Join(dir, "inbox")
	air, err := sample.WriteTo(in)
	if err != nil {
		return err
	}
	wat, err := sample.WriteWater(in)
	if err != nil {
		return err
	}
	if _, err := ingest.Paths(ctx, st, append(air, wat...), ingest.Options{Source: "test", Now: now}); err != nil {
		return err
	}
	gen := filepath.Join(in, "generated")
	gw, err := sample.GenerateWater(gen, 2022, 2023, 1)
	if err != nil {
		return err
	}
	gi, err := sample.GenerateIncidents(gen, 2023, 1)
	if err != nil {
		return err
	}
	if _, err := ingest.Paths(ctx, st, append(gw, gi), ingest.Options{Source: "generated", Now: now}); err != nil {
		return err
	}
	roster := filepath.Join(dir, "reference", "polluters")
	if _, err := sample.WritePolluters(roster); err != nil {
		return err
	}
	if _, err := polluter.LoadRoster(ctx, st, roster); err != nil {
		return err
	}
	if _, err := polluter.Generate(ctx, st, polluter.GenOptions{Month: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), Seed: 1}); err != nil {
		return err
	}
	// The transform sequence of pipeline.Build (which also publishes; the
	// publish package imports this one, so the stages are called directly).
	if _, err := transform.Run(ctx, st, transform.Options{All: true}); err != nil {
		return err
	}
	if _, err := water.Run(ctx, st, water.Options{}); err != nil {
		return err
	}
	if _, err := polluter.Run(ctx, st, polluter.Options{Full: true}); err != nil {
		return err
	}
	_, err = incident.Run(ctx, st, incident.Options{Full: true, Now: testNow})
	return err
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if os.Getenv("REPORT_TEST_DATA") == "" && storeDir != "" {
		os.RemoveAll(storeDir)
	}
	os.Exit(code)
}
