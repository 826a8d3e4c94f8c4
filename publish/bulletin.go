package publish

// Bulletins (环境质量公报): the monthly air and water bulletins and the
// quarterly environmental quality bulletin (季报). A bulletin is one
// release.Publication of a report.Document; this file renders it as a
// portal page, as a printable A4 page and, in buildBulletins, writes the
// newest public version of every product-period into the site with the
// files of that version.
//
// Everything shown comes from the Document: the charts are drawn from the
// tables of their section, so the tables carry every charted figure and
// nothing is lost without JavaScript. Figures that did not meet the
// validity rules carry † with the reason in a title attribute.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/store"
)

// BulletinOptions configure WriteBulletin.
type BulletinOptions struct {
	// Print renders the printable A4 version: print.css (@page A4, a page
	// break before each section, table rows never cut, header rows repeated
	// on every page), charts sized for paper, no site navigation.
	Print bool
	// AssetBase is the link to the site's assets/ folder as seen from the
	// page, ending in "assets/". "" = "../../../assets/" (the page's place in
	// the site, bulletins/<product>/<period>/). Site links (navigation,
	// archive) are made relative to the folder that holds assets/.
	AssetBase string
	// Draft shows a 草稿 / DRAFT banner (the staff preview of a version
	// under review). The public site never contains drafts.
	Draft bool
	// FilesBase is the link prefix of the version's files (downloads and
	// manifest). "" = "v<N>/" (where buildBulletins copies them).
	FilesBase string
	// Generated is the page generation time shown in the footer; zero =
	// pub.BuiltAt.
	Generated time.Time
}

// ManifestName is the manifest file of a release version (sha256sum format).
const ManifestName = "MANIFEST.sha256"

// DocumentName is the Document of a release version as JSON.
const DocumentName = "document.json"

const defaultAssetBase = "../../../assets/"

// WriteBulletin renders one bulletin (one version of a product for a
// period) as a complete HTML page.
func WriteBulletin(w io.Writer, pub release.Publication, doc *report.Document, opt BulletinOptions) error {
	if doc == nil {
		return errors.New("bulletin: no document")
	}
	if opt.AssetBase == "" {
		opt.AssetBase = defaultAssetBase
	}
	if !strings.HasSuffix(opt.AssetBase, "assets/") {
		return fmt.Errorf("bulletin %s %s: AssetBase %q must end in assets/", pub.Product, pub.Period, opt.AssetBase)
	}
	if opt.FilesBase == "" {
		opt.FilesBase = "v" + strconv.Itoa(pub.Version) + "/"
	}
	if opt.Generated.IsZero() {
		opt.Generated = pub.BuiltAt
	}
	root := strings.TrimSuffix(opt.AssetBase, "assets/")
	v, err := newBulletinView(pub, doc, opt, root)
	if err != nil {
		return fmt.Errorf("bulletin %s %s v%d: %w", pub.Product, pub.Period, pub.Version, err)
	}
	tpl, err := parseBulletinTemplates()
	if err != nil {
		return err
	}
	gen := opt.Generated.In(store.CST)
	pd := pageData{
		Root: root, Title: v.Title, TitleEN: v.TitleEN, Nav: "bulletins", Charts: v.HasCharts, View: v,
		Generated: gen.Format("2006-01-02 15:04:05"), GeneratedISO: gen.Format(time.RFC3339),
	}
	name := "layout"
	if opt.Print {
		name = "bulletin_print_page"
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, name, pd); err != nil {
		return fmt.Errorf("render bulletin %s %s v%d: %w", pub.Product, pub.Period, pub.Version, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write bulletin %s %s v%d: %w", pub.Product, pub.Period, pub.Version, err)
	}
	return nil
}

// parseBulletinTemplates parses the bulletin templates with the site
// layout (for the screen page and the shared snippets such as "chart").
func parseBulletinTemplates() (*template.Template, error) {
	funcs := template.FuncMap{"orDash": orDash, "weekdays": func() [7]string { return weekdays }}
	t, err := template.New("bulletin").Funcs(funcs).ParseFS(templateFS,
		"templates/layout.html", "templates/bulletin.html", "templates/bulletin_parts.html", "templates/bulletin_print.html")
	if err != nil {
		return nil, fmt.Errorf("bulletin templates: %w", err)
	}
	return t, nil
}

// LoadDocument reads the Document of a release version (dir/document.json).
func LoadDocument(dir string) (*report.Document, error) {
	p := filepath.Join(dir, DocumentName)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // integers stay exact
	var doc report.Document
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
			return nil, fmt.Errorf("parse %s line %d: %w", p, line, err)
		}
		return nil, fmt.Errorf("parse %s: %w", p, err)
	}
	return &doc, nil
}

