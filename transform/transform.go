// Package transform computes the air-quality results — hourly AQI per
// station (air_aqi_hour), daily values per station (air_station_day) and
// region (air_region_day), monthly statistics and rankings per region
// (air_region_month) — from air_hour and the station registry.
//
// All computation is SQL in sql/models/*.sql; the numeric tables of the
// standards are data in sql/standards/*.csv, loaded into std_* tables
// (schema/003_standards.sql). Which standard applies to a period comes from
// standard_version.csv, never from code.
package transform

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// stmtDir is the folder of the air transform's other statements (queries,
// bookkeeping, standards checks; not models) inside the SQL tree.
const stmtDir = "transform/air/"

// readStatement returns the text of transform/air/<name>.sql of the store's
// SQL tree; an error names the file.
func readStatement(st *store.Store, name string) (string, error) {
	return envsql.Read(st.SQL, stmtDir+name+".sql")
}

// Options configure Run.
type Options struct {
	// All recomputes every natural day present in air_hour (and every
	// month containing one) instead of only the days in dirty_day.
	All bool
	// afterTouched, in tests, runs right after touchedScope (a file
	// landing while the run is in progress).
	afterTouched func()
	// Log receives progress messages; nil discards them.
	Log *slog.Logger
	// RegionLevels to compute: "city", "province", "county". Default:
	// city and province, plus county when some station has a county.
	RegionLevels []string
	// AcceptStandardChange allows a change of the standards CSVs for a
	// version that already has results; every day is then recomputed.
	// Without it such a change makes Run fail (old results never change
	// silently).
	AcceptStandardChange bool
	// BatchDays caps the natural days per transaction (0 = one calendar
	// month). A failure leaves the results of committed batches intact.
	BatchDays int
	// Workers is the number of day batches computed concurrently, each in
	// its own transaction (0 = number of CPUs, at most 4). DuckDB runs a
	// single INSERT on one core, so concurrent batches are what uses the
	// second core of a small machine.
	Workers int
}

// Report describes what a Run did.
type Report struct {
	Rows      map[string]int64         // rows written per table
	Durations map[string]time.Duration // time per model (summed over batches)
	Days      int                      // natural days recomputed
	Months    int                      // months recomputed
	Batches   int                      // transactions of day batches
	FirstDay  time.Time                // zero when Days == 0
	LastDay   time.Time
	// DaysWithoutStandard are days with data before the first standard
	// version (not computed; their dirty_day rows are kept).
	DaysWithoutStandard int
	StandardsReloaded   bool
	ChangedVersions     []string // used versions whose CSV rows changed (AcceptStandardChange)
	RegionLevels        []string
	// HourScope is what the hourly models recomputed: "day" (every hour of
	// the days) or "touched" (only the station-hours the new files brought,
	// in an incremental run: see touchedScope).
	HourScope string
	Total     time.Duration
}

type dayInfo struct {
	day        time.Time
	aqiVersion string
	gbVersion  string
}

type batch struct {
	from, to   time.Time
	aqiVersion string
	gbVersion  string
	scope      string // of the hourly models: "day" or "touched" (Report.HourScope)
}

const dateFmt = "2006-01-02"

// Run recomputes the results of the dirty days (or all days) and of the
// months containing them, one transaction per batch of days and one per
// run of consecutive months.
func Run(ctx context.Context, st *store.Store, opt Options) (Report, error) {
	start := time.Now()
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	rep := Report{Rows: map[string]int64{}, Durations: map[string]time.Duration{}}

	changed, reloaded, err := loadStandards(ctx, st, opt)
	if err != nil {
		return rep, err
	}
	rep.StandardsReloaded, rep.ChangedVersions = reloaded, changed
	all := opt.All
	if len(changed) > 0 {
		opt.Log.Warn("standards of used versions changed; recomputing everything", "versions", changed)
		all = true
	}

	levels := opt.RegionLevels
	if len(levels) == 0 {
		if levels, err = defaultLevels(ctx, st); err != nil {
			return rep, err
		}
	}
	for _, l := range levels {
		switch l {
		case "city", "province", "county":
		default:
			return rep, fmt.Errorf("unknown region level %q (city, province, county)", l)
		}
	}
	rep.RegionLevels = levels

	days, skipped, err := daysToCompute(ctx, st, all)
	if err != nil {
		return rep, err
	}
	rep.DaysWithoutStandard = skipped
	if skipped > 0 {
		opt.Log.Warn("days before the first standard version are not computed", "days", skipped)
	}
	rep.HourScope = scopeDay
	if !all && len(days) > 0 {
		if rep.HourScope, err = touchedScope(ctx, st, opt.Log); err != nil {
			return rep, err
		}
		if opt.afterTouched != nil {
			opt.afterTouched()
		}
	}
	batches := makeBatches(days, opt.BatchDays)
	for i := range batches {
		batches[i].scope = rep.HourScope
	}
	used := map[string]bool{}
	if err := runDayBatches(ctx, st, opt, &rep, batches, levels); err != nil {
		return rep, err
	}
	for _, b := range batches {
		used[b.aqiVersion], used[b.gbVersion] = true, true
	}
	if len(days) > 0 {
		rep.FirstDay, rep.LastDay = days[0].day, days[len(days)-1].day
	}
	if err := runRealtimeRegions(ctx, st, &rep, batches, levels); err != nil {
		return rep, err
	}

	for _, mr := range monthRuns(days) {
		if err := runMonths(ctx, st, &rep, mr[0], mr[1]); err != nil {
			return rep, err
		}
		rep.Months += monthsBetween(mr[0], mr[1]) + 1
		opt.Log.Info("months computed", "from", mr[0].Format("2006-01"), "to", mr[1].Format("2006-01"))
	}

	if rep.HourScope == scopeTouched {
		if err := execStatement(ctx, st, "touched_clear"); err != nil {
			return rep, err
		}
	}
	if len(used) > 0 {
		vs := make([]string, 0, len(used)+1)
		vs = append(vs, commonVersion)
		for v := range used {
			vs = append(vs, v)
		}
		sort.Strings(vs)
		q, err := readStatement(st, "versions_used")
		if err != nil {
			return rep, err
		}
		if _, err := st.DB.ExecContext(ctx, q, vs); err != nil {
			return rep, fmt.Errorf("mark standard versions used (%sversions_used.sql): %w", stmtDir, err)
		}
	}
	rep.Total = time.Since(start)
	opt.Log.Info("transform done", "days", rep.Days, "months", rep.Months, "rows", rep.Rows, "took", rep.Total)
	return rep, nil
}

