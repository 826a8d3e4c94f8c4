// Package water computes the surface-water results of envdisclose: the
// class of every sample, the monthly class / status / exceedances / CWQI of
// every site and the monthly statistics of every region, following
// GB 3838-2002, 地表水环境质量评价办法（试行）(环办〔2011〕22号) and
// 城市地表水环境质量排名技术规定（试行）(环办监测〔2017〕51号).
//
// All rules live in SQL: the limits and item lists in
// sql/standards/water/*.csv (loaded into the water_std_* tables on every
// run) and the computation in sql/models/water/*.sql, run in name order in
// one transaction. See docs/WATER-NOTES.md.
package water

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

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Options select what Run recomputes.
type Options struct {
	// From and To select the months to recompute (any instant within a
	// month selects that month; both inclusive). With both zero and All
	// false, the months touched by new data are recomputed: the days
	// marked in dirty_day (dataset 'water', written when samples or site
	// registry changes land), and the marks are consumed.
	From, To time.Time
	// All recomputes every month that has samples (and consumes every
	// mark). From or To narrow it.
	All bool
	// Log receives progress messages; nil = the store's logger.
	Log *slog.Logger
}

// Report summarises a run.
type Report struct {
	From, To          time.Time // first days of the first and last recomputed month; zero when nothing to do
	StandardRows      int       // rows loaded into the water_std_* tables
	Samples           int64     // classified sample times (water_sample_class rows)
	SamplesNoClass    int64     // sample times without any evaluated item
	UnregisteredSites int64     // sites with samples in the period but no registry row (skipped)
	SiteMonths        int64     // water_site_month rows
	ValidSiteMonths   int64
	RegionMonths      int64 // water_region_month rows
}

// chunkMonths is how many months the models compute per pass.
const chunkMonths = 12

// modelDir is the folder of the water models inside the SQL tree.
const modelDir = "models/water"

// stmtDir is the folder of the package's other statements (queries and
// bookkeeping, not models) inside the SQL tree.
const stmtDir = "transform/water/"

// statement returns the text of transform/water/<name>.sql of fsys; an
// error names the file.
func statement(fsys fs.FS, name string) (string, error) {
	q, err := envsql.Read(fsys, stmtDir+name+".sql")
	if err != nil {
		return "", fmt.Errorf("water: %w", err)
	}
	return q, nil
}

// exec runs transform/water/<name>.sql of fsys with args inside tx; an
// error names the file and says what failed.
func exec(ctx context.Context, tx *sql.Tx, fsys fs.FS, what, name string, args ...any) error {
	q, err := statement(fsys, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("water: %s (%s%s.sql): %w", what, stmtDir, name, err)
	}
	return nil
}

// Run reloads the water standards tables and recomputes the sample classes,
// the site-month and the region-month tables for the selected months, in
// one transaction.
func Run(ctx context.Context, st *store.Store, opt Options) (Report, error) {
	var rep Report
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
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("water: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()

	n, err := LoadStandards(ctx, tx, st.SQL)
	if err != nil {
		return rep, err
	}
	rep.StandardRows = n

	var runs [][2]time.Time // contiguous month ranges to recompute
	if opt.All || !opt.From.IsZero() || !opt.To.IsZero() {
		from, to, ok, err := monthRange(ctx, tx, st.SQL, opt)
		if err != nil {
			return rep, err
		}
		if ok {
			runs = append(runs, [2]time.Time{from, to})
		}
	} else if runs, err = dirtyMonths(ctx, tx, st.SQL); err != nil {
		return rep, err
	}
	if opt.All && opt.From.IsZero() && opt.To.IsZero() {
		if err := exec(ctx, tx, st.SQL, "consume dirty days", "dirty_consume_all"); err != nil {
			return rep, err
		}
	}
	if len(runs) == 0 {
		log.Info("water: no months to recompute, only standards loaded")
		if err := tx.Commit(); err != nil {
			return rep, fmt.Errorf("water: commit: %w", err)
		}
		return rep, nil
	}
	from, to := runs[0][0], runs[len(runs)-1][1]
	rep.From, rep.To = from, to
	for _, r := range runs {
		if err := computeRange(ctx, tx, st, models, r[0], r[1], log, &rep); err != nil {
			return rep, err
		}
		// The marks of the recomputed months are consumed (a mark written
		// after this transaction began is not visible here and stays).
		if err := exec(ctx, tx, st.SQL, "consume dirty days "+r[0].Format("2006-01")+".."+r[1].Format("2006-01"),
			"dirty_consume_range", r[0].Format(time.DateOnly), r[1].Format(time.DateOnly)); err != nil {
			return rep, err
		}
	}
	// The temporary objects live on this connection only; drop them so the
	// pooled connection is returned clean.
	if err := exec(ctx, tx, st.SQL, "drop temporary tables", "run_cleanup"); err != nil {
		return rep, err
	}
	if err := tx.Commit(); err != nil {
		return rep, fmt.Errorf("water: commit: %w", err)
	}
	log.Info("water transform", "from", from.Format("2006-01"), "to", to.Format("2006-01"), "ranges", len(runs),
		"samples", rep.Samples, "site_months", rep.SiteMonths, "region_months", rep.RegionMonths,
		"unregistered_sites", rep.UnregisteredSites)
	return rep, nil
}

// Dataset is the dirty_day.dataset value of water data (also written as a
// literal in the statements of transform/water/).
const Dataset = "water"

// dirtyMonths returns the months marked in dirty_day (dataset 'water') as
// contiguous ranges, in order.
func dirtyMonths(ctx context.Context, tx *sql.Tx, fsys fs.FS) ([][2]time.Time, error) {
	q, err := statement(fsys, "dirty_months")
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("water: dirty months (%sdirty_months.sql): %w", stmtDir, err)
	}
	defer rows.Close()
	var out [][2]time.Time
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("water: dirty months: %w", err)
		}
		m, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, fmt.Errorf("water: dirty month %q: %w", s, err)
		}
		if n := len(out); n > 0 && out[n-1][1].AddDate(0, 1, 0).Equal(m) {
			out[n-1][1] = m
			continue
		}
		out = append(out, [2]time.Time{m, m})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("water: dirty months: %w", err)
	}
	return out, nil
}

