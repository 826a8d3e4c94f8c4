package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/store"
)

// runEnv starts the server of an env made with noRun (after the test has
// replaced what it needs).
func runEnv(t *testing.T, e *env) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.done, e.url = cancel, make(chan error, 1), "http://"+ln.Addr().String()
	go func() { e.done <- e.srv.Run(ctx, ln) }()
	t.Cleanup(func() { e.stop() })
}

// flaky makes the first n ingests fail with a database-like error after
// the ledger entry exists (the real ingest records the outcome failed).
func flaky(e *env, n int64, calls *atomic.Int64) {
	real := e.srv.ingestFn
	e.srv.ingestFn = func(ctx context.Context, st *store.Store, files []ingest.File, opt ingest.Options) ([]ingest.Summary, []error) {
		sums, errs := make([]ingest.Summary, len(files)), make([]error, len(files))
		var pass []ingest.File
		var at []int
		for i, f := range files {
			if calls.Add(1) <= n {
				sums[i].Path, errs[i] = f.Name, errors.New("IO Error: could not write to the database file (disk full?)")
				continue
			}
			pass, at = append(pass, f), append(at, i)
		}
		if len(pass) > 0 {
			s, e := real(ctx, st, pass, opt)
			for k, i := range at {
				sums[i], errs[i] = s[k], e[k]
			}
		}
		return sums, errs
	}
}

func retryRow(t *testing.T, e *env) (state string, attempts int, lastErr string) {
	t.Helper()
	if err := e.st.DB.QueryRow(`SELECT state, attempts, coalesce(last_error, '') FROM ingest_retry`).Scan(&state, &attempts, &lastErr); err != nil {
		t.Fatal(err)
	}
	return
}

// TestRetryAfterFailedIngest: a push whose ingest fails is answered 500,
// kept, and ingested again automatically with backoff; the rows land once
// and a republish follows.
func TestRetryAfterFailedIngest(t *testing.T) {
	e := start(t, envOpt{noRun: true, opt: func(o *Options) { o.RetryBackoff = 50 * time.Millisecond; o.RetryAttempts = 4 }})
	var calls atomic.Int64
	flaky(e, 2, &calls) // the push and the first retry fail, the second retry lands
	runEnv(t, e)
	body, n := longCSV(t, e.sample, 1, "1001A")
	r := e.push("1001A", tokA, "1001A.csv", body)
	if r.status != http.StatusInternalServerError {
		t.Fatalf("push with a failing ingest: %d %s", r.status, r.body)
	}
	waitFor(t, 10*time.Second, "the retry to land the file", func() bool {
		return e.count(`SELECT count(*) FROM ingest_retry WHERE state = 'done'`) == 1
	})
	state, attempts, _ := retryRow(t, e)
	if state != retryDone || attempts != 3 || calls.Load() != 3 {
		t.Fatalf("retry row %s after %d attempts (%d ingest calls), want done after 3", state, attempts, calls.Load())
	}
	if got := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1001A'`); got != int64(n) {
		t.Fatalf("air_hour rows of 1001A = %d, want %d", got, n)
	}
	id := e.count(`SELECT file_id FROM file_ledger WHERE source = 'push:1001A'`)
	if out := e.count(`SELECT count(*) FROM file_ledger WHERE file_id = ? AND outcome = 'accepted'`, id); out != 1 {
		t.Fatal("the ledger entry is not accepted after the retry")
	}
	waitFor(t, 5*time.Second, "a republish after the retry", func() bool { return e.builds.Load() > 0 })
	m := e.do(http.MethodGet, "/api/v1/files/"+strconv.FormatInt(id, 10), tokA, "", nil).json(t)
	if rt, ok := m["retry"].(map[string]any); !ok || rt["state"] != "done" || rt["attempts"] != float64(3) {
		t.Fatalf("GET file: retry = %v", m["retry"])
	}
	// Sent again by the station: a duplicate, nothing more lands.
	if r := e.push("1001A", tokA, "1001A.csv", body); r.status != http.StatusOK {
		t.Fatalf("resend: %d %s", r.status, r.body)
	}
}

// TestRetryGivesUp: a file that keeps failing is tried RetryAttempts times
// in all, then left with the final reason; no more attempts follow.
func TestRetryGivesUp(t *testing.T) {
	e := start(t, envOpt{noRun: true, opt: func(o *Options) { o.RetryBackoff = 20 * time.Millisecond; o.RetryAttempts = 3 }})
	var calls atomic.Int64
	flaky(e, 1000, &calls)
	runEnv(t, e)
	body, _ := longCSV(t, e.sample, 1, "1002A")
	if r := e.push("1002A", tokB, "1002A.csv", body); r.status != http.StatusInternalServerError {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	waitFor(t, 10*time.Second, "the retries to give up", func() bool {
		return e.count(`SELECT count(*) FROM ingest_retry WHERE state = 'failed'`) == 1
	})
	time.Sleep(300 * time.Millisecond) // backoff would have allowed several more attempts
	state, attempts, lastErr := retryRow(t, e)
	if state != retryFailed || attempts != 3 || calls.Load() != 3 {
		t.Fatalf("retry row %s after %d attempts (%d ingest calls), want failed after 3", state, attempts, calls.Load())
	}
	if want := "gave up after 3 attempts; last error: IO Error: could not write to the database file (disk full?)"; lastErr != want {
		t.Fatalf("final reason %q, want %q", lastErr, want)
	}
	if got := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1002A'`); got != 0 {
		t.Fatalf("%d rows landed from a failing ingest", got)
	}
}

