package obs

import (
	"strconv"
	"strings"
)

// Table is a small tabular file (CSV text or the first sheet of an XLSX
// workbook) as trimmed text cells: the header and the data rows. The
// water and incident decoders read it whatever the file format was.
type Table struct {
	Header []string
	Rows   []Row
	// Serial is true for workbooks: a date-time cell may hold an Excel
	// serial number (days since 1899-12-30) instead of text.
	Serial bool
}

// Row is one data row. Line is the 1-based line (CSV) or sheet row
// (XLSX). A row that could not be split has Reason set (and no cells).
type Row struct {
	Line   int64
	Cells  []string
	Reason string
	Value  string // detail for Reason
}

// Index maps each header cell, folded by norm, to its column; it returns
// the first duplicate (folded) name, if any. Empty names are skipped.
func (t *Table) Index(norm func(string) string) (pos map[string]int, dup string) {
	pos = make(map[string]int, len(t.Header))
	for i, h := range t.Header {
		k := norm(h)
		if k == "" {
			continue
		}
		if _, ok := pos[k]; ok && dup == "" {
			dup = h
		}
		if _, ok := pos[k]; !ok {
			pos[k] = i
		}
	}
	return pos, dup
}

// Check validates the shape of a row against the header: it returns a
// reject reason and detail for a row that could not be split or has more
// non-empty cells than the header has columns. Short rows (a workbook
// drops trailing empty cells) are padded.
func (t *Table) Check(r *Row) (reason, value string) {
	if r.Reason != "" {
		return r.Reason, r.Value
	}
	n := len(t.Header)
	if len(r.Cells) > n {
		for _, c := range r.Cells[n:] {
			if c != "" {
				return ReasonColumnCount, strconv.Itoa(len(r.Cells)) + " fields, header has " + strconv.Itoa(n)
			}
		}
		r.Cells = r.Cells[:n]
	}
	if !t.Serial && len(r.Cells) != n {
		return ReasonColumnCount, strconv.Itoa(len(r.Cells)) + " fields, header has " + strconv.Itoa(n)
	}
	for len(r.Cells) < n {
		r.Cells = append(r.Cells, "")
	}
	return "", ""
}

// TableFromCSV splits UTF-8 CSV text (header on line 1; empty lines
// skipped). A data line with malformed quoting becomes a Row with Reason;
// a header that cannot be split is a FileError.
func TableFromCSV(text []byte) (*Table, error) {
	t := &Table{}
	var ferr error
	header := false
	fields := make([][]byte, 0, 32)
	Lines(text, func(n int64, line []byte) bool {
		var ok bool
		fields, ok = SplitCSV(line, fields)
		if !header {
			if !ok {
				ferr = &FileError{Reason: ReasonQuoting, Line: n}
				return false
			}
			header = true
			t.Header = make([]string, len(fields))
			for i, f := range fields {
				t.Header[i] = strings.TrimSpace(string(f))
			}
			return true
		}
		if len(strings.TrimSpace(string(line))) == 0 {
			return true
		}
		if !ok {
			t.Rows = append(t.Rows, Row{Line: n, Reason: ReasonQuoting, Value: string(line[:min(len(line), 80)])})
			return true
		}
		cells := make([]string, len(fields))
		for i, f := range fields {
			cells[i] = strings.TrimSpace(string(f))
		}
		t.Rows = append(t.Rows, Row{Line: n, Cells: cells})
		return true
	})
	if ferr != nil {
		return nil, ferr
	}
	if !header {
		return nil, &FileError{Reason: ReasonEmpty}
	}
	if len(t.Rows) == 0 {
		return nil, &FileError{Reason: ReasonNoRows}
	}
	return t, nil
}
