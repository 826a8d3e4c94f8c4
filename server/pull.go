package server

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/jobs"
	"github.com/envdisclose/envdisclose/store"
)

// pulledDir (under DATA/inbox) keeps the bodies fetched by HTTP sources;
// the inbox job leaves it alone.
const pulledDir = "pulled"

// maxPullBytes caps one fetched body.
const maxPullBytes = 1 << 30

// maxBackoff caps the wait between two attempts of one URL.
const maxBackoff = 30 * time.Second

// Results of one URL fetch (label "result" of envdisclose_source_fetches_total).
const (
	fetchOK          = "ok"           // 200, body saved and ingested
	fetchNotModified = "not_modified" // 304
	fetchNotFound    = "not_found"    // 404/410: the period is not published yet
	fetchFailed      = "failed"       // after the retries, or a non-retryable status
)

// errNotRetryable wraps an answer that another attempt will not change.
var errNotRetryable = errors.New("not retryable")

// pullJob is the job of an HTTP source.
func (s *Server) pullJob(src config.Source) jobs.Job {
	return jobs.Job{Name: "source:" + src.Name, Schedule: src.Schedule, Run: func(ctx context.Context) (int64, error) {
		return s.pull(ctx, src)
	}}
}

// pull fetches the URLs of src's current period and lookback periods
// (oldest first) and ingests every new body. It returns the rows accepted
// and an error naming the URLs that failed (404s are not failures).
func (s *Server) pull(ctx context.Context, src config.Source) (int64, error) {
	var rows int64
	var errs []error
	for _, u := range expandPeriods(src.URL, s.opt.Now().In(s.cfg.Location()), src.LookbackDays) {
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		n, result, err := s.fetch(ctx, src, u)
		rows += n
		s.met.fetch(src.Name, result)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", u, err))
		}
	}
	if rows > 0 {
		s.repub.trigger()
	}
	return rows, errors.Join(errs...)
}

