package publish

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// The air part of the dataset is read in columnar batches through DuckDB's
// Arrow interface (arrowQuery, arrow_duckdb.go), not row by row through
// database/sql: each column of a batch is checked once for its type and
// NULLs, then its values are copied into the dataset's structures with the
// same Go values a database/sql Scan gives (TIMESTAMP and DATE as UTC-
// labelled wall clock times, NULL as an invalid sql.Null*).

// arrowReader runs the queries of one load on one driver connection.
type arrowReader struct {
	ctx context.Context
	dc  driver.Conn
	in  interner
}

// withArrow runs f with an arrowReader on a connection of db, held for
// the whole of f.
func withArrow(ctx context.Context, db *sql.DB, f func(*arrowReader) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get connection: %w", err)
	}
	defer conn.Close()
	var ferr error
	if err := conn.Raw(func(dc any) error {
		d, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("not a driver connection")
		}
		ferr = f(&arrowReader{ctx: ctx, dc: d, in: interner{}})
		return nil
	}); err != nil {
		return fmt.Errorf("arrow connection: %w", err)
	}
	return ferr
}

// each runs the named query (queries/NAME.sql) with args and, for every record batch
// of its result, calls setup to get the batch's typed columns (through c)
// and a function that reads row i of the batch; it then calls that
// function for every row. Setup must only ask c for columns; a column of
// the wrong type, or a NULL where the target cannot hold one, fails the
// query with the column and row named.
func (a *arrowReader) each(name string, ncols int, setup func(c *cols) func(i int), args ...any) error {
	q, err := query(name)
	if err != nil {
		return err
	}
	return a.eachSQL(name, q, ncols, setup, args...)
}

// eachSQL is each with the statement given.
func (a *arrowReader) eachSQL(name, q string, ncols int, setup func(c *cols) func(i int), args ...any) error {
	err := arrowQuery(a.ctx, a.dc, q, args, func(rr array.RecordReader) error {
		if n := rr.Schema().NumFields(); n != ncols {
			return fmt.Errorf("%d columns, want %d", n, ncols)
		}
		row0 := 0
		for rr.Next() {
			rec := rr.RecordBatch()
			c := &cols{rec: rec, row0: row0, in: a.in}
			row := setup(c)
			if c.err != nil {
				return c.err
			}
			n := int(rec.NumRows())
			for i := range n {
				row(i)
			}
			row0 += n
		}
		return rr.Err()
	})
	if err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	return nil
}

// interner keeps one Go copy of each distinct string read: Arrow strings
// point into the batch's (C-allocated) buffers, released with the batch,
// and most strings of these results (regions, categories, pollutants)
// repeat on many rows.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	v := strings.Clone(s)
	in[v] = v
	return v
}

// cols gives typed access to the columns of one record batch. The first
// problem is kept in err (and the accessor returned reads zero values), so
// setup functions read straight through and each checks err once.
type cols struct {
	rec  arrow.RecordBatch
	row0 int // rows of the result before this batch
	in   interner
	err  error
}

func (c *cols) fail(j int, format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("column %d (%s): %s", j+1, c.rec.ColumnName(j), fmt.Sprintf(format, args...))
	}
}

// col returns column j; when notNull, a NULL in it is an error (as a
// database/sql Scan of NULL into a string, int64, bool or time.Time is).
func (c *cols) col(j int, notNull bool) arrow.Array {
	if c.err != nil {
		return nil
	}
	a := c.rec.Column(j)
	if notNull && a.NullN() > 0 {
		for i := range a.Len() {
			if a.IsNull(i) {
				c.fail(j, "row %d: NULL where a value is required", c.row0+i+1)
				break
			}
		}
		return nil
	}
	return a
}

func (c *cols) badType(j int, a arrow.Array, want string) {
	c.fail(j, "Arrow type %s, want %s", a.DataType(), want)
}

// strs returns the string reader of column j (VARCHAR).
func (c *cols) strs(j int, notNull bool) func(int) string {
	a := c.col(j, notNull)
	if a == nil {
		return func(int) string { return "" }
	}
	in := c.in
	switch a := a.(type) {
	case *array.String:
		return func(i int) string { return in.get(a.Value(i)) }
	case *array.LargeString:
		return func(i int) string { return in.get(a.Value(i)) }
	case *array.StringView:
		return func(i int) string { return in.get(a.Value(i)) }
	}
	c.badType(j, a, "a string")
	return func(int) string { return "" }
}

// str reads a VARCHAR column that has no NULL.
func (c *cols) str(j int) func(int) string { return c.strs(j, true) }

// nullStr reads a VARCHAR column.
func (c *cols) nullStr(j int) func(int) sql.NullString {
	a := c.col(j, false)
	get := c.strs(j, false)
	if a == nil {
		return func(int) sql.NullString { return sql.NullString{} }
	}
	return func(i int) sql.NullString {
		if a.IsNull(i) {
			return sql.NullString{}
		}
		return sql.NullString{String: get(i), Valid: true}
	}
}

