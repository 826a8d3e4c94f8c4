package server

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// maxStationSeries caps the envdisclose_data_age_seconds series (the
// national network has ~2,000 stations).
const maxStationSeries = 5000

// counters are the in-process metrics (the others come from the database
// at scrape time).
type counters struct {
	mu      sync.Mutex
	pushes  map[string]int64    // by station code (or _unauthenticated, _forbidden, _invalid)
	fetches map[[2]string]int64 // HTTP source fetches by source and result
	srcFail map[string]int64    // failed fetches by source
	badPkts map[string]int64    // HJ 212 packets refused, by reason
	// HJ 212 listener.
	connsOpen, connsTotal, messages, batches int64
}

func newCounters() *counters {
	return &counters{pushes: map[string]int64{}, fetches: map[[2]string]int64{}, srcFail: map[string]int64{}, badPkts: map[string]int64{}}
}

func (c *counters) fetch(source, result string) {
	c.mu.Lock()
	c.fetches[[2]string{source, result}]++
	c.mu.Unlock()
}

func (c *counters) sourceFailure(source string) {
	c.mu.Lock()
	c.srcFail[source]++
	c.mu.Unlock()
}

func (c *counters) badPacket(reason string) {
	c.mu.Lock()
	c.badPkts[reason]++
	c.mu.Unlock()
}

// add adds d to the counter *p under the lock.
func (c *counters) add(p *int64, d int64) {
	c.mu.Lock()
	*p += d
	c.mu.Unlock()
}

// snapshot of the maps and counters, sorted, for one scrape.
type countersSnapshot struct {
	fetchKeys                            [][2]string
	fetchVals                            []int64
	failSources                          []string
	failVals                             []int64
	badReasons                           []string
	badVals                              []int64
	connsOpen, connsTotal, msgs, batches int64
}

func (c *counters) snapshot() countersSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	var s countersSnapshot
	for k := range c.fetches {
		s.fetchKeys = append(s.fetchKeys, k)
	}
	sort.Slice(s.fetchKeys, func(i, j int) bool {
		a, b := s.fetchKeys[i], s.fetchKeys[j]
		return a[0] < b[0] || a[0] == b[0] && a[1] < b[1]
	})
	for _, k := range s.fetchKeys {
		s.fetchVals = append(s.fetchVals, c.fetches[k])
	}
	for k := range c.srcFail {
		s.failSources = append(s.failSources, k)
	}
	sort.Strings(s.failSources)
	for _, k := range s.failSources {
		s.failVals = append(s.failVals, c.srcFail[k])
	}
	for k := range c.badPkts {
		s.badReasons = append(s.badReasons, k)
	}
	sort.Strings(s.badReasons)
	for _, k := range s.badReasons {
		s.badVals = append(s.badVals, c.badPkts[k])
	}
	s.connsOpen, s.connsTotal, s.msgs, s.batches = c.connsOpen, c.connsTotal, c.messages, c.batches
	return s
}

func (c *counters) push(code string) {
	c.mu.Lock()
	c.pushes[code]++
	c.mu.Unlock()
}

func binaryVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "devel"
}

// promWriter writes the Prometheus text exposition format (version 0.0.4).
type promWriter struct{ b bytes.Buffer }

func (p *promWriter) family(name, typ, help string) {
	fmt.Fprintf(&p.b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

// sample writes one line; labels alternate name, value.
func (p *promWriter) sample(name string, v float64, labels ...string) {
	p.b.WriteString(name)
	if len(labels) > 0 {
		p.b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				p.b.WriteByte(',')
			}
			p.b.WriteString(labels[i])
			p.b.WriteString(`="`)
			p.b.WriteString(escapeLabel(labels[i+1]))
			p.b.WriteByte('"')
		}
		p.b.WriteByte('}')
	}
	p.b.WriteByte(' ')
	p.b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	p.b.WriteByte('\n')
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }

// serverSQL returns the text of sql/server/<name>.sql from the store's SQL
// tree (read per call: these statements run per scrape or per fetch, not
// on a hot path).
func (s *Server) serverSQL(name string) (string, error) {
	return envsql.Read(s.st.SQL, "server/"+name+".sql")
}

