package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/jobs"
	"github.com/envdisclose/envdisclose/store"
)

// receivedDir (under DATA/inbox) keeps the raw bytes of files pushed with
// a station's token, staffDir those pushed with a staff token (which may
// carry any station's rows: a retry after a restart must know which); the
// inbox job leaves both alone.
const (
	receivedDir = "received"
	staffDir    = "received-staff"
)

// folderBatch is how many files one ingest call takes, so that pushes are
// not held up by a large drop folder for long.
const folderBatch = 32

// Jobs are the scheduled jobs of the server: the inbox ingest, transform +
// publish, and one job per source (SourceJobs).
func (s *Server) Jobs() []jobs.Job {
	out := []jobs.Job{
		{Name: JobIngest, Schedule: s.cfg.Schedules.Ingest, Run: func(ctx context.Context) (int64, error) {
			return s.ingestFolder(ctx, s.inboxDir(), filepath.Join(s.st.Dir, "archive"), "inbox")
		}},
		{Name: JobTransform, Schedule: s.cfg.Schedules.Transform, Run: func(ctx context.Context) (int64, error) {
			s.buildMu.Lock()
			defer s.buildMu.Unlock()
			if airOnly(ctx) {
				return s.opt.AirBuild(ctx)
			}
			return s.opt.Build(ctx)
		}},
	}
	out = append(out, s.productJobs()...)
	return append(append(out, s.SourceJobs()...), s.deadlineJob())
}

// SourceJobs returns one job "source:<name>" per configured source. Folder
// sources ingest their directory like the inbox; HTTP sources fetch their
// URL template for the current and lookback periods (pull.go).
func (s *Server) SourceJobs() []jobs.Job {
	var out []jobs.Job
	for _, src := range s.cfg.Sources {
		switch src.Kind {
		case "folder":
			archive := src.Archive
			if archive == "" {
				archive = filepath.Join(src.Path, "archive")
			}
			path, label := src.Path, "folder:"+src.Name
			out = append(out, jobs.Job{Name: "source:" + src.Name, Schedule: src.Schedule, Run: func(ctx context.Context) (int64, error) {
				return s.ingestFolder(ctx, path, archive, label)
			}})
		case "http":
			out = append(out, s.pullJob(src))
		default:
			s.log.Warn("source skipped: pulling this kind is not implemented yet", "source", src.Name, "kind", src.Kind, "url", src.URL)
		}
	}
	return out
}

// ingestBytes ingests one file under the process-wide ingest lock.
func (s *Server) ingestBytes(ctx context.Context, name string, data []byte, source string) (ingest.Summary, error) {
	return s.ingestOne(ctx, ingest.File{Name: name, Data: data}, ingest.Options{Source: source, Log: s.log, Now: s.opt.Now})
}

// ingestFolder ingests the files under dir (not dotfiles, not the archive
// or received folders, not files younger than FolderMinAge) in batches
// under the ingest lock, and moves each file whose entry is settled in the
// ledger to archive/<yyyy-mm-dd>/. A batch that fails is taken again file
// by file, so one bad file does not hold back the others; a file whose
// ingest fails is tried again on later runs with the retry backoff, and
// after the last attempt moved to archive/failed/<yyyy-mm-dd>/ with the
// reason in folder_retry (folderretry.go). It returns the rows accepted.
func (s *Server) ingestFolder(ctx context.Context, dir, archive, source string) (int64, error) {
	files, err := s.listFolder(dir, archive)
	if err != nil {
		return 0, err
	}
	retries, err := s.folderRetries(ctx, source)
	if err != nil {
		return 0, err
	}
	now := store.Wall(s.opt.Now())
	files = slices.DeleteFunc(files, func(p string) bool {
		a, ok := retries[p]
		return ok && a.state == retryPending && a.next.After(now)
	})
	var rows int64
	var errs []error
	// land ingests paths and archives the settled ones; it returns which
	// were settled, and the summaries by path.
	land := func(paths []string) (map[string]bool, map[string]ingest.Summary, error) {
		s.ingest.Lock()
		sums, err := s.pathsFn(ctx, s.st, paths, ingest.Options{Source: source, Log: s.log, Now: s.opt.Now})
		s.ingest.Unlock()
		settled, byPath := map[string]bool{}, map[string]ingest.Summary{}
		for _, sum := range sums {
			rows += sum.Entry.RowsAccepted
			byPath[sum.Path] = sum
			if sum.Entry.ID == 0 || !(sum.Duplicate || sum.Entry.Final()) {
				continue
			}
			settled[sum.Path] = true
			if merr := s.archive(dir, archive, sum.Path); merr != nil {
				errs = append(errs, merr)
			}
		}
		return settled, byPath, err
	}
	for i := 0; i < len(files); i += folderBatch {
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		batch := files[i:min(i+folderBatch, len(files))]
		settled, byPath, err := land(batch)
		for _, p := range batch {
			if err := ctx.Err(); err != nil {
				return rows, err
			}
			if !settled[p] && err != nil {
				// The batch stopped at a store failure: this file alone.
				one, sums, oerr := land([]string{p})
				settled[p], byPath[p] = one[p], sums[p]
				if ctx.Err() != nil { // stopping: not an attempt of the file's
					return rows, ctx.Err()
				}
				if oerr != nil {
					errs = append(errs, fmt.Errorf("ingest %s: %w", p, oerr))
					s.folderFailed(ctx, source, dir, archive, p, retries[p], oerr)
					continue
				}
			}
			_, known := retries[p]
			switch {
			case settled[p] && known:
				s.folderSettled(ctx, p)
			case !settled[p]:
				sum := byPath[p]
				cause := fmt.Errorf("ingest %s: outcome %q: %s", p, sum.Entry.Outcome, sum.Entry.Message)
				errs = append(errs, cause)
				s.folderFailed(ctx, source, dir, archive, p, retries[p], cause)
			}
		}
	}
	if rows > 0 {
		s.repub.trigger()
	}
	return rows, errors.Join(errs...)
}

