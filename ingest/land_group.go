package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/envdisclose/envdisclose/ingest/obs"
	ingestsql "github.com/envdisclose/envdisclose/ingest/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Group landing. When Paths ingests many air files of new hours (the
// usual case: a backlog, a bulk import, a year of history), or Files is
// handed the pushes that queued up while the previous ones landed (group
// commit), the files of a group land in ONE transaction: each file still
// has its own rows, its own dirty days and its own ledger outcome written in
// that transaction, so a file is never half in; but the group pays one
// existence check, one insert, one dirty-day statement, one ledger update
// (files with rejects apart) and one commit instead of one each per file,
// which halves the cost of landing a national day (measured:
// BenchmarkWidePaths) and cuts a station push to a fraction. A group never
// holds two files that may share a station-hour (airKeys: the time range,
// and the stations of a file with a few), and a group whose station-hours
// already have current rows (a correction) is landed file by file on the
// supersede path. If the group transaction fails, every file of it is
// landed again on its own, so one bad file cannot take the others down.
//
// A group lands in the background while the next files are decoded and
// queued (DuckDB's insert and Go's decoding then share the cores instead
// of taking turns). It starts as soon as DuckDB is idle and at least
// groupMinFiles files are queued, or when the group is full: so the first
// landing starts after a few files rather than a full group, and a group
// grows while the previous one lands. At most one group lands at a time,
// in order: the next flush, and every other flush (before a file that is
// not queued, and at the end of Paths), first waits for it. An error of a
// background landing is returned by that wait, so Paths still stops at the
// first store failure; Files (perFile) instead records each file's error
// and goes on with the others.

const (
	groupMinFiles = 8
	// groupMaxFiles bounds a group of small files (pushes of one station-
	// hour each); bulk files reach groupMaxRows first (a national day of
	// the wide layout is ~48,000 rows).
	groupMaxFiles = 512
	groupMaxRows  = 1_600_000
)

// airGroup is the queue of air files waiting to land together.
type airGroup struct {
	items []groupItem
	rows  int
	// queued counts the rows ever queued, for Paths to tell a bulk load.
	queued int
	// landing is non-nil while the previous group lands in the background;
	// it receives that landing's error.
	landing chan error
	// landed is the error of a background landing that idle saw finish,
	// returned by the next wait.
	landed error
	// failed holds the error of each file whose landing failed (its entry
	// is then recorded as failed). With perFile set (Files), landings
	// return no error: the caller reads each file's from failed.
	failed  map[*store.FileEntry]error
	perFile bool
}

// idle reports whether no group is landing in the background.
func (g *airGroup) idle() bool {
	if g.landing == nil {
		return true
	}
	select {
	case err := <-g.landing:
		g.landing, g.landed = nil, err
		return true
	default:
		return false
	}
}

type groupItem struct {
	e       *store.FileEntry
	b       *obs.Batch
	keys    airKeys
	rejects []store.Reject
}

// overlaps reports whether a queued file may share a station-hour with k.
func (g *airGroup) overlaps(k airKeys) bool {
	for _, it := range g.items {
		if it.keys.overlaps(k) {
			return true
		}
	}
	return false
}

func (g *airGroup) full() bool { return len(g.items) >= groupMaxFiles || g.rows >= groupMaxRows }

// loadAirMaybeGrouped lands an air batch now, or queues it when group
// landing is on. It is what settle calls for air files.
func (r *run) loadAirMaybeGrouped(ctx context.Context, e *store.FileEntry, b *obs.Batch, rejects []store.Reject) error {
	if r.group == nil {
		return loadAir(ctx, r.st, e, b, rejects)
	}
	k := keysOf(b)
	switch {
	case r.group.overlaps(k):
		if err := r.flushGroup(ctx); err != nil {
			return err
		}
	case r.group.full(), !r.group.perFile && len(r.group.items) >= groupMinFiles && r.group.idle():
		// (Files decodes every file first: landing in the background would
		// overlap nothing, only split the group.)
		// Started only now, when the next file comes: the files of the
		// group are done with their own land calls (which read their
		// entries), so the background landing is the only writer of them.
		if err := r.flushGroupBackground(ctx); err != nil {
			return err
		}
	}
	g := r.group
	g.items = append(g.items, groupItem{e: e, b: b, keys: k, rejects: rejects})
	g.rows += b.Len()
	g.queued += b.Len()
	return nil
}

