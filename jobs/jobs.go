// Package jobs runs envdisclose's scheduled work: cron expressions
// (robfig/cron, CRON_TZ and optional seconds), every job wrapped with
// cron.Recover and cron.SkipIfStillRunning, every run recorded in DuckDB
// (job_run), and the runs missed while the process was down caught up once
// at start, in order.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Func is the work of a job. It returns the number of rows it handled.
type Func func(ctx context.Context) (rows int64, err error)

// Job is a named, scheduled Func.
type Job struct {
	Name     string
	Schedule string // cron expression; "" = manual only
	Run      Func
}

// Outcomes of a run.
const (
	OutcomeRunning     = "running"
	OutcomeOK          = "ok"
	OutcomeError       = "error"
	OutcomePanic       = "panic"
	OutcomeInterrupted = "interrupted"
)

// Scheduler holds the jobs.
type Scheduler struct {
	db     *sql.DB
	log    *slog.Logger
	now    func() time.Time
	loc    *time.Location
	parser cron.Parser
	jobs   map[string]*entry
	order  []string
	cron   *cron.Cron
	ctx    context.Context // cancelled when Stop gives up waiting: running jobs roll back
	cancel context.CancelFunc
	q      statements
}

// statements are the job_run statements (sql/store/job_run_*.sql), read
// once by New.
type statements struct{ start, end, lastScheduled string }

type entry struct {
	job   Job
	sched cron.Schedule
	mu    sync.Mutex // one run of a job at a time, also across triggers
}

// Options configure New.
type Options struct {
	Log      *slog.Logger
	Now      func() time.Time // injectable clock (default time.Now)
	Location *time.Location   // default Asia/Shanghai
}

// New makes a scheduler that records its runs in st.
func New(st *store.Store, opt Options) (*Scheduler, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Location == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			return nil, fmt.Errorf("load time zone: %w", err)
		}
		opt.Location = loc
	}
	var q statements
	for _, f := range []struct {
		name string
		dst  *string
	}{{"start", &q.start}, {"end", &q.end}, {"last_scheduled", &q.lastScheduled}} {
		text, err := envsql.Read(st.SQL, "store/job_run_"+f.name+".sql")
		if err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
		*f.dst = text
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{
		db: st.DB, log: opt.Log, now: opt.Now, loc: opt.Location,
		parser: cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor),
		jobs:   map[string]*entry{},
		ctx:    ctx, cancel: cancel,
		q: q,
	}
	return s, nil
}

// Add registers a job; its schedule is checked here.
func (s *Scheduler) Add(j Job) error {
	if _, dup := s.jobs[j.Name]; dup {
		return fmt.Errorf("job %s: added twice", j.Name)
	}
	e := &entry{job: j}
	if j.Schedule != "" {
		sc, err := s.parser.Parse(j.Schedule)
		if err != nil {
			return fmt.Errorf("job %s: schedule %q: %w", j.Name, j.Schedule, err)
		}
		e.sched = sc
	}
	s.jobs[j.Name] = e
	s.order = append(s.order, j.Name)
	return nil
}

// Names lists the jobs in the order they were added.
func (s *Scheduler) Names() []string { return append([]string(nil), s.order...) }

// RunNow runs one job once (trigger "manual" or "push") and returns its error.
func (s *Scheduler) RunNow(ctx context.Context, name, trigger string) error {
	e, ok := s.jobs[name]
	if !ok {
		return fmt.Errorf("no job %q (jobs: %v)", name, s.order)
	}
	return s.execute(ctx, e, trigger, time.Time{})
}

// execute runs a job and records it; a panic is recorded, then re-raised
// for cron.Recover (or returned as an error when called directly).
func (s *Scheduler) execute(ctx context.Context, e *entry, trigger string, scheduled time.Time) (err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id, err := s.recordStart(e.job.Name, trigger, scheduled)
	if err != nil {
		return err
	}
	start := s.now()
	var rows int64
	defer func() {
		outcome, msg := OutcomeOK, ""
		r := recover()
		switch {
		case r != nil:
			outcome, msg = OutcomePanic, fmt.Sprint(r)
			err = fmt.Errorf("job %s panicked: %v", e.job.Name, r)
		case err != nil && errors.Is(err, context.Canceled):
			outcome, msg = OutcomeInterrupted, err.Error()
		case err != nil:
			outcome, msg = OutcomeError, err.Error()
		}
		if rerr := s.recordEnd(id, outcome, rows, msg); rerr != nil && err == nil {
			err = rerr
		}
		s.log.Info("job run", "job", e.job.Name, "trigger", trigger, "outcome", outcome, "rows", rows,
			"seconds", s.now().Sub(start).Seconds(), "error", msg)
		if r != nil && trigger != "manual" {
			panic(r) // for cron.Recover, which logs the stack
		}
	}()
	rows, err = e.job.Run(ctx)
	return err
}

