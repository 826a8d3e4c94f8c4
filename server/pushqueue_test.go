package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/store"
)

// TestPushGroupCommit: pushes that arrive while a push lands wait and
// then land together in one ingest call; every push gets its own answer
// (201, or 200 for the same bytes again) and its rows land once.
func TestPushGroupCommit(t *testing.T) {
	const n = 30
	e := start(t, envOpt{noRun: true})
	var calls atomic.Int64
	var sizes []int
	var smu sync.Mutex
	real := e.srv.ingestFn
	e.srv.ingestFn = func(ctx context.Context, st *store.Store, files []ingest.File, opt ingest.Options) ([]ingest.Summary, []error) {
		if calls.Add(1) == 1 {
			// Hold the first round (the first push, and any that came in
			// the same instant) until the others queue behind it.
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) {
				e.srv.pushes.mu.Lock()
				waiting := len(e.srv.pushes.waiting)
				e.srv.pushes.mu.Unlock()
				if waiting+len(files) == n+1 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
		smu.Lock()
		sizes = append(sizes, len(files))
		smu.Unlock()
		return real(ctx, st, files, opt)
	}
	runEnv(t, e)
	rows, err := e.st.DB.Query(`SELECT DISTINCT station_code FROM station WHERE NOT is_control ORDER BY 1 LIMIT ?`, n)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
	}
	rows.Close()
	bodies := make([][]byte, n+1)
	want := 0
	for i, c := range codes {
		var h int
		bodies[i], h = longCSV(t, e.sample, 1, c)
		want += h
	}
	bodies[n] = bodies[0] // the same bytes again
	codes = append(codes, codes[0])
	statuses := make([]int, n+1)
	var wg sync.WaitGroup
	for i := range n + 1 {
		if i > 0 {
			time.Sleep(2 * time.Millisecond) // the first push leads
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/stations/"+codes[i]+"/files?name="+codes[i]+".csv", bytes.NewReader(bodies[i]))
			req.Header.Set("Authorization", "Bearer "+tokStaff)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		}()
	}
	wg.Wait()
	created, dup := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusOK:
			dup++
		}
	}
	if created != n || dup != 1 {
		t.Fatalf("statuses %v: want %d × 201 and one 200", statuses, n)
	}
	if calls.Load() != 2 || sizes[0]+sizes[1] != n+1 || sizes[0] > n/4 {
		t.Fatalf("%d ingest calls of %v files, want 2: the first push (or the first few), then the rest of the %d that waited", calls.Load(), sizes, n+1)
	}
	if got := e.count(`SELECT count(*) FROM air_hour`); got != int64(want) {
		t.Fatalf("air_hour has %d rows, want %d", got, want)
	}
	if got := e.count(`SELECT count(*) FROM file_ledger WHERE source LIKE 'push:%' AND outcome = 'accepted'`); got != n {
		t.Fatalf("%d accepted pushes in the ledger, want %d", got, n)
	}
}

// TestRoundSize: a round takes every waiting push up to the count and byte
// bounds, and always at least one (a file larger than the byte bound).
func TestRoundSize(t *testing.T) {
	req := func(size int) *pushReq { return &pushReq{file: ingest.File{Data: make([]byte, size)}} }
	many := func(n, size int) []*pushReq {
		out := make([]*pushReq, n)
		for i := range out {
			out[i] = req(size)
		}
		return out
	}
	for _, c := range []struct {
		name    string
		waiting []*pushReq
		want    int
	}{
		{"none", nil, 0},
		{"small files", many(40, 1000), 40},
		{"count bound", many(maxPushGroup+10, 10), maxPushGroup},
		{"byte bound", many(10, maxPushGroupBytes/4), 4},
		{"one huge file", []*pushReq{req(maxPushGroupBytes * 2), req(10)}, 1},
	} {
		if got := roundSize(c.waiting); got != c.want {
			t.Errorf("%s: round of %d, want %d", c.name, got, c.want)
		}
	}
}

// TestPushNotFlushed: when the round's bytes cannot be flushed to disk,
// nothing is received (no ledger entry, no retry, no rows) and the
// station is told to send again; the next push of the same bytes lands.
func TestPushNotFlushed(t *testing.T) {
	e := start(t, envOpt{noRun: true})
	var broken atomic.Bool
	broken.Store(true)
	real := e.srv.syncFS
	e.srv.syncFS = func() (bool, error) {
		if broken.Load() {
			return true, errors.New("sync the file system of the inbox: input/output error")
		}
		return real()
	}
	runEnv(t, e)
	body, n := longCSV(t, e.sample, 1, "1001A")
	r := e.push("1001A", tokA, "a.csv", body)
	if r.status != 500 || !strings.Contains(string(r.body), "could not store the file") {
		t.Fatalf("push with a failed flush: %d %s", r.status, r.body)
	}
	if k := e.count(`SELECT count(*) FROM file_ledger WHERE source LIKE 'push:%'`) + e.count(`SELECT count(*) FROM ingest_retry`) + e.count(`SELECT count(*) FROM air_hour`); k != 0 {
		t.Errorf("%d ledger entries, retries and rows after a push whose bytes were not flushed", k)
	}
	broken.Store(false)
	if r := e.push("1001A", tokA, "a.csv", body); r.status != 201 {
		t.Fatalf("the same push again: %d %s", r.status, r.body)
	}
	if k := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1001A'`); k != int64(n) {
		t.Errorf("%d rows, want %d", k, n)
	}
}
