package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/envdisclose/envdisclose/ingest/emission"
	"github.com/envdisclose/envdisclose/ingest/obs"
	ingestsql "github.com/envdisclose/envdisclose/ingest/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/polluter"
)

// FormatHJ212 is the ledger format of files of HJ 212 messages.
const FormatHJ212 = "hj212"

// Kinds of key-polluter emission files.
const (
	KindEmissionHourly = emission.KindHourly
	KindHJ212          = emission.KindHJ212
)

// emissionRegistry returns the polluter registry and pollutant tables,
// read once per run (emission files do not change them).
func (r *run) emissionRegistry(ctx context.Context) (*emission.Registry, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ereg == nil {
		g, err := loadEmissionRegistry(ctx, r.st)
		if err != nil {
			return nil, err
		}
		r.ereg = g
	}
	return r.ereg, nil
}

// loadEmissionRegistry reads enterprise, outlet and outlet_limit
// (emission_*.sql) and the pollutant tables of sql/standards/polluters.
func loadEmissionRegistry(ctx context.Context, st *store.Store) (*emission.Registry, error) {
	g := emission.NewRegistry()
	if err := g.LoadStandards(st.SQL); err != nil {
		return nil, err
	}
	query := func(name string, scan func(*sql.Rows) error) error {
		q, err := ingestsql.Statement(name)
		if err != nil {
			return err
		}
		rows, err := st.DB.QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("read polluter registry (%s.sql): %w", name, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("read polluter registry (%s.sql): %w", name, err)
			}
		}
		return rows.Err()
	}
	var a, b, c, d string
	var cur bool
	if err := query("emission_enterprises", func(rs *sql.Rows) error {
		if err := rs.Scan(&a, &b, &c, &d); err != nil {
			return err
		}
		g.AddEnterprise(a, b, c, d)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := query("emission_outlets", func(rs *sql.Rows) error {
		if err := rs.Scan(&a, &b, &c, &d, &cur); err != nil {
			return err
		}
		g.AddOutlet(a, b, c, d, cur)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := query("emission_limits", func(rs *sql.Rows) error {
		if err := rs.Scan(&a, &b); err != nil {
			return err
		}
		g.AddLimit(a, b)
		return nil
	}); err != nil {
		return nil, err
	}
	return g, nil
}

// decodeEmissionTable decodes an hourly emission table (CSV or sheet).
func (r *run) decodeEmissionTable(ctx context.Context, t *obs.Table, d *decoded) error {
	d.kind = KindEmissionHourly
	g, err := r.emissionRegistry(ctx)
	if err != nil {
		return err
	}
	d.emission, d.rj, d.note, err = emission.DecodeTable(t, g, r.nowMicros())
	return err
}

// decodeHJ212 decodes a file of HJ 212 messages.
func (r *run) decodeHJ212(ctx context.Context, data []byte, d *decoded) error {
	d.kind, d.format = KindHJ212, FormatHJ212
	g, err := r.emissionRegistry(ctx)
	if err != nil {
		return err
	}
	rows, rj, res, err := emission.DecodeHJ212(data, g, r.nowMicros())
	if err != nil {
		return err
	}
	d.emission, d.rj, d.note = rows, rj, res.Note()
	return nil
}

// loadEmission lands emission values through transform/polluter: the rows
// are appended to its TEMP emission_stage (polluter.StageSQL) and
// polluter.Land de-duplicates, supersedes earlier values of the same
// outlet-pollutant-period-time, inserts and marks the dirty days, in one
// transaction with the ledger update. (polluter.LandAppend is not used:
// it sets rows_rejected to the number of reject records and overwrites the
// outcome, while ingest counts refused units, caps the records at
// obs.MaxRejectRecords and has already decided the outcome and message.)
func loadEmission(ctx context.Context, st *store.Store, e *store.FileEntry, rows *emission.Rows, rejects []store.Reject) (err error) {
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer conn.Close()
	stage, err := polluter.StageSQL(st.SQL)
	if err != nil {
		return err
	}
	drop, err := ingestsql.Statement("emission_stage_drop")
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, stage); err != nil {
		return fmt.Errorf("create emission_stage: %w", err)
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), drop)
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
		if err := appendEmission(a, rows); err != nil {
			_ = a.Close()
			return err
		}
		return a.Close()
	})
	if err != nil {
		return fmt.Errorf("stage emission values: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	res, err := polluter.Land(ctx, tx, st.SQL, e.ID)
	if err != nil {
		return err
	}
	e.RowsAccepted, e.RowsSuperseded = res.Inserted, res.Superseded
	e.Message = joinMsg(fmt.Sprintf("%d emission values: %d new, %d superseded", res.Inserted, res.Inserted-res.Superseded, res.Superseded), e.Message)
	if err = st.Finish(ctx, tx, e, rejects); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func appendEmission(a *duckdb.Appender, rows *emission.Rows) error {
	null := func(f float64) any {
		if f != f {
			return nil
		}
		return f
	}
	for i := range rows.Len() {
		t := time.UnixMicro(rows.Time[i]).UTC()
		if err := a.AppendRow(int64(i+1), rows.Outlet[i], rows.Pollutant[i], t, rows.Period[i],
			null(rows.Value[i]), null(rows.Conv[i]), null(rows.Flow[i]), rows.Flag[i]); err != nil {
			return fmt.Errorf("append emission row %d: %w", i+1, err)
		}
	}
	return nil
}
