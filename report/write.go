package report

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/internal/atomicfile"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// Formats of the written artifacts.
var Formats = []string{"xlsx", "csv", "parquet", "json"}

const (
	legendDagger = "† 表示该数值未达到有效性要求（原因见“有效性”列或表注），仅供参考；“—”表示无数据。 † marks a figure that did not meet the validity rules; “—” = no data."
	missingMark  = "—"
)

// Stem is the file-name stem of a document's artifacts: quarterly_2026Q3.
func Stem(doc *Document) string { return doc.Product + "_" + doc.Period }

// headerCN is the Chinese header with its unit, as in XLSX and CSV.
func headerCN(c Column) string {
	switch {
	case c.Type == Percent:
		return c.Header + "（%）"
	case c.Unit != "":
		return c.Header + "（" + c.Unit + "）"
	}
	return c.Header
}

func headerEN(c Column) string {
	switch {
	case c.Type == Percent:
		return c.HeaderEN + " (%)"
	case c.Unit != "":
		return c.HeaderEN + " (" + c.Unit + ")"
	}
	return c.HeaderEN
}

// validity is the text of the validity column of a row: "" when every
// figure is valid, else "†" and the distinct notes.
func validity(cells []Cell) string {
	var notes []string
	seen := map[string]bool{}
	found := false
	for _, c := range cells {
		if !c.Invalid {
			continue
		}
		found = true
		if c.Note != "" && !seen[c.Note] {
			seen[c.Note] = true
			notes = append(notes, c.Note)
		}
	}
	if !found {
		return ""
	}
	return strings.TrimSpace("† " + strings.Join(notes, "；"))
}

// formatCell writes a figure as text with its decimals (percent as a
// percentage number); "" for a missing one.
func formatCell(c Column, v Cell) string {
	switch x := v.Value.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		if c.Type == Percent {
			return strconv.FormatFloat(round8170(x*100, c.Decimals), 'f', c.Decimals, 64)
		}
		if c.Type == Int {
			return strconv.FormatFloat(x, 'f', 0, 64)
		}
		return strconv.FormatFloat(x, 'f', c.Decimals, 64)
	default:
		return fmt.Sprint(x)
	}
}

func hasInvalid(t Table) bool {
	for _, r := range t.Rows {
		for _, c := range r {
			if c.Invalid {
				return true
			}
		}
	}
	return false
}

// ---------------------------------------------------------------- JSON

// WriteJSON writes the canonical document JSON: fields in the order of the
// Go structs, two-space indent, no HTML escaping, a final newline. The same
// document always gives the same bytes.
func WriteJSON(w io.Writer, doc *Document) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("report json %s: %w", Stem(doc), err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("report json %s: %w", Stem(doc), err)
	}
	return nil
}

// ---------------------------------------------------------------- CSV

// WriteCSV writes one UTF-8 CSV (with BOM, for Excel) per table into dir,
// named <stem>_<table id>.csv, with the Chinese header row (units in the
// header, percentages as numbers 0..100) and a last column 有效性 when the
// table has invalid figures. It returns the file names written.
func WriteCSV(dir string, doc *Document) ([]string, error) {
	var names []string
	for _, s := range doc.Sections {
		for _, t := range s.Tables {
			name := Stem(doc) + "_" + t.ID + ".csv"
			var buf bytes.Buffer
			buf.WriteString("\ufeff")
			w := csv.NewWriter(&buf)
			inv := hasInvalid(t)
			var head []string
			for _, c := range t.Columns {
				head = append(head, headerCN(c))
			}
			if inv {
				head = append(head, "有效性")
			}
			_ = w.Write(head)
			for i, r := range t.Rows {
				if len(r) != len(t.Columns) {
					return names, fmt.Errorf("report csv %s: table %s row %d: %d cells for %d columns", name, t.ID, i+1, len(r), len(t.Columns))
				}
				rec := make([]string, 0, len(r)+1)
				for j, c := range r {
					rec = append(rec, formatCell(t.Columns[j], c))
				}
				if inv {
					rec = append(rec, validity(r))
				}
				_ = w.Write(rec)
			}
			w.Flush()
			if err := w.Error(); err != nil {
				return names, fmt.Errorf("report csv %s: %w", name, err)
			}
			if err := atomicfile.Write(filepath.Join(dir, name), func(f io.Writer) error {
				_, err := f.Write(buf.Bytes())
				return err
			}); err != nil {
				return names, err
			}
			names = append(names, name)
		}
	}
	return names, nil
}

