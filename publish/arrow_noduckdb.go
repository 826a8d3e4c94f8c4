//go:build !duckdb_arrow

package publish

import (
	"context"
	"database/sql/driver"
	"errors"

	"github.com/apache/arrow-go/v18/arrow/array"
)

func arrowQuery(context.Context, driver.Conn, string, []any, func(array.RecordReader) error) error {
	return errors.New("publish needs the DuckDB Arrow bridge: build with -tags duckdb_arrow")
}