// waitGroup waits for the group landing in the background, if any, and
// returns its error.
func (r *run) waitGroup() error {
	g := r.group
	if g == nil {
		return nil
	}
	if g.landing != nil {
		g.landed = <-g.landing
		g.landing = nil
	}
	err := g.landed
	g.landed = nil
	return err
}

// takeGroup empties the queue and returns what it held.
func (r *run) takeGroup() []groupItem {
	g := r.group
	items := g.items
	g.items, g.rows = nil, 0
	return items
}

// flushGroupBackground waits for the previous group, then starts landing
// the queued files in the background.
func (r *run) flushGroupBackground(ctx context.Context) error {
	if err := r.waitGroup(); err != nil {
		return err
	}
	items := r.takeGroup()
	if len(items) == 0 {
		return nil
	}
	done := make(chan error, 1)
	r.group.landing = done
	go func() { done <- r.landGroup(ctx, items) }()
	return nil
}

// errNotNew makes a group fall back to per-file landing.
var errNotNew = errors.New("hours already have current rows")

// flushGroup waits for the group landing in the background and lands the
// queued files; when it returns, every queued file has landed (or failed).
// An error of the background landing is returned without landing the
// queued files (their entries stay received, like the files not reached).
func (r *run) flushGroup(ctx context.Context) error {
	if r.group == nil {
		return nil
	}
	if err := r.waitGroup(); err != nil {
		return err
	}
	return r.landGroup(ctx, r.takeGroup())
}

// landGroup lands items. The files whose station-hours already have
// current rows (corrections) are taken out of the group and land one by
// one after it, on the supersede path (no two files of a group share a
// station-hour, so the order between them does not matter). Store
// failures of single files are recorded on their ledger entries (outcome
// failed) and in group.failed; the error returned is the first one (none
// with perFile). The entries are updated in place: Paths and Files copy
// them into their summaries after the last flush.
func (r *run) landGroup(ctx context.Context, items []groupItem) error {
	if len(items) == 0 {
		return nil
	}
	t0 := time.Now()
	var tCheck, tInsert, tFinish time.Duration
	all := items
	var alone []groupItem // land on their own after the group
	err := inTx(ctx, r.st, func(tx *sql.Tx, raw rawFunc) error {
		keys := make([]airKeys, len(items))
		for i, it := range items {
			keys[i] = it.keys
		}
		hits, err := existing(ctx, tx, keys...)
		if err != nil {
			return err
		}
		if len(hits) == len(items) {
			return errNotNew
		}
		if len(hits) > 0 {
			group := make([]groupItem, 0, len(items)-len(hits))
			for i, it := range items {
				if _, hit := slices.BinarySearch(hits, i); hit {
					alone = append(alone, it)
				} else {
					group = append(group, it)
				}
			}
			items = group
		}
		tCheck = time.Since(t0)
		dict := true
		for _, it := range items {
			dict = dict && it.b.Dict != nil
		}
		recs := make([]arrow.RecordBatch, len(items))
		for i, it := range items {
			recs[i] = airGroupRecord(it.b, it.e.ID, dict)
		}
		defer func() {
			for _, rec := range recs {
				rec.Release()
			}
		}()
		q, err := ingestsql.Statement("air_insert_group")
		if err != nil {
			return err
		}
		if err := raw(func(dc driver.Conn) error {
			return unordered(ctx, dc, func() error {
				return registerAndRunMany(ctx, dc, recs, "ingest_air_arrow", q)
			})
		}); err != nil {
			return fmt.Errorf("run air_insert_group.sql: %w", err)
		}
		tInsert = time.Since(t0) - tCheck
		if _, err := exec(ctx, tx, "air_drop_view"); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, "air_dirty_group", dirtyItems(items)); err != nil {
			return err
		}
		if err := r.finishGroup(ctx, tx, items); err != nil {
			return err
		}
		tFinish = time.Since(t0) - tCheck - tInsert
		return nil
	})
	switch {
	case err == nil:
		r.opt.Log.Debug("landed air files together", "files", len(items), "corrections", len(alone), "check", tCheck,
			"insert", tInsert, "finish", tFinish, "commit", time.Since(t0)-tCheck-tInsert-tFinish)
	case errors.Is(err, errNotNew):
		alone = all
	default:
		r.opt.Log.Warn("group landing failed; landing the files one by one", "files", len(all), "error", err)
		alone = all
	}
	var first error
	for _, it := range alone {
		if err := loadAir(ctx, r.st, it.e, it.b, it.rejects); err != nil {
			ferr := r.fail(ctx, it.e, err)
			if first == nil {
				first = ferr
			}
			if r.group.failed == nil {
				r.group.failed = map[*store.FileEntry]error{}
			}
			r.group.failed[it.e] = ferr
		}
	}
	if r.group.perFile {
		return nil
	}
	return first
}

