// Package publish renders the public disclosure portal (政务公开) of
// envdisclose from the results of the transform: real-time AQI by city and
// station, monthly rankings by composite index, region and station pages and
// a CSV download of every table.
//
// The site is static. Build renders it into a fresh directory
// DATA/site-builds/<seq>-<time>/ and then atomically points the symlink
// DATA/site at it, so a reader never sees half a site and a failed build
// leaves the previous site untouched. Handler serves whatever DATA/site
// points at, resolving the link per request.
//
// Pages are Chinese first with English labels. Every table is a real HTML
// table (and a CSV file); charts (go-echarts, ECharts loaded from the site's
// own assets/, never a CDN) are progressive enhancement.
package publish

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/internal/atomicfile"

	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/store"
)

// Options configure Build.
type Options struct {
	Log     *slog.Logger     // nil = discard
	Now     func() time.Time // build time shown on the pages; nil = time.Now
	BaseURL string           // absolute site URL for links; "" = relative links
	// Readers (may be nil) counts the readers of builds: Build's prune does
	// not pool the files of a build being read (readers.go).
	Readers *Readers

	// Releases lists the versions of the periodic products (the
	// publication ledger, release.List); the newest public version of each
	// product-period is rendered under bulletins/. nil = no bulletins.
	Releases func(ctx context.Context) ([]release.Publication, error)

	// beforeSwap, when set (tests), runs after the build is rendered and
	// synced and before it is published; an error aborts the build.
	beforeSwap func(dir string) error
}

// Report summarises a build.
type Report struct {
	Build            string // directory name under site-builds/
	Pages            int
	CSVs             int
	Files            int
	Rankings         int
	Regions          int
	Stations         int
	LatestHour       string // latest real-time hour shown, "" if none
	WaterMonths      int    // monthly water reports
	WaterSites       int    // water site pages
	IncidentQuarters int    // quarterly incident pages
	Pruned           int    // old builds deleted
	Reused           int    // files of the pool of free files written over instead of created (recycle.go)
}

// Keep is how many previous builds stay on disk besides the current one
// (the files of older ones that no other build shares go to the pool of
// free files, whose files the next builds reuse: recycle.go).
const Keep = 2

const buildsDir = "site-builds"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// echartsJS is the vendored chart library (scripts/assets.sh).
const echartsJS = "assets/vendor/echarts.min.js"

// Build renders the whole portal from st and publishes it at st.SiteDir().
func Build(ctx context.Context, st *store.Store, opt Options) (Report, error) {
	var rep Report
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if err := checkAssets(assetFS); err != nil {
		return rep, err
	}
	tpl, err := parseTemplates()
	if err != nil {
		return rep, err
	}
	data, err := load(ctx, st.DB)
	if err != nil {
		return rep, fmt.Errorf("read results: %w", err)
	}
	if !data.LatestHour.IsZero() {
		rep.LatestHour = fmtHour(data.LatestHour)
	}
	siteLink := st.SiteDir()
	parent := filepath.Dir(siteLink)
	buildsRoot := filepath.Join(parent, buildsDir)
	if err := os.MkdirAll(buildsRoot, 0o755); err != nil {
		return rep, fmt.Errorf("create %s: %w", buildsRoot, err)
	}
	now := opt.Now()
	b, err := startBuild(buildsRoot, now, opt.Log)
	if err != nil {
		return rep, err
	}
	defer b.discard(opt.Log)
	dir, name := b.dir, b.name
	rep.Build = name
	pubs, err := loadReleases(ctx, opt)
	if err != nil {
		return rep, err
	}
	s := &site{dir: dir, base: opt.base(), now: now.In(store.CST), tpl: tpl, data: data, rep: &rep, check: ctx.Err, pubs: pubs,
		pool: poolDir(buildsRoot)}
	if err := s.copyAssets(); err != nil {
		return rep, err
	}
	if err := s.buildAll(); err != nil {
		return rep, err
	}
	if err := syncBuild(b.fsys, dir, s.written, nil); err != nil {
		return rep, err
	}
	if err := b.commit(ctx, opt, siteLink); err != nil {
		return rep, err
	}
	rep.Pruned = prune(buildsRoot, name, true, opt.Readers, opt.Log)
	opt.Log.Info("site built", "build", name, "pages", rep.Pages, "csv", rep.CSVs, "files", rep.Files)
	return rep, nil
}

// base is the site's absolute base URL ending in "/", or "" for relative
// links.
func (o Options) base() string {
	if o.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(o.BaseURL, "/") + "/"
}

// pendingBuild is a new build directory under site-builds/ until it is
// published: discard removes it (and its incremental-build state) unless
// commit published it.
type pendingBuild struct {
	dir, name string
	published bool
	// fsys is the build's file system, opened before anything is written
	// into it (syncBuild; nil = sync file by file)
	fsys *atomicfile.FS
}

func startBuild(root string, now time.Time, log *slog.Logger) (*pendingBuild, error) {
	dir, name, err := newBuildDir(root, now)
	if err != nil {
		return nil, err
	}
	b := &pendingBuild{dir: dir, name: name}
	if b.fsys, err = atomicfile.OpenFS(dir); err != nil {
		log.Warn("build: syncing file by file", "err", err)
	}
	return b, nil
}

