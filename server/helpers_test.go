package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Tokens of the test configuration.
const (
	tokA     = "token-of-1001A"
	tokB     = "token-of-1002A"
	tokStaff = "token-of-staff"
)

func digest(tok string) string {
	d := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(d[:])
}

func testConfig(t *testing.T, dir string) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Schedules = config.Schedules{}
	cfg.Stations = []config.Token{{Code: "1001A", TokenSHA256: digest(tokA)}, {Code: "1002A", TokenSHA256: digest(tokB)}}
	cfg.Staff = []config.Token{{Name: "监测科", TokenSHA256: digest(tokStaff)}}
	cfg.Push.RatePerMinute = 1000
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// env is a running test server.
type env struct {
	t      *testing.T
	sample []string
	st     *store.Store
	srv    *Server
	url    string
	cancel context.CancelFunc
	done   chan error
	builds atomic.Int64 // completed push-triggered builds

	mu     sync.Mutex
	events []time.Time // ends of push-triggered builds
}

type envOpt struct {
	cfg   func(*config.Config)
	opt   func(*Options)
	noRun bool
	setup func(st *store.Store)
}

// samplePaths writes the bundled real sample (station list first, then
// the four CNEMC days) into a temp dir.
func samplePaths(t *testing.T) []string {
	t.Helper()
	paths, err := sample.WriteTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// start opens a store with the national station list in a temp dir and
// runs a server on 127.0.0.1.
func start(t *testing.T, o envOpt) *env {
	t.Helper()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), dir, store.Options{SQL: fsys, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	paths := samplePaths(t)
	if _, err := ingest.Paths(context.Background(), st, paths[:1], ingest.Options{Source: "test", Log: log}); err != nil {
		t.Fatal(err)
	}
	if o.setup != nil {
		o.setup(st)
	}
	cfg := testConfig(t, dir)
	if o.cfg != nil {
		o.cfg(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{t: t, st: st, sample: paths}
	opt := Options{
		Log:          log,
		Debounce:     50 * time.Millisecond,
		FolderMinAge: -1,
		Build:        func(ctx context.Context) (int64, error) { return 0, nil },
		OnRepublish: func(_, end time.Time, _ error) {
			e.mu.Lock()
			e.events = append(e.events, end)
			e.mu.Unlock()
			e.builds.Add(1)
		},
	}
	if o.opt != nil {
		o.opt(&opt)
	}
	srv, err := New(st, cfg, opt)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	if o.noRun {
		return e
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.done, e.url = cancel, make(chan error, 1), "http://"+ln.Addr().String()
	go func() { e.done <- srv.Run(ctx, ln) }()
	t.Cleanup(func() { e.stop() })
	return e
}

// stop stops the server and returns what Run returned (once).
func (e *env) stop() error {
	if e.cancel == nil {
		return nil
	}
	e.cancel()
	e.cancel = nil
	select {
	case err := <-e.done:
		return err
	case <-time.After(30 * time.Second):
		e.t.Error("server did not stop within 30 s")
		return nil
	}
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("status %d, body not JSON: %v\n%s", r.status, err, r.body)
	}
	return m
}

func (e *env) do(method, path, token, contentType string, body []byte) resp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{res.StatusCode, res.Header, b}
}

func (e *env) push(code, token, name string, body []byte) resp {
	e.t.Helper()
	return e.do(http.MethodPost, "/api/v1/stations/"+code+"/files?name="+url.QueryEscape(name), token, "text/csv", body)
}

// count runs a count query.
func (e *env) count(q string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := e.st.DB.QueryRow(q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// waitFor polls cond for up to d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// longCSV converts the CNEMC wide sample of one day (file index 1..4 of
// samplePaths) into a long-layout CSV for one station: station_code,time,
// pm25,pm10,so2,no2,o3,co (hours without any value are left out).
func longCSV(t *testing.T, paths []string, day int, code string) ([]byte, int) {
	t.Helper()
	f, err := os.Open(paths[day])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bufio.NewReader(zr))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range head {
		if h == code {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("station %s not in %s", code, f.Name())
	}
	want := map[string]int{"PM2.5": 0, "PM10": 1, "SO2": 2, "NO2": 3, "O3": 4, "CO": 5}
	type key struct{ date, hour string }
	vals := map[key]*[6]string{}
	var order []key
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		i, ok := want[rec[2]]
		if !ok || col >= len(rec) || rec[col] == "" {
			continue
		}
		k := key{rec[0], rec[1]}
		if vals[k] == nil {
			vals[k] = &[6]string{}
			order = append(order, k)
		}
		vals[k][i] = rec[col]
	}
	var b strings.Builder
	b.WriteString("station_code,time,pm25,pm10,so2,no2,o3,co\n")
	for _, k := range order {
		d, err := time.Parse("20060102", k.date)
		if err != nil {
			t.Fatal(err)
		}
		var h int
		fmt.Sscan(k.hour, &h)
		v := vals[k]
		fmt.Fprintf(&b, "%s,%s,%s\n", code, d.Add(time.Duration(h)*time.Hour).Format("2006-01-02 15:04"), strings.Join(v[:], ","))
	}
	return []byte(b.String()), len(order)
}
