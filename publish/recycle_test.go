package publish

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// TestRecycleSpareBuild: a build writes over the unshared files of the
// spare build (the one prune deletes next) instead of creating new ones,
// cuts them to their new length, never touches a file another build
// shares, and leaves the builds before it as they were; a full build and
// an incremental one both give the same bytes as without reuse.
func TestRecycleSpareBuild(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are reused on Linux only")
	}
	ctx := t.Context()
	st := openFixture(t)
	if _, err := st.DB.ExecContext(ctx, `SELECT nextval('file_id_seq')`); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for range 4 {
		rep, err := Build(ctx, st, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Reused != 0 {
			t.Fatalf("build %s reused %d files with no spare build yet", rep.Build, rep.Reused)
		}
		dirs = append(dirs, buildDir(t, st))
	}
	spare := spareBuild(filepath.Dir(dirs[3]), filepath.Base(dirs[3]))
	if spare != dirs[0] {
		t.Fatalf("spare build %q, want the oldest %q", spare, dirs[0])
	}
	// Make every file of the spare longer than the page it becomes (the
	// new build must cut it), and one of them a link shared with the
	// build after it (it must not be reused).
	files := treeFiles(t, spare)
	for p := range files {
		f, err := os.OpenFile(filepath.Join(spare, filepath.FromSlash(p)), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("\nLEFTOVER OF AN OLD BUILD THAT MUST NOT SURVIVE\n"); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	shared := "station/1151A.html"
	if err := os.Remove(filepath.Join(spare, shared)); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(dirs[1], shared), filepath.Join(spare, shared)); err != nil {
		t.Fatal(err)
	}
	before := map[string]map[string]string{}
	for _, d := range dirs[1:] {
		before[d] = treeDigest(t, d)
	}
	rep, err := Build(ctx, st, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Reused < len(files)/2 {
		t.Errorf("full build reused %d of the spare's %d files", rep.Reused, len(files))
	}
	next := buildDir(t, st)
	sameSite(t, next, dirs[3])
	for _, d := range dirs[1:] {
		if !mapsEqual(treeDigest(t, d), before[d]) {
			t.Errorf("%s changed while the next build reused the spare", filepath.Base(d))
		}
	}
	a, _ := os.Stat(filepath.Join(dirs[1], shared))
	b, _ := os.Stat(filepath.Join(next, shared))
	if os.SameFile(a, b) {
		t.Errorf("%s: a file shared with another build was reused", shared)
	}
	if _, err := os.Stat(dirs[0]); !os.IsNotExist(err) {
		t.Errorf("the used spare %s is still there after the build (err %v)", dirs[0], err)
	}

	// An incremental build after a push reuses the next spare (dirs[1]),
	// and gives what a full build gives.
	at := func() time.Time { return time.Date(2026, 11, 1, 12, 30, 0, 0, store.CST) }
	push(t, st, "1029A_2026110110.csv", "station_code,time,pm25,pm10,so2,no2,o3,co\n1029A,2026-11-01 10:00,70,110,8,31,45,0.9\n", at())
	cur := buildDir(t, st)
	before = map[string]map[string]string{}
	for _, d := range []string{dirs[2], dirs[3], cur} {
		before[d] = treeDigest(t, d)
	}
	inc, err := Incremental(ctx, st, Options{Now: at})
	if err != nil {
		t.Fatal(err)
	}
	if inc.Full || inc.Reused == 0 {
		t.Errorf("incremental build: full=%v (%s), reused %d files", inc.Full, inc.FullReason, inc.Reused)
	}
	incDir := buildDir(t, st)
	for d, want := range before {
		if !mapsEqual(treeDigest(t, d), want) {
			t.Errorf("%s changed during the incremental build", filepath.Base(d))
		}
	}
	if _, err := Build(ctx, st, Options{Now: at}); err != nil {
		t.Fatal(err)
	}
	sameSite(t, incDir, buildDir(t, st))
}
