package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Automatic retry of received files whose ingest failed. A pushed file or
// an HJ 212 batch is durably on disk under DATA/inbox before it is
// ingested; when the ingest fails with an internal error (not a refusal:
// a refused file is settled), the file is put in the ingest_retry table
// and ingested again after RetryBackoff, doubling per attempt up to
// retryMaxWait, at most RetryAttempts times in all. After the last attempt
// the row says failed with the final reason (also in GET
// /api/v1/files/{id}). Entries that never settled because the process
// stopped during their ingest are picked up at start.

// retryMaxWait caps the wait between two attempts.
const retryMaxWait = 5 * time.Minute

// Retry states.
const (
	retryPending = "pending"
	retryDone    = "done"
	retryFailed  = "failed"
)

// retryInfo is the retry record of a file (GET /api/v1/files/{id}).
type retryInfo struct {
	State    string     `json:"state"`
	Attempts int        `json:"attempts"`
	NextAt   *time.Time `json:"next_at,omitempty"`
	Error    string     `json:"error,omitempty"`
}

func (s *Server) retrySQL(name string) (string, error) {
	return envsql.Read(s.st.SQL, "ingest/"+name+".sql")
}

// retryWait is the wait after the given number of failed attempts.
func (s *Server) retryWait(attempts int) time.Duration {
	d := s.opt.RetryBackoff
	for i := 1; i < attempts && d < retryMaxWait; i++ {
		d *= 2
	}
	return min(d, retryMaxWait)
}

