package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/store"
)

func TestPushAcceptedThenDuplicate(t *testing.T) {
	e := start(t, envOpt{})
	body, hours := longCSV(t, e.sample, 1, "1001A")
	r := e.push("1001A", tokA, "../../etc/1001A 2023-01-20.csv", body)
	if r.status != http.StatusCreated {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	m := r.json(t)
	f := m["file"].(map[string]any)
	id := int64(f["id"].(float64))
	if f["outcome"] != store.OutcomeAccepted || int(f["rows_accepted"].(float64)) != hours || f["source"] != "push:1001A" {
		t.Fatalf("entry: %v", f)
	}
	if m["url"] != fmt.Sprintf("/api/v1/files/%d", id) || r.header.Get("Location") != m["url"] {
		t.Fatalf("url %v, Location %q", m["url"], r.header.Get("Location"))
	}
	if rs, ok := m["rejects_sample"].([]any); !ok || len(rs) != 0 {
		t.Fatalf("rejects_sample: %v", m["rejects_sample"])
	}
	if n := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1001A' AND file_id = ?`, id); n != int64(hours) {
		t.Fatalf("air_hour has %d rows of the file, want %d", n, hours)
	}
	// The raw bytes are on disk under inbox/received/<day>/<sha256>-<safe name>.
	name := f["name"].(string)
	if name != "1001A_2023-01-20.csv" {
		t.Errorf("stored name %q", name)
	}
	matches, _ := filepath.Glob(filepath.Join(e.st.Dir, "inbox", "received", "*", f["sha256"].(string)+"-"+name))
	if len(matches) != 1 {
		t.Fatalf("received file not found: %v", matches)
	}
	if b, _ := os.ReadFile(matches[0]); !bytes.Equal(b, body) {
		t.Fatal("received file differs from the body")
	}

	r2 := e.push("1001A", tokA, "again.csv", body)
	if r2.status != http.StatusOK {
		t.Fatalf("duplicate: %d %s", r2.status, r2.body)
	}
	m2 := r2.json(t)
	if m2["duplicate"] != true || int64(m2["file"].(map[string]any)["id"].(float64)) != id {
		t.Fatalf("duplicate answer: %v", m2)
	}
	if n := e.count(`SELECT count(*) FROM air_hour WHERE station_code = '1001A'`); n != int64(hours) {
		t.Fatalf("after duplicate: %d rows, want %d", n, hours)
	}
	if n := e.count(`SELECT count(*) FROM file_ledger WHERE source = 'push:1001A'`); n != 1 {
		t.Fatalf("ledger has %d push entries", n)
	}
}

