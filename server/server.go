// Package server is the long-running form of envdisclose (`envdisclose
// serve`): one process with the HTTP server (the published portal, the
// station push API, /healthz, /metrics) and the jobs scheduler (inbox and
// folder ingest, transform + publish, catch-up of missed runs).
//
// Every ingest of the process goes through one mutex (two concurrent
// ingests of overlapping station-hours could otherwise double-insert), and
// republishing after pushes is debounced: one build at a time, bursts
// coalesced, one more build when pushes arrived during a build.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/atomicfile"
	"github.com/envdisclose/envdisclose/jobs"
	"github.com/envdisclose/envdisclose/pipeline"
	"github.com/envdisclose/envdisclose/publish"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

// Job names registered by the server (folder sources add "source:<name>").
const (
	JobIngest    = "ingest"
	JobTransform = "transform"
)

// BuildFunc recomputes the touched periods and republishes the portal; it
// returns the number of rows it handled.
type BuildFunc func(ctx context.Context) (rows int64, err error)

// Options configure New. Zero values are the production defaults.
type Options struct {
	Log *slog.Logger
	Now func() time.Time
	// Build is the transform + publish job (default: pipeline.Build).
	Build BuildFunc
	// AirBuild is the build after pushes that landed only hourly air rows:
	// the air transform of the touched days, then an incremental publish
	// (publish.Incremental: only the pages whose inputs changed are
	// rendered again). Default: that, or Build when Build is set.
	AirBuild BuildFunc
	// BuildAtStart: when no portal has been published yet (a new data
	// directory), Run builds it at once instead of at the first push or
	// scheduled run, so the portal answers from the start (serve and the
	// load check set it).
	BuildAtStart bool
	// Debounce is how long the republisher waits after a push for more
	// pushes before it builds (default 300 ms; the build starts within ~1 s).
	Debounce time.Duration
	// ShutdownTimeout is how long a stop waits for requests and the running
	// job before cancelling it (default 30 s).
	ShutdownTimeout time.Duration
	// FolderMinAge: files younger than this in a drop folder are left for the
	// next run (they may still be being written). Default 2 s; <0 = none.
	FolderMinAge time.Duration
	// OnRepublish, when set, is called after each push-triggered build with
	// its start and end time and error (load measurement, tests).
	OnRepublish func(start, end time.Time, err error)
	// OnAirBuild, when set, is called after each default AirBuild with the
	// time of its stages (load measurement).
	OnAirBuild func(took map[string]time.Duration, rep publish.IncrementalReport)
	// Version goes into envdisclose_build_info (default: from the binary).
	Version string
	// PullBackoff is the wait before the first retry of an HTTP source;
	// it doubles per retry up to 30 s (default 1 s).
	PullBackoff time.Duration
	// RetryBackoff is the wait before the first automatic retry of a
	// received file whose ingest failed; it doubles per attempt up to 5
	// minutes (default 2 s). RetryAttempts bounds the ingest attempts of
	// a file, the first one included (default 5).
	RetryBackoff  time.Duration
	RetryAttempts int
	// HTTPClient fetches the HTTP sources (default http.DefaultClient;
	// each request has its source's timeout).
	HTTPClient *http.Client
}

// Server is the HTTP server and the scheduler over one store.
type Server struct {
	st       *store.Store
	cfg      config.Config
	opt      Options
	log      *slog.Logger
	auth     *authenticator
	limit    *limiter
	sched    *jobs.Scheduler
	ingest   sync.Mutex // serializes every ingest of the process
	buildMu  sync.Mutex // one build at a time (transform job, bulletin jobs)
	repub    *republisher
	retry    *retrier             // automatic retry of failed ingests (retry.go)
	ingestFn ingestFunc           // ingest.Files (tests inject faults)
	pathsFn  pathsFunc            // ingest.Paths of the folder jobs (tests inject faults)
	readers  *publish.Readers     // who reads which build (portal requests, hooks): prune pools none of those
	inboxFS  *atomicfile.FS       // the inbox's file system, opened by Run before any push is stored
	syncFS   func() (bool, error) // flushes it (tests inject faults)
	pushes   pushQueue            // group commit of pushes (pushqueue.go)
	pruning  sync.Mutex           // held by the background prune of old builds
	// delivering is held by the background delivery to the publish
	// targets; deliverPending asks it for one more round (targets.go).
	delivering     sync.Mutex
	deliverPending atomic.Bool
	prunes         sync.WaitGroup
	met            *counters
	mux            *http.ServeMux
}