// finishGroup writes the ledger outcome of items inside tx: files with
// rejects through store.Finish (which records them), the others in one
// statement (air_finish_group.sql).
func (r *run) finishGroup(ctx context.Context, tx *sql.Tx, items []groupItem) error {
	type outcome struct {
		FileID         int64  `json:"file_id"`
		Kind           string `json:"kind"`
		Format         string `json:"format"`
		Encoding       string `json:"encoding"`
		Outcome        string `json:"outcome"`
		RowsAccepted   int64  `json:"rows_accepted"`
		RowsRejected   int64  `json:"rows_rejected"`
		RowsSuperseded int64  `json:"rows_superseded"`
		Message        string `json:"message"`
	}
	var rows []outcome
	var done []*store.FileEntry
	for _, it := range items {
		if len(it.rejects) > 0 {
			if err := r.st.Finish(ctx, tx, it.e, it.rejects); err != nil {
				return err
			}
			continue
		}
		e := it.e
		rows = append(rows, outcome{e.ID, e.Kind, e.Format, e.Encoding, e.Outcome, e.RowsAccepted, e.RowsRejected, e.RowsSuperseded, e.Message})
		done = append(done, e)
	}
	if len(rows) == 0 {
		return nil
	}
	js, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("ledger outcomes of a group: %w", err)
	}
	fin := store.Wall(r.st.Clock().In(store.CST))
	n, err := exec(ctx, tx, "air_finish_group", string(js), fin.Format("2006-01-02 15:04:05.999999"))
	if err != nil {
		return fmt.Errorf("update ledger entries of %d files: %w", len(rows), err)
	}
	if n != int64(len(rows)) {
		return fmt.Errorf("update ledger entries of %d files: %d updated", len(rows), n)
	}
	for _, e := range done {
		e.FinishedAt = &fin
	}
	return nil
}

// dirtyItems is the parameter of air_dirty_group.sql: per file, its id,
// ':' and its days joined by ','; files joined by ';'.
func dirtyItems(items []groupItem) string {
	var sb strings.Builder
	for i, it := range items {
		if i > 0 {
			sb.WriteByte(';')
		}
		sb.WriteString(strconv.FormatInt(it.e.ID, 10))
		sb.WriteByte(':')
		sb.WriteString(strings.Join(it.b.Days(), ","))
	}
	return sb.String()
}

// unordered runs f with preserve_insertion_order off for the session of
// dc (air_group_unordered.sql) and restores it afterwards, also when f
// fails, so the pooled connection goes back with DuckDB's default.
func unordered(ctx context.Context, dc driver.Conn, f func() error) (err error) {
	ex, ok := dc.(driver.ExecerContext)
	if !ok {
		return errors.New("driver connection cannot execute")
	}
	set := func(name string) error {
		q, err := ingestsql.Statement(name)
		if err != nil {
			return err
		}
		if _, err := ex.ExecContext(ctx, q, nil); err != nil {
			return fmt.Errorf("run %s.sql: %w", name, err)
		}
		return nil
	}
	if err := set("air_group_unordered"); err != nil {
		return err
	}
	defer func() {
		ctx = context.WithoutCancel(ctx)
		if rerr := set("air_group_ordered"); rerr != nil && err == nil {
			err = rerr
		}
	}()
	return f()
}