// --- view -----------------------------------------------------------------

type bulletinView struct {
	Title, TitleEN     string
	Product            productLabel
	Period, PeriodDays string
	Bureau             string
	Draft, Print       bool
	Version            int
	Status, StatusEN   string
	Built, Published   string
	ApprovedBy         string
	Disclosure         string
	DisclosureEN       string
	Deadline           string
	Timeliness         string // 按时 / 逾期 / 尚未发布 / 无时限
	TimelinessEN       string
	TimelinessClass    string // on-time, late, pending, ""
	Summary            []string
	Sections           []bulletinSection
	Errata             []release.Erratum
	PrevVersion        int
	Completeness       []bulletinCompleteness
	Standards          string
	InputFiles         string
	Files              []bulletinFile
	Manifest           string // link, "" when the version has no manifest
	PrintHref          string
	ScreenHref         string
	ArchiveHref        string
	CSSHref            string // print.css
	HasCharts          bool
	Invalid            int // figures marked †
}

type productLabel struct{ ZH, EN string }

// productLabels of the catalogue (report product names).
func productLabelOf(p string) productLabel {
	switch p {
	case report.AirMonthly:
		return productLabel{"月度空气质量公报", "Monthly air quality bulletin"}
	case report.WaterMonthly:
		return productLabel{"月度水环境质量公报", "Monthly water quality bulletin"}
	case report.Quarterly:
		return productLabel{"季度环境质量公报", "Quarterly environmental quality bulletin"}
	}
	return productLabel{p, p}
}

// productOrder: catalogue products first, then any other name.
func productOrder(p string) int {
	switch p {
	case report.Quarterly:
		return 0
	case report.AirMonthly:
		return 1
	case report.WaterMonthly:
		return 2
	}
	return 3
}

type bulletinSection struct {
	ID, Title, TitleEN string
	Text               []string
	Tables             []bulletinTable
}

type bulletinTable struct {
	ID, Title, TitleEN string
	Columns            []bulletinColumn
	Rows               []bulletinRow
	Notes              []string
	Invalid            int
	Charts             []chartHTML // charts drawn from this table
}

type bulletinColumn struct {
	Header, HeaderEN, Unit string
	Num                    bool
}

type bulletinRow struct {
	Invalid bool
	Cells   []bulletinCell
}

type bulletinCell struct {
	Text    string // "" = missing (shown as —)
	Num     bool
	RowHead bool // the first text column: <th scope="row">
	Invalid bool
	Note    string
}

type bulletinCompleteness struct {
	Dataset, DatasetEN string
	Expected, Present  string
	Share              string
	Note               string
}

type bulletinFile struct {
	Name, Href, Size, SHA256 string
	Bytes                    int64
}

