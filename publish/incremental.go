package publish

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/internal/atomicfile"

	"github.com/envdisclose/envdisclose/store"
)

// Incremental publishing (after a station push). A build leaves a state
// file outside the site (DATA/site-state/<name>.json) with, for
// every station, region and ranking page, a digest of the inputs the page
// is rendered from (its view before the chart, and its CSV rows), and the
// list of CSV downloads. Incremental starts a new build directory filled
// with hard links to the files of the current build, re-renders the pages
// whose inputs changed plus the pages that depend on everything air or on
// the time (home, region and ranking indexes, freshness, downloads), and
// publishes it with the same sync and atomic symlink swap as Build.
//
// A file of the new build is never modified in place: a re-rendered page
// is a new file (the link is removed first), so the previous build keeps
// its bytes. Pages of the other datasets (water, polluters, incidents,
// bulletins, archive) and the assets stay hard links: they change only at
// a full Build, which callers run when those datasets changed.

// stateFormat is bumped when the digests change meaning.
const stateFormat = "envdisclose-site-state/1"

// buildState is the state file of a build.
type buildState struct {
	Format  string            `json:"format"`
	Version string            `json:"version"` // digest of the templates and assets the pages were rendered with
	Base    string            `json:"base"`    // BaseURL prefix of the links
	Pages   map[string]string `json:"pages"`   // page path -> digest of its inputs
	CSVs    []csvEntry        `json:"csvs"`
}

// incState is the incremental bookkeeping of one build.
type incState struct {
	prev    *buildState           // the build this one starts from (nil: full build)
	prevCSV map[string][]csvEntry // prev.CSVs by page
	next    *buildState           // what this build records
	kept    int                   // pages kept as links
	fresh   int                   // station, region and ranking pages re-rendered
	linked  map[string]bool       // site paths linked from the previous build
	// Files of the previous build under deferredDirs are not linked up
	// front: a page that changed is written new (no link to remove first),
	// one that is kept is linked by reuse, and what neither touched is
	// linked at the end (linkRest). deferred lists them; handled those
	// written or linked (guarded by site.mu).
	prevDir   string
	deferred  map[string]bool
	handled   map[string]bool
	nDeferred int // deferred files linked
}

// deferredDirs are the folders of the pages that incremental builds render
// or keep one by one (station and region pages and their downloads: most
// of a republish's files).
var deferredDirs = []string{"station/", "data/station/", "region/", "data/region/"}

func isDeferred(rel string) bool {
	for _, d := range deferredDirs {
		if strings.HasPrefix(rel, d) {
			return true
		}
	}
	return false
}

// linkDeferred links the deferred file rel of the previous build into this
// one.
func (s *site) linkDeferred(rel string) error {
	src := filepath.Join(s.inc.prevDir, filepath.FromSlash(rel))
	dst := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.Link(src, dst); err != nil {
		if err := copyRegular(src, dst); err != nil {
			return fmt.Errorf("link %s: %w", rel, err)
		}
	}
	s.mu.Lock()
	s.inc.handled[rel] = true
	s.inc.nDeferred++
	s.mu.Unlock()
	return nil
}

// linkRest links the deferred files that this build neither wrote nor
// kept, except those of pages that are gone.
func (s *site) linkRest(gone map[string]bool) error {
	for rel := range s.inc.deferred {
		if s.inc.handled[rel] || gone[rel] {
			continue
		}
		if err := s.linkDeferred(rel); err != nil {
			return err
		}
	}
	return nil
}

// syncLater records a written file: a build syncs all of them at once
// when it is complete (syncBuild) instead of one fsync after each file.
func (s *site) syncLater(path string) {
	s.mu.Lock()
	s.written = append(s.written, path)
	s.mu.Unlock()
}

// syncBuild makes the build in dir durable before it is published: the
// written files (several fsyncs at once), then the directories (all of
// them, or only dirs when every written file is in one of them: an
// incremental build's links are new entries of those directories). A
// build that wrote many files syncs the whole file system instead, in one
// syncfs(2) where the system has it: in the load check (about 2,900 files
// per republish) that took 0.05 s against 0.21 s for the fsyncs, and the
// p95 push-to-publish went from 4.25-4.34 s to 3.50-3.69 s. (Measured
// before builds reused old builds' files, syncfs had left the next
// build's new files slower to create; with the files reused it no longer
// does.)
//
// fsys is the file system of the build, opened before its first file was
// written (nil: file by file).
func syncBuild(fsys *atomicfile.FS, dir string, written, dirs []string) error {
	if fsys != nil && len(written) >= syncAllFrom {
		if ok, err := fsys.Sync(); ok || err != nil {
			return err
		}
	}
	if err := syncFiles(written); err != nil {
		return err
	}
	if dirs == nil {
		return syncDirs(dir)
	}
	known := map[string]bool{}
	for _, d := range dirs {
		known[d] = true
	}
	for _, f := range written {
		if !known[filepath.Dir(f)] { // a page in a folder the previous build did not have
			return syncDirs(dir)
		}
	}
	return syncFiles(dirs)
}