// commit publishes the rendered and synced build at siteLink: the test
// hook, a last check that the build was not cancelled, then the atomic
// swap of the link.
func (b *pendingBuild) commit(ctx context.Context, opt Options, siteLink string) error {
	if opt.beforeSwap != nil {
		if err := opt.beforeSwap(b.dir); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := swapLink(siteLink, filepath.Join(buildsDir, b.name), opt.Log); err != nil {
		return err
	}
	b.published = true
	return nil
}

// discard removes a build that was not published (deferred by the
// caller, which it releases in any case).
func (b *pendingBuild) discard(log *slog.Logger) {
	if b.fsys != nil {
		b.fsys.Close()
	}
	if b.published {
		return
	}
	if err := os.RemoveAll(b.dir); err != nil {
		log.Warn("remove failed build", "dir", b.dir, "err", err)
	}
	_ = os.Remove(statePath(b.dir))
}

// CheckAssets reports whether this binary carries the chart library, so a
// command can fail before doing any work (Build checks it too).
func CheckAssets() error { return checkAssets(assetFS) }

// checkAssets fails clearly when the chart library was not vendored.
func checkAssets(fsys fs.FS) error {
	st, err := fs.Stat(fsys, echartsJS)
	if err != nil || st.Size() == 0 {
		return errors.New("the chart library publish/" + echartsJS +
			" is not in this binary: run scripts/assets.sh, then rebuild envdisclose")
	}
	return nil
}

func (s *site) copyAssets() error {
	for _, f := range [][2]string{
		{echartsJS, "assets/echarts.min.js"},
		{"assets/style.css", "assets/style.css"},
		{"assets/charts.js", "assets/charts.js"},
		{"assets/print.css", "assets/print.css"},
	} {
		if err := s.copyFile(assetFS, f[0], f[1]); err != nil {
			return err
		}
	}
	return nil
}

func parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{"orDash": orDash, "weekdays": func() [7]string { return weekdays }}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(filepath.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		out[base] = t
	}
	return out, nil
}

// newBuildDir creates site-builds/<seq>-<time>, seq one more than any
// existing build, so builds sort by creation even with a fixed clock.
func newBuildDir(root string, now time.Time) (dir, name string, err error) {
	seq := 0
	ents, err := os.ReadDir(root)
	if err != nil {
		return "", "", fmt.Errorf("read %s: %w", root, err)
	}
	for _, e := range ents {
		if n, ok := buildSeq(e.Name()); ok && n > seq {
			seq = n
		}
	}
	for range 100 {
		seq++
		name = fmt.Sprintf("%06d-%s", seq, now.UTC().Format("20060102T150405Z"))
		dir = filepath.Join(root, name)
		err = os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	return "", "", fmt.Errorf("create build dir in %s: %w", root, err)
}

func buildSeq(name string) (int, bool) {
	i := strings.IndexByte(name, '-')
	if i <= 0 {
		return 0, false
	}
	n, err := strconv.Atoi(name[:i])
	return n, err == nil
}

// syncDirs fsyncs every directory of the build (after its files), so the
// whole tree is durable before it is published (syncBuild).
func syncDirs(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return atomicfile.Sync(p)
		}
		return nil
	})
}

// swapLink points link at target (relative to link's directory) atomically:
// a temporary symlink renamed over the old one. A real directory found at
// link (a site from before atomic publishing) is moved into site-builds
// first; that one-time step is not atomic.
func swapLink(link, target string, log *slog.Logger) error {
	parent := filepath.Dir(link)
	if fi, err := os.Lstat(link); err == nil && fi.IsDir() {
		legacy := filepath.Join(parent, buildsDir, "000000-legacy")
		log.Warn("moving a non-symlink site directory aside", "from", link, "to", legacy)
		if err := os.Rename(link, legacy); err != nil {
			return fmt.Errorf("move old site %s aside: %w", link, err)
		}
	}
	tmp := filepath.Join(parent, "."+filepath.Base(link)+".tmp-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatInt(time.Now().UnixNano(), 36))
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("create symlink %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, link); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("publish %s -> %s: %w", link, target, err)
	}
	return atomicfile.Sync(parent)
}

// prune deletes builds older than the current one and the Keep before
// it; when pool, it first moves their files that no other build shares
// into the pool of free files (freeFiles, recycle.go) and then removes the
// pool folders the current build does not have. Builds newer than the
// current one are builds in progress and are left alone, unless they are
// older than staleBuild (a process that stopped while building: deleted,
// never pooled). Names that are not builds (the pool, temporary links) are
// skipped. Errors are logged: the new site is already published.
//
// readers (may be nil): a build being read is deleted, not pooled.
func prune(root, current string, pool bool, readers *Readers, log *slog.Logger) int {
	ents, err := os.ReadDir(root)
	if err != nil {
		log.Warn("list old builds", "err", err)
		return 0
	}
	cur, _ := buildSeq(current)
	var names []string
	n := 0
	for _, e := range ents {
		seq, ok := buildSeq(e.Name())
		if !ok || !e.IsDir() || e.Name() == current {
			continue
		}
		if seq > cur {
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleBuild {
				n += removeBuild(root, e.Name(), "", log)
			}
			continue
		}
		names = append(names, e.Name())
	}
	sort.Slice(names, func(i, j int) bool {
		a, _ := buildSeq(names[i])
		b, _ := buildSeq(names[j])
		return a > b
	})
	free := ""
	if pool {
		free = poolDir(root)
	}
	for _, name := range names[min(Keep, len(names)):] {
		to := free
		if readers.reading(name) {
			to = ""
		}
		n += removeBuild(root, name, to, log)
	}
	if pool {
		trimPool(free, filepath.Join(root, current))
	}
	return n
}

// staleBuild is the age after which a build directory newer than the
// published one is taken for the leftover of a stopped process.
const staleBuild = time.Hour

// removeBuild deletes the build root/name, after moving its unshared
// files into the pool folder pool ("" = none).
func removeBuild(root, name, pool string, log *slog.Logger) int {
	if pool != "" {
		freeFiles(filepath.Join(root, name), pool)
	}
	if err := os.RemoveAll(filepath.Join(root, name)); err != nil {
		log.Warn("remove old build", "build", name, "err", err)
		return 0
	}
	return 1
}
