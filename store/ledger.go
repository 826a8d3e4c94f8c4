package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
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

// scanEntry reads the ledger columns of sql/store/ledger_entry.sql (and
// ledger_receive.sql, ledger_by_sha256.sql, ledger_entries.sql).
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
	es, seens, err := s.ReceiveMany(ctx, []Incoming{{SHA256: sha256, Name: name, Source: source, Size: size}})
	if err != nil {
		return e, false, err
	}
	return es[0], seens[0], nil
}

// Incoming is a file to record in the ledger (ReceiveMany).
type Incoming struct {
	SHA256, Name, Source string
	Size                 int64
}

// ReceiveMany is Receive for several files in one transaction of three
// statements (look the digests up, take ids, insert the new ones), one
// commit instead of one per file: the group commit of pushes, bulk ingest.
// The entries and seen flags are in the order of in, and new entries get
// ids in that order; the same bytes twice in one call give one entry, and
// the second is seen (not Final). Either every file is recorded or, on
// error, none.
func (s *Store) ReceiveMany(ctx context.Context, in []Incoming) (es []FileEntry, seen []bool, err error) {
	es, seen = make([]FileEntry, len(in)), make([]bool, len(in))
	if len(in) == 0 {
		return es, seen, nil
	}
	what := in[0].Name
	if len(in) > 1 {
		what = fmt.Sprintf("%d files", len(in))
	}
	fail := func(step string, err error) ([]FileEntry, []bool, error) {
		return nil, nil, fmt.Errorf("record %s in the ledger (%s): %w", what, step, err)
	}
	// Digests are hex; anything else (a caller's own key) must not split
	// the list parameter.
	digests := make([]string, len(in))
	for i, f := range in {
		if f.SHA256 == "" || strings.ContainsRune(f.SHA256, ',') {
			return fail("digest", fmt.Errorf("invalid sha256 %q of %s", f.SHA256, f.Name))
		}
		digests[i] = f.SHA256
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fail("begin", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	known := make(map[string]FileEntry, len(in))
	if err := scanEntries(ctx, tx, known, s.q.lookup, strings.Join(digests, ",")); err != nil {
		return fail("look up", err)
	}
	// New files, first occurrence only, in order.
	var fresh []int
	first := make(map[string]bool, len(in))
	for i, f := range in {
		if _, ok := known[f.SHA256]; ok || first[f.SHA256] {
			continue
		}
		first[f.SHA256] = true
		fresh = append(fresh, i)
	}
	if len(fresh) > 0 {
		ids, err := s.newIDs(ctx, tx, len(fresh))
		if err != nil {
			return fail("ids", err)
		}
		type row struct {
			FileID int64  `json:"file_id"`
			SHA256 string `json:"sha256"`
			Name   string `json:"name"`
			Source string `json:"source"`
			Size   int64  `json:"size_bytes"`
		}
		rows := make([]row, len(fresh))
		for k, i := range fresh {
			f := in[i]
			rows[k] = row{ids[k], f.SHA256, f.Name, f.Source, f.Size}
		}
		js, err := json.Marshal(rows)
		if err != nil {
			return fail("insert", err)
		}
		now := Wall(s.Clock().In(CST)).Format("2006-01-02 15:04:05.999999")
		added := make(map[string]FileEntry, len(fresh))
		if err := scanEntries(ctx, tx, added, s.q.receive, string(js), now, OutcomeReceived); err != nil {
			return fail("insert", err)
		}
		if len(added) != len(fresh) {
			return fail("insert", fmt.Errorf("%d entries inserted, want %d", len(added), len(fresh)))
		}
		for _, i := range fresh {
			es[i] = added[in[i].SHA256]
			known[in[i].SHA256] = es[i]
		}
	}
	for i, f := range in {
		if es[i].ID == 0 { // not inserted by this call
			es[i], seen[i] = known[f.SHA256], true
		}
	}
	if err = tx.Commit(); err != nil {
		return fail("commit", err)
	}
	return es, seen, nil
}

// scanEntries runs q with args in tx and adds the entries it returns to
// out by sha256.
func scanEntries(ctx context.Context, tx *sql.Tx, out map[string]FileEntry, q string, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		out[e.SHA256] = e
	}
	return rows.Err()
}

// newIDs takes n file ids from the ledger's sequence, ascending.
func (s *Store) newIDs(ctx context.Context, tx *sql.Tx, n int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, s.q.ids, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("%d ids from the sequence, want %d", len(ids), n)
	}
	return ids, nil
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
		if err := s.insertRejects(ctx, tx, e.ID, rejects); err != nil {
			return fmt.Errorf("record rejects of %s: %w", e.Name, err)
		}
	}
	fin := Wall(s.Clock().In(CST))
	e.FinishedAt = &fin
	_, err := tx.ExecContext(ctx, s.q.finish,
		e.Kind, e.Format, e.Encoding, e.Outcome, e.RowsAccepted, e.RowsRejected, e.RowsSuperseded, e.Message, fin, e.ID)
	if err != nil {
		return fmt.Errorf("update ledger entry of %s: %w", e.Name, err)
	}
	if own {
		return tx.Commit()
	}
	return nil
}

// insertRejects writes the rejects of a file in one statement, the rows
// passed as parallel lists (a file can have many bad rows; this is not a
// per-row round trip).
func (s *Store) insertRejects(ctx context.Context, tx *sql.Tx, fileID int64, rs []Reject) error {
	lines := make([]int64, len(rs))
	fields := make([]string, len(rs))
	values := make([]string, len(rs))
	reasons := make([]string, len(rs))
	for i, r := range rs {
		v := r.Value
		if len([]rune(v)) > 200 {
			v = string([]rune(v)[:200])
		}
		lines[i], fields[i], values[i], reasons[i] = r.Line, r.Field, v, r.Reason
	}
	_, err := tx.ExecContext(ctx, s.q.rejectInsert, fileID, lines, fields, values, reasons)
	return err
}

// Entry returns a ledger entry by id.
func (s *Store) Entry(ctx context.Context, id int64) (FileEntry, error) {
	e, err := scanEntry(s.DB.QueryRowContext(ctx, s.q.entry, id))
	if err != nil {
		return e, fmt.Errorf("ledger entry %d: %w", id, err)
	}
	return e, nil
}

// Rejects returns the rejects of a file (at most limit, 0 = all).
func (s *Store) Rejects(ctx context.Context, fileID int64, limit int) ([]Reject, error) {
	var lim any // NULL: no limit
	if limit > 0 {
		lim = int64(limit)
	}
	rows, err := s.DB.QueryContext(ctx, s.q.rejects, fileID, lim)
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
	rows, err := s.DB.QueryContext(ctx, s.q.entries, limit)
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
