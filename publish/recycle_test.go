package publish

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

// TestRecyclePool: prune moves the files of the builds it removes that no
// other build shares into the pool (within its cap), and builds write over
// pool files instead of creating new ones, cut them to their new length,
// never take a file another build links, and leave the Keep builds before
// them as they were; after several incremental builds that change more and
// more pages every written file is a reused one, and a full build and an
// incremental one give the same bytes as without reuse.
func TestRecyclePool(t *testing.T) {
	ctx := t.Context()
	st := poolFixture(t)
	root := filepath.Join(st.Dir, buildsDir)
	pool := poolDir(root)
	var dirs []string
	for i := range 4 {
		rep, err := Build(ctx, st, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if i <= Keep && rep.Reused != 0 {
			t.Fatalf("build %s reused %d files with no build pruned yet", rep.Build, rep.Reused)
		}
		dirs = append(dirs, buildDir(t, st))
	}
	if _, err := os.Stat(dirs[0]); !os.IsNotExist(err) {
		t.Fatalf("the oldest build %s is still there (err %v)", dirs[0], err)
	}
	checkPoolCap(t, pool, dirs[3])
	// Make every pool file longer than the page it becomes (the new build
	// must cut it), and the pool's station/1151A.html (the first file the
	// build tries for that page) a link shared with the current build (it
	// must not be taken).
	pooled := treeFiles(t, pool)
	if len(pooled) < len(treeFiles(t, dirs[3]))/2 {
		t.Fatalf("the pool holds %d files after a full build was pruned", len(pooled))
	}
	for p := range pooled {
		f, err := os.OpenFile(filepath.Join(pool, filepath.FromSlash(p)), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("\nLEFTOVER OF AN OLD BUILD THAT MUST NOT SURVIVE\n"); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	shared := "station/1151A.html"
	if err := os.Remove(filepath.Join(pool, shared)); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(dirs[3], shared), filepath.Join(pool, shared)); err != nil {
		t.Fatal(err)
	}
	kept := map[string]map[string]string{}
	for _, d := range dirs[1:] {
		kept[d] = treeDigest(t, d)
	}
	rep, err := Build(ctx, st, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Reused < rep.Files*9/10 {
		t.Errorf("full build reused %d of the %d files it wrote (pool of %d)", rep.Reused, rep.Files, len(pooled))
	}
	next := buildDir(t, st)
	sameSite(t, next, dirs[3])
	for _, d := range dirs[2:] {
		if !mapsEqual(treeDigest(t, d), kept[d]) {
			t.Errorf("%s changed while the next build reused pool files", filepath.Base(d))
		}
	}
	a, _ := os.Stat(filepath.Join(dirs[3], shared))
	b, _ := os.Stat(filepath.Join(next, shared))
	if os.SameFile(a, b) {
		t.Errorf("%s: a file linked from another build was taken from the pool", shared)
	}
	checkPoolCap(t, pool, next)

	// Incremental builds after pushes that touch more and more stations,
	// each followed by Prune (as the server does): every file they write
	// is a pool file, and the builds they keep do not change.
	var incDir string
	for i, n := range []int{1, 3, 5, 7} {
		correct(t, st, n, i)
		cur := buildDir(t, st)
		kept := map[string]map[string]string{}
		for _, d := range keptBuilds(t, root, cur) {
			kept[d] = treeDigest(t, d)
		}
		at := func() time.Time { return time.Date(2026, 11, 1, 11, 30, 0, 0, store.CST) }
		inc, err := Incremental(ctx, st, Options{Now: at})
		if err != nil {
			t.Fatal(err)
		}
		if inc.Full || inc.Rendered == 0 {
			t.Fatalf("%d stations: full=%v (%s), rendered %d", n, inc.Full, inc.FullReason, inc.Rendered)
		}
		if inc.Reused != inc.Files {
			t.Errorf("%d stations: reused %d of the %d files written", n, inc.Reused, inc.Files)
		}
		t.Logf("%d stations: %d files written, %d reused", n, inc.Files, inc.Reused)
		for d, want := range kept {
			if !mapsEqual(treeDigest(t, d), want) {
				t.Errorf("%d stations: %s changed during the incremental build", n, filepath.Base(d))
			}
		}
		incDir = buildDir(t, st)
		if Prune(st, nil, nil) != 1 {
			t.Errorf("%d stations: Prune removed no build", n)
		}
		checkPoolCap(t, pool, incDir)
	}
	if _, err := Build(ctx, st, Options{Now: func() time.Time { return time.Date(2026, 11, 1, 11, 30, 0, 0, store.CST) }}); err != nil {
		t.Fatal(err)
	}
	sameSite(t, incDir, buildDir(t, st))

	// A pool folder the current build does not have goes at the next prune.
	gone := filepath.Join(pool, "gone")
	if err := os.MkdirAll(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gone, "x.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	Prune(st, nil, nil)
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("pool folder %s of no build is still there (err %v)", gone, err)
	}
}

// TestPoolSkipsUnfinishedBuild: the files of a build without a state file
// (its writer may still have them open) are deleted, not pooled.
func TestPoolSkipsUnfinishedBuild(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are reused on Linux only")
	}
	root := t.TempDir()
	old := filepath.Join(root, "000001-20261101T000000Z")
	if err := os.MkdirAll(filepath.Join(old, "station"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "station/a.html", "station/b.html"} {
		if err := os.WriteFile(filepath.Join(old, filepath.FromSlash(p)), []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pool := poolDir(root)
	if n := freeFiles(old, pool); n != 0 {
		t.Errorf("pooled %d files of a build without state", n)
	}
	if err := os.MkdirAll(filepath.Dir(statePath(old)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(statePath(old), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	// With its state: its unshared files go up to the cap, Keep times the
	// build's 2 files of station/, here one file as the pool's station/
	// holds one fewer (a.html among them): a.html, under name~build as its
	// name is taken. index.html, linked from elsewhere, stays.
	want := map[string]bool{"station/a.html~000001-20261101T000000Z": true}
	if err := os.MkdirAll(filepath.Join(pool, "station"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range Keep*2 - 1 {
		name := "a.html"
		if i > 0 {
			name = fmt.Sprintf("x%d.html", i)
		}
		want["station/"+name] = true
		if err := os.WriteFile(filepath.Join(pool, "station", name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Link(filepath.Join(old, "index.html"), filepath.Join(root, "other")); err != nil {
		t.Fatal(err)
	}
	if n := freeFiles(old, pool); n != 1 {
		t.Errorf("pooled %d files, want 1", n)
	}
	got := poolFiles(t, pool)
	if len(got) != len(want) {
		t.Errorf("pool %v, want %v", got, want)
	}
	for p := range want {
		if !got[p] {
			t.Errorf("pool %v lacks %s", got, p)
		}
	}
	if _, err := os.Stat(filepath.Join(old, "station", "b.html")); err != nil {
		t.Errorf("the file over the cap left the build: %v", err)
	}
}

// TestPoolRace: two builds taking files from the same pool while prune
// moves an old build's files into it each get distinct files (never one
// the other took), with the bytes of a build that reused nothing.
func TestPoolRace(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are reused on Linux only")
	}
	ctx := t.Context()
	st := openFixture(t)
	tpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	data, err := loadAir(ctx, st.DB)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 11, 30, 0, 0, store.CST)
	root := filepath.Join(t.TempDir(), buildsDir)
	pool := poolDir(root)
	render := func(dir, pool string) *Report {
		t.Helper()
		inc := &incState{prev: &buildState{Pages: map[string]string{}}, prevCSV: map[string][]csvEntry{}, linked: map[string]bool{}}
		s := &site{dir: dir, now: at, tpl: tpl, data: data, rep: &Report{}, check: ctx.Err, inc: inc, pool: pool}
		if err := s.stations(); err != nil {
			t.Error(err)
		}
		return s.rep
	}
	render(filepath.Join(root, "want"), "")
	render(pool, "")
	old := filepath.Join(root, "000001-20261101T000000Z")
	render(old, "")
	if err := os.MkdirAll(filepath.Dir(statePath(old)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(statePath(old), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := len(treeFiles(t, pool))
	reps := make([]*Report, 2)
	done := make(chan bool)
	for i := range reps {
		go func() {
			reps[i] = render(filepath.Join(root, fmt.Sprint("b", i)), pool)
			done <- true
		}()
	}
	go func() {
		freeFiles(old, pool)
		done <- true
	}()
	for range 3 {
		<-done
	}
	want := treeDigest(t, filepath.Join(root, "want"))
	inodes := map[uint64]string{}
	for i := range reps {
		dir := filepath.Join(root, fmt.Sprint("b", i))
		if got := treeDigest(t, dir); !mapsEqual(got, want) {
			t.Errorf("build %d differs from a build without reuse", i)
		}
		for p := range want {
			fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			ino := fi.Sys().(*syscall.Stat_t).Ino
			if q, ok := inodes[ino]; ok {
				t.Errorf("%s of build %d is the same file as %s", p, i, q)
			}
			inodes[ino] = fmt.Sprint(i, ":", p)
		}
	}
	if reps[0].Reused+reps[1].Reused < n || reps[0].Reused+reps[1].Reused > 2*n {
		t.Errorf("reused %d + %d files of a pool of %d (and %d more pooled meanwhile)", reps[0].Reused, reps[1].Reused, n, n)
	}
}

// poolFiles lists the files of the pool by slash path.
func poolFiles(t *testing.T, pool string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for p := range treeFiles(t, pool) {
		out[p] = true
	}
	return out
}

// checkPoolCap fails when a pool folder holds more files than Keep times
// the build dir's files in that folder, or a folder dir lacks.
func checkPoolCap(t *testing.T, pool, dir string) {
	t.Helper()
	count := func(root string) map[string]int {
		out := map[string]int{}
		for p := range treeFiles(t, root) {
			out[path.Dir(p)]++
		}
		return out
	}
	build := count(dir)
	for folder, n := range count(pool) {
		if n > Keep*build[folder] {
			t.Errorf("pool folder %s holds %d files, its build folder %d (cap %d times that)", folder, n, build[folder], Keep)
		}
	}
}

// keptBuilds are the build directories under root other than the current
// one (the ones a build must not change).
func keptBuilds(t *testing.T, root, current string) []string {
	t.Helper()
	ents, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if _, ok := buildSeq(e.Name()); ok && e.IsDir() {
			out = append(out, filepath.Join(root, e.Name()))
		}
	}
	if len(out) < 2 {
		t.Fatalf("builds %v: want the current one and one before it at least (%s)", out, current)
	}
	return out
}

// correct lands one file correcting the 08:00 hour of 2026-11-01 of the
// first n fixture stations (values depending on v, so the pages change)
// through the real ingest and air transform, as after station pushes.
func correct(tb testing.TB, st *store.Store, n, v int) {
	tb.Helper()
	ctx := context.Background()
	codes := []string{"1029A", "1030A", "1031A", "1051A", "1151A", "1152A", "1180A"}
	var b strings.Builder
	b.WriteString("station_code,time,pm25,pm10,so2,no2,o3,co\n")
	for _, c := range codes[:n] {
		fmt.Fprintf(&b, "%s,2026-11-01 08:00,%d,%d,7,30,50,0.6\n", c, 40+v%50, 80+v%60)
	}
	at := func() time.Time { return time.Date(2026, 11, 1, 11, 30, 0, 0, store.CST) }
	sum, err := ingest.Bytes(ctx, st, fmt.Sprintf("fix_%d_%d.csv", n, v), []byte(b.String()), ingest.Options{Source: "push:test", Now: at})
	if err != nil {
		tb.Fatalf("ingest: %v", err)
	}
	if sum.Entry.RowsAccepted != int64(n) || sum.Entry.RowsRejected != 0 {
		tb.Fatalf("ingest: %+v", sum.Entry)
	}
	if _, err := transform.Run(ctx, st, transform.Options{}); err != nil {
		tb.Fatalf("transform: %v", err)
	}
}

// BenchmarkRepublishReuse: a server's republishes after pushes that
// touch a varying number of stations (1 to 7 of the fixture), each
// followed by Prune as the server runs it; reports the share of written
// files that were reused rather than created, after a warm-up round.
// go test -run '^$' -bench RepublishReuse -benchtime 1x ./publish/
func BenchmarkRepublishReuse(b *testing.B) {
	ctx := context.Background()
	fsys, err := envsql.FS("")
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, b.TempDir(), store.Options{SQL: fsys, Clock: now})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	fixture, err := os.ReadFile("testdata/fixture.sql")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.DB.ExecContext(ctx, string(fixture)+`; SELECT nextval('file_id_seq')`); err != nil {
		b.Fatal(err)
	}
	at := func() time.Time { return time.Date(2026, 11, 1, 11, 30, 0, 0, store.CST) }
	v := 0
	correct(b, st, 1, v) // the real transform recomputes the fixture's last day once
	if _, err := Build(ctx, st, Options{Now: at}); err != nil {
		b.Fatal(err)
	}
	round := func() (written, reused int) {
		for _, n := range []int{1, 3, 7, 2, 1, 6, 7, 1, 4, 7, 7, 2} {
			v++
			correct(b, st, n, v)
			rep, err := Incremental(ctx, st, Options{Now: at})
			if err != nil || rep.Full {
				b.Fatalf("incremental: %v (full %v: %s)", err, rep.Full, rep.FullReason)
			}
			Prune(st, nil, nil)
			written += rep.Files
			reused += rep.Reused
		}
		return written, reused
	}
	round() // warm-up: the first builds find no file to take
	written, reused := 0, 0
	for b.Loop() {
		w, r := round()
		written += w
		reused += r
	}
	b.ReportMetric(100*float64(reused)/float64(written), "%reused")
	b.ReportMetric(float64(written-reused)/float64(b.N), "created/op")
}

// TestPoolSparesReadBuilds: a file of a build that a reader (a portal
// request, a hook) holds open keeps its bytes while later builds are
// published and pruned: prune deletes the files of a build being read
// instead of pooling them.
func TestPoolSparesReadBuilds(t *testing.T) {
	ctx := t.Context()
	st := poolFixture(t)
	if _, err := Build(ctx, st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	readers := NewReaders()
	build, release, err := readers.holdCurrent(st.SiteDir())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(build, "station", "1151A.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	at := func() time.Time { return time.Date(2026, 11, 1, 11, 30, 0, 0, store.CST) }
	for i := range 6 { // the held build is pruned after Keep+1 of them
		correct(t, st, 7, i)
		if _, err := Incremental(ctx, st, Options{Now: at, Readers: readers}); err != nil {
			t.Fatal(err)
		}
		Prune(st, nil, readers)
	}
	if _, err := os.Stat(build); !os.IsNotExist(err) {
		t.Fatalf("the held build %s was not pruned (err %v): the test proves nothing", filepath.Base(build), err)
	}
	got := make([]byte, len(want)+64)
	n, _ := f.ReadAt(got, 0)
	if string(got[:n]) != string(want) {
		t.Errorf("a file held open by a reader changed: %d bytes, was %d", n, len(want))
	}
	release()
	if readers.reading(filepath.Base(build)) {
		t.Error("the reader is still counted after release")
	}
}

// poolFixture is the publish fixture for the pool tests (Linux only: files
// are reused there), with the fixture's simplified last day recomputed
// once by the real transform (its pages are the same in every build after
// that).
func poolFixture(t *testing.T) *store.Store {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("files are reused on Linux only")
	}
	st := openFixture(t)
	if _, err := st.DB.ExecContext(t.Context(), `SELECT nextval('file_id_seq')`); err != nil {
		t.Fatal(err)
	}
	correct(t, st, 1, 99)
	return st
}
