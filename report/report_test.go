package report

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"

	"github.com/envdisclose/envdisclose/store"
)

func TestParsePeriod(t *testing.T) {
	good := []struct{ product, period, from, to string }{
		{AirMonthly, "2026-10", "2026-10-01", "2026-10-31"},
		{WaterMonthly, "2024-02", "2024-02-01", "2024-02-29"},
		{Quarterly, "2026Q3", "2026-07-01", "2026-09-30"},
		{Quarterly, "2023Q1", "2023-01-01", "2023-03-31"},
	}
	for _, g := range good {
		p, err := ParsePeriod(g.product, g.period)
		if err != nil || date(p.From) != g.from || date(p.To) != g.to {
			t.Errorf("%s %s: %s..%s, %v; want %s..%s", g.product, g.period, date(p.From), date(p.To), err, g.from, g.to)
		}
	}
	bad := []struct{ product, period, want string }{
		{AirMonthly, "2026-13", "period 2026-13: want YYYY-MM"},
		{AirMonthly, "2026Q3", "period 2026Q3: want YYYY-MM"},
		{Quarterly, "2026-10", "period 2026-10: want YYYYQn"},
		{Quarterly, "2026Q5", "period 2026Q5: want YYYYQn"},
		{"weekly", "2026-10", `product "weekly"`},
	}
	for _, b := range bad {
		_, err := ParsePeriod(b.product, b.period)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s %s: error %v, want %q", b.product, b.period, err, b.want)
		}
	}
}

