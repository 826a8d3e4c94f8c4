// Package polluter computes the key-polluter (重点排污单位) results of
// envdisclose from online-monitoring emission values: the evaluation of
// every hourly value against the outlet's limit (HJ 212-2017 data flags,
// converted 折算 values where the standard asks for them, 超标倍数), daily
// completeness and daily-limit exceedances, the monthly figures per
// enterprise including the "suspicious maintenance" share, and the monthly
// list of non-compliant enterprises (不达标企业名单).
//
// All rules live in SQL: the flags, pollutant codes, reference limits and
// parameters in sql/standards/polluters/*.csv (loaded into the
// emission_std_* tables on every run) and the computation in
// sql/models/polluters/*.sql, run in name order in one transaction. Values
// land through sql/models/polluters/land/*.sql (see Land), which keeps
// superseded values and marks the touched days in dirty_day (dataset
// 'emission'). See docs/POLLUTERS-NOTES.md.
//
// The package also loads the Ningxia key-polluter roster (LoadRoster) as a
// real registry source and generates demo emission data for its outlets
// (Generate), always under a "generated:" ledger entry.
package polluter

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Dataset is the dirty_day.dataset value of emission data (also written as
// a literal in the statements of transform/polluters/ and the land models).
const Dataset = "emission"

// modelDir is the folder of the polluter models inside the SQL tree.
const modelDir = "models/polluters"

// stmtDir is the folder of the package's other statements (run bookkeeping,
// staging, roster loading; not models) inside the SQL tree.
const stmtDir = "transform/polluters/"

// statement returns the text of transform/polluters/<name>.sql of fsys; an
// error names the file.
func statement(fsys fs.FS, name string) (string, error) {
	q, err := envsql.Read(fsys, stmtDir+name+".sql")
	if err != nil {
		return "", fmt.Errorf("polluter: %w", err)
	}
	return q, nil
}

// execer is a *sql.Tx or *sql.Conn.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// exec runs transform/polluters/<name>.sql of fsys with args on e; an
// error names the file and says what failed.
func exec(ctx context.Context, e execer, fsys fs.FS, what, name string, args ...any) (sql.Result, error) {
	q, err := statement(fsys, name)
	if err != nil {
		return nil, err
	}
	res, err := e.ExecContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("polluter: %s (%s%s.sql): %w", what, stmtDir, name, err)
	}
	return res, nil
}

// Options select what Run recomputes.
type Options struct {
	// From and To select the natural days to recompute (dates of the wall
	// clock, both inclusive; a day D holds the hours D 01:00 … D+1 00:00).
	// With both zero, the days marked in dirty_day (dataset 'emission') are
	// recomputed and their marks consumed. With one set, the other end is
	// the first / last day with hourly data.
	From, To time.Time
	// Full recomputes every day that has hourly data.
	Full bool
	// Log receives progress messages; nil = the store's logger.
	Log *slog.Logger
}

// Report summarises a run.
type Report struct {
	Days             int              // natural days recomputed
	Months           int              // months recomputed (whole)
	StandardRows     int              // rows loaded into the emission_std_* tables
	HourRows         int64            // emission_hour_eval rows of the run days
	ExceedHours      int64            // of which exceeding
	DayRows          int64            // emission_day rows of the run days
	EnterpriseMonths int64            // polluter_month rows of the run months
	Noncompliant     int64            // polluter_noncompliant_month rows of the run months
	ModelTook        map[string]int64 // model file -> milliseconds
}