func (s *Scheduler) recordStart(job, trigger string, scheduled time.Time) (int64, error) {
	var sch any
	if !scheduled.IsZero() {
		sch = store.Wall(scheduled)
	}
	var id int64
	err := s.db.QueryRowContext(context.Background(), s.q.start,
		job, trigger, sch, store.Wall(s.now()), OutcomeRunning).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record start of job %s: %w", job, err)
	}
	return id, nil
}

func (s *Scheduler) recordEnd(id int64, outcome string, rows int64, msg string) error {
	var m any
	if msg != "" {
		m = msg
	}
	_, err := s.db.ExecContext(context.Background(), s.q.end,
		store.Wall(s.now()), outcome, rows, m, id)
	if err != nil {
		return fmt.Errorf("record end of run %d: %w", id, err)
	}
	return nil
}

// Missed is a scheduled time that passed without a run.
type Missed struct {
	Job string
	At  time.Time
}

// MissedRuns returns, per job, the latest scheduled time between its last
// recorded scheduled run and now that has no run, ordered by time. Jobs
// that never ran are not caught up (there is nothing to catch up to).
func (s *Scheduler) MissedRuns(ctx context.Context) ([]Missed, error) {
	now := s.now().In(s.loc)
	var out []Missed
	for _, name := range s.order {
		e := s.jobs[name]
		if e.sched == nil {
			continue
		}
		var last sql.NullTime
		if err := s.db.QueryRowContext(ctx, s.q.lastScheduled, name).Scan(&last); err != nil {
			return nil, fmt.Errorf("last run of %s: %w", name, err)
		}
		if !last.Valid {
			continue
		}
		t := store.FromWall(last.Time).In(s.loc)
		var missed time.Time
		for i := 0; i < 100000; i++ { // bounded: a minutely job down for ~2 months
			n := e.sched.Next(t)
			if n.IsZero() || n.After(now) {
				break
			}
			missed, t = n, n
		}
		if !missed.IsZero() {
			out = append(out, Missed{Job: name, At: missed})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// CatchUp runs each missed job once, in the order of the missed times.
func (s *Scheduler) CatchUp(ctx context.Context) error {
	missed, err := s.MissedRuns(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range missed {
		s.log.Info("catching up missed run", "job", m.Job, "scheduled", m.At)
		if err := s.execute(ctx, s.jobs[m.Job], "catch-up", m.At); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Start starts the cron loop.
func (s *Scheduler) Start() {
	s.cron = cron.New(cron.WithLocation(s.loc), cron.WithParser(s.parser), cron.WithLogger(cronLogger{s.log}))
	for _, name := range s.order {
		if e := s.jobs[name]; e.sched != nil {
			s.cron.Schedule(e.sched, s.cronJob(e))
		}
	}
	s.cron.Start()
}

// cronJob is the scheduled form of a job, wrapped with cron.Recover and
// cron.SkipIfStillRunning.
func (s *Scheduler) cronJob(e *entry) cron.Job {
	lg := cronLogger{s.log}
	return cron.NewChain(cron.Recover(lg), cron.SkipIfStillRunning(lg)).Then(cron.FuncJob(func() {
		// cron fires on the second of the schedule: the scheduled time is
		// the schedule's next time after the second before now.
		now := s.now().In(s.loc)
		at := e.sched.Next(now.Truncate(time.Second).Add(-time.Second))
		if at.After(now) {
			at = now.Truncate(time.Second)
		}
		_ = s.execute(s.ctx, e, "schedule", at)
	}))
}

// Stop stops scheduling and lets running jobs finish; if ctx ends first,
// their context is cancelled (they roll back) and Stop waits for them.
func (s *Scheduler) Stop(ctx context.Context) error {
	defer s.cancel()
	if s.cron == nil {
		return nil
	}
	done := s.cron.Stop()
	select {
	case <-done.Done():
		return nil
	case <-ctx.Done():
		s.cancel()
		<-done.Done()
		return fmt.Errorf("running jobs were interrupted at shutdown: %w", ctx.Err())
	}
}

// cronLogger adapts slog to cron.Logger.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "error", err)...)
}