// TestRetryBackoff: the wait doubles per attempt and is capped.
func TestRetryBackoff(t *testing.T) {
	s := &Server{opt: Options{RetryBackoff: time.Second}}
	for attempts, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 30: retryMaxWait} {
		if got := s.retryWait(attempts); got != want {
			t.Errorf("wait after %d attempts = %s, want %s", attempts, got, want)
		}
	}
}

// TestRetryHJ212Batch: an HJ 212 batch that was answered and stored but
// failed to land is landed by the automatic retry.
func TestRetryHJ212Batch(t *testing.T) {
	h := startHJ(t, 50*time.Millisecond)
	h.srv.opt.RetryBackoff = 50 * time.Millisecond
	var calls atomic.Int64
	flaky(h.env, 1, &calls)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); h.srv.retry.loop(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	c := dial(t, h.addr)
	_, b := hourMsg(hjMN, 9, true)
	if _, err := c.Write(b); err != nil {
		t.Fatal(err)
	}
	readAnswers(t, c, 1)
	// The rows commit before the retry row records the attempt: wait for both.
	waitFor(t, 10*time.Second, "the retried batch to land", func() bool {
		return h.hourRows() == 1 && h.count(`SELECT count(*) FROM ingest_retry WHERE state = 'done'`) == 1
	})
	var state, source string
	var attempts int
	if err := h.st.DB.QueryRow(`SELECT state, attempts, source FROM ingest_retry`).Scan(&state, &attempts, &source); err != nil {
		t.Fatal(err)
	}
	if state != retryDone || attempts != 2 || !strings.HasPrefix(source, "hj212:") {
		t.Fatalf("retry row %s %d %s, want done after 2 attempts of an hj212 batch", state, attempts, source)
	}
}

// TestStrandedPushesAtStart: pushes recorded in the ledger whose ingest
// never finished (the server stopped) are landed at the next start from
// their kept bytes, with the rights of their sender: a staff push lands
// every station's rows, a station's push only its own.
func TestStrandedPushesAtStart(t *testing.T) {
	e := start(t, envOpt{noRun: true, opt: func(o *Options) { o.RetryBackoff = 20 * time.Millisecond }})
	a, na := longCSV(t, e.sample, 1, "1001A")
	b, nb := longCSV(t, e.sample, 1, "1002A")
	both := append(append([]byte{}, a...), bytes.SplitN(b, []byte("\n"), 2)[1]...) // one header, two stations
	// The same two stations' rows, in another order: other bytes.
	both2 := append(append([]byte{}, b...), bytes.SplitN(a, []byte("\n"), 2)[1]...)
	ctx := context.Background()
	for _, f := range []struct {
		sub, name, source string
		body              []byte
	}{{staffDir, "staff.csv", "push:1001A", both}, {receivedDir, "station.csv", "push:1001A", both2}} {
		sum := sha256.Sum256(f.body)
		digest := hex.EncodeToString(sum[:])
		if _, _, err := e.st.Receive(ctx, digest, f.name, f.source, int64(len(f.body))); err != nil {
			t.Fatal(err)
		}
		if _, err := e.srv.saveInbox(digest, f.name, f.body, f.sub); err != nil {
			t.Fatal(err)
		}
	}
	runEnv(t, e)
	waitFor(t, 10*time.Second, "both stranded pushes to settle", func() bool {
		return e.count(`SELECT count(*) FROM ingest_retry WHERE state = 'done'`) == 2
	})
	if got := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1002A'`); got != int64(nb) {
		t.Errorf("1002A has %d rows, want %d (from the staff push)", got, nb)
	}
	if got := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1001A'`); got != int64(na) {
		t.Errorf("1001A has %d rows, want %d", got, na)
	}
	var outcome string
	var rejected int64
	if err := e.st.DB.QueryRow(`SELECT outcome, rows_rejected FROM file_ledger WHERE name = 'station.csv'`).Scan(&outcome, &rejected); err != nil {
		t.Fatal(err)
	}
	if outcome != "partial" || rejected != int64(nb) {
		t.Errorf("station push: %s with %d rejected, want partial with 1002A's %d rows refused", outcome, rejected, nb)
	}
}
