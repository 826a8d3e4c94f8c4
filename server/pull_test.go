package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
)

// feed is an httptest server of one long-layout CSV per day
// (/air_<yyyymmdd>.csv), with ETag and Last-Modified, and a script of
// failures.
type feed struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	days map[string][]byte // yyyymmdd -> body
	// fail, when set, answers a request before the normal handling (return
	// true when it answered).
	fail     func(w http.ResponseWriter, r *http.Request, n int) bool
	requests []*http.Request
}

const feedModified = "Mon, 23 Jan 2023 08:00:00 GMT"

func newFeed(t *testing.T) *feed {
	f := &feed{t: t, days: map[string][]byte{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Clone(context.Background()))
		n := len(f.requests)
		fail := f.fail
		day := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/air_"), ".csv")
		body, ok := f.days[day]
		f.mu.Unlock()
		if fail != nil && fail(w, r, n) {
			return
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := `"` + day + `-v1"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", feedModified)
		w.Header().Set("Content-Type", "text/csv")
		_, _ = w.Write(body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *feed) reqs() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*http.Request(nil), f.requests...)
}

// pullEnv is a server (not running) with one HTTP source on f, its clock
// on 2023-01-24 12:00 CST (the sample days are 01-20 to 01-23).
func pullEnv(t *testing.T, f *feed, lookback int, timeout time.Duration) (*env, config.Source) {
	t.Helper()
	clock := time.Date(2023, 1, 24, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
	e := start(t, envOpt{noRun: true,
		cfg: func(c *config.Config) {
			c.Sources = []config.Source{{Name: "feed", Kind: "http", URL: f.srv.URL + "/air_{yyyymmdd}.csv",
				LookbackDays: lookback, Retries: 2, Timeout: config.Duration{Duration: timeout}}}
		},
		opt: func(o *Options) {
			o.PullBackoff = 10 * time.Millisecond
			o.Now = func() time.Time { return clock }
		},
	})
	return e, e.srv.cfg.Sources[0]
}

func TestPullSourceJobRegistered(t *testing.T) {
	f := newFeed(t)
	e, _ := pullEnv(t, f, 0, time.Second)
	found := false
	for _, n := range e.srv.Scheduler().Names() {
		found = found || n == "source:feed"
	}
	if !found {
		t.Fatalf("jobs %v lack source:feed", e.srv.Scheduler().Names())
	}
}

func TestPull200Then304(t *testing.T) {
	f := newFeed(t)
	e, src := pullEnv(t, f, 0, 5*time.Second)
	body, hours := longCSV(t, e.sample, 4, "1001A") // 2023-01-23
	f.days["20230124"] = body
	rows, err := e.srv.pull(t.Context(), src)
	if err != nil || rows != int64(hours) {
		t.Fatalf("first pull: %d rows, %v (want %d)", rows, err, hours)
	}
	if n := e.count(`SELECT count(*) FROM file_ledger WHERE source = 'pull:feed'`); n != 1 {
		t.Fatalf("ledger has %d pull entries", n)
	}
	matches, _ := filepath.Glob(filepath.Join(e.st.Dir, "inbox", "pulled", "feed", "*", "*-air_20230124.csv"))
	if len(matches) != 1 {
		t.Fatalf("pulled file: %v", matches)
	}
	if b, _ := os.ReadFile(matches[0]); string(b) != string(body) {
		t.Fatal("pulled file differs from the body")
	}
	rows, err = e.srv.pull(t.Context(), src)
	if err != nil || rows != 0 {
		t.Fatalf("second pull: %d rows, %v", rows, err)
	}
	rs := f.reqs()
	if len(rs) != 2 {
		t.Fatalf("%d requests", len(rs))
	}
	if rs[0].Header.Get("If-None-Match") != "" || rs[1].Header.Get("If-None-Match") != `"20230124-v1"` ||
		rs[1].Header.Get("If-Modified-Since") != feedModified {
		t.Fatalf("conditional headers: first %v, second %v", rs[0].Header, rs[1].Header)
	}
	var status, failures int64
	var etag string
	if err := e.st.DB.QueryRow(`SELECT last_status, failures, etag FROM source_fetch WHERE source = 'feed'`).Scan(&status, &failures, &etag); err != nil {
		t.Fatal(err)
	}
	if status != 304 || failures != 0 || etag != `"20230124-v1"` {
		t.Fatalf("source_fetch: %d %d %s", status, failures, etag)
	}
	// The inbox job leaves inbox/pulled alone.
	if n, err := e.srv.ingestFolder(t.Context(), e.srv.inboxDir(), filepath.Join(e.st.Dir, "archive"), "inbox"); err != nil || n != 0 {
		t.Fatalf("inbox job: %d, %v", n, err)
	}
	if n := e.count(`SELECT count(*) FROM file_ledger WHERE source = 'inbox'`); n != 0 {
		t.Fatalf("inbox ingested %d pulled files", n)
	}
	if len(f.reqs()) != 2 {
		t.Fatal("unexpected requests")
	}
}

func TestPullRetryAfter500(t *testing.T) {
	f := newFeed(t)
	e, src := pullEnv(t, f, 0, 5*time.Second)
	body, hours := longCSV(t, e.sample, 4, "1001A")
	f.days["20230124"] = body
	f.fail = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if n <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	rows, err := e.srv.pull(t.Context(), src)
	if err != nil || rows != int64(hours) {
		t.Fatalf("pull: %d rows, %v", rows, err)
	}
	if n := len(f.reqs()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	if cs := e.srv.met.snapshot(); len(cs.failSources) != 0 {
		t.Fatalf("failures counted: %v", cs.failSources)
	}
}

func TestPullFailureCounted(t *testing.T) {
	f := newFeed(t)
	e, src := pullEnv(t, f, 0, 5*time.Second)
	f.fail = func(w http.ResponseWriter, r *http.Request, n int) bool {
		http.Error(w, "down", http.StatusInternalServerError)
		return true
	}
	if _, err := e.srv.pull(t.Context(), src); err == nil {
		t.Fatal("no error")
	}
	if n := len(f.reqs()); n != 1+src.Retries {
		t.Fatalf("%d requests, want %d", n, 1+src.Retries)
	}
	if _, err := e.srv.pull(t.Context(), src); err == nil {
		t.Fatal("no error")
	}
	if n := e.count(`SELECT failures FROM source_fetch WHERE source = 'feed'`); n != 2 {
		t.Fatalf("failures %d, want 2", n)
	}
	var p promWriter
	if err := e.srv.writeMetrics(t.Context(), &p); err != nil {
		t.Fatal(err)
	}
	out := p.b.String()
	for _, want := range []string{`envdisclose_source_failures_total{source="feed"} 2`, `envdisclose_source_fetches_total{source="feed",result="failed"} 2`} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestPullTimeout(t *testing.T) {
	f := newFeed(t)
	e, src := pullEnv(t, f, 0, 100*time.Millisecond)
	f.days["20230124"] = []byte("x")
	f.fail = func(w http.ResponseWriter, r *http.Request, n int) bool {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return true
	}
	begin := time.Now()
	_, err := e.srv.pull(t.Context(), src)
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(begin); d > 3*time.Second {
		t.Fatalf("took %s", d)
	}
	if n := len(f.reqs()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	// A cancelled job stops retrying at once.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := e.srv.pull(ctx, src); err == nil {
		t.Fatal("cancelled pull: no error")
	}
}

func TestPull404NotAFailure(t *testing.T) {
	f := newFeed(t)
	e, src := pullEnv(t, f, 0, time.Second)
	rows, err := e.srv.pull(t.Context(), src)
	if err != nil || rows != 0 {
		t.Fatalf("pull: %d, %v", rows, err)
	}
	if n := len(f.reqs()); n != 1 {
		t.Fatalf("%d requests (404 retried?)", n)
	}
	cs := e.srv.met.snapshot()
	if len(cs.failSources) != 0 || len(cs.fetchKeys) != 1 || cs.fetchKeys[0][1] != fetchNotFound {
		t.Fatalf("counters: %+v", cs)
	}
	if n := e.count(`SELECT failures FROM source_fetch WHERE source = 'feed' AND last_status = 404`); n != 0 {
		t.Fatalf("failures %d", n)
	}
}

func TestPullLookback(t *testing.T) {
	f := newFeed(t)
	e, src := pullEnv(t, f, 4, 5*time.Second)
	var want int64
	for i, day := range []string{"20230120", "20230121", "20230122", "20230123"} {
		b, n := longCSV(t, e.sample, i+1, "1001A")
		f.days[day] = b
		want += int64(n)
	}
	rows, err := e.srv.pull(t.Context(), src)
	if err != nil || rows != want {
		t.Fatalf("pull: %d rows, %v (want %d)", rows, err, want)
	}
	var paths []string
	for _, r := range f.reqs() {
		paths = append(paths, r.URL.Path)
	}
	if strings.Join(paths, " ") != "/air_20230120.csv /air_20230121.csv /air_20230122.csv /air_20230123.csv /air_20230124.csv" {
		t.Fatalf("requests %v", paths)
	}
	// A correction of one day: the new bytes land, the rest are 304.
	f.mu.Lock()
	f.days["20230121"] = append(append([]byte(nil), f.days["20230121"]...), "\n"...)
	f.mu.Unlock()
	// The server keeps the old ETag for a changed body here, so force a
	// refetch by forgetting the validators of that URL.
	if _, err := e.st.DB.Exec(`UPDATE source_fetch SET etag = NULL, last_modified = NULL WHERE url LIKE '%20230121%'`); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.pull(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	if n := e.count(`SELECT count(*) FROM file_ledger WHERE source = 'pull:feed'`); n != 5 {
		t.Fatalf("ledger has %d entries, want 5", n)
	}
	if n := e.count(`SELECT count(*) FROM file_ledger WHERE source = 'pull:feed' GROUP BY sha256 HAVING count(*) > 1 UNION ALL SELECT 0 LIMIT 1`); n != 0 {
		t.Fatal("a file is twice in the ledger")
	}
	if n := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1001A'`); n != want {
		t.Fatalf("air_hour has %d rows, want %d", n, want)
	}
	// The same bytes again (validators lost): a no-op via the ledger.
	if _, err := e.st.DB.Exec(`DELETE FROM source_fetch`); err != nil {
		t.Fatal(err)
	}
	rows, err = e.srv.pull(t.Context(), src)
	if err != nil || rows != 0 {
		t.Fatalf("refetch: %d rows, %v", rows, err)
	}
	if n := e.count(`SELECT count(*) FROM file_ledger WHERE source = 'pull:feed'`); n != 5 {
		t.Fatalf("ledger has %d entries after refetch, want 5", n)
	}
}

func TestExpandPeriods(t *testing.T) {
	now := time.Date(2026, 3, 1, 1, 30, 0, 0, time.UTC)
	got := expandPeriods("http://x/{yyyy}/{mm}/{dd}/f_{yyyymmdd}.csv", now, 1)
	if strings.Join(got, " ") != "http://x/2026/02/28/f_20260228.csv http://x/2026/03/01/f_20260301.csv" {
		t.Fatalf("days: %v", got)
	}
	got = expandPeriods("http://x/{yyyymmdd}{hh}.csv", now, 0)
	if strings.Join(got, " ") != "http://x/2026030101.csv" {
		t.Fatalf("hours: %v", got)
	}
	if got = expandPeriods("http://x/{yyyymmdd}{hh}.csv", now, 1); len(got) != 25 || got[0] != "http://x/2026022801.csv" {
		t.Fatalf("hours lookback: %d %v", len(got), got[:1])
	}
	if got = expandPeriods("http://x/latest.csv", now, 3); len(got) != 1 {
		t.Fatalf("no placeholder: %v", got)
	}
}