func TestPushRefusals(t *testing.T) {
	e := start(t, envOpt{cfg: func(c *config.Config) { c.Push.MaxBytes = 64 << 10 }})
	body, _ := longCSV(t, e.sample, 1, "1001A")

	r := e.push("1001A", "", "x.csv", body)
	if r.status != http.StatusUnauthorized || r.json(t)["error"] != errNoToken || r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d %s", r.status, r.body)
	}
	if r := e.push("1001A", "wrong", "x.csv", body); r.status != http.StatusUnauthorized || r.json(t)["error"] != errBadToken {
		t.Errorf("wrong token: %d %s", r.status, r.body)
	}
	if r := e.push("1001A", tokB, "x.csv", body); r.status != http.StatusForbidden || !strings.Contains(r.json(t)["detail"].(string), "1002A") {
		t.Errorf("token of another station: %d %s", r.status, r.body)
	}
	if r := e.push("1001A", tokA, "x.csv", nil); r.status != http.StatusBadRequest || r.json(t)["error"] != "empty body" {
		t.Errorf("empty body: %d %s", r.status, r.body)
	}
	big := bytes.Repeat([]byte("1001A,2023-01-20 01:00,1,2,3,4,5,0.5\n"), 3000)
	if r := e.push("1001A", tokA, "big.csv", big); r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.json(t)["detail"].(string), "65536") {
		t.Errorf("oversize: %d %s", r.status, r.body)
	}
	if r := e.push("bad code!", tokStaff, "x.csv", body); r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
		t.Errorf("bad code: %d %s", r.status, r.body)
	}
	// Unrecognised content: 422 with the ledger entry and the reasons.
	r = e.push("1001A", tokA, "notes.txt", []byte("hello,world\nthis is not,monitoring data\n"))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("unrecognised: %d %s", r.status, r.body)
	}
	m := r.json(t)
	f := m["file"].(map[string]any)
	if f["outcome"] != store.OutcomeRejected || m["detail"] == "" || len(m["reasons"].([]any)) == 0 || len(m["rejects_sample"].([]any)) == 0 {
		t.Errorf("unrecognised answer: %s", r.body)
	}
	// Malformed rows of a long file: every row refused → 422 with reasons.
	bad := []byte("station_code,time,pm25,pm10,so2,no2,o3,co\n1001A,2023-13-45 01:00,1,2,3,4,5,0.5\n1001A,2023-01-20 01:30,x,2,3,4,5,0.5\n")
	r = e.push("1001A", tokA, "bad.csv", bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("malformed: %d %s", r.status, r.body)
	}
	if rs := r.json(t)["rejects_sample"].([]any); len(rs) < 2 {
		t.Errorf("malformed: rejects %v", rs)
	}
	// A station token carrying another station's rows: those rows are
	// refused (the station's own land); staff may push any station.
	other, _ := longCSV(t, e.sample, 1, "1002A")
	r = e.push("1001A", tokA, "other.csv", other)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "station not allowed for this sender") {
		t.Fatalf("rows of another station: %d %s", r.status, r.body)
	}
	// Nothing landed from any of these.
	if n := e.count(`SELECT count(*) FROM air_hour`); n != 0 {
		t.Errorf("air_hour has %d rows", n)
	}
	if e.builds.Load() != 0 {
		t.Errorf("refused pushes triggered %d builds", e.builds.Load())
	}
}

func TestPushRateLimit(t *testing.T) {
	e := start(t, envOpt{cfg: func(c *config.Config) { c.Push.RatePerMinute = 2 }})
	for i := range 2 {
		body, _ := longCSV(t, e.sample, 1+i, "1001A")
		if r := e.push("1001A", tokA, "f.csv", body); r.status != http.StatusCreated {
			t.Fatalf("push %d: %d %s", i, r.status, r.body)
		}
	}
	body, _ := longCSV(t, e.sample, 3, "1001A")
	r := e.push("1001A", tokA, "f.csv", body)
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("third push: %d %s", r.status, r.body)
	}
	if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 1 || s > 30 {
		t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// Another station has its own budget.
	body, _ = longCSV(t, e.sample, 3, "1002A")
	if r := e.push("1002A", tokB, "f.csv", body); r.status != http.StatusCreated {
		t.Fatalf("other station: %d %s", r.status, r.body)
	}
}

func TestPushMultipart(t *testing.T) {
	e := start(t, envOpt{})
	body, hours := longCSV(t, e.sample, 2, "1002A")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("comment", "hourly upload")
	fw, err := mw.CreateFormFile("file", `C:\data\1002A 20230121.csv`)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(body)
	mw.Close()
	r := e.do(http.MethodPost, "/api/v1/stations/1002A/files", tokStaff, mw.FormDataContentType(), buf.Bytes())
	if r.status != http.StatusCreated {
		t.Fatalf("multipart: %d %s", r.status, r.body)
	}
	f := r.json(t)["file"].(map[string]any)
	if f["name"] != "1002A_20230121.csv" || int(f["rows_accepted"].(float64)) != hours || f["source"] != "push:1002A" {
		t.Fatalf("entry %v", f)
	}
	// A multipart body without the field "file".
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	_ = mw.WriteField("other", "x")
	mw.Close()
	if r := e.do(http.MethodPost, "/api/v1/stations/1002A/files", tokB, mw.FormDataContentType(), buf.Bytes()); r.status != http.StatusBadRequest {
		t.Fatalf("multipart without file: %d %s", r.status, r.body)
	}
	// Raw body with the name in Content-Disposition.
	body3, _ := longCSV(t, e.sample, 3, "1002A")
	req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/stations/1002A/files", bytes.NewReader(body3))
	req.Header.Set("Authorization", "Bearer "+tokB)
	req.Header.Set("Content-Disposition", `attachment; filename="day3.csv"`)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var pr pushResult
	json.NewDecoder(res.Body).Decode(&pr)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || pr.File.Name != "day3.csv" {
		t.Fatalf("content-disposition: %d %+v", res.StatusCode, pr.File)
	}
}