// expandPeriods expands the template for now and the lookback_days
// earlier days, oldest first, without repeats. A template with {hh} is
// expanded for every hour from lookback days ago up to the current hour.
func expandPeriods(tmpl string, now time.Time, lookback int) []string {
	lookback = max(lookback, 0)
	var times []time.Time
	if strings.Contains(tmpl, "{hh}") {
		cur := time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), 0, 0, 0, now.Location())
		for h := lookback * 24; h >= 0; h-- {
			times = append(times, cur.Add(-time.Duration(h)*time.Hour))
		}
	} else {
		for d := lookback; d >= 0; d-- {
			times = append(times, now.AddDate(0, 0, -d))
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range times {
		u := expandURL(tmpl, t)
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// expandURL fills the period placeholders of a URL template.
func expandURL(tmpl string, t time.Time) string {
	return strings.NewReplacer(
		"{yyyymmdd}", t.Format("20060102"),
		"{yyyy}", t.Format("2006"),
		"{mm}", t.Format("01"),
		"{dd}", t.Format("02"),
		"{hh}", t.Format("15"),
	).Replace(tmpl)
}

// fetchState is a source_fetch row.
type fetchState struct {
	etag, lastModified sql.NullString
	failures           int64
}

func (s *Server) loadFetchState(ctx context.Context, source, u string) (fetchState, error) {
	var st fetchState
	q, err := s.serverSQL("source_fetch_state")
	if err != nil {
		return st, err
	}
	err = s.st.DB.QueryRowContext(ctx, q, source, u).Scan(&st.etag, &st.lastModified, &st.failures)
	if errors.Is(err, sql.ErrNoRows) {
		return fetchState{}, nil
	}
	if err != nil {
		return st, fmt.Errorf("source_fetch: %w", err)
	}
	return st, nil
}

// fetch gets one URL (conditionally, with retries) and ingests a new body.
func (s *Server) fetch(ctx context.Context, src config.Source, u string) (int64, string, error) {
	prev, err := s.loadFetchState(ctx, src.Name, u)
	if err != nil {
		return 0, fetchFailed, err
	}
	var (
		status int
		hdr    http.Header
		body   []byte
	)
	backoff := s.opt.PullBackoff
	for attempt := 0; ; attempt++ {
		status, hdr, body, err = s.get(ctx, src, u, prev)
		if err == nil || errors.Is(err, errNotRetryable) || attempt >= src.Retries || ctx.Err() != nil {
			break
		}
		s.log.Warn("pull: retrying", "source", src.Name, "url", u, "attempt", attempt+1, "status", status, "err", err, "wait", backoff.String())
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		backoff = min(2*backoff, maxBackoff)
	}
	now := store.Wall(s.opt.Now())
	if err != nil {
		s.met.sourceFailure(src.Name)
		s.log.Error("pull: fetch failed", "source", src.Name, "url", u, "status", status, "err", err, "consecutive_failures", prev.failures+1)
		if uerr := s.recordFetch(ctx, src.Name, u, status, now, false, prev.etag, prev.lastModified, sql.NullString{}, prev.failures+1); uerr != nil {
			err = errors.Join(err, uerr)
		}
		return 0, fetchFailed, err
	}
	switch status {
	case http.StatusNotModified:
		s.log.Debug("pull: not modified", "source", src.Name, "url", u)
		return 0, fetchNotModified, s.recordFetch(ctx, src.Name, u, status, now, true, prev.etag, prev.lastModified, sql.NullString{}, 0)
	case http.StatusNotFound, http.StatusGone:
		s.log.Info("pull: not published yet", "source", src.Name, "url", u, "status", status)
		return 0, fetchNotFound, s.recordFetch(ctx, src.Name, u, status, now, false, prev.etag, prev.lastModified, sql.NullString{}, prev.failures)
	}
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:])
	name := pulledName(u)
	if _, err := s.saveInbox(digest, name, body, pulledDir, src.Name); err != nil {
		s.met.sourceFailure(src.Name)
		return 0, fetchFailed, err
	}
	res, err := s.ingestBytes(ctx, name, body, "pull:"+src.Name)
	if err != nil {
		// Validators are not stored: the next run fetches the body again.
		s.met.sourceFailure(src.Name)
		return 0, fetchFailed, fmt.Errorf("ingest: %w", err)
	}
	e := res.Entry
	s.log.Info("pull", "source", src.Name, "url", u, "file_id", e.ID, "outcome", e.Outcome, "duplicate", res.Duplicate,
		"accepted", e.RowsAccepted, "rejected", e.RowsRejected)
	etag := sql.NullString{String: hdr.Get("ETag"), Valid: hdr.Get("ETag") != ""}
	lm := sql.NullString{String: hdr.Get("Last-Modified"), Valid: hdr.Get("Last-Modified") != ""}
	if err := s.recordFetch(ctx, src.Name, u, status, now, true, etag, lm, sql.NullString{String: digest, Valid: true}, 0); err != nil {
		return 0, fetchOK, err
	}
	if res.Duplicate {
		return 0, fetchOK, nil
	}
	return e.RowsAccepted, fetchOK, nil
}

// get makes one conditional GET. It returns the status and, for a 200,
// the headers and body. A nil error with status 304 or 404/410 is a
// normal answer; errNotRetryable marks answers worth no retry.
func (s *Server) get(ctx context.Context, src config.Source, u string, prev fetchState) (int, http.Header, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, src.Timeout.Duration)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%w: %w", errNotRetryable, err)
	}
	req.Header.Set("User-Agent", "envdisclose/"+s.opt.Version)
	if prev.etag.Valid {
		req.Header.Set("If-None-Match", prev.etag.String)
	}
	if prev.lastModified.Valid {
		req.Header.Set("If-Modified-Since", prev.lastModified.String)
	}
	res, err := s.httpClient().Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode == http.StatusOK:
		b, err := io.ReadAll(io.LimitReader(res.Body, maxPullBytes+1))
		if err != nil {
			return res.StatusCode, nil, nil, fmt.Errorf("read body: %w", err)
		}
		if len(b) > maxPullBytes {
			return res.StatusCode, nil, nil, fmt.Errorf("%w: body larger than %d bytes", errNotRetryable, maxPullBytes)
		}
		return res.StatusCode, res.Header, b, nil
	case res.StatusCode == http.StatusNotModified, res.StatusCode == http.StatusNotFound, res.StatusCode == http.StatusGone:
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		return res.StatusCode, res.Header, nil, nil
	case res.StatusCode >= 500, res.StatusCode == http.StatusTooManyRequests, res.StatusCode == http.StatusRequestTimeout:
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		return res.StatusCode, nil, nil, fmt.Errorf("HTTP %s", res.Status)
	default:
		return res.StatusCode, nil, nil, fmt.Errorf("%w: HTTP %s", errNotRetryable, res.Status)
	}
}

// httpClient is the client of the pull sources (no client-wide timeout:
// each request has the source's).
func (s *Server) httpClient() *http.Client {
	if s.opt.HTTPClient != nil {
		return s.opt.HTTPClient
	}
	return http.DefaultClient
}

// recordFetch upserts the source_fetch row of (source, u).
func (s *Server) recordFetch(ctx context.Context, source, u string, status int, now time.Time, ok bool,
	etag, lastModified, digest sql.NullString, failures int64) error {
	var okAt sql.NullTime
	if ok {
		okAt = sql.NullTime{Time: now, Valid: true}
	}
	q, err := s.serverSQL("source_fetch_record")
	if err != nil {
		return err
	}
	if _, err := s.st.DB.ExecContext(ctx, q, source, u, etag, lastModified, status, now, okAt, failures, digest); err != nil {
		return fmt.Errorf("source_fetch: %w", err)
	}
	return nil
}

// pulledName is the file name of a fetched URL: the last path element
// with only safe characters, the query folded in when there is one.
func pulledName(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return safeName(u)
	}
	base := path.Base(pu.Path)
	if base == "/" || base == "." {
		base = pu.Host
	}
	if pu.RawQuery != "" {
		ext := path.Ext(base)
		base = strings.TrimSuffix(base, ext) + "_" + pu.RawQuery + ext
	}
	return safeName(base)
}