// listFolder lists the regular files to ingest under dir, sorted.
func (s *Server) listFolder(dir, archive string) ([]string, error) {
	absArchive, _ := filepath.Abs(archive)
	// Bytes the server keeps itself (pushes, pulls, HJ 212 batches) are
	// not inbox drops.
	own := map[string]bool{}
	for _, d := range []string{receivedDir, staffDir, pulledDir, hj212Dir} {
		own[filepath.Join(dir, d)] = true
	}
	now := s.opt.Now()
	var out []string
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if p == dir {
			return nil
		}
		if strings.HasPrefix(de.Name(), ".") {
			if de.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if de.IsDir() {
			if abs, _ := filepath.Abs(p); abs == absArchive || (dir == s.inboxDir() && own[p]) {
				return filepath.SkipDir
			}
			return nil
		}
		if !de.Type().IsRegular() {
			return nil
		}
		if s.opt.FolderMinAge > 0 {
			if fi, err := de.Info(); err != nil || now.Sub(fi.ModTime()) < s.opt.FolderMinAge {
				return nil
			}
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	sort.Strings(out)
	return out, nil
}

// archive moves dir/rel to archive/<yyyy-mm-dd>/rel (a name already taken
// gets a numeric suffix).
func (s *Server) archive(dir, archive, path string) error {
	_, err := s.moveDated(dir, archive, path)
	return err
}

// moveDated moves dir/rel to into/<yyyy-mm-dd>/rel (a name already taken
// gets a numeric suffix) and returns where it went.
func (s *Server) moveDated(dir, into, path string) (string, error) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(path)
	}
	day := s.opt.Now().In(s.cfg.Location()).Format("2006-01-02")
	dst := filepath.Join(into, day, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", fmt.Errorf("move %s: %w", path, err)
	}
	for i := 1; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		ext := filepath.Ext(rel)
		dst = filepath.Join(into, day, strings.TrimSuffix(rel, ext)+fmt.Sprintf(".%d", i)+ext)
	}
	if err := os.Rename(path, dst); err != nil {
		return "", fmt.Errorf("move %s: %w", path, err)
	}
	return dst, nil
}

// republisher runs the transform job (trigger "push") after pushes: it
// waits Debounce for a burst to settle, runs one build at a time, and
// runs one more right after a build during which pushes arrived (they
// have already waited for that build). When everything new
// since the last build is hourly air data (station pushes), the job runs
// the AirBuild (incremental publish); anything else makes it the full
// Build.
type republisher struct {
	s     *Server
	kick  chan struct{} // capacity 1: "a build is wanted"
	quit  chan struct{}
	once  sync.Once
	other atomic.Bool // data other than hourly air arrived since the last build started
}

// airOnlyKey marks the context of a push-triggered transform job run for
// which only hourly air data arrived.
type airOnlyKey struct{}

func airOnly(ctx context.Context) bool {
	v, _ := ctx.Value(airOnlyKey{}).(bool)
	return v
}

func newRepublisher(s *Server) *republisher {
	return &republisher{s: s, kick: make(chan struct{}, 1), quit: make(chan struct{})}
}

// trigger asks for a full build (never blocks).
func (r *republisher) trigger() {
	r.other.Store(true)
	r.kick1()
}

// triggerAir asks for a build after hourly air data landed.
func (r *republisher) triggerAir() { r.kick1() }

func (r *republisher) kick1() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// stop ends the loop after the build in progress (if any).
func (r *republisher) stop() {
	r.once.Do(func() { close(r.quit) })
}

func (r *republisher) loop(ctx context.Context) {
	again := false // pushes arrived during the last build: they have waited enough
	for {
		if !again {
			select {
			case <-ctx.Done():
				return
			case <-r.quit:
				return
			case <-r.kick:
			}
			// A burst starting from idle: let it settle for Debounce.
			t := time.NewTimer(r.s.opt.Debounce)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-r.quit:
				t.Stop()
				return
			case <-t.C:
			}
		} else {
			select {
			case <-ctx.Done():
				return
			case <-r.quit:
				return
			default:
			}
		}
		select { // pushes until now are covered by this build
		case <-r.kick:
		default:
		}
		bctx, full := ctx, r.other.Swap(false)
		if !full {
			bctx = context.WithValue(ctx, airOnlyKey{}, true)
		}
		start := time.Now()
		err := r.s.sched.RunNow(bctx, JobTransform, "push")
		end := time.Now()
		if err != nil {
			if full { // the next build must still cover the other data
				r.other.Store(true)
			}
			r.s.log.Error("republish after push", "err", err)
		}
		if r.s.opt.OnRepublish != nil {
			r.s.opt.OnRepublish(start, end, err)
		}
		select {
		case <-r.kick: // pushes during the build: build again at once
			again = true
		default:
			again = false
		}
	}
}