func newBulletinView(pub release.Publication, doc *report.Document, opt BulletinOptions, root string) (*bulletinView, error) {
	v := &bulletinView{
		Title: doc.Title, TitleEN: doc.TitleEN, Product: productLabelOf(doc.Product),
		Period: doc.Period, Bureau: doc.Bureau, Draft: opt.Draft, Print: opt.Print,
		Version: pub.Version, Summary: doc.Summary, Errata: pub.Errata,
		Standards:   strings.Join(doc.Meta.Standards, "、"),
		PrintHref:   "print.html",
		ScreenHref:  "index.html",
		ArchiveHref: root + "archive/index.html#" + pub.Product,
		CSSHref:     opt.AssetBase + "print.css",
	}
	if v.Title == "" {
		v.Title = v.Product.ZH + " " + doc.Period
	}
	if v.TitleEN == "" {
		v.TitleEN = v.Product.EN + ", " + doc.Period
	}
	if !doc.From.IsZero() && !doc.To.IsZero() {
		v.PeriodDays = doc.From.Format(time.DateOnly) + " 至 " + doc.To.Format(time.DateOnly)
	}
	if len(pub.Errata) > 0 && pub.Version > 1 {
		v.PrevVersion = pub.Version - 1
	}
	if len(doc.Meta.Standards) == 0 && len(pub.Standards) > 0 {
		v.Standards = strings.Join(pub.Standards, "、")
	}
	ids := doc.Meta.InputFiles
	if len(ids) == 0 {
		ids = pub.InputFiles
	}
	idText := make([]string, len(ids))
	for i, id := range ids {
		idText[i] = strconv.FormatInt(id, 10)
	}
	v.InputFiles = strings.Join(idText, ", ")

	switch {
	case pub.Status == release.Public && !opt.Draft:
		v.Status, v.StatusEN = "已公开", "Public"
	default:
		v.Status, v.StatusEN = "草稿（待审核，未公开）", "Draft (under review, not published)"
	}
	v.Built = fmtStamp(pub.BuiltAt)
	v.Published = fmtStamp(pub.PublishedAt)
	v.ApprovedBy = pub.ApprovedBy
	v.Disclosure, v.DisclosureEN = disclosureLabel(pub.Disclosure)
	v.Deadline = fmtStamp(pub.Deadline)
	switch {
	case pub.Deadline.IsZero():
		v.Timeliness, v.TimelinessEN = "无发布时限要求", "no deadline rule"
	case pub.PublishedAt.IsZero() || pub.Status != release.Public:
		v.Timeliness, v.TimelinessEN, v.TimelinessClass = "尚未发布", "not yet published", "pending"
	case pub.OnTime:
		v.Timeliness, v.TimelinessEN, v.TimelinessClass = "按时发布", "published on time", "on-time"
	default:
		v.Timeliness, v.TimelinessEN, v.TimelinessClass = "逾期发布", "published late", "late"
	}

	for _, c := range doc.Meta.Completeness {
		zh, en := datasetLabel(c.Dataset)
		bc := bulletinCompleteness{Dataset: zh, DatasetEN: en,
			Expected: strconv.FormatInt(c.Expected, 10), Present: strconv.FormatInt(c.Present, 10), Note: c.Note}
		if c.Expected > 0 {
			bc.Share = strconv.FormatFloat(c.Share*100, 'f', 1, 64) + "%"
		}
		v.Completeness = append(v.Completeness, bc)
	}

	chartW, chartH := "100%", "320px"
	if opt.Print {
		chartW, chartH = "170mm", "80mm" // A4 minus margins; drawn at the printed size
	}
	seenTables := map[string]bool{}
	for si, s := range doc.Sections {
		bs := bulletinSection{ID: s.ID, Title: s.Title, TitleEN: s.TitleEN, Text: s.Text}
		if bs.ID == "" {
			bs.ID = "s" + strconv.Itoa(si+1)
		}
		byTable := map[string]int{}
		for _, t := range s.Tables {
			if seenTables[t.ID] {
				return nil, fmt.Errorf("section %s: table id %q used twice", bs.ID, t.ID)
			}
			seenTables[t.ID] = true
			bt, err := newBulletinTable(t)
			if err != nil {
				return nil, fmt.Errorf("section %s: %w", bs.ID, err)
			}
			v.Invalid += bt.Invalid
			byTable[t.ID] = len(bs.Tables)
			bs.Tables = append(bs.Tables, bt)
		}
		for _, c := range s.Charts {
			i, ok := byTable[c.Table]
			if !ok {
				return nil, fmt.Errorf("section %s chart %s: no table %q in the section", bs.ID, c.ID, c.Table)
			}
			if len(s.Tables[i].Rows) == 0 {
				continue // the table says 暂无数据; an empty chart would only leave a blank box
			}
			id := "chart_" + chartSafe(bs.ID) + "_" + chartSafe(c.ID)
			ch, err := bulletinChart(id, root, chartW, chartH, c, s.Tables[i])
			if err != nil {
				return nil, fmt.Errorf("section %s: %w", bs.ID, err)
			}
			bs.Tables[i].Charts = append(bs.Tables[i].Charts, ch)
			v.HasCharts = true
		}
		v.Sections = append(v.Sections, bs)
	}

	for _, f := range pub.Files {
		v.Files = append(v.Files, bulletinFile{Name: f.Name, Href: opt.FilesBase + f.Name,
			Size: fmtSize(f.Size), SHA256: f.SHA256, Bytes: f.Size})
		if f.Name == ManifestName {
			v.Manifest = opt.FilesBase + f.Name
		}
	}
	if v.Manifest == "" && pub.Dir != "" {
		if _, err := os.Stat(filepath.Join(pub.Dir, ManifestName)); err == nil {
			v.Manifest = opt.FilesBase + ManifestName
		}
	}
	return v, nil
}