// New makes a server for st with the configuration cfg (validated) and
// registers its jobs with a new scheduler.
func New(st *store.Store, cfg config.Config, opt Options) (*Server, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Debounce <= 0 {
		opt.Debounce = 300 * time.Millisecond
	}
	if opt.ShutdownTimeout <= 0 {
		opt.ShutdownTimeout = 30 * time.Second
	}
	if opt.FolderMinAge == 0 {
		opt.FolderMinAge = 2 * time.Second
	}
	if opt.Version == "" {
		opt.Version = binaryVersion()
	}
	if opt.PullBackoff <= 0 {
		opt.PullBackoff = time.Second
	}
	if opt.RetryBackoff <= 0 {
		opt.RetryBackoff = 2 * time.Second
	}
	if opt.RetryAttempts <= 0 {
		opt.RetryAttempts = 5
	}
	auth, err := newAuthenticator(cfg)
	if err != nil {
		return nil, err
	}
	s := &Server{
		st: st, cfg: cfg, opt: opt, log: opt.Log, auth: auth,
		limit: newLimiter(cfg.Push.RatePerMinute, opt.Now),
		met:   newCounters(),
	}
	if s.opt.AirBuild == nil {
		s.opt.AirBuild = s.opt.Build
	}
	if s.opt.Build == nil {
		s.opt.Build = s.pipelineBuild
	}
	if s.opt.AirBuild == nil {
		s.opt.AirBuild = s.airBuild
	}
	s.sched, err = jobs.New(st, jobs.Options{Log: opt.Log, Now: opt.Now, Location: cfg.Location()})
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	for _, j := range s.Jobs() {
		if err := s.sched.Add(j); err != nil {
			return nil, err
		}
	}
	s.repub = newRepublisher(s)
	s.retry = newRetrier(s)
	s.ingestFn = ingest.Files
	s.pathsFn = ingest.Paths
	s.readers = publish.NewReaders()
	s.syncFS = func() (bool, error) {
		if s.inboxFS == nil {
			return false, nil
		}
		return s.inboxFS.Sync()
	}
	s.mux = http.NewServeMux()
	for _, r := range s.routes() {
		s.mux.Handle(r.pattern, r.handler)
	}
	return s, nil
}

// Scheduler is the server's job scheduler (for `envdisclose run`).
func (s *Server) Scheduler() *jobs.Scheduler { return s.sched }

// Handler is the whole HTTP surface: API, health, metrics and the portal.
func (s *Server) Handler() http.Handler { return s.mux }

// pipelineBuild is the default BuildFunc.
func (s *Server) pipelineBuild(ctx context.Context) (int64, error) {
	rep, err := pipeline.Build(ctx, s.st, pipeline.Options{Log: s.log, Now: s.opt.Now, Config: &s.cfg, Readers: s.readers})
	if err != nil {
		return 0, fmt.Errorf("build: %w", err)
	}
	return rep.Air.Rows["air_aqi_hour"], nil
}

// airBuild is the default AirBuild: the air transform recomputes the days
// the new files touched (dirty_day), then the portal is republished
// incrementally. Other datasets have nothing new (their pushes and pulls
// trigger the full build), so their transforms and pages are left alone.
func (s *Server) airBuild(ctx context.Context) (int64, error) {
	t0 := time.Now()
	// The transform consumes the dirty_day marks; keep their months so the
	// next full build re-checks the released bulletins (errata).
	if err := pipeline.KeepTouched(ctx, s.st); err != nil {
		return 0, err
	}
	tr, err := transform.Run(ctx, s.st, transform.Options{Log: s.log})
	if err != nil {
		return 0, fmt.Errorf("air transform: %w", err)
	}
	t1 := time.Now()
	// Releases: when Incremental falls back to a full build, the bulletins
	// stay on the portal.
	pr, err := publish.Incremental(ctx, s.st, publish.Options{Log: s.log, Now: s.opt.Now, Readers: s.readers,
		Releases: func(ctx context.Context) ([]release.Publication, error) { return release.List(ctx, s.st) }})
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	took := map[string]time.Duration{"transform": t1.Sub(t0), "publish": time.Since(t1)}
	s.pruneLater()
	s.deliverLater()
	for k, v := range pr.Took {
		took["publish_"+k] = v
	}
	for k, v := range tr.Durations {
		took["transform_"+k] = v
	}
	if s.opt.OnAirBuild != nil {
		s.opt.OnAirBuild(took, pr)
	}
	s.log.Info("republished after push", "transform_s", took["transform"].Seconds(), "publish_s", took["publish"].Seconds(),
		"full", pr.Full, "reason", pr.FullReason, "rendered", pr.Rendered, "kept", pr.Kept, "files_written", pr.Files, "reused", pr.Reused, "linked", pr.Linked)
	return tr.Rows["air_aqi_hour"], nil
}

