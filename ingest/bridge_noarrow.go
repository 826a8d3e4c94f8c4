//go:build !duckdb_arrow

package ingest

import (
	"context"
	"database/sql/driver"
	"errors"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

var errNoArrow = errors.New("ingest needs the DuckDB Arrow bridge: build with -tags duckdb_arrow")

func registerAndRun(context.Context, driver.Conn, arrow.RecordBatch, string, string, ...driver.NamedValue) error {
	return errNoArrow
}

func queryArrow(context.Context, driver.Conn, string, func(array.RecordReader) error, ...any) error {
	return errNoArrow
}

func registerAndRunMany(context.Context, driver.Conn, []arrow.RecordBatch, string, string, ...driver.NamedValue) error {
	return errNoArrow
}
