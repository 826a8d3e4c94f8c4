// Package stdcsv reads the standards tables of sql/standards: CSV files
// with a header of lower-case column names and '#' comment lines (each
// table documents its source in those comments).
package stdcsv

import (
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