func newBulletinTable(t report.Table) (bulletinTable, error) {
	bt := bulletinTable{ID: t.ID, Title: t.Title, TitleEN: t.TitleEN, Notes: t.Notes}
	// The row header is the first text column that is not a code (not in
	// the key: the county, not its code), else the first text column.
	rowHead, firstText := -1, -1
	for i, c := range t.Columns {
		switch c.Type {
		case report.Text, report.Date, report.Int, report.Decimal, report.Percent:
		default:
			return bt, fmt.Errorf("table %s column %s: unknown type %q", t.ID, c.Key, c.Type)
		}
		num := c.Type == report.Int || c.Type == report.Decimal || c.Type == report.Percent
		bt.Columns = append(bt.Columns, bulletinColumn{Header: c.Header, HeaderEN: c.HeaderEN, Unit: c.Unit, Num: num})
		if c.Type == report.Text {
			if firstText < 0 {
				firstText = i
			}
			if rowHead < 0 && !slices.Contains(t.Key, c.Key) {
				rowHead = i
			}
		}
	}
	if rowHead < 0 {
		rowHead = firstText
	}
	for ri, r := range t.Rows {
		if len(r) != len(t.Columns) {
			return bt, fmt.Errorf("table %s row %d: %d cells for %d columns", t.ID, ri+1, len(r), len(t.Columns))
		}
		br := bulletinRow{Cells: make([]bulletinCell, len(r))}
		for ci, c := range r {
			col := t.Columns[ci]
			s, err := formatCell(c.Value, col)
			if err != nil {
				return bt, fmt.Errorf("table %s row %d column %s: %w", t.ID, ri+1, col.Key, err)
			}
			br.Cells[ci] = bulletinCell{Text: s, Num: bt.Columns[ci].Num, RowHead: ci == rowHead,
				Invalid: c.Invalid, Note: c.Note}
			if c.Invalid {
				br.Invalid = true
				bt.Invalid++
			}
		}
		bt.Rows = append(bt.Rows, br)
	}
	if bt.Invalid > 0 && !slices.ContainsFunc(bt.Notes, func(n string) bool { return strings.Contains(n, "†") }) {
		bt.Notes = append(slices.Clip(bt.Notes), "带 † 的数值未达到有效性要求，仅供参考（说明见该数值的提示）。")
	}
	return bt, nil
}

// formatCell formats a figure as the tables show it ("" when missing).
func formatCell(v any, col report.Column) (string, error) {
	if v == nil {
		return "", nil
	}
	switch col.Type {
	case report.Text, report.Date:
		switch x := v.(type) {
		case string:
			return x, nil
		case time.Time:
			return x.Format(time.DateOnly), nil
		case json.Number:
			return x.String(), nil
		}
		return fmt.Sprint(v), nil
	}
	f, ok := report.Number(v)
	if !ok {
		return "", fmt.Errorf("%v (%T) is not a number", v, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%v is not a finite number", f)
	}
	switch col.Type {
	case report.Int:
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				return strconv.FormatInt(i, 10), nil
			}
		}
		return strconv.FormatFloat(math.Round(f), 'f', 0, 64), nil
	case report.Decimal:
		return strconv.FormatFloat(f, 'f', max(col.Decimals, 0), 64), nil
	default: // Percent
		return percent(f, max(col.Decimals, 0)), nil
	}
}