// Scopes of the hourly models (Report.HourScope).
const (
	scopeDay     = "day"
	scopeTouched = "touched"
)

// touchedScope takes the dirty_day marks (air_touched_mark) and lists the
// station-hours their files brought (air_touched_hour) so that the hourly
// models recompute only those, and the day batches clear only the marks
// taken (a file landing meanwhile keeps its mark for the next run). The
// real-time AQI of a station-hour depends on that station-hour alone, a
// region's on the stations of that hour: after a push of one hour, that
// is one hour of a day instead of 24. It returns scopeTouched, or
// scopeDay when a mark has no row to tell its hours by (the whole days
// are recomputed then, as before).
func touchedScope(ctx context.Context, st *store.Store, log *slog.Logger) (string, error) {
	for _, name := range []string{"touched_clear", "touched_marks", "touched_fill"} {
		if err := execStatement(ctx, st, name); err != nil {
			return "", err
		}
	}
	q, err := readStatement(st, "touched_gaps")
	if err != nil {
		return "", err
	}
	var gaps int64
	if err := st.DB.QueryRowContext(ctx, q).Scan(&gaps); err != nil {
		return "", fmt.Errorf("check touched hours (%stouched_gaps.sql): %w", stmtDir, err)
	}
	if gaps > 0 {
		log.Info("dirty days without rows of their files: whole days recomputed", "marks", gaps)
		return scopeDay, nil
	}
	return scopeTouched, nil
}

// execStatement runs the statement sql/transform/air/<name>.sql (no
// parameters).
func execStatement(ctx context.Context, st *store.Store, name string) error {
	q, err := readStatement(st, name)
	if err != nil {
		return err
	}
	if _, err := st.DB.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("%s%s.sql: %w", stmtDir, name, err)
	}
	return nil
}

func defaultLevels(ctx context.Context, st *store.Store) ([]string, error) {
	q, err := readStatement(st, "station_counties")
	if err != nil {
		return nil, err
	}
	var n int64
	if err := st.DB.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return nil, fmt.Errorf("check station counties: %w", err)
	}
	if n > 0 {
		return []string{"city", "province", "county"}, nil
	}
	return []string{"city", "province"}, nil
}

// daysToCompute lists the days with their standard versions, sorted.
func daysToCompute(ctx context.Context, st *store.Store, all bool) ([]dayInfo, int, error) {
	name := "days_dirty"
	if all {
		name = "days_all"
	}
	q, err := readStatement(st, name)
	if err != nil {
		return nil, 0, err
	}
	rows, err := st.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("list days to compute (%s%s.sql): %w", stmtDir, name, err)
	}
	defer rows.Close()
	var out []dayInfo
	skipped := 0
	for rows.Next() {
		var ds string
		var a, g sql.NullString
		if err := rows.Scan(&ds, &a, &g); err != nil {
			return nil, 0, fmt.Errorf("list days to compute: %w", err)
		}
		if !a.Valid || !g.Valid {
			skipped++
			continue
		}
		d, err := time.Parse(dateFmt, ds)
		if err != nil {
			return nil, 0, fmt.Errorf("list days to compute: %w", err)
		}
		out = append(out, dayInfo{day: d, aqiVersion: a.String, gbVersion: g.String})
	}
	return out, skipped, rows.Err()
}

