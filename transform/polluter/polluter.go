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
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// Dataset is the dirty_day.dataset value of emission data.
const Dataset = "emission"

// modelDir is the folder of the polluter models inside the SQL tree.
const modelDir = "models/polluters"

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
	if err := selectDays(ctx, tx, opt); err != nil {
		return rep, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*), (SELECT count(DISTINCT date_trunc('month', day)) FROM polluter_run_day) FROM polluter_run_day`).
		Scan(&rep.Days, &rep.Months); err != nil {
		return rep, fmt.Errorf("polluter: count run days: %w", err)
	}
	if rep.Days == 0 {
		log.Info("polluter: nothing to recompute, only standards loaded")
		if err := dropTemp(ctx, tx); err != nil {
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
	if err := tx.QueryRowContext(ctx, `SELECT
		  (SELECT count(*) FROM emission_hour_eval WHERE day IN (SELECT day FROM polluter_run_day)),
		  (SELECT count(*) FROM emission_hour_eval WHERE day IN (SELECT day FROM polluter_run_day) AND exceeds),
		  (SELECT count(*) FROM emission_day WHERE day IN (SELECT day FROM polluter_run_day)),
		  (SELECT count(*) FROM polluter_month WHERE month IN (SELECT month FROM polluter_run_month)),
		  (SELECT count(*) FROM polluter_noncompliant_month WHERE month IN (SELECT month FROM polluter_run_month))`).
		Scan(&rep.HourRows, &rep.ExceedHours, &rep.DayRows, &rep.EnterpriseMonths, &rep.Noncompliant); err != nil {
		return rep, fmt.Errorf("polluter: report counts: %w", err)
	}
	if err := dropTemp(ctx, tx); err != nil {
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
func selectDays(ctx context.Context, tx *sql.Tx, opt Options) error {
	var q string
	var args []any
	dataDays := `SELECT DISTINCT CAST(time - INTERVAL 1 HOUR AS DATE) AS day FROM emission_value WHERE period = 'hour'`
	switch {
	case opt.Full:
		q = `CREATE OR REPLACE TEMP TABLE polluter_run_day AS ` + dataDays
	case !opt.From.IsZero() || !opt.To.IsZero():
		lo, hi := "(SELECT min(day) FROM data_days)", "(SELECT max(day) FROM data_days)"
		if !opt.From.IsZero() {
			lo = "CAST(? AS DATE)"
			args = append(args, opt.From.Format(time.DateOnly))
		}
		if !opt.To.IsZero() {
			hi = "CAST(? AS DATE)"
			args = append(args, opt.To.Format(time.DateOnly))
		}
		q = `CREATE OR REPLACE TEMP TABLE polluter_run_day AS
			WITH data_days AS (` + dataDays + `)
			SELECT CAST(d AS DATE) AS day FROM generate_series(CAST(` + lo + ` AS TIMESTAMP), CAST(` + hi + ` AS TIMESTAMP), INTERVAL 1 DAY) t(d)
			WHERE ` + lo + ` IS NOT NULL`
		if !opt.From.IsZero() {
			args = append(args, opt.From.Format(time.DateOnly))
		}
	default:
		q = `CREATE OR REPLACE TEMP TABLE polluter_run_day AS
			SELECT DISTINCT day FROM dirty_day WHERE dataset = '` + Dataset + `'`
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("polluter: select run days: %w", err)
	}
	// Marks of recomputed days are consumed whatever selected them.
	if _, err := tx.ExecContext(ctx, `DELETE FROM dirty_day WHERE dataset = '`+Dataset+`' AND day IN (SELECT day FROM polluter_run_day)`); err != nil {
		return fmt.Errorf("polluter: consume dirty days: %w", err)
	}
	return nil
}

// dropTemp drops the run's temporary tables so the pooled connection is
// returned clean.
func dropTemp(ctx context.Context, tx *sql.Tx) error {
	for _, t := range []string{"polluter_run_day", "polluter_run_month", "polluter_p", "polluter_generated_file",
		"polluter_outlet_month", "polluter_slot"} {
		if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS temp."+t); err != nil {
			return fmt.Errorf("polluter: drop temp.%s: %w", t, err)
		}
	}
	return nil
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

// sqlQuote quotes s as a SQL string literal.
func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
