// Package report assembles the figures of a periodic product (the monthly
// air bulletin, the monthly water bulletin, the quarterly environmental
// quality bulletin 季报) from the transform results into one Document, and
// writes that document as the files a bureau files: XLSX, CSV, Parquet and
// JSON.
//
// A Document is the single source of a product's figures: the portal page,
// the printable bulletin, every download and the erratum of a corrected
// release are all made from it, so they can never disagree.
package report

import (
	"encoding/json"
	"math/big"
	"time"
)

// Product names (the catalogue; config and `envdisclose approve` use them).
const (
	AirMonthly   = "air-monthly"   // 月度空气质量公报, period YYYY-MM
	WaterMonthly = "water-monthly" // 月度水环境质量公报, period YYYY-MM
	Quarterly    = "quarterly"     // 季度环境质量公报 (季报), period YYYYQn
)

// Document is one product for one period.
type Document struct {
	Product  string    `json:"product"`  // AirMonthly, WaterMonthly, Quarterly
	Period   string    `json:"period"`   // "2026-10" or "2026Q3"
	Title    string    `json:"title"`    // Chinese title, e.g. "2026年第三季度环境质量公报"
	TitleEN  string    `json:"title_en"` // English title
	Bureau   string    `json:"bureau"`   // issuing bureau (config), may be ""
	From     time.Time `json:"from"`     // first natural day of the period (CST date)
	To       time.Time `json:"to"`       // last natural day of the period
	BuiltAt  time.Time `json:"built_at"` // when the figures were read
	Sections []Section `json:"sections"` // in reading order
	Meta     Meta      `json:"meta"`     // provenance shown on the cover sheet
	Summary  []string  `json:"summary"`  // Chinese summary sentences (导语), generated from the figures
}

// Meta is the provenance of a document.
type Meta struct {
	// Completeness per dataset: share of expected records present in the
	// period (0..1), with a Chinese explanation.
	Completeness []Completeness `json:"completeness"`
	// Standards lists the standard versions the figures were computed with
	// (e.g. "HJ 633-2026", "GB 3095-2026", "GB 3838-2002").
	Standards []string `json:"standards"`
	// InputFiles are the file_ledger ids of the files whose data the period
	// contains (the inputs of this release).
	InputFiles []int64 `json:"input_files"`
}

// Completeness of one dataset in the period.
type Completeness struct {
	Dataset  string  `json:"dataset"`  // air, water, polluters, incidents
	Expected int64   `json:"expected"` // records expected (station-hours, samples...)
	Present  int64   `json:"present"`  // records present
	Share    float64 `json:"share"`    // Present / Expected (0 when Expected is 0)
	Note     string  `json:"note"`     // Chinese explanation
}

// Section is a chapter of a bulletin (air, drinking water, surface water,
// key polluters, incidents). A section starts a new page when printed.
type Section struct {
	ID      string   `json:"id"`       // ascii, unique in the document: "air", "water-drinking"...
	Title   string   `json:"title"`    // Chinese
	TitleEN string   `json:"title_en"` // English
	Text    []string `json:"text"`     // Chinese paragraphs generated from the figures
	Tables  []Table  `json:"tables"`
	Charts  []Chart  `json:"charts"`
}

// Column types; they decide the number format in XLSX and the rendering.
const (
	Text    = "text"
	Int     = "int"
	Decimal = "decimal" // rounded to Column.Decimals by GB/T 8170 before it is stored
	Percent = "percent" // a share 0..1 shown as a percentage with Column.Decimals
	Date    = "date"
)

// Table is one table of a section (one sheet of the XLSX, one CSV file).
type Table struct {
	ID      string   `json:"id"`       // ascii file/sheet stem, unique in the document: "air_ranking"
	Title   string   `json:"title"`    // Chinese title (sheet name, ≤ 31 characters)
	TitleEN string   `json:"title_en"` // English title
	Columns []Column `json:"columns"`
	Rows    [][]Cell `json:"rows"`
	// Key lists the Column.Keys that identify a row (region code, site
	// code...): errata match rows of two versions by them.
	Key   []string `json:"key"`
	Notes []string `json:"notes"` // footnotes (Chinese), e.g. the validity rule of † marks
}

// Column of a table.
type Column struct {
	Key      string `json:"key"`       // ascii column name (CSV/Parquet/JSON header)
	Header   string `json:"header"`    // Chinese header (XLSX, HTML)
	HeaderEN string `json:"header_en"` // English header
	Type     string `json:"type"`      // Text, Int, Decimal, Percent, Date
	Decimals int    `json:"decimals"`  // for Decimal and Percent
	Unit     string `json:"unit"`      // e.g. "μg/m³", "" if none
}

// Cell is one figure. Value is nil when the figure is missing; otherwise a
// string (Text, Date as YYYY-MM-DD), int64 (Int) or float64 (Decimal,
// Percent). Invalid marks a figure that did not meet the validity rules
// (shown with †, never silently).
type Cell struct {
	Value   any    `json:"v"`
	Invalid bool   `json:"invalid,omitempty"`
	Note    string `json:"note,omitempty"` // why it is invalid or missing (Chinese)
}

// Chart is a chart drawn from a table of the same section.
type Chart struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`  // "bar", "line", "pie"
	Title   string   `json:"title"` // Chinese
	TitleEN string   `json:"title_en"`
	Table   string   `json:"table"`  // Table.ID
	X       string   `json:"x"`      // Column.Key of the categories
	Series  []string `json:"series"` // Column.Keys of the values
}

// Number reads a numeric cell or database value in any of the forms it
// takes in memory (int64, float64, DuckDB's HUGEINT as *big.Int...) and
// after a JSON round trip (float64, json.Number); ok is false otherwise.
func Number(v any) (f float64, ok bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case int:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case *big.Int:
		if x != nil {
			f, _ := new(big.Float).SetInt(x).Float64()
			return f, true
		}
	}
	return 0, false
}