func TestPeriods(t *testing.T) {
	st := testStore(t)
	ctx := t.Context()
	air, err := Periods(ctx, st.DB, st.SQL, AirMonthly, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(air, ",") != "2023-01" {
		t.Errorf("air-monthly periods %v, want [2023-01]", air)
	}
	q, err := Periods(ctx, st.DB, st.SQL, Quarterly, testNow)
	if err != nil {
		t.Fatal(err)
	}
	// water 2022-2023 (generated) and 2026-02 (CNEMC snapshot), polluters 2023-01, incidents 2023
	want := "2022Q1,2022Q2,2022Q3,2022Q4,2023Q1,2023Q2,2023Q3,2023Q4,2026Q1"
	if strings.Join(q, ",") != want {
		t.Errorf("quarterly periods %v, want %s", q, want)
	}
	// A quarter is released only once its last hour (2023-04-01 00:00 CST) has passed.
	before := time.Date(2023, 3, 31, 15, 59, 0, 0, time.UTC) // 23:59 CST
	after := time.Date(2023, 3, 31, 16, 0, 0, 0, time.UTC)   // 04-01 00:00 CST
	for _, c := range []struct {
		now  time.Time
		last string
	}{{before, "2022Q4"}, {after, "2023Q1"}} {
		q, err := Periods(ctx, st.DB, st.SQL, Quarterly, c.now)
		if err != nil {
			t.Fatal(err)
		}
		if len(q) == 0 || q[len(q)-1] != c.last {
			t.Errorf("now %v: periods %v, want the last %s", c.now, q, c.last)
		}
	}
	if _, err := Periods(ctx, st.DB, st.SQL, "weekly", testNow); err == nil {
		t.Error("unknown product accepted")
	}
}

func buildDoc(t *testing.T, st *store.Store, product, period, level string) *Document {
	t.Helper()
	doc, err := Build(t.Context(), st.DB, st.SQL, product, period, Options{Bureau: "银川市生态环境局", Now: testNow, RegionLevel: level})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func findTable(t *testing.T, doc *Document, id string) Table {
	t.Helper()
	for _, s := range doc.Sections {
		for _, tb := range s.Tables {
			if tb.ID == id {
				return tb
			}
		}
	}
	t.Fatalf("no table %s", id)
	return Table{}
}

func colIndex(t *testing.T, tb Table, key string) int {
	t.Helper()
	for i, c := range tb.Columns {
		if c.Key == key {
			return i
		}
	}
	t.Fatalf("table %s: no column %s", tb.ID, key)
	return -1
}

// hj663 is the HJ 663 A.6 percentile, computed here independently of SQL.
func hj663(xs []float64, p float64) float64 {
	sort.Float64s(xs)
	k := 1 + float64(len(xs)-1)*p/100
	s := int(math.Floor(k))
	hi := min(s+1, len(xs))
	return xs[s-1] + (xs[hi-1]-xs[s-1])*(k-float64(s))
}

func openXLSX(t *testing.T, doc *Document) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func numFmtOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if s.CustomNumFmt == nil {
		return ""
	}
	return *s.CustomNumFmt
}

func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// The quarterly XLSX, checked against the database queried here on its own.
func TestQuarterlyXLSX(t *testing.T) {
	st := testStore(t)
	ctx := t.Context()
	doc := buildDoc(t, st, Quarterly, "2023Q1", "city")
	f := openXLSX(t, doc)

	sheets := f.GetSheetList()
	wantSheets := []string{"封面", "空气质量综合指数排名", "空气质量级别天数", "饮用水水源地达标情况", "地表水断面水质类别比例",
		"地表水水质类别构成", "城市水质指数排名", "超标排放企业名单", "突发环境事件按级别统计", "突发环境事件按区县统计", "突发环境事件按类型统计"}
	if strings.Join(sheets, ",") != strings.Join(wantSheets, ",") {
		t.Fatalf("sheets %v\nwant   %v", sheets, wantSheets)
	}

	// Cover: period, bureau, completeness of air = station-hours in air_hour.
	cover, err := f.GetRows("封面")
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range cover {
		text += strings.Join(r, "|") + "\n"
	}
	var airHours int64
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM air_hour
		WHERE time > TIMESTAMP '2023-01-01 00:00' AND time <= TIMESTAMP '2023-04-01 00:00'`).Scan(&airHours); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2023年第一季度环境质量公报", "报告期 Period|2023Q1", "发布机关 Bureau|银川市生态环境局",
		"环境空气 Air|4376160|" + strconv.FormatInt(airHours, 10), "GB3095-2012", "HJ633-2012", "GB3838-2002", "†"} {
		if !strings.Contains(text, want) {
			t.Errorf("cover lacks %q:\n%s", want, text)
		}
	}
	if airHours != 160518 {
		t.Errorf("air station-hours in 2023Q1: %d, want 160518 (the bundled sample)", airHours)
	}

	// Air ranking: headers, frozen panes, formats, the row of 银川 vs air_region_day.
	const sh = "空气质量综合指数排名"
	rank := findTable(t, doc, "air_ranking")
	if v, _ := f.GetCellValue(sh, "D1"); v != "综合指数" {
		t.Errorf("D1 = %q", v)
	}
	if v, _ := f.GetCellValue(sh, "E1"); v != "优良天数比例（%）" {
		t.Errorf("E1 = %q", v)
	}
	if v, _ := f.GetCellValue(sh, "F2"); v != "PM2.5 (μg/m³)" {
		t.Errorf("F2 = %q", v)
	}
	if v, _ := f.GetCellValue(sh, cellName(len(rank.Columns)+1, 1)); v != "有效性" {
		t.Errorf("validity header = %q", v)
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "A3" {
		t.Errorf("panes %+v, %v", panes, err)
	}
	if w, _ := f.GetColWidth(sh, "C"); w < 8 {
		t.Errorf("column C width %v", w)
	}
	iRegion, iProv := colIndex(t, rank, "region"), colIndex(t, rank, "province")
	row := -1
	for i, r := range rank.Rows {
		if r[iRegion].Value == "银川" && r[iProv].Value == "宁夏回族自治区" {
			row = i + 3
		}
	}
	if row < 0 {
		t.Fatal("银川 not in the air ranking")
	}
	var co, o3 []float64
	rows, err := st.DB.QueryContext(ctx, `SELECT pm25, pm10, so2, no2, co, o3_8h_max FROM air_region_day
		WHERE region_level = 'city' AND region = '银川' AND province = '宁夏回族自治区' AND valid
		  AND day BETWEEN DATE '2023-01-01' AND DATE '2023-03-31'`)
	if err != nil {
		t.Fatal(err)
	}
	var sums [4]float64
	n := 0
	for rows.Next() {
		var v [6]float64
		if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			t.Fatal(err)
		}
		for k := range 4 {
			sums[k] += v[k]
		}
		co = append(co, v[4])
		o3 = append(o3, v[5])
		n++
	}
	rows.Close()
	if n == 0 {
		t.Fatal("no valid region-days of 银川")
	}
	mean := func(k int) float64 { return math.RoundToEven(sums[k] / float64(n)) }
	coP95 := round8170(hj663(co, 95), 1)
	o3P90 := math.RoundToEven(hj663(o3, 90))
	// GB3095-2012 S values of the composite index
	wantCI := math.Round((mean(2)/60+mean(3)/40+mean(1)/70+mean(0)/35+coP95/4+o3P90/160)*100) / 100
	check := func(key string, want float64, fmtWant string) {
		t.Helper()
		cell := cellName(colIndex(t, rank, key)+1, row)
		got, err := strconv.ParseFloat(raw(t, f, sh, cell), 64)
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("%s %s = %v (%v), want %v", key, cell, got, err, want)
		}
		if nf := numFmtOf(t, f, sh, cell); nf != fmtWant {
			t.Errorf("%s %s number format %q, want %q", key, cell, nf, fmtWant)
		}
	}
	// January 2023 has 4 days: every figure of the quarter is invalid (†).
	check("pm25", mean(0), `0"†"`)
	check("co_p95", coP95, `0.0"†"`)
	check("o3_p90", o3P90, `0"†"`)
	check("composite_index", wantCI, `0.00"†"`)
	check("valid_days", float64(n), "0")
	if ct, _ := f.GetCellType(sh, cellName(colIndex(t, rank, "valid_days")+1, row)); ct == excelize.CellTypeSharedString || ct == excelize.CellTypeInlineString {
		t.Errorf("valid_days stored as text (%v)", ct)
	}
	gr := cellName(colIndex(t, rank, "good_ratio")+1, row)
	if nf := numFmtOf(t, f, sh, gr); nf != `0.0%"†"` {
		t.Errorf("good ratio format %q", nf)
	}
	if v, _ := f.GetCellValue(sh, cellName(len(rank.Columns)+1, row)); !strings.HasPrefix(v, "† 3个月中0个月达到月有效天数要求") {
		t.Errorf("validity cell %q", v)
	}
	if v, _ := f.GetCellValue(sh, cellName(colIndex(t, rank, "ci_change")+1, row)); v != "—" {
		t.Errorf("change without last year = %q, want —", v)
	}

	// Drinking water: compliant source-months vs water_site_month.
	var srcMonths, compliant int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE drinking_compliant) FROM water_site_month
		WHERE is_drinking_source AND valid AND month BETWEEN DATE '2023-01-01' AND DATE '2023-03-01'`).Scan(&srcMonths, &compliant); err != nil {
		t.Fatal(err)
	}
	dw, err := f.GetRows("饮用水水源地达标情况")
	if err != nil {
		t.Fatal(err)
	}
	gotEval, gotComp := 0, 0
	for _, r := range dw[2:] {
		if len(r) < 6 || r[0] == "" || !strings.HasPrefix(r[0], "YC-") {
			continue
		}
		e, _ := strconv.Atoi(r[4])
		c, _ := strconv.Atoi(r[5])
		gotEval += e
		gotComp += c
	}
	if srcMonths != 21 || gotEval != srcMonths || gotComp != compliant {
		t.Errorf("drinking source-months: sheet %d / %d compliant, database %d / %d (want 21 = 7 sources x 3 months)", gotEval, gotComp, srcMonths, compliant)
	}
	if v, _ := f.GetCellValue("饮用水水源地达标情况", "G1"); v != "达标率（%）" {
		t.Errorf("G1 = %q", v)
	}
	if nf := numFmtOf(t, f, "饮用水水源地达标情况", "G3"); nf != "0.0%" {
		t.Errorf("compliance format %q", nf)
	}

	// Key polluters: one row per enterprise, outlet and pollutant with an exceedance.
	var nNon int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT DISTINCT enterprise_id, outlet_code, pollutant
		FROM polluter_noncompliant_month WHERE month BETWEEN DATE '2023-01-01' AND DATE '2023-03-01')`).Scan(&nNon); err != nil {
		t.Fatal(err)
	}
	pr, _ := f.GetRows("超标排放企业名单")
	dataRows := 0
	for _, r := range pr[2:] {
		if len(r) > 8 && r[8] != "" {
			dataRows++
		}
	}
	if nNon == 0 || dataRows != nNon {
		t.Errorf("non-compliant rows: sheet %d, database %d", dataRows, nNon)
	}

	// Incidents: the county counts add up to the published records of the quarter.
	var nInc int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM incident_public
		WHERE occurred_at >= TIMESTAMP '2023-01-01' AND occurred_at < TIMESTAMP '2023-04-01'`).Scan(&nInc); err != nil {
		t.Fatal(err)
	}
	ir, _ := f.GetRows("突发环境事件按区县统计")
	sum := 0
	for _, r := range ir[2:] {
		if len(r) == 2 {
			v, err := strconv.Atoi(r[1])
			if err == nil {
				sum += v
			}
		}
	}
	if nInc == 0 || sum != nInc {
		t.Errorf("incidents by county sum to %d, database %d", sum, nInc)
	}
}