type arrowInt interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32
}

func widen[T arrowInt](v []T) func(int) int64 { return func(i int) int64 { return int64(v[i]) } }

func (c *cols) ints(j int, notNull bool) func(int) int64 {
	a := c.col(j, notNull)
	if a == nil {
		return func(int) int64 { return 0 }
	}
	switch a := a.(type) {
	case *array.Int8:
		return widen(a.Values())
	case *array.Int16:
		return widen(a.Values())
	case *array.Int32:
		return widen(a.Values())
	case *array.Int64:
		return widen(a.Values())
	case *array.Uint8:
		return widen(a.Values())
	case *array.Uint16:
		return widen(a.Values())
	case *array.Uint32:
		return widen(a.Values())
	}
	c.badType(j, a, "an integer")
	return func(int) int64 { return 0 }
}

// i64 reads an integer column that has no NULL.
func (c *cols) i64(j int) func(int) int64 { return c.ints(j, true) }

// nullInt reads an integer column.
func (c *cols) nullInt(j int) func(int) sql.NullInt64 {
	a := c.col(j, false)
	get := c.ints(j, false)
	if a == nil {
		return func(int) sql.NullInt64 { return sql.NullInt64{} }
	}
	return func(i int) sql.NullInt64 {
		if a.IsNull(i) {
			return sql.NullInt64{}
		}
		return sql.NullInt64{Int64: get(i), Valid: true}
	}
}

// nullFloat reads a DOUBLE (or FLOAT) column.
func (c *cols) nullFloat(j int) func(int) sql.NullFloat64 {
	a := c.col(j, false)
	if a == nil {
		return func(int) sql.NullFloat64 { return sql.NullFloat64{} }
	}
	var get func(int) float64
	switch a := a.(type) {
	case *array.Float64:
		v := a.Values()
		get = func(i int) float64 { return v[i] }
	case *array.Float32:
		v := a.Values()
		get = func(i int) float64 { return float64(v[i]) }
	default:
		c.badType(j, a, "a floating point number")
		return func(int) sql.NullFloat64 { return sql.NullFloat64{} }
	}
	return func(i int) sql.NullFloat64 {
		if a.IsNull(i) {
			return sql.NullFloat64{}
		}
		return sql.NullFloat64{Float64: get(i), Valid: true}
	}
}

// boolean reads a BOOLEAN column that has no NULL.
func (c *cols) boolean(j int) func(int) bool {
	a := c.col(j, true)
	if a == nil {
		return func(int) bool { return false }
	}
	if b, ok := a.(*array.Boolean); ok {
		return b.Value
	}
	c.badType(j, a, "a boolean")
	return func(int) bool { return false }
}

// times reads a TIMESTAMP or DATE column as database/sql does: the wall
// clock (CST by the project's convention) in a UTC-labelled time.Time.
// TIMESTAMPTZ is refused: its wall clock depends on the session zone.
func (c *cols) times(j int, notNull bool) func(int) time.Time {
	a := c.col(j, notNull)
	if a == nil {
		return func(int) time.Time { return time.Time{} }
	}
	switch a := a.(type) {
	case *array.Timestamp:
		tt := a.DataType().(*arrow.TimestampType)
		if tt.TimeZone != "" {
			c.badType(j, a, "a TIMESTAMP without time zone")
			break
		}
		v := a.Values()
		switch tt.Unit {
		case arrow.Second:
			return func(i int) time.Time { return time.Unix(int64(v[i]), 0).UTC() }
		case arrow.Millisecond:
			return func(i int) time.Time { return time.UnixMilli(int64(v[i])).UTC() }
		case arrow.Microsecond:
			return func(i int) time.Time { return time.UnixMicro(int64(v[i])).UTC() }
		default:
			return func(i int) time.Time { return time.Unix(0, int64(v[i])).UTC() }
		}
	case *array.Date32:
		v := a.Values()
		return func(i int) time.Time { return time.Unix(int64(v[i])*86400, 0).UTC() }
	case *array.Date64:
		v := a.Values()
		return func(i int) time.Time { return time.UnixMilli(int64(v[i])).UTC() }
	default:
		c.badType(j, a, "a TIMESTAMP or DATE")
	}
	return func(int) time.Time { return time.Time{} }
}

// timestamp reads a TIMESTAMP or DATE column that has no NULL.
func (c *cols) timestamp(j int) func(int) time.Time { return c.times(j, true) }

// nullTime reads a TIMESTAMP or DATE column.
func (c *cols) nullTime(j int) func(int) sql.NullTime {
	a := c.col(j, false)
	get := c.times(j, false)
	if a == nil {
		return func(int) sql.NullTime { return sql.NullTime{} }
	}
	return func(i int) sql.NullTime {
		if a.IsNull(i) {
			return sql.NullTime{}
		}
		return sql.NullTime{Time: get(i), Valid: true}
	}
}