// percent shows a share 0..1 as a percentage with d decimals. The share is
// formatted with d+2 decimals and the decimal point moved two places, so a
// share stored already rounded (0.857 for 85.7%) is shown exactly, with no
// binary rounding of share×100.
func percent(share float64, d int) string {
	s := strconv.FormatFloat(share, 'f', d+2, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	digits := intPart + frac[:2]
	rest := frac[2:]
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		digits = "0"
	}
	out := digits
	if rest != "" {
		out += "." + rest
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out + "%"
}

// chartValue is the charted value of a cell ("-" = missing): percentages
// are charted in percent.
func chartValue(c report.Cell, col report.Column) (string, error) {
	if c.Value == nil {
		return "-", nil
	}
	f, ok := report.Number(c.Value)
	if !ok {
		return "", fmt.Errorf("column %s: %v (%T) is not a number", col.Key, c.Value, c.Value)
	}
	if col.Type == report.Percent {
		return strings.TrimSuffix(percent(f, max(col.Decimals, 0)), "%"), nil
	}
	d := col.Decimals
	if col.Type == report.Int {
		d = 0
	}
	return strconv.FormatFloat(f, 'f', max(d, 0), 64), nil
}

var bulletinColors = []string{"#2F6DB5", "#E07B24", "#3C9A5F", "#8E5BB5", "#C0392B", "#7F8C8D"}

// bulletinChart draws chart c from table t (bar, line or pie). Invalid
// figures are grey in bar charts and named in the caption.
func bulletinChart(id, root, width, height string, c report.Chart, t report.Table) (chartHTML, error) {
	colIdx := func(key string) (int, error) {
		for i, col := range t.Columns {
			if col.Key == key {
				return i, nil
			}
		}
		return 0, fmt.Errorf("chart %s: table %s has no column %q", c.ID, t.ID, key)
	}
	xi, err := colIdx(c.X)
	if err != nil {
		return chartHTML{}, err
	}
	if len(c.Series) == 0 {
		return chartHTML{}, fmt.Errorf("chart %s: no series", c.ID)
	}
	var si []int
	for _, k := range c.Series {
		i, err := colIdx(k)
		if err != nil {
			return chartHTML{}, err
		}
		col := t.Columns[i]
		if col.Type != report.Int && col.Type != report.Decimal && col.Type != report.Percent {
			return chartHTML{}, fmt.Errorf("chart %s: series column %s is %s, not a number", c.ID, k, col.Type)
		}
		si = append(si, i)
	}
	cats := make([]string, len(t.Rows))
	for r, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return chartHTML{}, fmt.Errorf("chart %s: table %s row %d: %d cells for %d columns", c.ID, t.ID, r+1, len(row), len(t.Columns))
		}
		s, err := formatCell(row[xi].Value, t.Columns[xi])
		if err != nil {
			return chartHTML{}, fmt.Errorf("chart %s: table %s row %d: %w", c.ID, t.ID, r+1, err)
		}
		cats[r] = orDash(s)
	}
	seriesName := func(i int) string {
		col := t.Columns[i]
		n := col.Header
		if col.HeaderEN != "" {
			n += " " + col.HeaderEN
		}
		switch {
		case col.Type == report.Percent:
			n += " (%)"
		case col.Unit != "":
			n += " (" + col.Unit + ")"
		}
		return n
	}
	invalid := 0
	grey := &opts.ItemStyle{Color: "#9E9E9E"}
	switch c.Kind {
	case "bar":
		// Many or long categories: horizontal bars, every name readable.
		longest := 0
		for _, c := range cats {
			longest = max(longest, utf8.RuneCountInString(c))
		}
		horizontal := len(t.Rows) > 8 || longest > 5
		labelPos := "top"
		h := height
		if horizontal {
			h = fmt.Sprintf("%dpx", max(200, 60+24*len(t.Rows)))
			labelPos = "right"
		}
		every := &opts.AxisLabel{Interval: "0"}
		bar := charts.NewBar()
		gopts := append(baseOpts(chartInitSized(id, root, width, h), len(si) > 1),
			charts.WithColorsOpts(opts.Colors(bulletinColors)))
		if horizontal {
			gopts = append(gopts, charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
				charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: every}))
		} else {
			gopts = append(gopts, charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: every}),
				charts.WithYAxisOpts(opts.YAxis{Type: "value"}))
		}
		bar.SetGlobalOptions(gopts...)
		bar.SetXAxis(cats)
		for _, i := range si {
			data := make([]opts.BarData, len(t.Rows))
			for r, row := range t.Rows {
				val, err := chartValue(row[i], t.Columns[i])
				if err != nil {
					return chartHTML{}, fmt.Errorf("chart %s: table %s row %d: %w", c.ID, t.ID, r+1, err)
				}
				data[r] = opts.BarData{Name: cats[r], Value: val}
				if row[i].Invalid {
					data[r].ItemStyle = grey
					invalid++
				}
			}
			bar.AddSeries(seriesName(i), data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(si) == 1), Position: labelPos}),
				charts.WithBarChartOpts(opts.BarChart{BarWidth: "50%"}))
		}
		if horizontal {
			bar.XYReversal()
		}
		return captioned(snippet(id, bar))(c, invalid, "（灰色为未达到有效性要求的数值）", " (grey: not valid)")
	case "line":
		line := charts.NewLine()
		line.SetGlobalOptions(append(baseOpts(chartInitSized(id, root, width, height), true),
			charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
			charts.WithColorsOpts(opts.Colors(bulletinColors)))...)
		line.SetXAxis(cats)
		for _, i := range si {
			data := make([]opts.LineData, len(t.Rows))
			for r, row := range t.Rows {
				val, err := chartValue(row[i], t.Columns[i])
				if err != nil {
					return chartHTML{}, fmt.Errorf("chart %s: table %s row %d: %w", c.ID, t.ID, r+1, err)
				}
				data[r] = opts.LineData{Value: val}
				if row[i].Invalid {
					data[r].Symbol, data[r].SymbolSize = "triangle", 11
					invalid++
				}
			}
			line.AddSeries(seriesName(i), data)
		}
		return captioned(snippet(id, line))(c, invalid, "（三角形为未达到有效性要求的数值）", " (triangles: not valid)")
	case "pie":
		if len(si) != 1 {
			return chartHTML{}, fmt.Errorf("chart %s: a pie has one series, not %d", c.ID, len(si))
		}
		pie := charts.NewPie()
		pie.SetGlobalOptions(
			charts.WithInitializationOpts(chartInitSized(id, root, width, height)),
			charts.WithAnimation(false),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0"}),
			charts.WithColorsOpts(opts.Colors(bulletinColors)),
		)
		i := si[0]
		data := make([]opts.PieData, 0, len(t.Rows))
		for r, row := range t.Rows {
			val, err := chartValue(row[i], t.Columns[i])
			if err != nil {
				return chartHTML{}, fmt.Errorf("chart %s: table %s row %d: %w", c.ID, t.ID, r+1, err)
			}
			d := opts.PieData{Name: cats[r], Value: val}
			if row[i].Invalid {
				d.ItemStyle = grey
				invalid++
			}
			data = append(data, d)
		}
		pie.AddSeries(seriesName(i), data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}: {c}"}),
			charts.WithPieChartOpts(opts.PieChart{Radius: []string{"0", "62%"}, Center: []string{"50%", "56%"}}))
		return captioned(snippet(id, pie))(c, invalid, "（灰色为未达到有效性要求的数值）", " (grey: not valid)")
	}
	return chartHTML{}, fmt.Errorf("chart %s: unknown kind %q (bar, line, pie)", c.ID, c.Kind)
}