// relInbox is path relative to DATA/inbox (the key of a retry row).
func (s *Server) relInbox(path string) string {
	if rel, err := filepath.Rel(s.inboxDir(), path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// scheduleRetry records the failed first ingest of the file at path (under
// DATA/inbox) for an automatic retry.
func (s *Server) scheduleRetry(ctx context.Context, path, digest, name, source, onlyStation string, fileID int64, cause error) {
	q, err := s.retrySQL("retry_schedule")
	if err == nil {
		now := s.opt.Now()
		var id, only any
		if fileID > 0 {
			id = fileID
		}
		if onlyStation != "" {
			only = onlyStation
		}
		_, err = s.st.DB.ExecContext(ctx, q, s.relInbox(path), digest, name, source, only,
			store.Wall(now.Add(s.retryWait(1))), cause.Error(), id, store.Wall(now))
	}
	if err != nil {
		s.log.Error("retry: could not schedule; the file stays in the inbox", "path", path, "err", err)
		return
	}
	s.log.Warn("ingest failed, retry scheduled", "path", s.relInbox(path), "source", source, "in", s.retryWait(1).String(), "err", cause)
	s.retry.poke()
}

// retrier runs the due retries; poke wakes it when a retry was scheduled.
type retrier struct {
	s    *Server
	wake chan struct{}
}

func newRetrier(s *Server) *retrier { return &retrier{s: s, wake: make(chan struct{}, 1)} }

func (r *retrier) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// loop runs until ctx ends: at start it picks up stranded ledger entries,
// then it sleeps until the next pending retry is due (or a poke).
func (r *retrier) loop(ctx context.Context) {
	s := r.s
	if err := s.adoptStranded(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("retry: stranded files", "err", err)
	}
	for ctx.Err() == nil {
		if _, err := s.runDueRetries(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("retry", "err", err)
		}
		wait := time.Minute
		if next, ok, err := s.nextRetry(ctx); err == nil && ok {
			wait = max(0, next.Sub(store.Wall(s.opt.Now())))
		}
		t := time.NewTimer(max(wait, 10*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-r.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

func (s *Server) nextRetry(ctx context.Context) (time.Time, bool, error) {
	q, err := s.retrySQL("retry_next")
	if err != nil {
		return time.Time{}, false, err
	}
	var next sql.NullTime
	if err := s.st.DB.QueryRowContext(ctx, q).Scan(&next); err != nil {
		return time.Time{}, false, fmt.Errorf("next retry: %w", err)
	}
	return next.Time, next.Valid, nil
}

type dueRetry struct {
	path, digest, name, source, only string
	attempts                         int
}

// runDueRetries ingests every retry that is due and records the outcome.
// It returns how many attempts it made.
func (s *Server) runDueRetries(ctx context.Context) (int, error) {
	q, err := s.retrySQL("retry_due")
	if err != nil {
		return 0, err
	}
	rows, err := s.st.DB.QueryContext(ctx, q, store.Wall(s.opt.Now()))
	if err != nil {
		return 0, fmt.Errorf("due retries: %w", err)
	}
	var due []dueRetry
	for rows.Next() {
		var d dueRetry
		if err := rows.Scan(&d.path, &d.digest, &d.name, &d.source, &d.only, &d.attempts); err != nil {
			rows.Close()
			return 0, fmt.Errorf("due retries: %w", err)
		}
		due = append(due, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("due retries: %w", err)
	}
	upd, err := s.retrySQL("retry_result")
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		attempt := d.attempts + 1
		res, ierr := s.retryOnce(ctx, d)
		var fileID any
		if res.Entry.ID > 0 {
			fileID = res.Entry.ID
		}
		now := s.opt.Now()
		state, next, msg := retryDone, any(nil), any(nil)
		switch {
		case ierr == nil:
			s.log.Info("retry: ingested", "path", d.path, "attempt", attempt, "file_id", res.Entry.ID, "outcome", res.Entry.Outcome,
				"accepted", res.Entry.RowsAccepted, "rejected", res.Entry.RowsRejected)
			if res.Entry.RowsAccepted > 0 && !res.Duplicate {
				s.repub.trigger()
			}
		case attempt >= s.opt.RetryAttempts:
			state = retryFailed
			msg = fmt.Sprintf("gave up after %d attempts; last error: %v", attempt, ierr)
			s.log.Error("retry: gave up", "path", d.path, "source", d.source, "attempts", attempt, "err", ierr)
		default:
			state = retryPending
			next = store.Wall(now.Add(s.retryWait(attempt)))
			msg = ierr.Error()
			s.log.Warn("retry: failed again", "path", d.path, "attempt", attempt, "next_in", s.retryWait(attempt).String(), "err", ierr)
		}
		if _, err := s.st.DB.ExecContext(ctx, upd, d.path, state, attempt, next, msg, fileID, store.Wall(now)); err != nil {
			return 0, fmt.Errorf("record retry of %s: %w", d.path, err)
		}
	}
	return len(due), nil
}

// retryOnce ingests the raw file of a retry row once, under the ingest
// lock. An outcome other than failed (accepted, partial, rejected) settles
// the file.
func (s *Server) retryOnce(ctx context.Context, d dueRetry) (ingest.Summary, error) {
	path := filepath.Join(s.inboxDir(), filepath.FromSlash(d.path))
	if filepath.IsAbs(filepath.FromSlash(d.path)) {
		path = filepath.FromSlash(d.path)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return ingest.Summary{}, fmt.Errorf("read %s: %w", d.path, err)
	}
	opt := ingest.Options{Source: d.source, Log: s.log, Now: s.opt.Now, OnlyStation: d.only}
	res, err := s.ingestOne(ctx, ingest.File{Name: d.name, Data: body}, opt)
	if err == nil && res.Entry.Outcome == store.OutcomeFailed {
		err = errors.New(res.Entry.Message)
	}
	return res, err
}

// adoptStranded schedules a retry for every pushed or HJ 212 file whose
// ledger entry never settled, when its raw bytes are in the inbox.
func (s *Server) adoptStranded(ctx context.Context) error {
	q, err := s.retrySQL("retry_stranded")
	if err != nil {
		return err
	}
	rows, err := s.st.DB.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("stranded files: %w", err)
	}
	type stranded struct {
		id                   int64
		digest, name, source string
	}
	var list []stranded
	for rows.Next() {
		var x stranded
		if err := rows.Scan(&x.id, &x.digest, &x.name, &x.source); err != nil {
			rows.Close()
			return fmt.Errorf("stranded files: %w", err)
		}
		list = append(list, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("stranded files: %w", err)
	}
	for _, x := range list {
		// Where the bytes were kept says who sent them: a station's token
		// lands only that station's rows, a staff push and an HJ 212 batch
		// any.
		type place struct{ sub, only string }
		places := []place{{staffDir, ""}, {receivedDir, strings.TrimPrefix(x.source, "push:")}}
		if strings.HasPrefix(x.source, "hj212:") {
			places = []place{{hj212Dir, ""}}
		}
		var matches []string
		var only string
		for _, c := range places {
			if matches, _ = filepath.Glob(filepath.Join(s.inboxDir(), c.sub, "*", x.digest+"-*")); len(matches) > 0 {
				only = c.only
				break
			}
		}
		if len(matches) == 0 {
			s.log.Warn("retry: stranded ledger entry without its raw bytes in the inbox", "file_id", x.id, "name", x.name)
			continue
		}
		s.scheduleRetry(ctx, matches[0], x.digest, x.name, x.source, only, x.id,
			fmt.Errorf("ledger entry %d never settled (the server stopped during its ingest?)", x.id))
	}
	return nil
}

// fileRetry is the retry record of ledger entry id (nil when none).
func (s *Server) fileRetry(ctx context.Context, id int64) (*retryInfo, error) {
	q, err := s.retrySQL("retry_file")
	if err != nil {
		return nil, err
	}
	var ri retryInfo
	var next sql.NullTime
	err = s.st.DB.QueryRowContext(ctx, q, id).Scan(&ri.State, &ri.Attempts, &next, &ri.Error)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("retry of file %d: %w", id, err)
	}
	if next.Valid {
		t := store.FromWall(next.Time)
		ri.NextAt = &t
	}
	return &ri, nil
}