func TestConcurrentSamePush(t *testing.T) {
	e := start(t, envOpt{})
	body, hours := longCSV(t, e.sample, 1, "1001A")
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	ids := make([]int64, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/stations/1001A/files?name=same.csv", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tokA)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			var pr pushResult
			json.NewDecoder(res.Body).Decode(&pr)
			statuses[i], ids[i] = res.StatusCode, pr.File.ID
		}()
	}
	wg.Wait()
	created, ok := 0, 0
	for i, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusOK:
			ok++
		}
		if ids[i] != ids[0] || ids[i] == 0 {
			t.Errorf("ids differ: %v", ids)
		}
	}
	if created != 1 || ok != 7 {
		t.Fatalf("statuses %v: want one 201 and seven 200", statuses)
	}
	if n := e.count(`SELECT count(*) FROM air_hour`); n != int64(hours) {
		t.Fatalf("air_hour has %d rows, want %d", n, hours)
	}
	if n := e.count(`SELECT count(*) FROM (SELECT station_code, time FROM air_hour GROUP BY ALL HAVING count(*) > 1)`); n != 0 {
		t.Fatalf("%d station-hours twice", n)
	}
}

func TestGetFile(t *testing.T) {
	e := start(t, envOpt{})
	// A partial file: one good row, one bad.
	body := []byte("station_code,time,pm25,pm10,so2,no2,o3,co\n1001A,2023-01-20 01:00,10,20,3,4,5,0.5\n1001A,2023-01-20 02:00,-5,20,3,4,5,0.5\n")
	r := e.push("1001A", tokA, "partial.csv", body)
	if r.status != http.StatusCreated {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	var pr pushResult
	json.Unmarshal(r.body, &pr)
	if pr.File.Outcome != store.OutcomePartial || len(pr.RejectsSample) != 1 {
		t.Fatalf("partial: %s", r.body)
	}
	for _, c := range []struct {
		token string
		want  int
	}{{tokA, 200}, {tokStaff, 200}, {tokB, 403}, {"", 401}, {"nope", 401}} {
		r := e.do(http.MethodGet, pr.URL, c.token, "", nil)
		if r.status != c.want {
			t.Errorf("GET %s with %q: %d, want %d: %s", pr.URL, c.token, r.status, c.want, r.body)
			continue
		}
		if c.want == 200 {
			var fr fileResult
			json.Unmarshal(r.body, &fr)
			if fr.File.ID != pr.File.ID || len(fr.Rejects) != 1 || fr.Rejects[0].Reason == "" || fr.Rejects[0].Line != 3 {
				t.Errorf("file result: %s", r.body)
			}
		}
	}
	if r := e.do(http.MethodGet, "/api/v1/files/99999", tokStaff, "", nil); r.status != 404 {
		t.Errorf("unknown id: %d", r.status)
	}
	if r := e.do(http.MethodGet, "/api/v1/files/abc", tokStaff, "", nil); r.status != 400 {
		t.Errorf("bad id: %d", r.status)
	}
	if r := e.do(http.MethodGet, "/api/v1/nosuch", "", "", nil); r.status != 404 || r.json(t)["error"] == "" {
		t.Errorf("unknown API route: %d %s", r.status, r.body)
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := start(t, envOpt{})
	r := e.do(http.MethodGet, "/api/v1/openapi.json", "", "", nil)
	if r.status != 200 {
		t.Fatalf("openapi.json: %d", r.status)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	routes := e.srv.routes()
	for _, rt := range routes {
		// The documented path and method are those of the mux pattern.
		method, path, found := strings.Cut(rt.pattern, " ")
		if !found {
			method, path = "GET", rt.pattern
		}
		if strings.ToLower(method) != rt.method || path != rt.path {
			t.Errorf("route %q documented as %s %s", rt.pattern, rt.method, rt.path)
		}
		op, ok := doc.Paths[rt.path][rt.method]
		if !ok {
			t.Errorf("route %q not in openapi.json", rt.pattern)
			continue
		}
		if _, ok := op["responses"]; !ok {
			t.Errorf("%s %s: no responses", rt.method, rt.path)
		}
		// Every path parameter is declared.
		for _, p := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(rt.path, -1) {
			if !strings.Contains(fmt.Sprint(op["parameters"]), "name:"+p[1]) {
				t.Errorf("%s %s: parameter %s not declared", rt.method, rt.path, p[1])
			}
		}
	}
	if len(doc.Paths) != len(routes) {
		t.Errorf("openapi.json has %d paths, the mux %d routes", len(doc.Paths), len(routes))
	}
}

// parseMetrics is a small parser of the text exposition format: it checks
// every line and returns the samples by name{labels}.
func parseMetrics(t *testing.T, text string) map[string]float64 {
	t.Helper()
	sample := regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*)?\})? (\S+)$`)
	meta := regexp.MustCompile(`^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$`)
	out := map[string]float64{}
	typed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if m := meta.FindStringSubmatch(line); m != nil {
			if m[1] == "TYPE" {
				if typed[m[2]] {
					t.Errorf("line %d: TYPE of %s twice", i+1, m[2])
				}
				typed[m[2]] = true
			}
			continue
		}
		m := sample.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("line %d not in the exposition format: %q", i+1, line)
			continue
		}
		if !typed[m[1]] {
			t.Errorf("line %d: sample of %s before its TYPE", i+1, m[1])
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Errorf("line %d: value %q", i+1, m[3])
		}
		out[m[1]+m[2]] = v
	}
	return out
}

func TestMetricsAndHealth(t *testing.T) {
	e := start(t, envOpt{})
	if r := e.do(http.MethodGet, "/healthz", "", "", nil); r.status != http.StatusServiceUnavailable {
		t.Errorf("healthz before a build: %d %s", r.status, r.body)
	}
	body, hours := longCSV(t, e.sample, 4, "1001A")
	if r := e.push("1001A", tokA, "d4.csv", body); r.status != 201 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	e.push("1001A", "bad", "d4.csv", body)
	e.push("1001A", tokA, "junk.txt", []byte("junk\n"))
	if err := e.srv.Scheduler().RunNow(context.Background(), JobIngest, "manual"); err != nil {
		t.Fatal(err)
	}
	r := e.do(http.MethodGet, "/metrics", "", "", nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %q", r.status, r.header.Get("Content-Type"))
	}
	m := parseMetrics(t, string(r.body))
	for k, want := range map[string]float64{
		`envdisclose_files_received_total{source_kind="push",outcome="accepted"}`: 1,
		`envdisclose_files_received_total{source_kind="push",outcome="rejected"}`: 1,
		`envdisclose_files_received_total{source_kind="test",outcome="accepted"}`: 1,
		`envdisclose_push_requests_total{code="1001A"}`:                           2,
		`envdisclose_push_requests_total{code="_unauthenticated"}`:                1,
	} {
		if m[k] != want {
			t.Errorf("%s = %v, want %v", k, m[k], want)
		}
	}
	if _, ok := m["envdisclose_rows_rejected_total"]; !ok || m["envdisclose_rows_accepted_total"] < float64(hours) {
		t.Errorf("rows totals: %v %v", m["envdisclose_rows_accepted_total"], m["envdisclose_rows_rejected_total"])
	}
	if _, ok := m[`envdisclose_job_duration_seconds{job="ingest"}`]; !ok {
		t.Error("no job duration of ingest")
	}
	if v := m[`envdisclose_job_last_success_timestamp_seconds{job="ingest"}`]; v < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("last success of ingest %v", v)
	}
	// The sample day 2023-01-23: its last hour is labelled 23:00 CST.
	age := m[`envdisclose_data_age_seconds{station="1001A"}`]
	want := time.Since(time.Date(2023, 1, 23, 23, 0, 0, 0, store.CST)).Seconds()
	if age < want-60 || age > want+60 {
		t.Errorf("data age %v, want about %v", age, want)
	}
	if !strings.Contains(string(r.body), "envdisclose_build_info{version=") {
		t.Error("no build_info")
	}

	// A published site makes /healthz answer ok.
	build := filepath.Join(e.st.Dir, "site-builds", "b1")
	os.MkdirAll(build, 0o755)
	os.WriteFile(filepath.Join(build, "index.html"), []byte("<h1>portal</h1>"), 0o644)
	if err := os.Symlink(build, e.st.SiteDir()); err != nil {
		t.Fatal(err)
	}
	if r := e.do(http.MethodGet, "/healthz", "", "", nil); r.status != 200 || string(r.body) != "ok\n" {
		t.Errorf("healthz: %d %q", r.status, r.body)
	}
	if r := e.do(http.MethodGet, "/", "", "", nil); r.status != 200 || !strings.Contains(string(r.body), "portal") {
		t.Errorf("portal: %d %q", r.status, r.body)
	}
}

func TestRepublishDebounced(t *testing.T) {
	e := start(t, envOpt{opt: func(o *Options) {
		o.Debounce = 500 * time.Millisecond
		o.Build = func(ctx context.Context) (int64, error) {
			time.Sleep(300 * time.Millisecond)
			return 1, nil
		}
	}})
	// A burst of pushes from two stations at once: fewer builds than
	// pushes, and one that started after the last push landed.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var last time.Time
	pushes := 0
	for day := 1; day <= 3; day++ {
		for _, c := range []string{"1001A", "1002A"} {
			body, _ := longCSV(t, e.sample, day, c)
			pushes++
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.push(c, tokStaff, c+".csv", body)
				if r.status != 201 {
					t.Errorf("push: %d %s", r.status, r.body)
				}
				mu.Lock()
				if now := time.Now(); now.After(last) {
					last = now
				}
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	waitFor(t, 10*time.Second, "a build after the last push", func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return len(e.events) > 0 && e.events[len(e.events)-1].After(last)
	})
	time.Sleep(time.Second) // nothing more should come
	if n := e.builds.Load(); n < 1 || n >= int64(pushes) {
		t.Errorf("%d builds for a burst of %d pushes, want fewer (coalesced)", n, pushes)
	}
	if n := e.count(`SELECT count(*) FROM job_run WHERE job = 'transform' AND trigger = 'push' AND outcome = 'ok'`); n != e.builds.Load() {
		t.Errorf("job_run has %d push builds, %d ran", n, e.builds.Load())
	}
}

// TestRepublishRealBuild: a push makes the real pipeline republish the
// portal: the site symlink points to a new build within seconds.
func TestRepublishRealBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("real build")
	}
	www := filepath.Join(t.TempDir(), "www")
	e := start(t, envOpt{
		opt: func(o *Options) { o.Build = nil; o.Debounce = 100 * time.Millisecond },
		cfg: func(c *config.Config) { c.Publish.Folder = www },
	})
	body, _ := longCSV(t, e.sample, 1, "1001A")
	if r := e.push("1001A", tokA, "a.csv", body); r.status != 201 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	waitFor(t, 60*time.Second, "first build", func() bool { return e.builds.Load() >= 1 })
	first, err := os.Readlink(e.st.SiteDir())
	if err != nil {
		t.Fatalf("no site after the first push: %v (%s)", err, e.lastRunError())
	}
	body, _ = longCSV(t, e.sample, 2, "1001A")
	if r := e.push("1001A", tokA, "b.csv", body); r.status != 201 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	waitFor(t, 60*time.Second, "second build", func() bool { return e.builds.Load() >= 2 })
	second, err := os.Readlink(e.st.SiteDir())
	if err != nil || second == first {
		t.Fatalf("site link %q -> %q (%v)", first, second, err)
	}
	if r := e.do(http.MethodGet, "/healthz", "", "", nil); r.status != 200 {
		t.Errorf("healthz after a build: %d %s", r.status, r.body)
	}
	// The publish folder follows (the full build delivers in the pipeline,
	// the incremental one in the background).
	waitFor(t, 30*time.Second, "publish folder at the second build", func() bool {
		got, err := filepath.EvalSymlinks(www)
		return err == nil && filepath.Base(got) == filepath.Base(second)
	})
	if _, err := os.Stat(filepath.Join(www, "index.html")); err != nil {
		t.Errorf("publish folder: %v", err)
	}
	if n := e.count(`SELECT count(*) FROM air_aqi_hour WHERE station_code = '1001A'`); n == 0 {
		t.Error("no AQI computed for the pushed station")
	}
}

func (e *env) lastRunError() string {
	var s string
	_ = e.st.DB.QueryRow(`SELECT coalesce(error, outcome) FROM job_run ORDER BY run_id DESC LIMIT 1`).Scan(&s)
	return s
}

func TestCatchUpAtStart(t *testing.T) {
	ran := make(chan string, 4)
	e := start(t, envOpt{
		cfg: func(c *config.Config) { c.Schedules.Transform = "2 * * * *" },
		setup: func(st *store.Store) {
			past := store.Wall(time.Now().Add(-3 * time.Hour).Truncate(time.Hour).Add(2 * time.Minute))
			if _, err := st.DB.Exec(`INSERT INTO job_run (run_id, job, trigger, scheduled_at, started_at, ended_at, outcome)
				VALUES (nextval('job_run_id_seq'), 'transform', 'schedule', ?, ?, ?, 'ok')`, past, past, past); err != nil {
				t.Fatal(err)
			}
		},
		opt: func(o *Options) {
			o.Build = func(ctx context.Context) (int64, error) { ran <- "transform"; return 0, nil }
		},
	})
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("missed transform run not caught up")
	}
	waitFor(t, 5*time.Second, "catch-up recorded", func() bool {
		return e.count(`SELECT count(*) FROM job_run WHERE job = 'transform' AND trigger = 'catch-up' AND outcome = 'ok'`) == 1
	})
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}
}

// TestStopDuringSlowJob: a stop while a build runs gives it the grace
// period, then cancels it; the previous portal stays published and Run
// returns nil (exit 0).
func TestStopDuringSlowJob(t *testing.T) {
	started := make(chan struct{}, 1)
	var e *env
	e = start(t, envOpt{opt: func(o *Options) {
		o.ShutdownTimeout = 300 * time.Millisecond
		o.Build = func(ctx context.Context) (int64, error) {
			// A slow build: writes into a temp dir, published only at the end.
			tmp := filepath.Join(e.st.Dir, "site-builds", ".tmp-slow")
			os.MkdirAll(tmp, 0o755)
			os.WriteFile(filepath.Join(tmp, "index.html"), []byte("half"), 0o644)
			started <- struct{}{}
			select {
			case <-ctx.Done():
				os.RemoveAll(tmp)
				return 0, fmt.Errorf("slow build: %w", ctx.Err())
			case <-time.After(time.Minute):
			}
			os.Remove(e.st.SiteDir())
			return 0, os.Symlink(tmp, e.st.SiteDir())
		}
	}})
	prev := filepath.Join(e.st.Dir, "site-builds", "previous")
	os.MkdirAll(prev, 0o755)
	os.WriteFile(filepath.Join(prev, "index.html"), []byte("previous portal"), 0o644)
	if err := os.Symlink(prev, e.st.SiteDir()); err != nil {
		t.Fatal(err)
	}
	body, _ := longCSV(t, e.sample, 1, "1001A")
	if r := e.push("1001A", tokA, "a.csv", body); r.status != 201 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("build did not start")
	}
	t0 := time.Now()
	if err := e.stop(); err != nil {
		t.Fatalf("Run returned %v, want nil", err)
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("stop took %s", d)
	}
	if target, err := os.Readlink(e.st.SiteDir()); err != nil || target != prev {
		t.Fatalf("site -> %q (%v), want the previous build", target, err)
	}
	if b, _ := os.ReadFile(filepath.Join(e.st.SiteDir(), "index.html")); string(b) != "previous portal" {
		t.Fatalf("site content %q", b)
	}
	if n := e.count(`SELECT count(*) FROM job_run WHERE job = 'transform' AND outcome = 'interrupted'`); n != 1 {
		t.Fatalf("%d interrupted runs recorded (last: %s)", n, e.lastRunError())
	}
}

func TestFolderJobs(t *testing.T) {
	drop := t.TempDir()
	e := start(t, envOpt{cfg: func(c *config.Config) {
		c.Sources = []config.Source{
			{Name: "dropbox", Kind: "folder", Path: drop},
			{Name: "cnemc", Kind: "http", URL: "http://127.0.0.1:1/{yyyymmdd}.csv"},
		}
	}})
	names := e.srv.Scheduler().Names()
	if fmt.Sprint(names) != "[ingest transform monthly quarterly source:dropbox source:cnemc deadlines]" {
		t.Fatalf("jobs %v", names)
	}
	inbox := filepath.Join(e.st.Dir, "inbox")
	os.MkdirAll(filepath.Join(inbox, "sub"), 0o755)
	b1, h1 := longCSV(t, e.sample, 1, "1001A")
	b2, h2 := longCSV(t, e.sample, 2, "1002A")
	os.WriteFile(filepath.Join(inbox, "sub", "a.csv"), b1, 0o644)
	os.WriteFile(filepath.Join(inbox, ".hidden.csv"), b1, 0o644)
	os.WriteFile(filepath.Join(drop, "b.csv"), b2, 0o644)
	// A pushed file in inbox/received is not the inbox job's.
	body3, _ := longCSV(t, e.sample, 3, "1001A")
	if r := e.push("1001A", tokA, "p.csv", body3); r.status != 201 {
		t.Fatal(r.status)
	}
	ctx := context.Background()
	if err := e.srv.Scheduler().RunNow(ctx, JobIngest, "manual"); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Scheduler().RunNow(ctx, "source:dropbox", "manual"); err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(store.CST).Format("2006-01-02")
	for _, p := range []string{filepath.Join(e.st.Dir, "archive", day, "sub", "a.csv"), filepath.Join(drop, "archive", day, "b.csv")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("not archived: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(inbox, "sub", "a.csv")); err == nil {
		t.Error("inbox file still there")
	}
	if _, err := os.Stat(filepath.Join(inbox, ".hidden.csv")); err != nil {
		t.Error("dotfile was taken")
	}
	if n := e.count(`SELECT count(*) FROM file_ledger WHERE source IN ('inbox', 'folder:dropbox')`); n != 2 {
		t.Errorf("%d folder entries in the ledger", n)
	}
	if n := e.count(`SELECT count(*) FROM air_hour WHERE file_id IN (SELECT file_id FROM file_ledger WHERE source IN ('inbox', 'folder:dropbox'))`); n != int64(h1+h2) {
		t.Errorf("%d rows from folders, want %d", n, h1+h2)
	}
	if m, _ := filepath.Glob(filepath.Join(inbox, "received", "*", "*-p.csv")); len(m) != 1 {
		t.Errorf("received file moved: %v", m)
	}
	// The same file dropped again is a duplicate: archived, nothing loaded.
	os.WriteFile(filepath.Join(inbox, "a-again.csv"), b1, 0o644)
	if err := e.srv.Scheduler().RunNow(ctx, JobIngest, "manual"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(e.st.Dir, "archive", day, "a-again.csv")); err != nil {
		t.Errorf("duplicate not archived: %v", err)
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":             "passwd",
		`C:\x\y z.csv`:                 "y_z.csv",
		"":                             "upload",
		"..":                           "upload",
		".env":                         "env",
		"站点1001A.csv":                  "站点1001A.csv",
		"a\x00b;rm -rf.csv":            "a_b_rm_-rf.csv",
		strings.Repeat("x", 300):       strings.Repeat("x", maxNameLen),
		strings.Repeat("数", 50) + ".c": strings.Repeat("数", 33),
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBuildAtStart: a server with BuildAtStart publishes the portal of a
// new data directory at once (no push, no scheduled run); one with a
// published portal does not rebuild at start.
func TestBuildAtStart(t *testing.T) {
	e := start(t, envOpt{opt: func(o *Options) { o.BuildAtStart = true }})
	waitFor(t, 10*time.Second, "a build at start", func() bool { return e.builds.Load() == 1 })
	if n := e.count(`SELECT count(*) FROM job_run WHERE job = 'transform' AND outcome = 'ok'`); n != 1 {
		t.Errorf("%d transform runs recorded, want the one at start", n)
	}

	published := start(t, envOpt{opt: func(o *Options) { o.BuildAtStart = true }, setup: func(st *store.Store) {
		if err := os.MkdirAll(st.SiteDir(), 0o755); err != nil {
			t.Fatal(err)
		}
	}})
	time.Sleep(time.Second)
	if n := published.builds.Load(); n != 0 {
		t.Errorf("%d builds at start with a portal already published", n)
	}
}