// captioned sets the caption of a rendered chart.
func captioned(ch chartHTML, err error) func(c report.Chart, invalid int, markZH, markEN string) (chartHTML, error) {
	return func(c report.Chart, invalid int, markZH, markEN string) (chartHTML, error) {
		if err != nil {
			return ch, err
		}
		ch.Caption, ch.CaptionEN = c.Title, c.TitleEN
		if invalid > 0 {
			ch.Caption += markZH
			ch.CaptionEN += markEN
		}
		return ch, nil
	}
}

func chartInitSized(id, root, width, height string) opts.Initialization {
	in := chartInit(id, root, height)
	in.Width = width
	return in
}

func fmtStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(store.CST).Format("2006-01-02 15:04")
}

func fmtSize(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1024*1024:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1024*1024), 'f', 1, 64) + " MB"
}

func disclosureLabel(d string) (zh, en string) {
	switch d {
	case release.Active:
		return d, "proactive disclosure"
	case release.OnRequest:
		return d, "disclosed on request"
	case release.Withheld:
		return d, "not disclosed"
	case "":
		return "—", ""
	}
	return d, ""
}

func datasetLabel(d string) (zh, en string) {
	switch d {
	case "air":
		return "环境空气", "Air"
	case "water":
		return "水环境", "Water"
	case "polluters":
		return "重点排污单位", "Key polluters"
	case "incidents":
		return "突发环境事件", "Incidents"
	}
	return d, d
}

