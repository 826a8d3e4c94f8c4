package publish

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTargets: the published build is mirrored to a folder (a symlink
// swapped atomically to a tree of hard links) and the hook runs with the
// build in its environment; a second build replaces the folder's target;
// a failing hook is reported with its output.
func TestTargets(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	mkBuild := func(name, body string) {
		t.Helper()
		dir := filepath.Join(root, buildsDir, name)
		if err := os.MkdirAll(filepath.Join(dir, "ranking"), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"index.html", "ranking/index.html"} {
			if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := swapLink(site, filepath.Join(buildsDir, name), slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
	}
	folder := filepath.Join(root, "www", "portal")
	if err := os.MkdirAll(folder, 0o755); err != nil { // a real directory there before
		t.Fatal(err)
	}
	out := filepath.Join(root, "hook.txt")
	tg := Targets{Folder: folder, Hook: []string{"sh", "-c", `echo "$ENVDISCLOSE_BUILD $ENVDISCLOSE_SITE" >> ` + out}}
	for i, b := range []string{"000001-a", "000002-b"} {
		mkBuild(b, "build "+b)
		if err := tg.Deliver(t.Context(), site, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(folder, "ranking", "index.html"))
		if err != nil || string(got) != "build "+b {
			t.Fatalf("build %d: folder serves %q, %v", i+1, got, err)
		}
		if fi, err := os.Lstat(folder); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("folder is not a symlink: %v %v", fi, err)
		}
	}
	hook, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(hook)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "000002-b "+filepath.Join(root, buildsDir, "000002-b")) {
		t.Fatalf("hook ran with %q", hook)
	}
	bad := Targets{Hook: []string{"sh", "-c", "echo no space left >&2; exit 3"}}
	if err := bad.Deliver(t.Context(), site, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("failing hook: %v", err)
	}
}
