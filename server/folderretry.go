package server

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/store"
)

// Retries of folder files (the inbox and drop-folder sources). A file
// whose ingest fails with an internal error stays where it is and the
// folder job tries it again on a later run, no sooner than the retry
// backoff after the last attempt (the push retries' RetryBackoff,
// doubling, at most retryMaxWait), at most RetryAttempts times in all.
// After the last failed attempt the file is moved to
// <archive>/failed/<yyyy-mm-dd>/ and its folder_retry row says failed,
// with the reason and where the file went: nothing is deleted, and an
// operator who fixed the cause moves it back into the folder, which
// starts a new series of attempts. Files refused for their content are
// settled in the ledger and archived as before.

// pathsFunc ingests files given by path (ingest.Paths).
type pathsFunc func(ctx context.Context, st *store.Store, paths []string, opt ingest.Options) ([]ingest.Summary, error)

// folderAttempt is the retry record of a folder file.
type folderAttempt struct {
	state    string // pending, failed
	digest   string
	attempts int
	next     time.Time // CST wall clock
}

// folderRetries reads the retry records of a folder source, by path.
func (s *Server) folderRetries(ctx context.Context, source string) (map[string]folderAttempt, error) {
	q, err := s.retrySQL("folder_retry_rows")
	if err != nil {
		return nil, err
	}
	rows, err := s.st.DB.QueryContext(ctx, q, source)
	if err != nil {
		return nil, fmt.Errorf("folder retries of %s: %w", source, err)
	}
	defer rows.Close()
	out := map[string]folderAttempt{}
	for rows.Next() {
		var p string
		var a folderAttempt
		var next sql.NullTime
		if err := rows.Scan(&p, &a.state, &a.digest, &a.attempts, &next); err != nil {
			return nil, fmt.Errorf("folder retries of %s: %w", source, err)
		}
		a.next = next.Time
		out[p] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("folder retries of %s: %w", source, err)
	}
	return out, nil
}

// folderFailed records a failed ingest attempt of the folder file path
// (prev: its retry record, if any) and moves the file aside after the
// last attempt. Errors are logged: the file stays where it is.
func (s *Server) folderFailed(ctx context.Context, source, dir, archive, path string, prev folderAttempt, cause error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		// Gone from the folder since it was listed (taken away by whoever
		// dropped it): nothing to retry, no record left behind.
		s.log.Warn("folder: a file went away before its ingest", "path", path, "err", cause)
		s.folderSettled(ctx, path)
		return
	}
	digest := ""
	if err == nil {
		h := sha256.Sum256(b)
		digest = hex.EncodeToString(h[:])
	}
	attempts := 1
	if prev.state == retryPending && prev.digest == digest {
		attempts = prev.attempts + 1 // other bytes under the same name, or a failed file moved back, start anew
	}
	now := s.opt.Now()
	state, next, moved := retryPending, any(store.Wall(now.Add(s.retryWait(attempts)))), any(nil)
	if attempts >= s.opt.RetryAttempts {
		dst, err := s.moveDated(dir, filepath.Join(archive, "failed"), path)
		if err != nil {
			s.log.Error("folder: could not move a failed file aside; it stays and is tried again", "path", path, "err", err)
		} else {
			state, next, moved = retryFailed, nil, dst
		}
	}
	q, err := s.retrySQL("folder_retry_record")
	if err == nil {
		_, err = s.st.DB.ExecContext(ctx, q, path, source, digest, state, attempts, next, cause.Error(), moved, store.Wall(now))
	}
	if err != nil {
		s.log.Error("folder: could not record a failed ingest", "path", path, "err", err)
	}
	if state == retryFailed {
		s.log.Error("folder: gave up on a file; moved aside", "path", path, "to", moved, "attempts", attempts, "err", cause)
		return
	}
	s.log.Warn("folder: ingest failed, tried again on a later run", "path", path, "attempt", attempts,
		"not_before", s.retryWait(attempts).String(), "err", cause)
}

// folderSettled drops the retry record of a folder file that is now
// ingested.
func (s *Server) folderSettled(ctx context.Context, path string) {
	q, err := s.retrySQL("folder_retry_clear")
	if err == nil {
		_, err = s.st.DB.ExecContext(ctx, q, path)
	}
	if err != nil {
		s.log.Error("folder: could not clear a retry record", "path", path, "err", err)
	}
}
