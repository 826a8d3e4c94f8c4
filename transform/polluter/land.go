package polluter

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/envdisclose/envdisclose/store"
)

// landDir is the folder of the landing statements inside the SQL tree.
const landDir = "models/polluters/land"

// stageFile is the statement creating the TEMP staging table that Land
// reads (sql/transform/polluters/emission_stage.sql). Rows are appended in
// its column order: seq (order within the file, the last row of a key
// wins), outlet_code, pollutant (canonical), time (CST wall clock, end of
// the period), period (hour|day|minute|realtime), value, converted_value,
// flow (m³/h), flag.
const stageFile = "emission_stage"

// StageSQL returns the statement creating the staging table (stageFile)
// from fsys.
func StageSQL(fsys fs.FS) (string, error) { return statement(fsys, stageFile) }

// LandResult counts what Land did.
type LandResult struct {
	Inserted   int64 // rows now current
	Superseded int64 // earlier current rows moved to emission_value_superseded
}

// Statements of the land folder that Land treats specially: the existence
// check (a query) decides whether the supersede and delete steps run, and
// those three take the staged file's bounds as $1..$4.
const (
	landExisting  = "07_existing.sql"
	landSupersede = "10_supersede.sql"
	landDelete    = "20_delete.sql"
	landInsert    = "30_insert.sql"
)

// Land moves the rows of TEMP emission_stage (on tx's connection) into
// emission_value under fileID: earlier current rows with the same outlet,
// pollutant, period and time go to emission_value_superseded, and the
// touched natural days are marked in dirty_day (dataset 'emission'). It
// runs models/polluters/land/*.sql in name order.
//
// Replacing is the exception (new data is the rule), so after the
// de-duplication Land reads the staged file's bounds (time and outlet code
// ranges) and first asks, with a query that DuckDB's zonemaps restrict to
// the row groups of that range (07_existing.sql), whether any current row
// of the file's (outlet, pollutant, period) keys lies in its time range.
// Only then do the supersede and delete steps run, each restricted to the
// same range and semi-joined on the staged keys; otherwise the rows are
// inserted straight away. Without the check, the supersede join scanned
// every current row of the file's month (10.5 s for a 150 k-value file
// into a month of 43 M values).
func Land(ctx context.Context, tx *sql.Tx, fsys fs.FS, fileID int64) (LandResult, error) {
	var res LandResult
	names, err := fs.Glob(fsys, path.Join(landDir, "*.sql"))
	if err != nil {
		return res, fmt.Errorf("polluter: list %s: %w", landDir, err)
	}
	if len(names) == 0 {
		return res, fmt.Errorf("polluter: no statements in %s", landDir)
	}
	sort.Strings(names)
	if _, err := exec(ctx, tx, fsys, "set polluter_file_id", "land_file_set", fileID); err != nil {
		return res, err
	}
	var bounds []any // time min, max, outlet_code min, max of the stage (after de-duplication)
	// replace: some current row of the file's keys lies in its range (a
	// tree without the check always runs the supersede step).
	replace := true
	for _, name := range names {
		if path.Base(name) == landExisting {
			replace = false
		}
	}
	for _, name := range names {
		base := path.Base(name)
		switch base {
		case landExisting, landSupersede, landDelete:
			if bounds == nil {
				if bounds, err = stageBounds(ctx, tx, fsys); err != nil {
					return res, err
				}
			}
			if bounds[0] == nil {
				continue // empty stage: nothing to replace
			}
		}
		if (base == landSupersede && !replace) || (base == landDelete && res.Superseded == 0) {
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return res, fmt.Errorf("polluter: read %s: %w", name, err)
		}
		if base == landExisting {
			var n int64
			if err := tx.QueryRowContext(ctx, string(body), bounds...).Scan(&n); err != nil {
				return res, fmt.Errorf("polluter: run %s: %w", name, err)
			}
			replace = n > 0
			continue
		}
		var args []any
		if base == landSupersede || base == landDelete {
			args = bounds
		}
		r, err := tx.ExecContext(ctx, string(body), args...)
		if err != nil {
			return res, fmt.Errorf("polluter: run %s: %w", name, err)
		}
		n, _ := r.RowsAffected()
		switch base {
		case landSupersede:
			res.Superseded = n
		case landInsert:
			res.Inserted = n
		}
	}
	if _, err := exec(ctx, tx, fsys, "reset polluter_file_id", "land_file_reset"); err != nil {
		return res, err
	}
	return res, nil
}