// ---------------------------------------------------------------- Parquet

// WriteParquet writes one Parquet file per table into dir, named
// <stem>_<table id>.parquet, with typed columns named by Column.Key (Text
// VARCHAR, Int BIGINT, Decimal and Percent DOUBLE — a percent as the share
// 0..1 —, Date DATE) and a BOOLEAN <key>_invalid after every column that
// holds an invalid figure. The rows are appended to a temporary DuckDB
// table (in memory) and written with COPY. It returns the file names.
func WriteParquet(dir string, doc *Document) ([]string, error) {
	ctx := context.Background()
	fsys, err := envsql.FS("")
	if err != nil {
		return nil, fmt.Errorf("report parquet: %w", err)
	}
	copyStmt, err := envsql.Read(fsys, "reports/parquet_copy.sql")
	if err != nil {
		return nil, fmt.Errorf("report parquet: %w", err)
	}
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, fmt.Errorf("report parquet: open duckdb: %w", err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("report parquet: %w", err)
	}
	defer conn.Close()
	var names []string
	n := 0
	for _, s := range doc.Sections {
		for _, t := range s.Tables {
			n++
			name := Stem(doc) + "_" + t.ID + ".parquet"
			if err := writeParquetTable(ctx, conn, copyStmt, fmt.Sprintf("t%d", n), t, filepath.Join(dir, name)); err != nil {
				return names, fmt.Errorf("report parquet %s: %w", name, err)
			}
			names = append(names, name)
		}
	}
	return names, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

var parquetType = map[string]string{Text: "VARCHAR", Int: "BIGINT", Decimal: "DOUBLE", Percent: "DOUBLE", Date: "DATE"}

// writeParquetTable appends the rows of t to a temporary table named tmp and
// writes it to path with copyStmt (sql/reports/parquet_copy.sql). The
// CREATE and DROP of the temporary table are DDL generated from the
// table's columns (identifiers cannot be parameters).
func writeParquetTable(ctx context.Context, conn *sql.Conn, copyStmt, tmp string, t Table, path string) error {
	invalidCol := make([]bool, len(t.Columns))
	for _, r := range t.Rows {
		for j, c := range r {
			if j < len(invalidCol) && c.Invalid {
				invalidCol[j] = true
			}
		}
	}
	var defs []string
	for j, c := range t.Columns {
		typ := parquetType[c.Type]
		if typ == "" {
			return fmt.Errorf("column %s: unknown type %q", c.Key, c.Type)
		}
		defs = append(defs, quoteIdent(c.Key)+" "+typ)
		if invalidCol[j] {
			defs = append(defs, quoteIdent(c.Key+"_invalid")+" BOOLEAN")
		}
	}
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE "+tmp+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return fmt.Errorf("create table: %w", err)
	}
	err := conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", tmp)
		if err != nil {
			return err
		}
		for i, r := range t.Rows {
			if len(r) != len(t.Columns) {
				a.Close()
				return fmt.Errorf("table %s row %d: %d cells for %d columns", t.ID, i+1, len(r), len(t.Columns))
			}
			vals := make([]driver.Value, 0, len(defs))
			for j, c := range r {
				v, err := parquetValue(t.Columns[j], c)
				if err != nil {
					a.Close()
					return fmt.Errorf("table %s row %d column %s: %w", t.ID, i+1, t.Columns[j].Key, err)
				}
				vals = append(vals, v)
				if invalidCol[j] {
					vals = append(vals, c.Invalid)
				}
			}
			if err := a.AppendRow(vals...); err != nil {
				a.Close()
				return fmt.Errorf("table %s row %d: %w", t.ID, i+1, err)
			}
		}
		return a.Close()
	})
	if err != nil {
		return err
	}
	tmpPath := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	defer os.Remove(tmpPath)
	if _, err := conn.ExecContext(ctx, copyStmt, tmp, tmpPath); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "DROP TABLE "+tmp); err != nil {
		return err
	}
	return os.Rename(tmpPath, path)
}

