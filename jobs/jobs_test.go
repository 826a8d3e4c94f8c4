package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func newSched(t *testing.T) (*Scheduler, *store.Store, *clock) {
	t.Helper()
	fsys, _ := envsql.FS("")
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c := &clock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, loc)}
	s, err := New(st, Options{Now: c.Now, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	return s, st, c
}

func runs(t *testing.T, st *store.Store, job string) (n int, outcomes []string) {
	t.Helper()
	rows, err := st.DB.Query(`SELECT outcome FROM job_run WHERE job = ? ORDER BY run_id`, job)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		_ = rows.Scan(&o)
		outcomes = append(outcomes, o)
	}
	return len(outcomes), outcomes
}

func TestBadScheduleIsRefused(t *testing.T) {
	s, _, _ := newSched(t)
	if err := s.Add(Job{Name: "x", Schedule: "61 * * * *", Run: nil}); err == nil {
		t.Fatal("bad cron expression accepted")
	}
	for _, spec := range []string{"*/5 * * * *", "0 */5 * * * *", "CRON_TZ=Asia/Shanghai 0 9 3 * *", "@hourly"} {
		if err := s.Add(Job{Name: spec, Schedule: spec}); err != nil {
			t.Errorf("%q: %v", spec, err)
		}
	}
}

func TestCatchUpRunsMissedOnceInOrder(t *testing.T) {
	s, st, c := newSched(t)
	var order []string
	mk := func(name string) Func {
		return func(context.Context) (int64, error) { order = append(order, name); return 1, nil }
	}
	_ = s.Add(Job{Name: "hourly", Schedule: "5 * * * *", Run: mk("hourly")})
	_ = s.Add(Job{Name: "daily", Schedule: "0 2 * * *", Run: mk("daily")})
	_ = s.Add(Job{Name: "never-ran", Schedule: "* * * * *", Run: mk("never-ran")})
	loc := s.loc
	// Last scheduled runs: hourly at 10:05, daily at 02:00 on 2026-03-01.
	for _, r := range []struct {
		job string
		at  time.Time
	}{{"hourly", time.Date(2026, 3, 1, 10, 5, 0, 0, loc)}, {"daily", time.Date(2026, 3, 1, 2, 0, 0, 0, loc)}} {
		if _, err := st.DB.Exec(`INSERT INTO job_run VALUES (nextval('job_run_id_seq'), ?, 'schedule', ?, ?, ?, 'ok', 0, NULL)`,
			r.job, store.Wall(r.at), store.Wall(r.at), store.Wall(r.at)); err != nil {
			t.Fatal(err)
		}
	}
	// The process was down until 2026-03-02 03:30: hourly missed 11:05 …
	// 03:05 (caught up once, for 03:05), daily missed 2026-03-02 02:00.
	c.Set(time.Date(2026, 3, 2, 3, 30, 0, 0, loc))
	missed, err := s.MissedRuns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(missed) != 2 || missed[0].Job != "daily" || missed[1].Job != "hourly" ||
		!missed[0].At.Equal(time.Date(2026, 3, 2, 2, 0, 0, 0, loc)) || !missed[1].At.Equal(time.Date(2026, 3, 2, 3, 5, 0, 0, loc)) {
		t.Fatalf("missed = %+v", missed)
	}
	if err := s.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(order) != 2 || order[0] != "daily" || order[1] != "hourly" {
		t.Fatalf("ran %v, want [daily hourly]", order)
	}
	// Nothing more to catch up.
	if m, _ := s.MissedRuns(context.Background()); len(m) != 0 {
		t.Fatalf("still missed: %+v", m)
	}
	var trig string
	_ = st.DB.QueryRow(`SELECT trigger FROM job_run WHERE job = 'daily' ORDER BY run_id DESC LIMIT 1`).Scan(&trig)
	if trig != "catch-up" {
		t.Fatalf("trigger %q", trig)
	}
}

func TestSkipIfStillRunningAndRecover(t *testing.T) {
	s, st, _ := newSched(t)
	release := make(chan struct{})
	var started, calls atomic.Int32
	_ = s.Add(Job{Name: "slow", Schedule: "* * * * *", Run: func(context.Context) (int64, error) {
		calls.Add(1)
		started.Store(1)
		<-release
		return 5, nil
	}})
	_ = s.Add(Job{Name: "boom", Schedule: "* * * * *", Run: func(context.Context) (int64, error) {
		panic("disk on fire")
	}})
	_ = s.Add(Job{Name: "fails", Schedule: "* * * * *", Run: func(context.Context) (int64, error) {
		return 0, errors.New("feed down")
	}})
	slow := s.cronJob(s.jobs["slow"])
	done := make(chan struct{})
	go func() { slow.Run(); close(done) }()
	for started.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	slow.Run() // skipped at once: the first is still running
	close(release)
	<-done
	if calls.Load() != 1 {
		t.Fatalf("slow ran %d times, want 1", calls.Load())
	}
	s.cronJob(s.jobs["boom"]).Run() // must not crash the test process
	s.cronJob(s.jobs["fails"]).Run()
	if n, o := runs(t, st, "slow"); n != 1 || o[0] != OutcomeOK {
		t.Fatalf("slow runs %v", o)
	}
	if _, o := runs(t, st, "boom"); len(o) != 1 || o[0] != OutcomePanic {
		t.Fatalf("boom runs %v", o)
	}
	if _, o := runs(t, st, "fails"); len(o) != 1 || o[0] != OutcomeError {
		t.Fatalf("fails runs %v", o)
	}
	// A manual run of a panicking job is an error, not a crash.
	if err := s.RunNow(context.Background(), "boom", "manual"); err == nil {
		t.Fatal("manual panic not reported")
	}
	if err := s.RunNow(context.Background(), "nosuch", "manual"); err == nil {
		t.Fatal("unknown job accepted")
	}
}

func TestStopInterruptsAfterDeadline(t *testing.T) {
	s, st, _ := newSched(t)
	entered := make(chan struct{})
	_ = s.Add(Job{Name: "long", Schedule: "* * * * * *", Run: func(ctx context.Context) (int64, error) {
		close(entered)
		<-ctx.Done() // a transform would roll back here
		return 0, ctx.Err()
	}})
	s.Start()
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := s.Stop(ctx); err == nil {
		t.Fatal("Stop should report the interrupted job")
	}
	if _, o := runs(t, st, "long"); len(o) != 1 || o[0] != OutcomeInterrupted {
		t.Fatalf("long runs %v", o)
	}
}