// stageBounds reads the time and outlet-code ranges of emission_stage
// (all nil when it is empty). They are passed to the existence check,
// supersede and delete statements as parameters so that DuckDB can skip
// the row groups of emission_value outside them.
func stageBounds(ctx context.Context, tx *sql.Tx, fsys fs.FS) ([]any, error) {
	q, err := statement(fsys, "stage_bounds")
	if err != nil {
		return nil, err
	}
	var tlo, thi sql.NullTime
	var olo, ohi sql.NullString
	if err := tx.QueryRowContext(ctx, q).Scan(&tlo, &thi, &olo, &ohi); err != nil {
		return nil, fmt.Errorf("polluter: bounds of emission_stage (%sstage_bounds.sql): %w", stmtDir, err)
	}
	if !tlo.Valid {
		return []any{nil, nil, nil, nil}, nil
	}
	return []any{tlo.Time, thi.Time, olo.String, ohi.String}, nil
}

// LandAppend lands a file's emission values in one transaction: it creates
// the staging table on a dedicated connection, lets fill append the rows
// (in the column order of stageFile) with the DuckDB appender, runs Land
// and finishes the ledger entry e (outcome accepted, rows counted) in the
// same transaction. rejects (rows the caller refused while decoding) are
// recorded with the entry and make the outcome partial. A RowsRejected or
// outcome (accepted, partial, rejected) the caller already set on e is
// kept: ingest counts refused units, caps the reject records and decides
// the outcome itself.
func LandAppend(ctx context.Context, st *store.Store, e *store.FileEntry, rejects []store.Reject,
	fill func(a *duckdb.Appender) error) (LandResult, error) {
	var res LandResult
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("polluter: get connection: %w", err)
	}
	defer conn.Close()
	if _, err := exec(ctx, conn, st.SQL, "create emission_stage", stageFile); err != nil {
		return res, err
	}
	defer func() {
		_, _ = exec(context.WithoutCancel(ctx), conn, st.SQL, "drop emission_stage", "emission_stage_drop")
	}()
	err = conn.Raw(func(dc any) error {
		d, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("not a driver.Conn")
		}
		a, err := duckdb.NewAppender(d, "temp", "main", "emission_stage")
		if err != nil {
			return fmt.Errorf("appender on emission_stage: %w", err)
		}
		if err := fill(a); err != nil {
			_ = a.Close()
			return err
		}
		return a.Close()
	})
	if err != nil {
		return res, fmt.Errorf("polluter: stage %s: %w", e.Name, err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("polluter: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if res, err = Land(ctx, tx, st.SQL, e.ID); err != nil {
		return res, err
	}
	e.RowsAccepted = res.Inserted
	e.RowsSuperseded = res.Superseded
	if e.RowsRejected == 0 {
		e.RowsRejected = int64(len(rejects))
	}
	switch e.Outcome {
	case store.OutcomeAccepted, store.OutcomePartial, store.OutcomeRejected:
		// decided by the caller (ingest counts refused units and caps the
		// reject records, so it knows better)
	default:
		e.Outcome = store.OutcomeAccepted
		if e.RowsRejected > 0 {
			e.Outcome = store.OutcomePartial
		}
	}
	if err := st.Finish(ctx, tx, e, rejects); err != nil {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("polluter: commit %s: %w", e.Name, err)
	}
	return res, nil
}
