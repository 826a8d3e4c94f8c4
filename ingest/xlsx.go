package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// FormatXLSX is the ledger format of Excel workbooks.
const FormatXLSX = "xlsx"

// magicZip starts every XLSX file (a zip archive).
var magicZip = []byte("PK\x03\x04")

// readXLSX reads the first sheet of a workbook as a table: the first
// non-empty row is the header, empty rows are skipped, cells are raw
// values (a date cell is its serial number: obs.Table.Serial).
func readXLSX(data []byte) (t *obs.Table, err error) {
	defer func() { // a corrupt archive can make the reader panic
		if p := recover(); p != nil {
			t, err = nil, &obs.FileError{Reason: obs.ReasonXLSX, Value: fmt.Sprint(p)}
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxDecompressed, UnzipXMLSizeLimit: maxDecompressed / 4})
	if err != nil {
		return nil, &obs.FileError{Reason: obs.ReasonXLSX, Value: err.Error()}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &obs.FileError{Reason: obs.ReasonXLSXNoSheet}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, &obs.FileError{Reason: obs.ReasonXLSX, Field: sheets[0], Value: err.Error()}
	}
	defer rows.Close()
	t = &obs.Table{Serial: true}
	header := false
	for line := int64(1); rows.Next(); line++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &obs.FileError{Reason: obs.ReasonXLSX, Line: line, Field: sheets[0], Value: err.Error()}
		}
		empty := true
		for i, c := range cells {
			cells[i] = strings.TrimSpace(c)
			if cells[i] != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if !header {
			header, t.Header = true, cells
			continue
		}
		t.Rows = append(t.Rows, obs.Row{Line: line, Cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, &obs.FileError{Reason: obs.ReasonXLSX, Field: sheets[0], Value: err.Error()}
	}
	switch {
	case !header:
		return nil, &obs.FileError{Reason: obs.ReasonEmpty, Field: sheets[0]}
	case len(t.Rows) == 0:
		return nil, &obs.FileError{Reason: obs.ReasonNoRows, Field: sheets[0]}
	}
	return t, nil
}