// An invalid figure is marked in the JSON and the XLSX, and the rows so
// marked are exactly the invalid region-months of the database.
func TestInvalidMarked(t *testing.T) {
	st := testStore(t)
	doc := buildDoc(t, st, AirMonthly, "2023-01", "province")
	var nInvalidDB int
	if err := st.DB.QueryRowContext(t.Context(), `SELECT count(*) FROM air_region_month
		WHERE region_level = 'province' AND month = DATE '2023-01-01' AND NOT valid AND composite_index IS NOT NULL`).Scan(&nInvalidDB); err != nil {
		t.Fatal(err)
	}
	rank := findTable(t, doc, "air_ranking")
	ici := colIndex(t, rank, "composite_index")
	nInvalid := 0
	for _, r := range rank.Rows {
		if r[ici].Value == nil && r[ici].Note == "" {
			t.Errorf("missing composite index without a note: %+v", r)
		}
		if r[ici].Invalid {
			nInvalid++
			if !strings.Contains(r[ici].Note, "有效天数") {
				t.Errorf("invalid note %q", r[ici].Note)
			}
		}
	}
	if nInvalidDB == 0 || nInvalid != nInvalidDB {
		t.Errorf("%d invalid composite indices, database has %d invalid province-months", nInvalid, nInvalidDB)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var back Document
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	c := back.Sections[0].Tables[0].Rows[0][ici]
	if !c.Invalid || c.Note == "" || !strings.Contains(buf.String(), `"invalid": true`) {
		t.Errorf("JSON cell %+v", c)
	}
	f := openXLSX(t, doc)
	cell := cellName(ici+1, 3)
	if nf := numFmtOf(t, f, "空气质量综合指数排名", cell); !strings.HasSuffix(nf, `"†"`) {
		t.Errorf("invalid cell %s number format %q lacks †", cell, nf)
	}
	id, _ := f.GetCellStyle("空气质量综合指数排名", cell)
	st2, _ := f.GetStyle(id)
	if len(st2.Fill.Color) == 0 {
		t.Errorf("invalid cell %s not shaded", cell)
	}
	if v, _ := f.GetCellValue("空气质量综合指数排名", cellName(len(rank.Columns)+1, 3)); !strings.HasPrefix(v, "† 有效天数") {
		t.Errorf("validity column %q", v)
	}
	if len(doc.Sections[0].Tables[0].Notes) == 0 || !strings.HasPrefix(doc.Sections[0].Tables[0].Notes[0], "†") {
		t.Error("table notes do not explain †")
	}
}

func TestParquet(t *testing.T) {
	st := testStore(t)
	doc := buildDoc(t, st, Quarterly, "2023Q1", "city")
	dir := t.TempDir()
	names, err := WriteParquet(dir, doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 10 {
		t.Errorf("%d parquet files: %v", len(names), names)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range doc.Sections {
		for _, tb := range s.Tables {
			p := filepath.Join(dir, Stem(doc)+"_"+tb.ID+".parquet")
			var n int
			if err := db.QueryRow(`SELECT count(*) FROM read_parquet(?)`, p).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != len(tb.Rows) {
				t.Errorf("%s: %d rows, table has %d", tb.ID, n, len(tb.Rows))
			}
		}
	}
	p := filepath.Join(dir, "quarterly_2023Q1_air_ranking.parquet")
	rows, err := db.Query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))`, p)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for rows.Next() {
		var c, ty string
		if err := rows.Scan(&c, &ty); err != nil {
			t.Fatal(err)
		}
		types[c] = ty
	}
	rows.Close()
	for c, want := range map[string]string{"rank": "BIGINT", "region": "VARCHAR", "composite_index": "DOUBLE",
		"composite_index_invalid": "BOOLEAN", "good_ratio": "DOUBLE", "valid_days": "BIGINT"} {
		if types[c] != want {
			t.Errorf("column %s: %q, want %s (all: %v)", c, types[c], want, types)
		}
	}
	if _, ok := types["region_invalid"]; ok {
		t.Error("a text column got an _invalid flag")
	}
	// Same figure as the database's monthly table for a valid check: the
	// good ratio is a share 0..1.
	var maxShare float64
	if err := db.QueryRow(`SELECT max(good_ratio) FROM read_parquet(?)`, p).Scan(&maxShare); err != nil {
		t.Fatal(err)
	}
	if maxShare <= 0 || maxShare > 1 {
		t.Errorf("good_ratio max %v, want a share in (0, 1]", maxShare)
	}
}

func TestCSV(t *testing.T) {
	st := testStore(t)
	doc := buildDoc(t, st, WaterMonthly, "2023-02", "county")
	dir := t.TempDir()
	names, err := WriteCSV(dir, doc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "water-monthly_2023-02_water_cwqi.csv"))
	if err != nil {
		t.Fatalf("%v (written: %v)", err, names)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if !strings.HasPrefix(lines[0], "\ufeff排名,省份,区县,水质指数(CWQI)") {
		t.Errorf("header %q", lines[0])
	}
	var n int
	if err := st.DB.QueryRowContext(t.Context(), `SELECT count(*) FROM water_region_month
		WHERE region_level = 'county' AND month = DATE '2023-02-01'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if len(lines)-1 != n || n == 0 {
		t.Errorf("%d data lines, database has %d county-months", len(lines)-1, n)
	}
	// The monthly CWQI equals the stored one rounded to 2 decimals.
	var first string
	var cwqi float64
	if err := st.DB.QueryRowContext(t.Context(), `SELECT region, cwqi FROM water_region_month
		WHERE region_level = 'county' AND month = DATE '2023-02-01' ORDER BY cwqi LIMIT 1`).Scan(&first, &cwqi); err != nil {
		t.Fatal(err)
	}
	if want := "1,宁夏回族自治区," + first + "," + strconv.FormatFloat(round8170(cwqi, 2), 'f', 2, 64) + ","; !strings.HasPrefix(lines[1], want) {
		t.Errorf("first row %q, want prefix %q", lines[1], want)
	}
}

// Golden documents: `go test -tags duckdb_arrow ./report/ -update` rewrites them.
func TestGoldenJSON(t *testing.T) {
	st := testStore(t)
	for _, g := range []struct{ product, period, level string }{
		{WaterMonthly, "2023-02", "county"},
		{AirMonthly, "2023-01", "province"},
	} {
		doc := buildDoc(t, st, g.product, g.period, g.level)
		var a, b bytes.Buffer
		if err := WriteJSON(&a, doc); err != nil {
			t.Fatal(err)
		}
		doc2 := buildDoc(t, st, g.product, g.period, g.level)
		if err := WriteJSON(&b, doc2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s %s: two builds differ", g.product, g.period)
		}
		p := filepath.Join("testdata", "golden", Stem(doc)+".json")
		if *update {
			if err := os.WriteFile(p, a.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run with -update to create)", err)
		}
		if !bytes.Equal(want, a.Bytes()) {
			t.Errorf("%s differs from the golden file; review with -update and git diff", p)
		}
	}
}

func TestArtifacts(t *testing.T) {
	st := testStore(t)
	doc := buildDoc(t, st, WaterMonthly, "2023-02", "city")
	dir := t.TempDir()
	names, err := Artifacts(dir, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != len(names) || len(names) != 2+2*4 {
		t.Errorf("%d files in dir, %d names: %v", len(ents), len(names), names)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	if _, err := Artifacts(dir, doc, []string{"docx"}); err == nil || !strings.Contains(err.Error(), `format "docx"`) {
		t.Errorf("bad format: %v", err)
	}
}