// computeRange runs the models for the months from..to (first days) and
// adds the counts of those months to rep.
func computeRange(ctx context.Context, tx *sql.Tx, st *store.Store, models []string, from, to time.Time, log *slog.Logger, rep *Report) error {
	// The models run a year of months at a time (in month order, so the
	// change against the same month a year earlier finds its base), which
	// keeps each statement's working set to one year of samples: ten years
	// of a national network at once ran out of memory (bench --stage water).
	setRun := func(a, b time.Time) error {
		return exec(ctx, tx, st.SQL, "create water_run", "run_set", a.Format(time.DateOnly), b.Format(time.DateOnly))
	}
	for cf := from; !cf.After(to); cf = cf.AddDate(0, chunkMonths, 0) {
		ct := cf.AddDate(0, chunkMonths-1, 0)
		if ct.After(to) {
			ct = to
		}
		if err := setRun(cf, ct); err != nil {
			return err
		}
		for _, name := range models {
			body, err := fs.ReadFile(st.SQL, name)
			if err != nil {
				return fmt.Errorf("water: read %s: %w", name, err)
			}
			start := time.Now()
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("water: run %s for %s..%s: %w", name, cf.Format("2006-01"), ct.Format("2006-01"), err)
			}
			log.Debug("water model", "file", name, "from", cf.Format("2006-01"), "took", time.Since(start))
		}
	}
	if err := setRun(from, to); err != nil {
		return err
	}
	q, err := statement(st.SQL, "report_counts")
	if err != nil {
		return err
	}
	var c Report
	if err := tx.QueryRowContext(ctx, q).
		Scan(&c.Samples, &c.SamplesNoClass, &c.UnregisteredSites, &c.SiteMonths, &c.ValidSiteMonths, &c.RegionMonths); err != nil {
		return fmt.Errorf("water: report counts (%sreport_counts.sql): %w", stmtDir, err)
	}
	rep.Samples += c.Samples
	rep.SamplesNoClass += c.SamplesNoClass
	rep.UnregisteredSites += c.UnregisteredSites
	rep.SiteMonths += c.SiteMonths
	rep.ValidSiteMonths += c.ValidSiteMonths
	rep.RegionMonths += c.RegionMonths
	return nil
}

// modelNames lists models/water/*.sql in name order.
func modelNames(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, path.Join(modelDir, "*.sql"))
	if err != nil {
		return nil, fmt.Errorf("water: list %s: %w", modelDir, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("water: no models in %s", modelDir)
	}
	sort.Strings(names)
	return names, nil
}

// monthRange returns the first days of the first and last month to
// recompute; ok is false when there is nothing to do.
func monthRange(ctx context.Context, tx *sql.Tx, fsys fs.FS, opt Options) (from, to time.Time, ok bool, err error) {
	if !opt.From.IsZero() && !opt.To.IsZero() {
		from, to = monthStart(opt.From), monthStart(opt.To)
		if to.Before(from) {
			return from, to, false, fmt.Errorf("water: month range %s..%s is reversed", from.Format("2006-01"), to.Format("2006-01"))
		}
		return from, to, true, nil
	}
	q, err := statement(fsys, "sample_months")
	if err != nil {
		return from, to, false, err
	}
	var lo, hi sql.NullString
	if err := tx.QueryRowContext(ctx, q).Scan(&lo, &hi); err != nil {
		return from, to, false, fmt.Errorf("water: sample months (%ssample_months.sql): %w", stmtDir, err)
	}
	if !lo.Valid || !hi.Valid {
		return from, to, false, nil
	}
	if from, err = time.Parse(time.DateOnly, lo.String); err != nil {
		return from, to, false, fmt.Errorf("water: sample months: %w", err)
	}
	if to, err = time.Parse(time.DateOnly, hi.String); err != nil {
		return from, to, false, fmt.Errorf("water: sample months: %w", err)
	}
	if !opt.From.IsZero() {
		from = monthStart(opt.From)
	}
	if !opt.To.IsZero() {
		to = monthStart(opt.To)
	}
	if to.Before(from) {
		return from, to, false, nil
	}
	return from, to, true, nil
}

// monthStart is the first day of t's month (wall clock, CST convention).
func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// ClassLabel is the label of class 1..6 (6 = 劣Ⅴ); "" otherwise. The same
// labels are in standards/water/water_class_label.csv.
func ClassLabel(class int) string {
	labels := [...]string{"", "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ"}
	if class < 1 || class >= len(labels) {
		return ""
	}
	return labels[class]
}

// ParseClass parses a published class label (Ⅰ…Ⅴ, 劣Ⅴ, also I…V, 1…6,
// with or without 类); ok is false for "--", "" and anything else.
func ParseClass(s string) (class int, ok bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "类")
	s = strings.TrimSuffix(s, "类水")
	switch strings.ToUpper(s) {
	case "Ⅰ", "I", "1":
		return 1, true
	case "Ⅱ", "II", "2":
		return 2, true
	case "Ⅲ", "III", "3":
		return 3, true
	case "Ⅳ", "IV", "4":
		return 4, true
	case "Ⅴ", "V", "5":
		return 5, true
	case "劣Ⅴ", "劣V", "6":
		return 6, true
	}
	return 0, false
}
