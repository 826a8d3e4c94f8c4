package server

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// TestMetricsIngestRetries: /metrics shows the automatic ingest retries of
// ingest_retry by state (every state, 0 when none) and their attempts. A
// push that fails twice with RetryAttempts 2 gives up; one that fails once
// is retried and lands; a pending row is recorded directly (its next
// attempt far away, so the retrier leaves it).
func TestMetricsIngestRetries(t *testing.T) {
	e := start(t, envOpt{noRun: true, opt: func(o *Options) { o.RetryBackoff = 50 * time.Millisecond; o.RetryAttempts = 2 }})
	var calls atomic.Int64
	flaky(e, 3, &calls) // 1001A: the push and its one retry fail; 1002A: the push fails, its retry lands
	runEnv(t, e)

	scrape := func() map[string]float64 {
		t.Helper()
		r := e.do(http.MethodGet, "/metrics", "", "", nil)
		if r.status != http.StatusOK {
			t.Fatalf("metrics: %d %s", r.status, r.body)
		}
		return parseMetrics(t, string(r.body))
	}
	m := scrape()
	for _, st := range []string{"pending", "done", "failed"} {
		k := `envdisclose_ingest_retries{state="` + st + `"}`
		if v, ok := m[k]; !ok || v != 0 {
			t.Errorf("before any retry: %s = %v (present %v), want 0", k, v, ok)
		}
	}

	body, _ := longCSV(t, e.sample, 1, "1001A")
	if r := e.push("1001A", tokA, "1001A.csv", body); r.status != http.StatusInternalServerError {
		t.Fatalf("push with a failing ingest: %d %s", r.status, r.body)
	}
	waitFor(t, 10*time.Second, "the retrier to give up on 1001A", func() bool {
		return e.count(`SELECT count(*) FROM ingest_retry WHERE state = 'failed'`) == 1
	})
	body, _ = longCSV(t, e.sample, 1, "1002A")
	if r := e.push("1002A", tokB, "1002A.csv", body); r.status != http.StatusInternalServerError {
		t.Fatalf("second push with a failing ingest: %d %s", r.status, r.body)
	}
	waitFor(t, 10*time.Second, "the retry of 1002A to land", func() bool {
		return e.count(`SELECT count(*) FROM ingest_retry WHERE state = 'done'`) == 1
	})
	if _, err := e.st.DB.Exec(`INSERT INTO ingest_retry (path, sha256, name, source, state, attempts, next_at, last_error, updated_at)
		VALUES ('push/1003A/x.csv', 'f00d', 'x.csv', 'push:1003A', 'pending', 3, TIMESTAMP '2099-01-01 00:00:00', 'disk full', now()::TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}

	m = scrape()
	for k, want := range map[string]float64{
		`envdisclose_ingest_retries{state="failed"}`:         1,
		`envdisclose_ingest_retries{state="done"}`:           1,
		`envdisclose_ingest_retries{state="pending"}`:        1,
		`envdisclose_ingest_retry_attempts{state="failed"}`:  2,
		`envdisclose_ingest_retry_attempts{state="done"}`:    2,
		`envdisclose_ingest_retry_attempts{state="pending"}`: 3,
	} {
		if got, ok := m[k]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, want)
		}
	}
	if n := calls.Load(); n != 4 {
		t.Errorf("%d ingest calls, want 4 (two pushes, two retries)", n)
	}
}
