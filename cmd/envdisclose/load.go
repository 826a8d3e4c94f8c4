package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	"github.com/envdisclose/envdisclose/publish"
	"github.com/envdisclose/envdisclose/server"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// runLoad is the load check of the push API: an in-process server on
// 127.0.0.1 with a temporary data directory, N stations pushing H hourly
// long-layout files each over loopback, then checks that every row landed
// exactly once and measures push-to-publish latency.
func runLoad(ctx context.Context, e *env, args []string) error {
	fs, c := newFlags(e, "load", "[--stations 2000] [--hours 24] [--concurrency 64] [--rate 0]",
		"Load check (not a test): start the server in-process on 127.0.0.1 with a temporary data\n"+
			"directory and generated station tokens, have N stations push H hourly long-layout files\n"+
			"each concurrently, check that every row landed exactly once, and measure the time from\n"+
			"a push's 201 to the end of the first republish started after it. Last line:\n"+
			"load: files=<n> ok=<n> dup=<n> failed=<n> p95_push_to_publish_s=<s>")
	nStations := fs.Int("stations", 2000, "simulated stations (at most the 2,026 of the bundled station list)")
	hours := fs.Int("hours", 24, "hourly files per station")
	conc := fs.Int("concurrency", 64, "concurrent HTTP clients")
	resend := fs.Float64("resend", 0.02, "fraction of files sent a second time (station retries; answered 200)")
	rate := fs.Float64("rate", 0, "pushes started per second at most (0 = as fast as the server answers: the saturating check)")
	limit := fs.Duration("timeout", 15*time.Minute, "give up after this long")
	keep := fs.Bool("keep", false, "keep the temporary data directory")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the pushes and republishes to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *nStations < 1 || *nStations > 2026 || *hours < 1 || *hours > 24*31 || *conc < 1 || *conc > 1024 || *resend < 0 || *resend > 1 || *rate < 0 {
		fmt.Fprintln(e.stderr, "envdisclose load: --stations 1..2026, --hours 1..744, --concurrency 1..1024, --resend 0..1, --rate >= 0")
		return errUsage
	}
	ctx, cancel := context.WithTimeout(ctx, *limit)
	defer cancel()
	tmp, err := os.MkdirTemp("", "envdisclose-load-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	if *keep {
		fmt.Fprintf(e.stdout, "data dir: %s\n", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	c.data = filepath.Join(tmp, "data")
	quiet := newLogger(e.stderr, "warn", "text")
	qe := &env{stdout: e.stdout, stderr: e.stderr, log: quiet}
	st, err := c.open(ctx, qe)
	if err != nil {
		return err
	}
	defer st.Close()

	// Stations: the bundled national list, then the first N codes.
	paths, err := sample.WriteTo(filepath.Join(tmp, "sample"))
	if err != nil {
		return err
	}
	if _, err := ingest.Paths(ctx, st, paths[:1], ingest.Options{Source: "load", Log: quiet}); err != nil {
		return fmt.Errorf("load station list: %w", err)
	}
	codes, err := loadCodes(ctx, st, *nStations)
	if err != nil {
		return err
	}
	cfg := config.Default()
	cfg.DataDir = c.data
	cfg.Schedules = config.Schedules{} // manual only: the pushes drive the builds
	cfg.Push.RatePerMinute = math.Max(60, float64(*hours)*2)
	tokens := make(map[string]string, len(codes))
	for _, code := range codes {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		tok := hex.EncodeToString(b)
		tokens[code] = tok
		d := sha256.Sum256([]byte(tok))
		cfg.Stations = append(cfg.Stations, config.Token{Code: code, TokenSHA256: hex.EncodeToString(d[:])})
	}
	if err := cfg.Validate(); err != nil {
		return err
	}

	var bmu sync.Mutex
	type buildRun struct {
		start, end time.Time
		err        error
	}
	var builds []buildRun
	// Where the republish time goes: the stages of every push-triggered
	// air build (transform, publish and its load/link/render/sync steps).
	stageSum := map[string]time.Duration{}
	var airBuilds, fullPublishes int
	var filesWritten, filesReused int // by the air builds (reused: written over a free file of an older build)
	// The slowest incremental republish and its stages (what the tail is).
	var slowest time.Duration
	var slowStages map[string]time.Duration
	srv, err := server.New(st, cfg, server.Options{Log: quiet, BuildAtStart: true, OnRepublish: func(start, end time.Time, err error) {
		bmu.Lock()
		builds = append(builds, buildRun{start, end, err})
		bmu.Unlock()
	}, OnAirBuild: func(took map[string]time.Duration, rep publish.IncrementalReport) {
		bmu.Lock()
		defer bmu.Unlock()
		airBuilds++
		filesWritten += rep.Files
		filesReused += rep.Reused
		if rep.Full {
			fullPublishes++
		}
		var total time.Duration
		for k, v := range took {
			stageSum[k] += v
			if k == "transform" || k == "publish" {
				total += v
			}
		}
		if total > slowest && !rep.Full {
			slowest, slowStages = total, took
		}
	}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	runCtx, stopServer := context.WithCancel(ctx)
	defer stopServer()
	served := make(chan error, 1)
	go func() { served <- srv.Run(runCtx, ln) }()
	base := "http://" + ln.Addr().String()
	// Stations push to a running server: it publishes the (still empty)
	// portal at start (BuildAtStart), as serve does on a new data
	// directory; the pushes start once it is there.
	ready := time.Now()
	for {
		if _, err := os.Lstat(st.SiteDir()); err == nil {
			break
		}
		select {
		case err := <-served:
			return fmt.Errorf("server stopped before publishing the portal: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	fmt.Fprintf(e.stdout, "load: the server published the portal at start in %.1fs; pushes start now\n", time.Since(ready).Seconds())

	// Work: hour-major (every station sends hour 1, then hour 2 ...), with
	// a fraction sent twice.
	type item struct {
		code string
		hour time.Time
	}
	now := time.Now().In(store.CST).Truncate(time.Hour)
	first := now.Add(-time.Duration(*hours-1) * time.Hour)
	var work []item
	for h := 0; h < *hours; h++ {
		for _, code := range codes {
			work = append(work, item{code, first.Add(time.Duration(h) * time.Hour)})
		}
	}
	nResend := int(math.Round(*resend * float64(len(work))))
	for i := 0; i < nResend; i++ {
		work = append(work, work[(i*7919)%len(work)])
	}
	fmt.Fprintf(e.stdout, "load: %d stations x %d hours (+%d resent) over %s with %d clients\n", len(codes), *hours, nResend, base, *conc)

	client := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{
		MaxIdleConns: *conc, MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, IdleConnTimeout: time.Minute,
	}}
	defer client.CloseIdleConnections()
	var ok, dup, failed atomic.Int64
	var omu sync.Mutex
	var okTimes []time.Time
	var pushLat []float64 // request to answer of each 201 (ingest under the lock included)
	var firstErr error
	jobs := make(chan item)
	var wg sync.WaitGroup
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	t0 := time.Now()
	for w := 0; w < *conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				body := loadFile(it.code, it.hour)
				sent := time.Now()
				status, err := loadPush(ctx, client, base, it.code, tokens[it.code], it.hour, body)
				switch {
				case err == nil && status == http.StatusCreated:
					ok.Add(1)
					at := time.Now()
					omu.Lock()
					okTimes = append(okTimes, at)
					pushLat = append(pushLat, at.Sub(sent).Seconds())
					omu.Unlock()
				case err == nil && status == http.StatusOK:
					dup.Add(1)
				default:
					failed.Add(1)
					omu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("push %s %s: status %d: %w", it.code, it.hour.Format("2006-01-02 15:04"), status, err)
					}
					omu.Unlock()
				}
			}
		}()
	}
	var tick *time.Ticker
	if *rate > 0 {
		tick = time.NewTicker(time.Duration(float64(time.Second) / *rate))
		defer tick.Stop()
	}
	for _, it := range work {
		if tick != nil {
			select {
			case <-tick.C:
			case <-ctx.Done():
			}
		}
		select {
		case jobs <- it:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	pushTook := time.Since(t0)
	if firstErr != nil {
		fmt.Fprintf(e.stderr, "load: first failure: %v\n", firstErr)
	}

	// Wait for a republish started after the last 201 to complete.
	var last time.Time
	for _, t := range okTimes {
		if t.After(last) {
			last = t
		}
	}
	for !last.IsZero() && ctx.Err() == nil {
		bmu.Lock()
		done := false
		for _, b := range builds {
			if !b.start.Before(last) {
				done = true
			}
		}
		bmu.Unlock()
		if done {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	stopServer()
	if err := <-served; err != nil {
		return fmt.Errorf("server: %w", err)
	}

	// Exactly once: every station-hour sent is in air_hour once.
	var rows, distinct int64
	countQ, err := envsql.Read(st.SQL, "tools/load_count.sql")
	if err != nil {
		return err
	}
	if err := st.DB.QueryRowContext(ctx, countQ).Scan(&rows, &distinct); err != nil {
		return fmt.Errorf("count air_hour: %w", err)
	}
	want := int64(len(codes) * *hours)

	// Push-to-publish latency: from each 201 to the end of the first
	// successful republish that started after it.
	bmu.Lock()
	sort.Slice(builds, func(i, j int) bool { return builds[i].start.Before(builds[j].start) })
	var lat []float64
	unpublished, buildErrs := 0, 0
	for _, b := range builds {
		if b.err != nil {
			buildErrs++
		}
	}
	// The first build of the empty data directory is a full publish (there
	// is no build to start from): the pushes answered before it ended are
	// also left out of a second, steady-state figure.
	var firstEnd time.Time
	if len(builds) > 0 {
		firstEnd = builds[0].end
	}
	var steady []float64
	for _, t := range okTimes {
		i := sort.Search(len(builds), func(i int) bool { return !builds[i].start.Before(t) })
		for i < len(builds) && builds[i].err != nil {
			i++
		}
		if i == len(builds) {
			unpublished++
			continue
		}
		lat = append(lat, builds[i].end.Sub(t).Seconds())
		if t.After(firstEnd) {
			steady = append(steady, builds[i].end.Sub(t).Seconds())
		}
	}
	nBuilds := len(builds)
	var stages []string
	for k := range stageSum {
		stages = append(stages, k)
	}
	sort.Strings(stages)
	var breakdown strings.Builder
	for _, k := range stages {
		fmt.Fprintf(&breakdown, " %s=%.3f", k, stageSum[k].Seconds()/float64(max(1, airBuilds)))
	}
	nAir, nFull := airBuilds, fullPublishes
	written, reused := filesWritten, filesReused
	durs := make([]float64, 0, len(builds))
	for _, b := range builds {
		durs = append(durs, b.end.Sub(b.start).Seconds())
	}
	bmu.Unlock()
	if sort.Float64s(durs); len(durs) > 0 {
		fmt.Fprintf(e.stdout, "load: republish took p50_s=%.2f p95_s=%.2f max_s=%.2f\n", durs[len(durs)/2],
			durs[min(len(durs)-1, int(math.Ceil(0.95*float64(len(durs))))-1)], durs[len(durs)-1])
	}
	if slowStages != nil {
		keys := make([]string, 0, len(slowStages))
		for k := range slowStages {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var sb strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&sb, " %s=%.3f", k, slowStages[k].Seconds())
		}
		fmt.Fprintf(e.stdout, "load: slowest incremental republish:%s\n", sb.String())
	}
	sort.Float64s(pushLat)
	if len(pushLat) > 0 {
		fmt.Fprintf(e.stdout, "load: push answer p50_s=%.3f p95_s=%.3f\n", pushLat[len(pushLat)/2],
			pushLat[min(len(pushLat)-1, int(math.Ceil(0.95*float64(len(pushLat))))-1)])
	}
	fmt.Fprintf(e.stdout, "load: %d air republishes (%d of them full publishes); %d files written (%d of them reusing old builds' files); mean seconds per republish:%s\n",
		nAir, nFull, written, reused, breakdown.String())
	sort.Float64s(lat)
	p95, p50 := math.NaN(), math.NaN()
	if len(lat) > 0 {
		p95 = lat[min(len(lat)-1, int(math.Ceil(0.95*float64(len(lat))))-1)]
		p50 = lat[len(lat)/2]
	}
	if sort.Float64s(steady); len(steady) > 0 {
		fmt.Fprintf(e.stdout, "load: after the first build (%d pushes): p50_push_to_publish_s=%.2f p95_push_to_publish_s=%.2f\n", len(steady),
			steady[len(steady)/2], steady[min(len(steady)-1, int(math.Ceil(0.95*float64(len(steady))))-1)])
	}
	fmt.Fprintf(e.stdout, "load: pushes took %.1fs (%.0f files/s), %d republishes (%d failed), p50_push_to_publish_s=%.2f, air_hour rows=%d distinct=%d want=%d\n",
		pushTook.Seconds(), float64(len(work))/pushTook.Seconds(), nBuilds, buildErrs, p50, rows, distinct, want)
	fmt.Fprintf(e.stdout, "load: files=%d ok=%d dup=%d failed=%d p95_push_to_publish_s=%.2f\n",
		len(work), ok.Load(), dup.Load(), failed.Load(), p95)
	var errs []error
	if rows != want || distinct != want {
		errs = append(errs, fmt.Errorf("air_hour has %d rows (%d distinct station-hours), want %d exactly once", rows, distinct, want))
	}
	if failed.Load() > 0 {
		errs = append(errs, fmt.Errorf("%d pushes failed", failed.Load()))
	}
	if unpublished > 0 {
		errs = append(errs, fmt.Errorf("%d accepted pushes were not followed by a completed republish", unpublished))
	}
	if ctx.Err() != nil {
		errs = append(errs, fmt.Errorf("load check: %w", ctx.Err()))
	}
	return errors.Join(errs...)
}

// loadCodes returns the first n current station codes (control points push too).
func loadCodes(ctx context.Context, st *store.Store, n int) ([]string, error) {
	q, err := envsql.Read(st.SQL, "tools/load_codes.sql")
	if err != nil {
		return nil, err
	}
	rows, err := st.DB.QueryContext(ctx, q, n)
	if err != nil {
		return nil, fmt.Errorf("station codes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("station codes: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("station codes: %w", err)
	}
	if len(out) < n {
		return nil, fmt.Errorf("only %d stations in the list, %d asked", len(out), n)
	}
	return out, nil
}

// loadFile is a one-row long-layout file with plausible values.
func loadFile(code string, hour time.Time) []byte {
	h := sha256.Sum256([]byte(code + hour.Format(time.RFC3339)))
	v := func(i int, scale float64) float64 { return math.Round(float64(h[i])/255*scale*10) / 10 }
	return fmt.Appendf(nil, "station_code,time,pm25,pm10,so2,no2,o3,co\n%s,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f\n",
		code, hour.Format("2006-01-02 15:04"), 5+v(0, 120), 10+v(1, 200), 1+v(2, 30), 2+v(3, 80), 5+v(4, 160), 0.2+v(5, 2)/10)
}

func loadPush(ctx context.Context, c *http.Client, base, code, token string, hour time.Time, body []byte) (int, error) {
	url := fmt.Sprintf("%s/api/v1/stations/%s/files?name=%s_%s.csv", base, code, code, hour.Format("2006010215"))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/csv")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("%s", bytes.TrimSpace(b))
	}
	return resp.StatusCode, nil
}