// makeBatches groups consecutive days of the same month and versions.
func makeBatches(days []dayInfo, maxDays int) []batch {
	var out []batch
	for _, d := range days {
		if n := len(out); n > 0 {
			b := &out[n-1]
			if d.day.Equal(b.to.AddDate(0, 0, 1)) && d.day.Month() == b.from.Month() && d.day.Year() == b.from.Year() &&
				d.aqiVersion == b.aqiVersion && d.gbVersion == b.gbVersion &&
				(maxDays <= 0 || int(d.day.Sub(b.from).Hours()/24) < maxDays) {
				b.to = d.day
				continue
			}
		}
		out = append(out, batch{from: d.day, to: d.day, aqiVersion: d.aqiVersion, gbVersion: d.gbVersion})
	}
	return out
}

// runDayBatches computes the batches with opt.Workers concurrent
// transactions. The first error stops the remaining batches; batches
// already committed stay.
func runDayBatches(ctx context.Context, st *store.Store, opt Options, rep *Report, batches []batch, levels []string) error {
	workers := opt.Workers
	if workers <= 0 {
		workers = min(runtime.NumCPU(), 4)
	}
	workers = max(1, min(workers, len(batches)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	next := make(chan batch)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				part := Report{Rows: map[string]int64{}, Durations: map[string]time.Duration{}}
				err := runDayBatch(ctx, st, &part, b, levels)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
						cancel()
					}
				} else {
					for k, v := range part.Rows {
						rep.Rows[k] += v
					}
					for k, v := range part.Durations {
						rep.Durations[k] += v
					}
					rep.Batches++
					rep.Days += int(b.to.Sub(b.from).Hours()/24) + 1
					opt.Log.Info("days computed", "from", b.from.Format(dateFmt), "to", b.to.Format(dateFmt), "version", b.aqiVersion)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, b := range batches {
		select {
		case next <- b:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

func runDayBatch(ctx context.Context, st *store.Store, rep *Report, b batch, levels []string) error {
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	from, to := b.from.Format(dateFmt), b.to.Format(dateFmt)
	if err := runModel(ctx, st, tx, rep, "hour_aqi", from, to, b.aqiVersion, b.scope); err != nil {
		return err
	}
	if err := runModel(ctx, st, tx, rep, "station_day", from, to, b.aqiVersion, b.gbVersion, b.scope); err != nil {
		return err
	}
	if err := runModel(ctx, st, tx, rep, "region_day", from, to, b.aqiVersion, b.gbVersion, strings.Join(levels, ",")); err != nil {
		return err
	}
	clearName := "dirty_clear"
	if b.scope == scopeTouched {
		clearName = "dirty_clear_touched" // only the marks the run took (touchedScope)
	}
	clear, err := readStatement(st, clearName)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, clear, from, to); err != nil {
		return fmt.Errorf("clear dirty days %s..%s: %w", from, to, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit days %s..%s: %w", from, to, err)
	}
	return nil
}

func runMonths(ctx context.Context, st *store.Store, rep *Report, from, to time.Time) error {
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := runModel(ctx, st, tx, rep, "region_month", from.Format(dateFmt), to.Format(dateFmt)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit months %s..%s: %w", from.Format("2006-01"), to.Format("2006-01"), err)
	}
	return nil
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// monthRuns returns runs of consecutive months (at most 12 each) that
// contain computed days.
func monthRuns(days []dayInfo) [][2]time.Time {
	set := map[time.Time]bool{}
	for _, d := range days {
		set[monthStart(d.day)] = true
	}
	ms := make([]time.Time, 0, len(set))
	for m := range set {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Before(ms[j]) })
	var out [][2]time.Time
	for _, m := range ms {
		if n := len(out); n > 0 && out[n-1][1].AddDate(0, 1, 0).Equal(m) && monthsBetween(out[n-1][0], m) < 12 {
			out[n-1][1] = m
			continue
		}
		out = append(out, [2]time.Time{m, m})
	}
	return out
}

// RealtimeDays is how many natural days, ending with the latest computed
// day, get real-time AQI per region and hour (air_region_hour). Real-time
// region values are a publication of the moment (the home page); the
// official regional statistics are the daily and monthly tables, which
// cover all history. Computing region-hours for a whole year would double
// a full recompute.
const RealtimeDays = 7

// runRealtimeRegions computes air_region_hour for the days of the batches
// that fall in the last RealtimeDays days, with each batch's versions.
func runRealtimeRegions(ctx context.Context, st *store.Store, rep *Report, batches []batch, levels []string) error {
	if len(batches) == 0 {
		return nil
	}
	last := batches[0].to
	for _, b := range batches {
		if b.to.After(last) {
			last = b.to
		}
	}
	cut := last.AddDate(0, 0, -(RealtimeDays - 1))
	for _, b := range batches {
		if b.to.Before(cut) {
			continue
		}
		from := b.from
		if from.Before(cut) {
			from = cut
		}
		tx, err := st.DB.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := runModel(ctx, st, tx, rep, "region_hour", from.Format(dateFmt), b.to.Format(dateFmt), b.aqiVersion, b.gbVersion, strings.Join(levels, ","), b.scope); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit region hours %s..%s: %w", from.Format(dateFmt), b.to.Format(dateFmt), err)
		}
	}
	return nil
}