// handleMetrics is GET /metrics.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	var p promWriter
	if err := s.writeMetrics(ctx, &p); err != nil {
		s.log.Error("metrics", "err", err)
		http.Error(w, "metrics not available: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(p.b.Bytes())
}

func (s *Server) writeMetrics(ctx context.Context, p *promWriter) error {
	db := s.st.DB
	query := func(name string, args ...any) (*sql.Rows, error) {
		q, err := s.serverSQL(name)
		if err != nil {
			return nil, err
		}
		return db.QueryContext(ctx, q, args...)
	}
	// Files and rows: one GROUP BY over the ledger.
	rows, err := query("metrics_files")
	if err != nil {
		return fmt.Errorf("ledger totals: %w", err)
	}
	type fileRow struct {
		kind, outcome      string
		n, accepted, rejct int64
	}
	var files []fileRow
	var accepted, rejected int64
	for rows.Next() {
		var f fileRow
		if err := rows.Scan(&f.kind, &f.outcome, &f.n, &f.accepted, &f.rejct); err != nil {
			rows.Close()
			return fmt.Errorf("ledger totals: %w", err)
		}
		files = append(files, f)
		accepted += f.accepted
		rejected += f.rejct
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger totals: %w", err)
	}
	p.family("envdisclose_files_received_total", "counter", "Files recorded in the file ledger, by source kind (push, inbox, folder, cli, ...) and current outcome.")
	for _, f := range files {
		p.sample("envdisclose_files_received_total", float64(f.n), "source_kind", f.kind, "outcome", f.outcome)
	}
	p.family("envdisclose_rows_accepted_total", "counter", "Rows accepted from all files in the ledger.")
	p.sample("envdisclose_rows_accepted_total", float64(accepted))
	p.family("envdisclose_rows_rejected_total", "counter", "Rows (or cells, or station-hours) refused, with a reason in the rejects ledger.")
	p.sample("envdisclose_rows_rejected_total", float64(rejected))

	// Jobs: the last finished run and the last success of each.
	rows, err = query("metrics_jobs")
	if err != nil {
		return fmt.Errorf("job runs: %w", err)
	}
	type jobRow struct {
		job    string
		ms     int64
		lastOK sql.NullTime
	}
	var js []jobRow
	for rows.Next() {
		var j jobRow
		if err := rows.Scan(&j.job, &j.ms, &j.lastOK); err != nil {
			rows.Close()
			return fmt.Errorf("job runs: %w", err)
		}
		js = append(js, j)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("job runs: %w", err)
	}
	p.family("envdisclose_job_duration_seconds", "gauge", "Duration of the last finished run of each job.")
	for _, j := range js {
		p.sample("envdisclose_job_duration_seconds", float64(j.ms)/1000, "job", j.job)
	}
	p.family("envdisclose_job_last_success_timestamp_seconds", "gauge", "Unix time of the end of the last successful run of each job.")
	for _, j := range js {
		if j.lastOK.Valid {
			p.sample("envdisclose_job_last_success_timestamp_seconds", float64(store.FromWall(j.lastOK.Time).Unix()), "job", j.job)
		}
	}

	s.met.mu.Lock()
	codes := make([]string, 0, len(s.met.pushes))
	for c := range s.met.pushes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	pushes := make([]int64, len(codes))
	for i, c := range codes {
		pushes[i] = s.met.pushes[c]
	}
	s.met.mu.Unlock()
	p.family("envdisclose_push_requests_total", "counter", "Push requests since the process started, by station code (_unauthenticated, _forbidden, _invalid for refused ones).")
	for i, c := range codes {
		p.sample("envdisclose_push_requests_total", float64(pushes[i]), "code", c)
	}

	cs := s.met.snapshot()
	p.family("envdisclose_source_fetches_total", "counter", "URL fetches of the HTTP sources since the process started, by source and result (ok, not_modified, not_found, failed).")
	for i, k := range cs.fetchKeys {
		p.sample("envdisclose_source_fetches_total", float64(cs.fetchVals[i]), "source", k[0], "result", k[1])
	}
	p.family("envdisclose_source_failures_total", "counter", "Failed fetches of the HTTP sources (after retries; 404 of a period not yet published is not one), by source.")
	for _, src := range s.cfg.Sources {
		if src.Kind != "http" {
			continue
		}
		var n int64
		for i, k := range cs.failSources {
			if k == src.Name {
				n = cs.failVals[i]
			}
		}
		p.sample("envdisclose_source_failures_total", float64(n), "source", src.Name)
	}
	if s.cfg.HJ212.Listen != "" || cs.connsTotal > 0 {
		p.family("envdisclose_hj212_connections_open", "gauge", "HJ 212 device connections open.")
		p.sample("envdisclose_hj212_connections_open", float64(cs.connsOpen))
		p.family("envdisclose_hj212_connections_total", "counter", "HJ 212 device connections accepted since the process started.")
		p.sample("envdisclose_hj212_connections_total", float64(cs.connsTotal))
		p.family("envdisclose_hj212_messages_total", "counter", "Good HJ 212 messages received (all commands).")
		p.sample("envdisclose_hj212_messages_total", float64(cs.msgs))
		p.family("envdisclose_hj212_batches_total", "counter", "Batches of HJ 212 data messages landed through the ingest.")
		p.sample("envdisclose_hj212_batches_total", float64(cs.batches))
		p.family("envdisclose_hj212_bad_packets_total", "counter", "HJ 212 packets refused by the codec (frame, length, CRC, field, truncated, too large), by reason.")
		for i, r := range cs.badReasons {
			p.sample("envdisclose_hj212_bad_packets_total", float64(cs.badVals[i]), "reason", r)
		}
	}

	// Data age: one GROUP BY on air_hour (its zonemaps make max(time) cheap).
	rows, err = query("metrics_data_age", maxStationSeries)
	if err != nil {
		return fmt.Errorf("data age: %w", err)
	}
	now := s.opt.Now()
	p.family("envdisclose_data_age_seconds", "gauge", "Seconds since the end of the latest hour with data, per station.")
	for rows.Next() {
		var code string
		var last time.Time
		if err := rows.Scan(&code, &last); err != nil {
			rows.Close()
			return fmt.Errorf("data age: %w", err)
		}
		p.sample("envdisclose_data_age_seconds", now.Sub(store.FromWall(last)).Seconds(), "station", code)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("data age: %w", err)
	}
	if err := s.writeRetryMetrics(p, query); err != nil {
		return err
	}
	p.family("envdisclose_build_info", "gauge", "Version of the running binary.")
	p.sample("envdisclose_build_info", 1, "version", s.opt.Version, "go_version", runtime.Version())
	return nil
}

// writeRetryMetrics writes the automatic ingest retries (ingest_retry):
// files and ingest attempts per retry state.
func (s *Server) writeRetryMetrics(p *promWriter, query func(string, ...any) (*sql.Rows, error)) error {
	rows, err := query("metrics_retries")
	if err != nil {
		return fmt.Errorf("ingest retries: %w", err)
	}
	type retryRow struct {
		state           string
		files, attempts int64
	}
	var rs []retryRow
	for rows.Next() {
		var r retryRow
		if err := rows.Scan(&r.state, &r.files, &r.attempts); err != nil {
			rows.Close()
			return fmt.Errorf("ingest retries: %w", err)
		}
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ingest retries: %w", err)
	}
	p.family("envdisclose_ingest_retries", "gauge", "Received files whose ingest failed and is retried automatically, by retry state (pending, done, failed = gave up).")
	for _, r := range rs {
		p.sample("envdisclose_ingest_retries", float64(r.files), "state", r.state)
	}
	p.family("envdisclose_ingest_retry_attempts", "gauge", "Ingest attempts (the first, failed one included) of the files with a retry record, by retry state.")
	for _, r := range rs {
		p.sample("envdisclose_ingest_retry_attempts", float64(r.attempts), "state", r.state)
	}
	return nil
}

// handleHealth is GET /healthz: 200 "ok" when the database answers and a
// published site exists, 503 with the reason otherwise.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var one int
	q, err := s.serverSQL("health")
	if err == nil {
		err = s.st.DB.QueryRowContext(ctx, q).Scan(&one)
	}
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "database: %v\n", err)
		return
	}
	build, err := filepath.EvalSymlinks(s.siteDir())
	if err == nil {
		_, err = os.Stat(filepath.Join(build, "index.html"))
	}
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "site: not published (%v)\n", err)
		return
	}
	fmt.Fprintln(w, "ok")
}
