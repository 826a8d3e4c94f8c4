//go:build duckdb_arrow

package ingest

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
)

// registerAndRun hands rec to DuckDB as the view name on the driver
// connection dc and runs stmt (which reads the view) while the view's
// stream is alive. The view's stream can be read once.
func registerAndRun(ctx context.Context, dc driver.Conn, rec arrow.RecordBatch, name, stmt string, args ...driver.NamedValue) error {
	return registerAndRunMany(ctx, dc, []arrow.RecordBatch{rec}, name, stmt, args...)
}

// registerAndRunMany is registerAndRun over several record batches of one
// schema, read as one stream (DuckDB converts the batches on its threads).
func registerAndRunMany(ctx context.Context, dc driver.Conn, recs []arrow.RecordBatch, name, stmt string, args ...driver.NamedValue) error {
	a, err := duckdb.NewArrowFromConn(dc)
	if err != nil {
		return fmt.Errorf("arrow bridge: %w", err)
	}
	rr, err := array.NewRecordReader(recs[0].Schema(), recs)
	if err != nil {
		return fmt.Errorf("arrow reader: %w", err)
	}
	defer rr.Release()
	release, err := a.RegisterView(rr, name)
	if err != nil {
		return fmt.Errorf("register arrow view %s: %w", name, err)
	}
	defer release()
	ex, ok := dc.(driver.ExecerContext)
	if !ok {
		return fmt.Errorf("driver connection cannot execute")
	}
	if _, err := ex.ExecContext(ctx, stmt, args); err != nil {
		return fmt.Errorf("stage %s: %w", name, err)
	}
	return nil
}

// queryArrow runs query on dc and passes its result as Arrow record batches
// to f.
func queryArrow(ctx context.Context, dc driver.Conn, query string, f func(array.RecordReader) error, args ...any) error {
	a, err := duckdb.NewArrowFromConn(dc)
	if err != nil {
		return fmt.Errorf("arrow bridge: %w", err)
	}
	rr, err := a.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rr.Release()
	return f(rr)
}
