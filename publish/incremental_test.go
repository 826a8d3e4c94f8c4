package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

// generatedStamp is the build time in the footer of every page, the one
// part of a page that says when it was rendered rather than what data it
// shows. A page an incremental build keeps carries the time of the build
// that rendered it.
var generatedStamp = regexp.MustCompile(`页面生成时间 <span lang="en">Generated</span>：<time datetime="[^"]*">[^<]*</time>`)

// feedUpdated is the feed-level <updated> of feed.atom, also the build
// time (the entries carry their own times).
var feedUpdated = regexp.MustCompile(`(?m)^ <updated>[^<]*</updated>$`)

// treeFiles reads every regular file of a build, keyed by its slash path.
func treeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			t.Errorf("%s: not a regular file", p)
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func treeDigest(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for p, b := range treeFiles(t, dir) {
		h := sha256.Sum256(b)
		out[p] = hex.EncodeToString(h[:])
	}
	return out
}

// sameSite fails unless the two builds hold the same files with the same
// bytes, apart from the generated stamp.
func sameSite(t *testing.T, incDir, fullDir string) {
	t.Helper()
	inc, full := treeFiles(t, incDir), treeFiles(t, fullDir)
	for p, want := range full {
		got, ok := inc[p]
		if !ok {
			t.Errorf("%s: in the full build, missing from the incremental one", p)
			continue
		}
		g := generatedStamp.ReplaceAll(got, []byte("GENERATED"))
		w := generatedStamp.ReplaceAll(want, []byte("GENERATED"))
		if p == "feed.atom" {
			g, w = feedUpdated.ReplaceAll(g, []byte("UPDATED")), feedUpdated.ReplaceAll(w, []byte("UPDATED"))
		}
		if !bytes.Equal(g, w) {
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			lo := max(0, i-80)
			t.Errorf("%s differs from the full build at byte %d:\n inc: %q\nfull: %q", p, i, g[lo:min(len(g), i+80)], w[lo:min(len(w), i+80)])
		}
	}
	for p := range inc {
		if _, ok := full[p]; !ok {
			t.Errorf("%s: in the incremental build, not in the full one", p)
		}
	}
}

// push lands a long-layout file through the real ingest and recomputes the
// touched days with the real air transform, as the server does after a
// station push.
func push(t *testing.T, st *store.Store, name, body string, at time.Time) {
	t.Helper()
	ctx := t.Context()
	sum, err := ingest.Bytes(ctx, st, name, []byte(body), ingest.Options{Source: "push:test", Now: func() time.Time { return at }})
	if err != nil {
		t.Fatalf("ingest %s: %v", name, err)
	}
	if sum.Entry.RowsAccepted == 0 || sum.Entry.RowsRejected != 0 {
		t.Fatalf("ingest %s: %+v", name, sum.Entry)
	}
	if _, err := transform.Run(ctx, st, transform.Options{}); err != nil {
		t.Fatalf("transform: %v", err)
	}
}

