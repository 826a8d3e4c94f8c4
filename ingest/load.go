package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"github.com/apache/arrow-go/v18/arrow"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
	ingestsql "github.com/envdisclose/envdisclose/ingest/sql"
	"github.com/envdisclose/envdisclose/ingest/stationlist"
	"github.com/envdisclose/envdisclose/store"
)

// exec runs the statement file name inside tx and returns the rows it
// affected.
func exec(ctx context.Context, tx *sql.Tx, name string, args ...any) (int64, error) {
	q, err := ingestsql.Statement(name)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("run %s.sql: %w", name, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// loadAir lands a batch in one transaction together with the ledger
// update. Usual case (no current row for the file's station-hours: see
// air_existing.sql): the Arrow
// view is inserted straight into air_hour. Otherwise the rows are staged in
// a temp table, the current values of the same station-hours move to
// air_hour_superseded, and the staged rows are inserted. Either way the
// touched days are marked dirty and the ledger entry is finished.
func loadAir(ctx context.Context, st *store.Store, e *store.FileEntry, b *obs.Batch, rejects []store.Reject) error {
	rec := airRecord(b)
	defer rec.Release()
	lo, hi := obs.MicrosToWall(b.MinTime), obs.MicrosToWall(b.MaxTime)
	return inTx(ctx, st, func(tx *sql.Tx, raw rawFunc) error {
		hits, err := existing(ctx, tx, keysOf(b))
		if err != nil {
			return err
		}
		if len(hits) == 0 {
			if err := stageRun(ctx, raw, rec, "air_insert_direct", driver.NamedValue{Ordinal: 1, Value: e.ID}); err != nil {
				return err
			}
		} else {
			if err := stageRun(ctx, raw, rec, "air_stage"); err != nil {
				return err
			}
			n, err := exec(ctx, tx, "air_supersede", e.ID, lo, hi)
			if err != nil {
				return err
			}
			if n > 0 {
				if _, err := exec(ctx, tx, "air_delete", lo, hi); err != nil {
					return err
				}
			}
			e.RowsSuperseded = n
			if _, err := exec(ctx, tx, "air_insert", e.ID); err != nil {
				return err
			}
			if _, err := exec(ctx, tx, "air_cleanup"); err != nil {
				return err
			}
		}
		if _, err := exec(ctx, tx, "air_drop_view"); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, "air_dirty", e.ID, strings.Join(b.Days(), ",")); err != nil {
			return err
		}
		return st.Finish(ctx, tx, e, rejects)
	})
}

// stageRun hands rec to DuckDB as the view ingest_air_arrow and runs the
// statement file name, which reads it.
func stageRun(ctx context.Context, raw rawFunc, rec arrow.RecordBatch, name string, args ...driver.NamedValue) error {
	q, err := ingestsql.Statement(name)
	if err != nil {
		return err
	}
	return raw(func(dc driver.Conn) error {
		if err := registerAndRun(ctx, dc, rec, "ingest_air_arrow", q, args...); err != nil {
			return fmt.Errorf("run %s.sql: %w", name, err)
		}
		return nil
	})
}

// loadStations applies a station list to the versioned registry in one
// transaction with the ledger update, and returns how many stations were
// new and changed.
func loadStations(ctx context.Context, st *store.Store, e *store.FileEntry, l *stationlist.List,
	rejects []store.Reject, now time.Time) (added, changed int64, err error) {
	stage, err := ingestsql.Statement("station_stage")
	if err != nil {
		return 0, 0, err
	}
	rec := stationRecord(l)
	defer rec.Release()
	wall := store.Wall(now)
	err = inTx(ctx, st, func(tx *sql.Tx, raw rawFunc) error {
		if err := raw(func(dc driver.Conn) error {
			return registerAndRun(ctx, dc, rec, "ingest_station_arrow", stage)
		}); err != nil {
			return err
		}
		var err error
		if changed, err = exec(ctx, tx, "station_close", wall, l.HasCounty); err != nil {
			return err
		}
		opened, err := exec(ctx, tx, "station_open", wall, l.HasCounty, e.ID)
		if err != nil {
			return err
		}
		added = opened - changed
		if _, err := exec(ctx, tx, "station_cleanup"); err != nil {
			return err
		}
		msg := fmt.Sprintf("%d stations: %d new, %d changed, %d unchanged",
			len(l.Stations), added, changed, int64(len(l.Stations))-opened)
		if e.Message != "" {
			msg += "; " + e.Message
		}
		e.Message = msg
		return st.Finish(ctx, tx, e, rejects)
	})
	return added, changed, err
}

// registry reads the known station codes.
func registry(ctx context.Context, st *store.Store) (*obs.Registry, error) {
	return codes(ctx, st, "registry")
}

// codes reads the registry codes the statement file name selects.
func codes(ctx context.Context, st *store.Store, name string) (*obs.Registry, error) {
	q, err := ingestsql.Statement(name)
	if err != nil {
		return nil, err
	}
	rows, err := st.DB.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("read registry (%s.sql): %w", name, err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("read registry (%s.sql): %w", name, err)
		}
		codes = append(codes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read registry (%s.sql): %w", name, err)
	}
	return obs.NewRegistry(codes), nil
}