// syncAllFrom is the number of written files from which a build syncs the
// whole file system (atomicfile.FS) rather than file by file.
const syncAllFrom = 256

// syncWorkers is how many fsyncs run at once (the file system batches them
// into fewer journal commits).
const syncWorkers = 16

// syncFiles fsyncs the files at paths (regular files or directories),
// several at a time.
func syncFiles(paths []string) error {
	return parallel(len(paths), syncWorkers, func(i int) error { return atomicfile.Sync(paths[i]) })
}

// IncrementalReport says what Incremental did.
type IncrementalReport struct {
	Report
	Full       bool   // a full Build ran instead
	FullReason string // why (no state of the current build, templates changed...)
	Kept       int    // station, region and ranking pages kept as links
	Rendered   int    // station, region and ranking pages re-rendered
	Linked     int    // files linked from the previous build
	Took       map[string]time.Duration
}

// stateDir holds the state files, beside site-builds.
const stateDir = "site-state"

// statePath is the state file of the build directory dir
// (DATA/site-builds/<name> -> DATA/site-state/<name>.json).
func statePath(dir string) string {
	return filepath.Join(filepath.Dir(filepath.Dir(dir)), stateDir, filepath.Base(dir)+".json")
}

// renderVersion is a digest of everything besides the data that the bytes
// of a page depend on: the templates and the assets.
func renderVersion() (string, error) {
	h := sha256.New()
	for _, fsys := range []fs.FS{templateFS, assetFS} {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("digest of templates and assets: %w", err)
		}
	}
	return stateFormat + ":" + hex.EncodeToString(h.Sum(nil)), nil
}

func (s *site) incInit() {
	if s.inc == nil {
		s.inc = &incState{}
	}
	if s.inc.next == nil {
		s.inc.next = &buildState{Format: stateFormat, Base: s.base, Pages: map[string]string{}}
	}
}

// reuse records the digest of the inputs of page p (a station, region or
// ranking page) and reports whether the page can stay as it is in the
// build this one starts from: same digest, and its file is there. A kept
// page's CSV downloads are listed as they were.
func (s *site) reuse(p string, parts ...any) (bool, error) {
	s.incInit()
	h := sha256.New()
	enc := json.NewEncoder(h)
	var buf []byte
	for _, x := range parts {
		if d, ok := x.(digester); ok { // the pages there are most of (stations): no JSON
			buf = d.appendDigest(buf[:0])
			h.Write(buf)
			continue
		}
		if err := enc.Encode(x); err != nil {
			return false, fmt.Errorf("digest of %s: %w", p, err)
		}
	}
	d := hex.EncodeToString(h.Sum(nil))
	s.inc.next.Pages[p] = d
	prev := s.inc.prev
	if prev == nil || prev.Pages[p] != d {
		s.inc.fresh++
		return false, nil
	}
	files := append([]string{p}, csvPaths(s.inc.prevCSV[p])...)
	for _, c := range files {
		if !s.inc.linked[c] && !s.inc.deferred[c] {
			s.inc.fresh++
			return false, nil
		}
	}
	for _, c := range files {
		if s.inc.deferred[c] {
			if err := s.linkDeferred(c); err != nil {
				return false, err
			}
		}
	}
	s.csvs = append(s.csvs, s.inc.prevCSV[p]...)
	s.inc.kept++
	return true, nil
}

// digester is a page input that writes its own digest input (every field
// that reaches the page, each length-prefixed) instead of its JSON: JSON
// encoding the views of 2,000 station pages took ~90 ms of CPU per
// republish.
type digester interface {
	appendDigest(b []byte) []byte
}

// digestStr and the others append one field to a digest input.
func digestStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func digestBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func digestInt(b []byte, n int) []byte { return binary.AppendVarint(b, int64(n)) }

// csvRows are the rows of a page's CSV download, as a page input.
type csvRows [][]string

func (r csvRows) appendDigest(b []byte) []byte {
	b = digestInt(b, len(r))
	for _, row := range r {
		b = digestInt(b, len(row))
		for _, c := range row {
			b = digestStr(b, c)
		}
	}
	return b
}

func csvPaths(es []csvEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Path
	}
	return out
}