// --- site -----------------------------------------------------------------

// bulletinPath is the site folder of a product-period.
func bulletinPath(product, period string) (string, error) {
	for _, s := range []string{product, period} {
		if !safeSegment(s) {
			return "", fmt.Errorf("bulletin %q %q: not a safe path segment", product, period)
		}
	}
	return "bulletins/" + product + "/" + period + "/", nil
}

func safeSegment(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// publicBulletin reports whether a version may appear on the public
// portal: approved or automatic (Public) and proactively disclosed (主动公开).
// Drafts, 依申请公开 and 不予公开 versions are never written into the site.
func publicBulletin(p release.Publication) bool {
	return p.Status == release.Public && (p.Disclosure == release.Active || p.Disclosure == "")
}

// loadReleases calls Options.Releases (nil = no bulletins).
func loadReleases(ctx context.Context, opt Options) ([]release.Publication, error) {
	if opt.Releases == nil {
		return nil, nil
	}
	pubs, err := opt.Releases(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the publication ledger: %w", err)
	}
	return pubs, nil
}

type bulletinIndexView struct {
	Products []bulletinIndexProduct
}

type bulletinIndexProduct struct {
	ZH, EN string
	Rows   []bulletinIndexRow
}

type bulletinIndexRow struct {
	Period, Title, TitleEN      string
	Href, PrintHref             string
	Version                     int
	Published, Status, StatusEN string
	Timeliness, TimelinessEN    string
	TimelinessClass, Deadline   string
	Errata, Invalid             int
	Disclosure, DisclosureEN    string
}

// buildBulletins writes, for every product-period, the newest public
// version: bulletins/<product>/<period>/index.html and print.html, the files
// of that version under v<N>/, and bulletins/index.html listing them.
func (s *site) buildBulletins() error {
	newest := map[[2]string]release.Publication{}
	for _, p := range s.pubs {
		if !publicBulletin(p) {
			continue
		}
		k := [2]string{p.Product, p.Period}
		if cur, ok := newest[k]; !ok || p.Version > cur.Version {
			newest[k] = p
		}
	}
	keys := make([][2]string, 0, len(newest))
	for k := range newest {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if productOrder(a[0]) != productOrder(b[0]) {
			return productOrder(a[0]) < productOrder(b[0])
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		return a[1] > b[1] // newest period first
	})
	var idx bulletinIndexView
	for _, k := range keys {
		pub := newest[k]
		row, err := s.bulletin(pub)
		if err != nil {
			return err
		}
		lbl := productLabelOf(pub.Product)
		if n := len(idx.Products); n == 0 || idx.Products[n-1].ZH != lbl.ZH {
			idx.Products = append(idx.Products, bulletinIndexProduct{ZH: lbl.ZH, EN: lbl.EN})
		}
		last := &idx.Products[len(idx.Products)-1]
		last.Rows = append(last.Rows, row)
	}
	return s.page("bulletins/index.html", "bulletin_index", "环境质量公报", "Environmental quality bulletins", "bulletins", false, idx)
}

// bulletin writes one product-period (screen page, printable page, files).
func (s *site) bulletin(pub release.Publication) (bulletinIndexRow, error) {
	var row bulletinIndexRow
	dir, err := bulletinPath(pub.Product, pub.Period)
	if err != nil {
		return row, err
	}
	doc, err := LoadDocument(pub.Dir)
	if err != nil {
		return row, fmt.Errorf("bulletin %s %s v%d: %w", pub.Product, pub.Period, pub.Version, err)
	}
	if doc.Product != pub.Product || doc.Period != pub.Period {
		return row, fmt.Errorf("bulletin %s %s v%d: %s is for %s %s", pub.Product, pub.Period, pub.Version,
			filepath.Join(pub.Dir, DocumentName), doc.Product, doc.Period)
	}
	if err := s.copyRelease(pub, dir+"v"+strconv.Itoa(pub.Version)+"/"); err != nil {
		return row, err
	}
	for _, print := range []bool{false, true} {
		p := dir + "index.html"
		if print {
			p = dir + "print.html"
		}
		opt := BulletinOptions{Print: print, AssetBase: s.root(p) + "assets/", Generated: s.now}
		if err := s.check(); err != nil {
			return row, err
		}
		f, _, err := s.create(p)
		if err != nil {
			return row, err
		}
		bw := bufio.NewWriter(f)
		if err := WriteBulletin(bw, pub, doc, opt); err != nil {
			f.Close()
			return row, err
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return row, fmt.Errorf("write %s: %w", p, err)
		}
		if err := s.finish(p, f); err != nil {
			return row, err
		}
		s.rep.Pages++
	}
	v, err := newBulletinView(pub, doc, BulletinOptions{AssetBase: defaultAssetBase}, "")
	if err != nil {
		return row, fmt.Errorf("bulletin %s %s v%d: %w", pub.Product, pub.Period, pub.Version, err)
	}
	rel := strings.TrimPrefix(dir, "bulletins/")
	if s.base != "" {
		rel = s.base + dir
	}
	row = bulletinIndexRow{Period: pub.Period, Title: v.Title, TitleEN: v.TitleEN,
		Href: rel + "index.html", PrintHref: rel + "print.html", Version: pub.Version,
		Published: v.Published, Status: v.Status, StatusEN: v.StatusEN, Timeliness: v.Timeliness, TimelinessEN: v.TimelinessEN,
		TimelinessClass: v.TimelinessClass, Deadline: v.Deadline, Errata: len(pub.Errata), Invalid: v.Invalid,
		Disclosure: v.Disclosure, DisclosureEN: v.DisclosureEN}
	return row, nil
}

// copyRelease puts the files of a version (and its manifest) into the site
// under dst, hard-linked when possible (a release version never changes
// once written), copied otherwise. Every file is checked against the size
// and SHA-256 of the ledger first, so a damaged release is never published.
func (s *site) copyRelease(pub release.Publication, dst string) error {
	names := make([]string, 0, len(pub.Files)+1)
	want := map[string]release.File{}
	for _, f := range pub.Files {
		names = append(names, f.Name)
		want[f.Name] = f
	}
	if _, ok := want[ManifestName]; !ok {
		if _, err := os.Stat(filepath.Join(pub.Dir, ManifestName)); err == nil {
			names = append(names, ManifestName)
		}
	}
	for _, name := range names {
		if !filepath.IsLocal(name) || strings.Contains(name, `\`) {
			return fmt.Errorf("release %s %s v%d: file name %q leaves the version folder", pub.Product, pub.Period, pub.Version, name)
		}
		src := filepath.Join(pub.Dir, filepath.FromSlash(name))
		if f, ok := want[name]; ok {
			if err := f.Check(pub.Dir); err != nil {
				return fmt.Errorf("release %s %s v%d: %w", pub.Product, pub.Period, pub.Version, err)
			}
		}
		p := dst + name
		full := filepath.Join(s.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("create %s: %w", p, err)
		}
		if err := os.Link(src, full); err == nil {
			s.rep.Files++
			continue
		}
		if err := s.copyFile(os.DirFS(pub.Dir), name, p); err != nil {
			return fmt.Errorf("release %s %s v%d: %w", pub.Product, pub.Period, pub.Version, err)
		}
	}
	return nil
}