func parquetValue(c Column, v Cell) (driver.Value, error) {
	if v.Value == nil {
		return nil, nil
	}
	switch c.Type {
	case Text:
		return fmt.Sprint(v.Value), nil
	case Int:
		switch x := v.Value.(type) {
		case int64:
			return x, nil
		case int:
			return int64(x), nil
		case float64:
			return int64(x), nil
		}
	case Decimal, Percent:
		switch x := v.Value.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		case int:
			return float64(x), nil
		}
	case Date:
		if s, ok := v.Value.(string); ok {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return nil, fmt.Errorf("date %q: %w", s, err)
			}
			return d, nil
		}
	}
	return nil, fmt.Errorf("value %v (%T) does not fit type %s", v.Value, v.Value, c.Type)
}

// ---------------------------------------------------------------- XLSX

// WriteXLSX writes the workbook: the cover sheet 封面 (title, period,
// bureau, build time, summary, data completeness, standard versions, input
// files, the † legend), then one sheet per table named by its Chinese
// title. Each table sheet has the Chinese header in row 1 and the English
// header in row 2 (units in both), frozen above row 3, number formats from
// the column decimals, integers as numbers, and a last column 有效性 /
// Validity when the table has invalid figures; an invalid figure keeps its
// number but is shaded and shown with a trailing † by its number format.
func WriteXLSX(w io.Writer, doc *Document) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsx{f: f, styles: map[string]int{}}
	if err := x.cover(doc); err != nil {
		return fmt.Errorf("report xlsx %s: cover: %w", Stem(doc), err)
	}
	used := map[string]bool{"封面": true}
	for _, s := range doc.Sections {
		for _, t := range s.Tables {
			name := sheetName(t.Title, used)
			if err := x.table(name, t); err != nil {
				return fmt.Errorf("report xlsx %s: sheet %s (table %s): %w", Stem(doc), name, t.ID, err)
			}
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report xlsx %s: %w", Stem(doc), err)
	}
	return nil
}

