package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Outcomes of a file in the ledger.
const (
	OutcomeReceived = "received" // recorded, not yet processed (or processing was interrupted)
	OutcomeAccepted = "accepted" // every row landed
	OutcomePartial  = "partial"  // some rows landed, the others are in the rejects ledger
	OutcomeRejected = "rejected" // nothing landed; the reason is in message and the rejects ledger
	OutcomeFailed   = "failed"   // an internal error; the file can be sent again
)

// FileEntry is one row of the file ledger.
type FileEntry struct {
	ID             int64      `json:"id"`
	SHA256         string     `json:"sha256"`
	Name           string     `json:"name"`
	Source         string     `json:"source"`
	ReceivedAt     time.Time  `json:"received_at"`
	Size           int64      `json:"size_bytes"`
	Kind           string     `json:"kind,omitempty"`
	Format         string     `json:"format,omitempty"`
	Encoding       string     `json:"encoding,omitempty"`
	Outcome        string     `json:"outcome"`
	RowsAccepted   int64      `json:"rows_accepted"`
	RowsRejected   int64      `json:"rows_rejected"`
	RowsSuperseded int64      `json:"rows_superseded"`
	Message        string     `json:"message,omitempty"`
	FinishedAt     *time.Time `json:"finished_at,omitempty"`
}

// Final reports whether the entry is settled: the same bytes again are a
// no-op. Received (interrupted) and failed entries are processed again.
func (e FileEntry) Final() bool {
	switch e.Outcome {
	case OutcomeAccepted, OutcomePartial, OutcomeRejected:
		return true
	}
	return false
}

// Reject is one row of the rejects ledger.
type Reject struct {
	Line   int64  `json:"line,omitempty"` // 0 = the whole file
	Field  string `json:"field,omitempty"`
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"`
}

const ledgerCols = `file_id, sha256, name, source, received_at, size_bytes, coalesce(kind,''), coalesce(format,''),
	coalesce(encoding,''), outcome, rows_accepted, rows_rejected, rows_superseded, coalesce(message,''), finished_at`

func scanEntry(row interface{ Scan(...any) error }) (FileEntry, error) {
	var e FileEntry
	var fin sql.NullTime
	err := row.Scan(&e.ID, &e.SHA256, &e.Name, &e.Source, &e.ReceivedAt, &e.Size, &e.Kind, &e.Format,
		&e.Encoding, &e.Outcome, &e.RowsAccepted, &e.RowsRejected, &e.RowsSuperseded, &e.Message, &fin)
	if fin.Valid {
		t := fin.Time
		e.FinishedAt = &t
	}
	return e, err
}

// Receive records a file before anything else happens to it. When the same
// bytes (sha256) are already in the ledger, it returns that entry and
// seen = true; the caller must then do nothing more unless the entry is not
// Final (an interrupted or failed earlier attempt), in which case the entry
// is reused for a new attempt.
func (s *Store) Receive(ctx context.Context, sha256, name, source string, size int64) (e FileEntry, seen bool, err error) {
	// One statement for a new file (the usual case): the row is inserted
	// only when no entry has these bytes; no row back means a duplicate,
	// which is then looked up. received_at goes in as text (a time.Time in
	// a SELECT list would be a TIMESTAMPTZ, shifted by the session zone).
	now := s.Clock().In(CST)
	row := s.DB.QueryRowContext(ctx, `INSERT INTO file_ledger (file_id, sha256, name, source, received_at, size_bytes, outcome)
		SELECT nextval('file_id_seq'), ?, ?, ?, CAST(? AS TIMESTAMP), ?, ?
		WHERE NOT EXISTS (SELECT 1 FROM file_ledger WHERE sha256 = ?) RETURNING `+ledgerCols,
		sha256, name, source, Wall(now).Format("2006-01-02 15:04:05.999999"), size, OutcomeReceived, sha256)
	e, err = scanEntry(row)
	switch {
	case err == nil:
		return e, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return e, false, fmt.Errorf("record %s in the ledger: %w", name, err)
	}
	row = s.DB.QueryRowContext(ctx, `SELECT `+ledgerCols+` FROM file_ledger WHERE sha256 = ?`, sha256)
	if e, err = scanEntry(row); err != nil {
		return e, false, fmt.Errorf("look up %s in the ledger: %w", name, err)
	}
	return e, true, nil
}