// pruneLater deletes the builds older than the last Keep in the
// background (off the path of the next push's republish); one at a time,
// skipped when one is running. Run waits for it before returning.
func (s *Server) pruneLater() {
	if !s.pruning.TryLock() {
		return
	}
	s.prunes.Add(1)
	go func() {
		defer s.prunes.Done()
		defer s.pruning.Unlock()
		publish.Prune(s.st, s.log, s.readers)
	}()
}

// workKey carries the server's work context (cancelled when the shutdown
// grace period ends) into requests, whose own context also ends when the
// client goes away.
type workKey struct{}

// workContext is the context for work a request starts that must finish
// even if the client disconnects (an ingest), but not outlive a shutdown.
func workContext(r *http.Request) context.Context {
	if w, ok := r.Context().Value(workKey{}).(context.Context); ok {
		return w
	}
	return context.WithoutCancel(r.Context())
}

// siteDir is the published portal (a symlink to the current build).
func (s *Server) siteDir() string { return s.st.SiteDir() }

func (s *Server) inboxDir() string { return filepath.Join(s.st.Dir, "inbox") }

// Run serves on ln, catches up missed runs, starts the scheduler and the
// republisher, and stops all of it when ctx ends: no new requests or runs,
// the running job and requests get ShutdownTimeout to finish, then their
// context is cancelled (a build in progress is abandoned; the previous
// portal stays published). It returns nil after a clean or timed-out stop.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	var hj *hj212Server
	if addr := s.cfg.HJ212.Listen; addr != "" {
		hln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("hj212 listen %s: %w", addr, err)
		}
		hj = s.newHJ212(hln)
	}
	// The inbox's file system, opened before the first push is stored:
	// a round of pushes flushes it in one syncfs (pushqueue.go syncSaved).
	if err := os.MkdirAll(s.inboxDir(), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", s.inboxDir(), err)
	}
	if fsys, err := atomicfile.OpenFS(s.inboxDir()); err != nil {
		s.log.Warn("pushes: flushing file by file", "err", err)
	} else {
		s.inboxFS = fsys
		defer fsys.Close()
	}
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	if hj != nil {
		go hj.serve(work)
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithValue(work, workKey{}, work) },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "site", s.siteDir(), "jobs", s.sched.Names())

	var bg sync.WaitGroup
	bg.Add(3)
	go func() {
		defer bg.Done()
		s.repub.loop(work)
	}()
	if s.opt.BuildAtStart {
		if _, err := os.Lstat(s.siteDir()); errors.Is(err, fs.ErrNotExist) {
			s.log.Info("no portal published yet: building it now", "site", s.siteDir())
			s.repub.trigger()
		}
	}
	retryCtx, stopRetry := context.WithCancel(work)
	defer stopRetry()
	go func() {
		defer bg.Done()
		s.retry.loop(retryCtx)
	}()
	started := make(chan struct{})
	go func() {
		defer bg.Done()
		defer close(started)
		if err := s.sched.CatchUp(work); err != nil {
			s.log.Error("catch-up", "err", err)
		}
		if work.Err() == nil {
			s.sched.Start()
		}
	}()

	var serveErr error
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("stopping", "grace", s.opt.ShutdownTimeout.String())
	grace, cancelGrace := context.WithTimeout(context.Background(), s.opt.ShutdownTimeout)
	defer cancelGrace()
	var errs []error
	if err := srv.Shutdown(grace); err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.log.Warn("http shutdown", "err", err)
	}
	if hj != nil { // devices' batches are landed and answered before the jobs stop
		if err := hj.shutdown(grace); err != nil {
			s.log.Warn("hj212 shutdown", "err", err)
		}
	}
	s.repub.stop()
	stopRetry() // an attempt in progress rolls back and stays pending for the next start
	// Wait for the catch-up to end (or be cancelled) before stopping cron,
	// so that Start cannot come after Stop.
	select {
	case <-started:
	case <-grace.Done():
		cancelWork()
		<-started
	}
	if err := s.sched.Stop(grace); err != nil {
		s.log.Warn("scheduler stop", "err", err)
	}
	done := make(chan struct{})
	go func() { bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-grace.Done():
		s.log.Warn("shutdown grace period over: cancelling the running job")
		cancelWork()
		<-done
	}
	cancelWork()
	s.prunes.Wait()
	if serveErr != nil {
		errs = append(errs, serveErr)
	}
	s.log.Info("stopped")
	return errors.Join(errs...)
}