// sheetName makes a valid, unique sheet name (≤ 31 characters, none of []:*?/\).
func sheetName(title string, used map[string]bool) string {
	r := strings.NewReplacer("[", "（", "]", "）", ":", "：", "*", "", "?", "？", "/", "／", `\`, "＼")
	base := []rune(r.Replace(title))
	if len(base) == 0 {
		base = []rune("表")
	}
	if len(base) > 31 {
		base = base[:31]
	}
	name := string(base)
	for i := 2; used[name]; i++ {
		suf := []rune(fmt.Sprintf("(%d)", i))
		b := base
		if len(b)+len(suf) > 31 {
			b = b[:31-len(suf)]
		}
		name = string(b) + string(suf)
	}
	used[name] = true
	return name
}

type xlsx struct {
	f      *excelize.File
	styles map[string]int
}

func (x *xlsx) style(key string, s *excelize.Style) (int, error) {
	if id, ok := x.styles[key]; ok {
		return id, nil
	}
	id, err := x.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	x.styles[key] = id
	return id, nil
}

// numFmt is the number format of a column ("0", "0.0", "0.0%").
func numFmt(c Column) string {
	d := c.Decimals
	if c.Type == Int {
		d = 0
	}
	s := "0"
	if d > 0 {
		s += "." + strings.Repeat("0", d)
	}
	if c.Type == Percent {
		s += "%"
	}
	return s
}

var (
	fillInvalid = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}
	fillHeader  = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	border      = []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
)

func (x *xlsx) cellStyle(c Column, invalid bool) (int, error) {
	key := fmt.Sprintf("%s/%d/%v", c.Type, c.Decimals, invalid)
	s := &excelize.Style{Border: border}
	if c.Type == Int || c.Type == Decimal || c.Type == Percent {
		nf := numFmt(c)
		if invalid {
			nf += `"†"`
		}
		s.CustomNumFmt = &nf
		s.Alignment = &excelize.Alignment{Horizontal: "right"}
	} else {
		s.Alignment = &excelize.Alignment{WrapText: false}
	}
	if invalid {
		s.Fill = fillInvalid
		s.Font = &excelize.Font{Italic: true, Color: "9C0006"}
	}
	return x.style(key, s)
}

func width(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w++
		} else {
			w += 2
		}
	}
	return w
}

func (x *xlsx) table(sheet string, t Table) error {
	f := x.f
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	inv := hasInvalid(t)
	ncol := len(t.Columns)
	if inv {
		ncol++
	}
	hs, err := x.style("header", &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fillHeader, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	hsEN, err := x.style("header-en", &excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959", Size: 9}, Fill: fillHeader, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	widths := make([]float64, ncol)
	for j := 0; j < ncol; j++ {
		cn, en := "有效性", "Validity"
		if j < len(t.Columns) {
			cn, en = headerCN(t.Columns[j]), headerEN(t.Columns[j])
		}
		a1, _ := excelize.CoordinatesToCellName(j+1, 1)
		a2, _ := excelize.CoordinatesToCellName(j+1, 2)
		if err := f.SetCellStr(sheet, a1, cn); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, a2, en); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, a1, a1, hs); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, a2, a2, hsEN); err != nil {
			return err
		}
		widths[j] = max(width(cn), width(en)*0.8)
	}
	for i, r := range t.Rows {
		if len(r) != len(t.Columns) {
			return fmt.Errorf("row %d: %d cells for %d columns", i+1, len(r), len(t.Columns))
		}
		for j, c := range r {
			col := t.Columns[j]
			cell, _ := excelize.CoordinatesToCellName(j+1, i+3)
			var err error
			var shown string
			switch v := c.Value.(type) {
			case nil:
				err = f.SetCellStr(sheet, cell, missingMark)
				shown = missingMark
			case string:
				err = f.SetCellStr(sheet, cell, v)
				shown = v
			case int64:
				err = f.SetCellInt(sheet, cell, v)
				shown = formatCell(col, c)
			case int:
				err = f.SetCellInt(sheet, cell, int64(v))
				shown = formatCell(col, c)
			case float64:
				err = f.SetCellFloat(sheet, cell, v, -1, 64)
				shown = formatCell(col, c)
				if col.Type == Percent {
					shown += "%"
				}
			default:
				err = fmt.Errorf("unsupported value %T", v)
			}
			if err != nil {
				return fmt.Errorf("row %d column %s: %w", i+1, col.Key, err)
			}
			st, err := x.cellStyle(col, c.Invalid)
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, cell, cell, st); err != nil {
				return err
			}
			widths[j] = max(widths[j], width(shown)+1)
		}
		if inv {
			cell, _ := excelize.CoordinatesToCellName(ncol, i+3)
			v := validity(r)
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
			if v != "" {
				st, err := x.style("validity", &excelize.Style{Fill: fillInvalid, Border: border, Font: &excelize.Font{Color: "9C0006"}})
				if err != nil {
					return err
				}
				if err := f.SetCellStyle(sheet, cell, cell, st); err != nil {
					return err
				}
			}
			widths[ncol-1] = max(widths[ncol-1], width(v))
		}
	}
	for j, w := range widths {
		name, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(sheet, name, name, min(max(w+2, 6), 60)); err != nil {
			return err
		}
	}
	if len(t.Rows) == 0 { // an empty table says so, as on the portal
		if err := f.SetCellStr(sheet, "A3", "暂无数据 No data"); err != nil {
			return err
		}
	}
	// title and notes below the table
	row := max(len(t.Rows), 1) + 4
	notes := append([]string{t.Title + " " + t.TitleEN}, t.Notes...)
	for _, n := range notes {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetCellStr(sheet, cell, n); err != nil {
			return err
		}
		row++
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}})
}

var datasetCN = map[string]string{"air": "环境空气 Air", "water": "地表水 Water", "polluters": "重点排污单位 Key polluters", "incidents": "突发环境事件 Incidents"}

func (x *xlsx) cover(doc *Document) error {
	f := x.f
	const sheet = "封面"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	title, err := x.style("title", &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	if err != nil {
		return err
	}
	bold, err := x.style("bold", &excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	pct, err := x.style("cover-pct", &excelize.Style{CustomNumFmt: ptr("0.0%")})
	if err != nil {
		return err
	}
	row := 1
	set := func(col int, v any, style int) error {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(sheet, cell, cell, style)
		}
		return nil
	}
	if err := set(1, doc.Title, title); err != nil {
		return err
	}
	row++
	if err := set(1, doc.TitleEN, 0); err != nil {
		return err
	}
	row += 2
	files := make([]string, len(doc.Meta.InputFiles))
	for i, id := range doc.Meta.InputFiles {
		files[i] = strconv.FormatInt(id, 10)
	}
	kv := [][2]string{
		{"报告期 Period", doc.Period},
		{"起止日期 Dates", date(doc.From) + " — " + date(doc.To)},
		{"发布机关 Bureau", doc.Bureau},
		{"生成时间 Built at", doc.BuiltAt.In(store.CST).Format("2006-01-02 15:04:05") + "（北京时间 CST）"},
		{"执行标准 Standards", strings.Join(doc.Meta.Standards, "；")},
		{"输入文件数 Input files", strconv.Itoa(len(doc.Meta.InputFiles))},
		{"输入文件编号 File ledger ids", strings.Join(files, ", ")},
	}
	for _, p := range kv {
		if err := set(1, p[0], bold); err != nil {
			return err
		}
		if p[0] == "输入文件数 Input files" {
			if err := set(2, len(doc.Meta.InputFiles), 0); err != nil {
				return err
			}
		} else if err := set(2, p[1], 0); err != nil {
			return err
		}
		row++
	}
	row++
	if err := set(1, "导语 Summary", bold); err != nil {
		return err
	}
	row++
	for _, s := range doc.Summary {
		if err := set(1, s, 0); err != nil {
			return err
		}
		row++
	}
	row++
	if err := set(1, "数据完整性 Data completeness", bold); err != nil {
		return err
	}
	row++
	for j, h := range []string{"数据集 Dataset", "应有 Expected", "实有 Present", "完整率 Share", "说明 Note"} {
		if err := set(j+1, h, bold); err != nil {
			return err
		}
	}
	row++
	for _, c := range doc.Meta.Completeness {
		name := datasetCN[c.Dataset]
		if name == "" {
			name = c.Dataset
		}
		for j, v := range []any{name, c.Expected, c.Present, c.Share, c.Note} {
			st := 0
			if j == 3 {
				st = pct
			}
			if err := set(j+1, v, st); err != nil {
				return err
			}
		}
		row++
	}
	row++
	if err := set(1, legendDagger, 0); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 30); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "D", 16); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "E", "E", 80)
}

func ptr[T any](v T) *T { return &v }

// ---------------------------------------------------------------- all

// Artifacts writes the document in the given formats (nil = all of
// Formats) into dir, each file written to a temporary name and renamed into
// place, and returns the names of the files written, sorted.
func Artifacts(dir string, doc *Document, formats []string) ([]string, error) {
	if len(formats) == 0 {
		formats = Formats
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report: create %s: %w", dir, err)
	}
	var names []string
	for _, fm := range formats {
		switch fm {
		case "xlsx":
			name := Stem(doc) + ".xlsx"
			if err := atomicfile.Write(filepath.Join(dir, name), func(w io.Writer) error { return WriteXLSX(w, doc) }); err != nil {
				return names, err
			}
			names = append(names, name)
		case "json":
			name := Stem(doc) + ".json"
			if err := atomicfile.Write(filepath.Join(dir, name), func(w io.Writer) error { return WriteJSON(w, doc) }); err != nil {
				return names, err
			}
			names = append(names, name)
		case "csv":
			n, err := WriteCSV(dir, doc)
			names = append(names, n...)
			if err != nil {
				return names, err
			}
		case "parquet":
			n, err := WriteParquet(dir, doc)
			names = append(names, n...)
			if err != nil {
				return names, err
			}
		default:
			return names, fmt.Errorf("report: format %q: want one of %s", fm, strings.Join(Formats, ", "))
		}
	}
	sort.Strings(names)
	return names, nil
}