// Finish writes the outcome of a file and its rejects inside tx (the same
// transaction that landed its rows; tx may be nil for a file that landed
// nothing).
func (s *Store) Finish(ctx context.Context, tx *sql.Tx, e *FileEntry, rejects []Reject) error {
	own := tx == nil
	if own {
		var err error
		if tx, err = s.DB.BeginTx(ctx, nil); err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }()
	}
	if len(rejects) > 0 {
		if err := insertRejects(ctx, tx, e.ID, rejects); err != nil {
			return fmt.Errorf("record rejects of %s: %w", e.Name, err)
		}
	}
	fin := Wall(s.Clock().In(CST))
	e.FinishedAt = &fin
	_, err := tx.ExecContext(ctx, `UPDATE file_ledger SET kind = ?, format = ?, encoding = ?, outcome = ?,
		rows_accepted = ?, rows_rejected = ?, rows_superseded = ?, message = ?, finished_at = ? WHERE file_id = ?`,
		e.Kind, e.Format, e.Encoding, e.Outcome, e.RowsAccepted, e.RowsRejected, e.RowsSuperseded, e.Message, fin, e.ID)
	if err != nil {
		return fmt.Errorf("update ledger entry of %s: %w", e.Name, err)
	}
	if own {
		return tx.Commit()
	}
	return nil
}

// insertRejects writes rejects in batches of multi-row INSERTs (a file can
// have many bad rows; this is not a per-row round trip).
func insertRejects(ctx context.Context, tx *sql.Tx, fileID int64, rs []Reject) error {
	const batch = 500
	for i := 0; i < len(rs); i += batch {
		j := min(i+batch, len(rs))
		q := make([]byte, 0, 64*(j-i)+64)
		q = append(q, "INSERT INTO reject (file_id, line, field, value, reason) VALUES "...)
		args := make([]any, 0, 5*(j-i))
		for k, r := range rs[i:j] {
			if k > 0 {
				q = append(q, ',')
			}
			q = append(q, "(?,?,?,?,?)"...)
			var line any
			if r.Line > 0 {
				line = r.Line
			}
			v := r.Value
			if len([]rune(v)) > 200 {
				v = string([]rune(v)[:200])
			}
			args = append(args, fileID, line, nullStr(r.Field), nullStr(v), r.Reason)
		}
		if _, err := tx.ExecContext(ctx, string(q), args...); err != nil {
			return err
		}
	}
	return nil
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Entry returns a ledger entry by id.
func (s *Store) Entry(ctx context.Context, id int64) (FileEntry, error) {
	e, err := scanEntry(s.DB.QueryRowContext(ctx, `SELECT `+ledgerCols+` FROM file_ledger WHERE file_id = ?`, id))
	if err != nil {
		return e, fmt.Errorf("ledger entry %d: %w", id, err)
	}
	return e, nil
}

// Rejects returns the rejects of a file (at most limit, 0 = all).
func (s *Store) Rejects(ctx context.Context, fileID int64, limit int) ([]Reject, error) {
	q := `SELECT coalesce(line,0), coalesce(field,''), coalesce(value,''), reason FROM reject WHERE file_id = ? ORDER BY line NULLS FIRST, field`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.DB.QueryContext(ctx, q, fileID)
	if err != nil {
		return nil, fmt.Errorf("rejects of file %d: %w", fileID, err)
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var r Reject
		if err := rows.Scan(&r.Line, &r.Field, &r.Value, &r.Reason); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Entries returns the newest ledger entries.
func (s *Store) Entries(ctx context.Context, limit int) ([]FileEntry, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+ledgerCols+` FROM file_ledger ORDER BY file_id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list ledger: %w", err)
	}
	defer rows.Close()
	var out []FileEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
