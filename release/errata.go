package release

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/envdisclose/envdisclose/report"
)

// missing is how a missing figure is shown.
const missing = "—"

// Errata lists every figure that differs between the documents old and new
// as it is shown (formatted by the column type, decimals and validity
// mark): tables are matched by Table.ID, rows by the values of Table.Key,
// columns by Column.Key. A row present in only one of the two is one
// erratum (column "") with the row's figures on its side. The order is the
// new document's, then what only the old one had.
func Errata(old, new *report.Document) []Erratum {
	oldTables := map[string]*report.Table{}
	var oldOrder []string
	for si := range old.Sections {
		for ti := range old.Sections[si].Tables {
			t := &old.Sections[si].Tables[ti]
			oldTables[t.ID] = t
			oldOrder = append(oldOrder, t.ID)
		}
	}
	var out []Erratum
	seen := map[string]bool{}
	for si := range new.Sections {
		for ti := range new.Sections[si].Tables {
			t := &new.Sections[si].Tables[ti]
			seen[t.ID] = true
			out = append(out, diffTable(oldTables[t.ID], t)...)
		}
	}
	for _, id := range oldOrder {
		if !seen[id] {
			out = append(out, diffTable(oldTables[id], nil)...)
		}
	}
	return out
}

// diffTable compares one table of two versions (either may be nil).
func diffTable(o, n *report.Table) []Erratum {
	var out []Erratum
	ref := n
	if ref == nil {
		ref = o
	}
	// Columns: the new table's, then those only the old one had.
	type colPair struct {
		key, header string
		o, n        int // index in o / n, -1 = absent
	}
	var cols []colPair
	idx := func(t *report.Table, key string) int {
		if t == nil {
			return -1
		}
		for i, c := range t.Columns {
			if c.Key == key {
				return i
			}
		}
		return -1
	}
	if n != nil {
		for i, c := range n.Columns {
			cols = append(cols, colPair{c.Key, c.Header, idx(o, c.Key), i})
		}
	}
	if o != nil {
		for i, c := range o.Columns {
			if idx(n, c.Key) < 0 {
				cols = append(cols, colPair{c.Key, c.Header, i, -1})
			}
		}
	}
	oldRows := map[string][]report.Cell{}
	var oldKeys []string
	if o != nil {
		for i, r := range o.Rows {
			k := rowKey(o, r, i)
			oldRows[k] = r
			oldKeys = append(oldKeys, k)
		}
	}
	label := func(row, col string) string { return ref.Title + " · " + row + " · " + col }
	cell := func(t *report.Table, r []report.Cell, i int) string {
		if t == nil || i < 0 || i >= len(r) {
			return missing
		}
		return FormatCell(t.Columns[i], r[i])
	}
	newKeys := map[string]bool{}
	if n != nil {
		for i, r := range n.Rows {
			k := rowKey(n, r, i)
			newKeys[k] = true
			or, ok := oldRows[k]
			if !ok {
				out = append(out, Erratum{Table: ref.ID, Row: k, Label: label(k, "新增行 (row added)"),
					Old: missing, New: rowSummary(n, r)})
				continue
			}
			for _, c := range cols {
				ov, nv := cell(o, or, c.o), cell(n, r, c.n)
				if ov != nv {
					out = append(out, Erratum{Table: ref.ID, Row: k, Column: c.key, Label: label(k, c.header), Old: ov, New: nv})
				}
			}
		}
	}
	for _, k := range oldKeys {
		if !newKeys[k] {
			out = append(out, Erratum{Table: ref.ID, Row: k, Label: label(k, "删除行 (row removed)"),
				Old: rowSummary(o, oldRows[k]), New: missing})
		}
	}
	return out
}

// rowKey is the values of the table's key columns joined with " / ", or
// "第N行" for a table without a key.
func rowKey(t *report.Table, r []report.Cell, i int) string {
	var parts []string
	for _, k := range t.Key {
		for ci, c := range t.Columns {
			if c.Key == k && ci < len(r) {
				parts = append(parts, FormatCell(report.Column{Type: c.Type, Decimals: c.Decimals}, r[ci]))
			}
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("第%d行", i+1)
	}
	return strings.Join(parts, " / ")
}

// rowSummary is "header: value；…" for the non-key cells of a row.
func rowSummary(t *report.Table, r []report.Cell) string {
	key := map[string]bool{}
	for _, k := range t.Key {
		key[k] = true
	}
	var parts []string
	for i, c := range t.Columns {
		if key[c.Key] || i >= len(r) {
			continue
		}
		parts = append(parts, c.Header+": "+FormatCell(c, r[i]))
	}
	return strings.Join(parts, "；")
}

// FormatCell shows a figure as the bulletin does: by the column type with
// its decimals (a Percent share as a percentage), the unit after a number,
// "—" when missing and "†" after a figure that failed the validity rules.
func FormatCell(c report.Column, v report.Cell) string {
	s := formatValue(c, v.Value)
	if v.Invalid {
		s += "†"
	}
	return s
}

func formatValue(c report.Column, v any) string {
	if v == nil {
		return missing
	}
	unit := ""
	if c.Unit != "" {
		unit = " " + c.Unit
	}
	switch c.Type {
	case report.Int:
		if f, ok := report.Number(v); ok {
			if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return strconv.FormatInt(int64(f), 10) + unit
			}
			return strconv.FormatFloat(f, 'f', -1, 64) + unit
		}
	case report.Decimal:
		if f, ok := report.Number(v); ok {
			return strconv.FormatFloat(f, 'f', c.Decimals, 64) + unit
		}
	case report.Percent:
		if f, ok := report.Number(v); ok {
			return strconv.FormatFloat(f*100, 'f', c.Decimals, 64) + "%"
		}
	}
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String() + unit
	}
	if f, ok := report.Number(v); ok {
		return strconv.FormatFloat(f, 'f', -1, 64) + unit
	}
	return fmt.Sprint(v)
}
