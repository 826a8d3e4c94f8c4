// Package stdcsv reads the standards tables of sql/standards: CSV files
// with a header of lower-case column names and '#' comment lines (each
// table documents its source in those comments).
package stdcsv

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Read returns the header and the rows of the standards CSV name in fsys.
// Errors name the file (and the row).
func Read(fsys fs.FS, name string) (header []string, rows [][]string, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("standards table %s: %w", name, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	header, err = r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("standards table %s: header: %w", name, err)
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" || strings.ContainsFunc(h, func(c rune) bool { return !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') }) {
			return nil, nil, fmt.Errorf("standards table %s: bad column name %q", name, h)
		}
		header[i] = h
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("standards table %s: %w", name, err)
		}
		rows = append(rows, rec)
	}
	return header, rows, nil
}

// Table pairs a standards CSV (relative to a folder of sql/standards) with
// the table it fills.
type Table struct{ File, Table string }

// Load replaces the contents of each table with its CSV file in dir of
// fsys, one multi-row INSERT per file (values as text, cast by DuckDB to
// the column types; empty fields are NULL), inside tx. It returns the
// number of rows loaded. Errors name the file and row.
func Load(ctx context.Context, tx *sql.Tx, fsys fs.FS, dir string, tables []Table) (int, error) {
	total := 0
	for _, t := range tables {
		name := dir + "/" + t.File
		header, rows, err := Read(fsys, name)
		if err != nil {
			return total, err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t.Table); err != nil {
			return total, fmt.Errorf("standards table %s: clear %s: %w", name, t.Table, err)
		}
		if len(rows) == 0 {
			continue
		}
		ph := "(" + strings.TrimSuffix(strings.Repeat("CAST(? AS VARCHAR), ", len(header)), ", ") + ")"
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.Table, strings.Join(header, ", "))
		args := make([]any, 0, len(rows)*len(header))
		for i, r := range rows {
			if len(r) != len(header) {
				return total, fmt.Errorf("standards table %s: data row %d: %d fields, header has %d", name, i+1, len(r), len(header))
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ph)
			for _, v := range r {
				if v = strings.TrimSpace(v); v != "" {
					args = append(args, v)
				} else {
					args = append(args, nil)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return total, fmt.Errorf("standards table %s: load into %s: %w", name, t.Table, err)
		}
		total += len(rows)
	}
	return total, nil
}
