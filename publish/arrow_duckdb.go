//go:build duckdb_arrow

package publish

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
)

// arrowQuery runs q with args on the DuckDB driver connection dc and
// passes its result, as Arrow record batches, to f.
func arrowQuery(ctx context.Context, dc driver.Conn, q string, args []any, f func(array.RecordReader) error) error {
	a, err := duckdb.NewArrowFromConn(dc)
	if err != nil {
		return fmt.Errorf("arrow bridge: %w", err)
	}
	rr, err := a.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rr.Release()
	return f(rr)
}
