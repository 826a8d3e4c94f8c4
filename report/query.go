package report

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"time"
)

// row is one result row by column name; values as the DuckDB driver gives
// them (int32/int64, float64, string, bool, time.Time or nil).
type row map[string]any

// query runs one file of sql/reports with the period bounds ($1, $2 as
// text) and further arguments, and returns every row.
func query(ctx context.Context, db *sql.DB, fsys fs.FS, name string, args ...any) ([]row, error) {
	q, err := readSQL(fsys, name)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sql/reports/%s: %w", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("sql/reports/%s: %w", name, err)
	}
	var out []row
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("sql/reports/%s: row %d: %w", name, len(out)+1, err)
		}
		r := make(row, len(cols))
		for i, c := range cols {
			r[c] = vals[i]
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sql/reports/%s: %w", name, err)
	}
	return out, nil
}

func (r row) str(k string) string {
	switch v := r[k].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func (r row) num(k string) (float64, bool) { return Number(r[k]) }

func (r row) int(k string) (int64, bool) {
	f, ok := r.num(k)
	return int64(f), ok
}

func (r row) boolean(k string) (b, ok bool) {
	b, ok = r[k].(bool)
	return b, ok
}

// round8170 rounds x half to even to d decimals (GB/T 8170), after removing
// binary noise at the sixth decimal like the SQL macro gbt8170.
func round8170(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	y := math.Round(x*p*1e6) / 1e6
	return math.RoundToEven(y) / p
}

// Cell constructors. A missing figure is nil with a note.
const noteMissing = "无数据"

func textCell(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{Value: s}
}

func intCell(r row, k string) Cell {
	if v, ok := r.int(k); ok {
		return Cell{Value: v}
	}
	return Cell{Note: noteMissing}
}

func intValue(v int64) Cell { return Cell{Value: v} }

func decCell(r row, k string, d int) Cell {
	if v, ok := r.num(k); ok {
		return Cell{Value: round8170(v, d)}
	}
	return Cell{Note: noteMissing}
}

// pctCell is a percent figure stored as 0..100 (good_ratio): the cell holds
// the share 0..1 with d decimals of the percentage.
func pctCell(r row, k string, d int) Cell {
	if v, ok := r.num(k); ok {
		return Cell{Value: round8170(v/100, d+2)}
	}
	return Cell{Note: noteMissing}
}

// shareCell is a share 0..1.
func shareCell(v float64, ok bool, d int) Cell {
	if !ok {
		return Cell{Note: noteMissing}
	}
	return Cell{Value: round8170(v, d+2)}
}

// markInvalid marks the figures (not the labels) of a row as invalid.
func markInvalid(cells []Cell, cols []Column, note string) {
	for i := range cells {
		if cols[i].Type == Text || cols[i].Type == Date {
			continue
		}
		if cells[i].Value == nil {
			continue
		}
		cells[i].Invalid = true
		cells[i].Note = note
	}
}

func fmtNum(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) }

func fmtPct(share float64, d int) string { return strconv.FormatFloat(share*100, 'f', d, 64) + "%" }

func date(t time.Time) string { return t.Format(time.DateOnly) }