// TestIncrementalSameAsFull: after a push, the incremental build holds the
// same bytes in every file as a full build of the same data, renders only
// what changed, shares the other files with the previous build by hard
// links, and leaves the previous build untouched.
func TestIncrementalSameAsFull(t *testing.T) {
	ctx := t.Context()
	st := openFixture(t)
	// The fixture's ledger row 1 was inserted without the sequence.
	if _, err := st.DB.ExecContext(ctx, `SELECT nextval('file_id_seq')`); err != nil {
		t.Fatal(err)
	}
	at := func(hh int) func() time.Time {
		return func() time.Time { return time.Date(2026, 11, 1, hh, 30, 0, 0, store.CST) }
	}
	// The fixture's AQI of 2026-11-01 is simplified: let the real
	// transform recompute that day once (a push of a missing hour).
	push(t, st, "1152A_2026110103.csv", "station_code,time,pm25,pm10,so2,no2,o3,co\n1152A,2026-11-01 03:00,40,62,6,28,44,0.7\n", at(10)())
	if _, err := Build(ctx, st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(statePath(buildDir(t, st))); err != nil {
		t.Fatalf("a full build leaves its state: %v", err)
	}

	steps := []struct {
		name, file, body string
		hour             int
		renderedMax      int // station, region and ranking pages rendered again at most
	}{
		// A correction of one station-hour inside the window: that station,
		// its regions and the rankings of the month change, not the others.
		{"correction", "1151A_2026110108.csv", "station_code,time,pm25,pm10,so2,no2,o3,co\n1151A,2026-11-01 08:00,61,90,7,30,50,0.6\n", 11, 12},
		// A new latest hour for one station: the window of every station
		// moves, so every station that had a value in the hour that left
		// it changes too.
		{"new hour", "1029A_2026110110.csv", "station_code,time,pm25,pm10,so2,no2,o3,co\n1029A,2026-11-01 10:00,70,110,8,31,45,0.9\n", 12, 100},
	}
	for _, step := range steps {
		prevDir := buildDir(t, st)
		prevDigest := treeDigest(t, prevDir)
		push(t, st, step.file, step.body, at(step.hour)())
		rep, err := Incremental(ctx, st, Options{Now: at(step.hour)})
		if err != nil {
			t.Fatalf("%s: Incremental: %v", step.name, err)
		}
		if rep.Full {
			t.Fatalf("%s: ran a full build: %s", step.name, rep.FullReason)
		}
		if rep.Rendered == 0 || rep.Rendered > step.renderedMax || rep.Kept == 0 {
			t.Errorf("%s: rendered %d, kept %d pages (want 1..%d rendered, some kept)", step.name, rep.Rendered, rep.Kept, step.renderedMax)
		}
		incDir := buildDir(t, st)
		if incDir == prevDir {
			t.Fatalf("%s: the site link still points at %s", step.name, prevDir)
		}
		// A kept page is the previous build's file; a rendered one is new.
		sameInode := func(p string) bool {
			a, err1 := os.Stat(filepath.Join(prevDir, p))
			b, err2 := os.Stat(filepath.Join(incDir, p))
			return err1 == nil && err2 == nil && os.SameFile(a, b)
		}
		if !sameInode("assets/style.css") || (step.name == "correction" && !sameInode("station/1031A.html")) {
			t.Errorf("%s: an unchanged station page or asset is not a hard link to the previous build", step.name)
		}
		if sameInode("station/1151A.html") && step.name == "correction" {
			t.Errorf("%s: the corrected station's page was not rendered again", step.name)
		}
		if sameInode("index.html") || sameInode("data/index.html") {
			t.Errorf("%s: the home and downloads pages must be new files", step.name)
		}
		if got := treeDigest(t, prevDir); !mapsEqual(got, prevDigest) {
			t.Errorf("%s: the previous build changed", step.name)
		}
		if _, err := Build(ctx, st, Options{Now: at(step.hour)}); err != nil {
			t.Fatal(err)
		}
		sameSite(t, incDir, buildDir(t, st))
	}
	// The corrected value is on the page.
	if page := readSite(t, st, "station/1151A.html"); !bytes.Contains([]byte(page), []byte(`<td class="num">61</td><td class="num">90</td>`)) {
		t.Error("station/1151A.html does not show the corrected PM2.5 61")
	}
}

// TestIncrementalWithoutState: a build without a state file (an older
// binary's) makes Incremental run a full build and say why.
func TestIncrementalWithoutState(t *testing.T) {
	st, _ := built(t)
	if err := os.Remove(statePath(buildDir(t, st))); err != nil {
		t.Fatal(err)
	}
	rep, err := Incremental(t.Context(), st, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Full || rep.FullReason == "" || rep.Pages < 10 {
		t.Fatalf("report %+v: want a full build with its reason", rep)
	}
	if _, err := os.Stat(statePath(buildDir(t, st))); err != nil {
		t.Fatalf("the full build left no state: %v", err)
	}
	rep, err = Incremental(t.Context(), st, Options{Now: now})
	if err != nil || rep.Full || rep.Rendered != 0 {
		t.Fatalf("nothing changed: rendered %d, full %v (%s), err %v", rep.Rendered, rep.Full, rep.FullReason, err)
	}
}

// buildDir is the absolute directory of the published build.
func buildDir(t *testing.T, st *store.Store) string {
	t.Helper()
	return filepath.Join(filepath.Dir(st.SiteDir()), siteTarget(t, st))
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