// unlinkPrevious removes a file the new build holds as a hard link to the
// previous build's, so that it is written as a new file (incremental
// builds only; a full build starts empty and creates with O_EXCL). p is
// its site path: a deferred file is marked written instead (it was never
// linked).
func (s *site) unlinkPrevious(p, full string) error {
	if s.inc == nil || s.inc.prev == nil {
		return nil
	}
	if s.inc.deferred[p] {
		s.mu.Lock()
		s.inc.handled[p] = true
		s.mu.Unlock()
		return nil
	}
	if !s.inc.linked[p] {
		return nil
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// saveState writes the state file beside the build directory (durably:
// it is written before the build is published).
func (s *site) saveState() error {
	s.incInit()
	v, err := renderVersion()
	if err != nil {
		return err
	}
	s.inc.next.Version = v
	s.inc.next.CSVs = s.csvs
	b, err := json.Marshal(s.inc.next)
	if err != nil {
		return fmt.Errorf("encode build state: %w", err)
	}
	p := statePath(s.dir)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("write build state: %w", err)
	}
	removeOrphanStates(filepath.Dir(s.dir), nil)
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write build state %s: %w", tmp, err)
	}
	f, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("sync build state %s: %w", tmp, err)
	}
	serr := f.Sync()
	f.Close()
	if serr != nil {
		return fmt.Errorf("sync build state %s: %w", tmp, serr)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("write build state %s: %w", p, err)
	}
	return nil
}

// readState reads the state file of the build directory dir.
func readState(dir string) (*buildState, error) {
	b, err := os.ReadFile(statePath(dir))
	if err != nil {
		return nil, err
	}
	var st buildState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("read %s: %w", statePath(dir), err)
	}
	if st.Pages == nil {
		st.Pages = map[string]string{}
	}
	return &st, nil
}

// Incremental republishes the portal after new air data: only the pages
// whose inputs changed are rendered again, every other file is a hard
// link to the current build (see the comment at the top of this file).
// When the current build has no usable state (built by an older binary,
// other templates, another BaseURL, no build yet) it runs a full Build and
// says so in the report.
func Incremental(ctx context.Context, st *store.Store, opt Options) (IncrementalReport, error) {
	rep := IncrementalReport{Took: map[string]time.Duration{}}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	full := func(why string) (IncrementalReport, error) {
		rep.Full, rep.FullReason = true, why
		opt.Log.Info("incremental publish: full build instead", "reason", why)
		t := time.Now()
		r, err := Build(ctx, st, opt)
		rep.Report = r
		rep.Took["full"] = time.Since(t)
		return rep, err
	}
	t := time.Now()
	lap := func(name string) {
		rep.Took[name] = time.Since(t)
		t = time.Now()
	}
	siteLink := st.SiteDir()
	buildsRoot := filepath.Join(filepath.Dir(siteLink), buildsDir)
	target, err := os.Readlink(siteLink)
	if err != nil {
		return full("no published build to start from")
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(siteLink), target)
	}
	cur := filepath.Clean(target)
	if filepath.Dir(cur) != filepath.Clean(buildsRoot) {
		return full("the site link does not point into " + buildsDir)
	}
	prev, err := readState(cur)
	if err != nil {
		return full("no state of the current build: " + err.Error())
	}
	base := opt.base()
	version, err := renderVersion()
	if err != nil {
		return rep, err
	}
	switch {
	case prev.Format != stateFormat || prev.Version != version:
		return full("templates or assets changed since the current build")
	case prev.Base != base:
		return full("the base URL changed")
	}
	tpl, err := parseTemplates()
	if err != nil {
		return rep, err
	}
	data, err := loadAir(ctx, st.DB)
	if err != nil {
		return rep, fmt.Errorf("read results: %w", err)
	}
	if data.Freshness, err = loadFreshness(ctx, st.DB); err != nil {
		return rep, fmt.Errorf("read results: %w", err)
	}
	if !data.LatestHour.IsZero() {
		rep.LatestHour = fmtHour(data.LatestHour)
	}
	lap("load")
	now := opt.Now()
	b, err := startBuild(buildsRoot, now, opt.Log)
	if err != nil {
		return rep, err
	}
	defer b.discard(opt.Log)
	dir, name := b.dir, b.name
	rep.Build = name
	var dirs []string
	linked, deferred := map[string]bool{}, map[string]bool{}
	if dirs, err = linkTree(cur, dir, linked, deferred); err != nil {
		return rep, err
	}
	lap("link")
	inc := &incState{prev: prev, prevCSV: map[string][]csvEntry{}, linked: linked,
		prevDir: cur, deferred: deferred, handled: map[string]bool{}}
	for _, c := range prev.CSVs {
		inc.prevCSV[c.Page] = append(inc.prevCSV[c.Page], c)
	}
	s := &site{dir: dir, base: base, now: now.In(store.CST), tpl: tpl, data: data, rep: &rep.Report, check: ctx.Err, inc: inc,
		pool: poolDir(buildsRoot)}
	s.incInit()
	for _, part := range []struct {
		name string
		f    func() error
	}{{"home", s.home}, {"rankings", s.rankings}, {"regions", s.regions}, {"stations", s.stations}, {"freshness", s.freshness}} {
		t0 := time.Now()
		if err := part.f(); err != nil {
			return rep, err
		}
		rep.Took["render_"+part.name] = time.Since(t0)
	}
	// Pages of the previous build that no longer exist (a region or station
	// gone) go, with their downloads.
	gone := map[string]bool{}
	for p := range prev.Pages {
		if _, ok := inc.next.Pages[p]; ok {
			continue
		}
		for _, q := range append([]string{p}, csvPaths(inc.prevCSV[p])...) {
			gone[q] = true
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(q))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return rep, fmt.Errorf("remove %s: %w", q, err)
			}
		}
	}
	if err := s.linkRest(gone); err != nil {
		return rep, err
	}
	rep.Linked = len(linked) + inc.nDeferred
	// Downloads of the pages not rendered here (water, polluters, ...) are
	// listed as they were.
	produced := map[string]bool{}
	for _, c := range s.csvs {
		produced[c.Page] = true
	}
	for _, c := range prev.CSVs {
		if _, scoped := prev.Pages[c.Page]; !scoped && !produced[c.Page] {
			s.csvs = append(s.csvs, c)
		}
	}
	if err := s.downloads(); err != nil {
		return rep, err
	}
	if err := s.saveState(); err != nil {
		return rep, err
	}
	rep.Kept, rep.Rendered = inc.kept, inc.fresh
	lap("render")
	if err := syncBuild(b.fsys, dir, s.written, dirs); err != nil {
		return rep, err
	}
	if err := b.commit(ctx, opt, siteLink); err != nil {
		return rep, err
	}
	lap("sync+swap")
	opt.Log.Info("site republished incrementally", "build", name, "rendered", rep.Rendered, "kept", rep.Kept,
		"files_written", rep.Files, "reused", rep.Reused, "linked", rep.Linked)
	return rep, nil
}