// Run reloads the polluter standards tables and recomputes the hourly,
// daily and monthly results for the selected days, in one transaction.
func Run(ctx context.Context, st *store.Store, opt Options) (Report, error) {
	rep := Report{ModelTook: map[string]int64{}}
	log := opt.Log
	if log == nil {
		log = st.Log
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	models, err := modelNames(st.SQL)
	if err != nil {
		return rep, err
	}
	// One connection: the run's TEMP tables live on it.
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return rep, fmt.Errorf("polluter: get connection: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("polluter: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()

	if rep.StandardRows, err = LoadStandards(ctx, tx, st.SQL); err != nil {
		return rep, err
	}
	if err := selectDays(ctx, tx, st.SQL, opt); err != nil {
		return rep, err
	}
	q, err := statement(st.SQL, "run_days_count")
	if err != nil {
		return rep, err
	}
	if err := tx.QueryRowContext(ctx, q).Scan(&rep.Days, &rep.Months); err != nil {
		return rep, fmt.Errorf("polluter: count run days (%srun_days_count.sql): %w", stmtDir, err)
	}
	if rep.Days == 0 {
		log.Info("polluter: nothing to recompute, only standards loaded")
		if err := dropTemp(ctx, tx, st.SQL); err != nil {
			return rep, err
		}
		if err := tx.Commit(); err != nil {
			return rep, fmt.Errorf("polluter: commit: %w", err)
		}
		return rep, nil
	}
	for _, name := range models {
		body, err := fs.ReadFile(st.SQL, name)
		if err != nil {
			return rep, fmt.Errorf("polluter: read %s: %w", name, err)
		}
		start := time.Now()
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return rep, fmt.Errorf("polluter: run %s: %w", name, err)
		}
		rep.ModelTook[path.Base(name)] = time.Since(start).Milliseconds()
		log.Debug("polluter model", "file", name, "took", time.Since(start))
	}
	if q, err = statement(st.SQL, "report_counts"); err != nil {
		return rep, err
	}
	if err := tx.QueryRowContext(ctx, q).
		Scan(&rep.HourRows, &rep.ExceedHours, &rep.DayRows, &rep.EnterpriseMonths, &rep.Noncompliant); err != nil {
		return rep, fmt.Errorf("polluter: report counts (%sreport_counts.sql): %w", stmtDir, err)
	}
	if err := dropTemp(ctx, tx, st.SQL); err != nil {
		return rep, err
	}
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("polluter: commit: %w", err)
	}
	log.Info("polluter transform", "days", rep.Days, "months", rep.Months, "hours", rep.HourRows,
		"exceed_hours", rep.ExceedHours, "enterprise_months", rep.EnterpriseMonths, "noncompliant", rep.Noncompliant)
	return rep, nil
}

// selectDays creates TEMP polluter_run_day(day) and, for a dirty-driven
// run, consumes the dirty_day marks of those days.
func selectDays(ctx context.Context, tx *sql.Tx, fsys fs.FS, opt Options) error {
	var name string
	var args []any
	switch {
	case opt.Full:
		name = "run_days_full"
	case !opt.From.IsZero() && !opt.To.IsZero():
		name = "run_days_range"
		args = []any{opt.From.Format(time.DateOnly), opt.To.Format(time.DateOnly)}
	case !opt.From.IsZero() || !opt.To.IsZero():
		// the open end is the first / last day with data (NULL here)
		name = "run_days_open"
		args = []any{nil, nil}
		if !opt.From.IsZero() {
			args[0] = opt.From.Format(time.DateOnly)
		}
		if !opt.To.IsZero() {
			args[1] = opt.To.Format(time.DateOnly)
		}
	default:
		name = "run_days_dirty"
	}
	if _, err := exec(ctx, tx, fsys, "select run days", name, args...); err != nil {
		return err
	}
	// Marks of recomputed days are consumed whatever selected them.
	if _, err := exec(ctx, tx, fsys, "consume dirty days", "dirty_consume"); err != nil {
		return err
	}
	return nil
}

// dropTemp drops the run's temporary tables so the pooled connection is
// returned clean.
func dropTemp(ctx context.Context, tx *sql.Tx, fsys fs.FS) error {
	_, err := exec(ctx, tx, fsys, "drop temporary tables", "run_cleanup")
	return err
}

// modelNames lists models/polluters/*.sql in name order (the land/
// subfolder is not a model).
func modelNames(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, path.Join(modelDir, "*.sql"))
	if err != nil {
		return nil, fmt.Errorf("polluter: list %s: %w", modelDir, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("polluter: no models in %s", modelDir)
	}
	sort.Strings(names)
	return names, nil
}
