// Package realdata finds the shared real public data the tests check
// against (../shared/data/real beside the project checkout, as in CI). The
// product never uses it at run time.
package realdata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the real-data folder: $ENVDISCLOSE_REAL_DATA, else
// <project>/../shared/data/real. Empty if it does not exist.
func Root() string {
	if d := os.Getenv("ENVDISCLOSE_REAL_DATA"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file = <project>/internal/realdata/realdata.go
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "data", "real")
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return filepath.Clean(d)
}

// Dir returns a folder (or file) under the real-data root. When the data is
// missing the test is skipped on a developer machine, but fails in CI
// (CI=true), where the oracles must run.
func Dir(t testing.TB, elem ...string) string {
	t.Helper()
	root := Root()
	if root == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("real data (../shared/data/real) not found; CI must run the oracle tests")
		}
		t.Skip("real data (../shared/data/real) not found")
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("real data %s: %v", p, err)
		}
		t.Skipf("real data %s: %v", p, err)
	}
	return p
}