// Prune deletes the builds older than the published one and the Keep
// before it (their unshared files going to the pool of free files,
// recycle.go), and their state files. Incremental leaves this to its caller
// (a server runs it after publishing, off the path of the next build).
// readers (may be nil): the builds being read are deleted, not pooled.
func Prune(st *store.Store, log *slog.Logger, readers *Readers) int {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	siteLink := st.SiteDir()
	target, err := os.Readlink(siteLink)
	if err != nil {
		return 0
	}
	root := filepath.Join(filepath.Dir(siteLink), buildsDir)
	n := prune(root, filepath.Base(target), true, readers, log)
	removeOrphanStates(root, log)
	return n
}

// linkTree fills the empty directory dst with hard links to the regular
// files of src (a copy where the file system refuses links), recreating
// its directories. It records the slash paths of the files it linked in
// files, and those under deferredDirs, which it leaves for the build to
// write or link (site.linkDeferred), in deferred (nil: link everything);
// it returns the directories of dst (dst first).
func linkTree(src, dst string, files, deferred map[string]bool) ([]string, error) {
	dirs := []string{dst}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		out := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			dirs = append(dirs, out)
			return os.Mkdir(out, 0o755)
		case d.Type().IsRegular():
			if r := filepath.ToSlash(rel); deferred != nil && isDeferred(r) {
				deferred[r] = true
				return nil
			}
			files[filepath.ToSlash(rel)] = true
			if err := os.Link(p, out); err == nil {
				return nil
			}
			return copyRegular(p, out)
		}
		return nil // a build holds only directories and regular files
	})
	if err != nil {
		return nil, fmt.Errorf("link %s into %s: %w", src, dst, err)
	}
	return dirs, nil
}

// copyRegular copies src to the new file dst and syncs it.
func copyRegular(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeOrphanStates deletes the state files whose build directory under
// buildsRoot is gone (pruned or failed builds).
func removeOrphanStates(buildsRoot string, log *slog.Logger) {
	sdir := filepath.Join(filepath.Dir(buildsRoot), stateDir)
	ents, err := os.ReadDir(sdir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		build, ok := strings.CutSuffix(name, ".json")
		if !ok {
			continue
		}
		if _, err := os.Stat(filepath.Join(buildsRoot, build)); errors.Is(err, fs.ErrNotExist) {
			if err := os.Remove(filepath.Join(sdir, name)); err != nil && log != nil {
				log.Warn("remove old build state", "file", name, "err", err)
			}
		}
	}
}
