package publish

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/envdisclose/envdisclose/export"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// loadFixtures runs more fixture files (testdata/<name>) on st.
func loadFixtures(t *testing.T, st *store.Store, names ...string) {
	t.Helper()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB.ExecContext(t.Context(), string(b)); err != nil {
			t.Fatalf("load %s: %v", n, err)
		}
	}
}

// builtAll returns a store with the air, water and incident fixtures and
// one published build.
func builtAll(t *testing.T) (*store.Store, Report) {
	t.Helper()
	st := openFixture(t)
	loadFixtures(t, st, "fixture_water.sql", "fixture_incident.sql")
	rep, err := Build(t.Context(), st, Options{Now: now})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return st, rep
}

// checkGolden compares the built page p with testdata/golden (-update rewrites).
func checkGolden(t *testing.T, st *store.Store, p string) {
	t.Helper()
	got := readSite(t, st, p)
	golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -tags duckdb_arrow ./publish -run Golden -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", p, golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs from %s in length (%d vs %d lines)", p, golden, len(gl), len(wl))
	}
}

func TestWaterGolden(t *testing.T) {
	st, _ := builtAll(t)
	checkGolden(t, st, "water/2026-10.html")
}

func TestWaterMonthPage(t *testing.T) {
	st, rep := builtAll(t)
	if rep.WaterMonths != 3 || rep.WaterSites != 6 {
		t.Errorf("report = %+v, want 3 water months (2025-10 regions only) and 6 sites", rep)
	}
	page := readSite(t, st, "water/2026-10.html")
	for _, want := range []string{
		`2026年10月水环境质量月报`,
		`<table class="drinking">`,
		`<table class="water-dist">`, `<table class="water-ranking">`, `<table class="water-sites">`,
		`id="chart_water_classes_county"`, `id="chart_water_cwqi_county"`, `id="chart_water_classes_city"`,
		`<script type="application/json" id="chart_water_cwqi_county-option">`,
		`<script src="../assets/echarts.min.js" defer></script>`,
		`<td class="no">不达标`, // 正定水源地: class Ⅳ
		`总磷(0.30)`,           // its exceeding item and multiple
		`<td class="wclass wc6">劣Ⅴ类</td>`,
		`<td class="wclass wc4">Ⅳ类</td>`,
		`<td class="wclass wc5">中度污染`, // 石家庄市: 60 % Ⅰ–Ⅲ, 20 % 劣Ⅴ
		`<td class="num worse">&#43;5.8%</td>`, `<td class="num better">-6.1%</td>`,
		`洨河西仰陵`,          // current SCD2 name
		`民心河&lt;体育馆&gt;`, // escaped
		`<span class="invalid" title="监测项目不全，月评价无效">†</span>`, // W05 invalid
		`本月有 1 个断面监测项目不全`,
		`href="../data/water/2026-10-sites.csv"`, `href="../data/water/2026-10-drinking.csv"`,
		`href="../water/site/W03.html"`,
		`aria-current="page">水环境`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("water month page lacks %s", want)
		}
	}
	for _, bad := range []string{`洨河旧桥`, `民心河<体育馆>`} {
		if strings.Contains(page, bad) {
			t.Errorf("water month page shows %s", bad)
		}
	}
	// CWQI ranking order of the counties.
	tbl := page[strings.Index(page, `<table class="water-ranking">`):]
	last := -1
	for _, r := range []string{"平山县", "鹿泉区", "正定县", "长安区"} {
		i := strings.Index(tbl, ">"+r+"</th>")
		if i < last || i < 0 {
			t.Errorf("%s out of CWQI rank order", r)
		}
		last = i
	}
	// The index lists the months and the sites; the layout links it.
	idx := readSite(t, st, "water/index.html")
	for _, want := range []string{`href="../water/2026-10.html"`, `href="../water/2025-10.html"`, `href="../water/site/W06.html"`, `饮用水水源地`} {
		if !strings.Contains(idx, want) {
			t.Errorf("water index lacks %s", want)
		}
	}
	for _, p := range []string{"index.html", "ranking/city-2026-10.html", "incident/index.html"} {
		pg := readSite(t, st, p)
		if !strings.Contains(pg, `water/index.html"`) || !strings.Contains(pg, `incident/index.html"`) {
			t.Errorf("%s: no navigation entry for water / incidents", p)
		}
	}
}

var optionRE = regexp.MustCompile(`(?s)<script type="application/json" id="([^"]+)-option">(.*?)</script>`)

// chartOptions returns the chart options of a page by chart ID.
func chartOptions(t *testing.T, page string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, m := range optionRE.FindAllStringSubmatch(page, -1) {
		var o map[string]any
		if err := json.Unmarshal([]byte(m[2]), &o); err != nil {
			t.Fatalf("chart %s: %v", m[1], err)
		}
		out[m[1]] = o
	}
	return out
}

// markLines returns name -> yAxis of the markLines of the first series.
func markLines(t *testing.T, o map[string]any) map[string]float64 {
	t.Helper()
	series, _ := o["series"].([]any)
	if len(series) == 0 {
		t.Fatal("chart without series")
	}
	s0, _ := series[0].(map[string]any)
	ml, _ := s0["markLine"].(map[string]any)
	data, _ := ml["data"].([]any)
	out := map[string]float64{}
	for _, d := range data {
		m, _ := d.(map[string]any)
		name, _ := m["name"].(string)
		y, _ := m["yAxis"].(float64)
		out[name] = y
	}
	return out
}

func TestWaterSitePage(t *testing.T) {
	st, _ := builtAll(t)
	// W04: river, target Ⅳ: TP lines at the Ⅲ limit 0.2 and the Ⅳ limit 0.3.
	page := readSite(t, st, waterSitePath("W04"))
	charts := chartOptions(t, page)
	for _, id := range []string{"chart_water_ph", "chart_water_do", "chart_water_codmn", "chart_water_nh3n", "chart_water_tp"} {
		if _, ok := charts[id]; !ok {
			t.Errorf("W04: no chart %s", id)
		}
	}
	if got := markLines(t, charts["chart_water_tp"]); got["Ⅲ类"] != 0.2 || got["目标Ⅳ类"] != 0.3 {
		t.Errorf("W04 TP markLines = %v, want Ⅲ类 0.2 and 目标Ⅳ类 0.3", got)
	}
	if got := markLines(t, charts["chart_water_do"]); got["Ⅲ类下限"] != 5 || got["目标Ⅳ类下限"] != 3 {
		t.Errorf("W04 DO markLines = %v", got)
	}
	if got := markLines(t, charts["chart_water_ph"]); got["Ⅲ类下限"] != 6 || got["Ⅲ类上限"] != 9 {
		t.Errorf("W04 pH markLines = %v", got)
	}
	// W01 is a lake with target Ⅱ: lake TP limits.
	w01 := chartOptions(t, readSite(t, st, waterSitePath("W01")))
	if got := markLines(t, w01["chart_water_tp"]); got["Ⅲ类"] != 0.05 || got["目标Ⅱ类"] != 0.025 {
		t.Errorf("W01 TP markLines = %v, want lake limits", got)
	}
	for _, want := range []string{
		`洨河西仰陵水质`, `<table class="water-months">`, `<table class="water-samples">`,
		`2026-10-20 10:00`, `2026-09-05 10:00`,
		`氨氮(1.17)、总磷(0.94)`, // 20 Oct sample: NH3-N 3.255 vs 1.5, TP 0.583 vs 0.3 (target Ⅳ)
		`<td class="wclass wc6">劣Ⅴ类</td>`,
		`<td>氨氮</td>`, // item setting the class, by name
		`href="../../data/water/site/W04-samples.csv"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("W04 page lacks %s", want)
		}
	}
	// W06 meets Ⅲ in every sample: no exceedance.
	w06 := readSite(t, st, waterSitePath("W06"))
	if strings.Contains(w06[strings.Index(w06, `<table class="water-samples">`):], "(0.") {
		t.Error("W06 samples show an exceedance")
	}
}

func TestWaterCSV(t *testing.T) {
	st, _ := builtAll(t)
	recs := readCSV(t, st, "data/water/2026-10-sites.csv")
	if recs[0][3] != "断面名称(Section)" || recs[0][8] != "水质类别(Class)" {
		t.Fatalf("header = %q", recs[0])
	}
	rows, err := st.DB.QueryContext(t.Context(), `SELECT site_code, class_label, status, coalesce(exceeding_items, ''), cwqi, valid
		FROM water_site_month WHERE month = DATE '2026-10-01' ORDER BY county, site_code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 1
	for rows.Next() {
		var code, label, status, exc string
		var cwqi *float64
		var valid bool
		if err := rows.Scan(&code, &label, &status, &exc, &cwqi, &valid); err != nil {
			t.Fatal(err)
		}
		if i >= len(recs) {
			t.Fatal("CSV has fewer rows than the DB")
		}
		r := recs[i]
		i++
		if r[2] != code || r[8] != label || r[9] != status || r[11] != exc {
			t.Errorf("row %q, want %s %s %s %s", r, code, label, status, exc)
		}
		if (cwqi == nil) != (r[12] == "") {
			t.Errorf("%s: CWQI %q vs %v", code, r[12], cwqi)
		} else if cwqi != nil {
			f, err := strconv.ParseFloat(r[12], 64)
			if err != nil || math.Abs(f-*cwqi) > 0.00005 {
				t.Errorf("%s: CWQI %q vs %v", code, r[12], *cwqi)
			}
		}
		if want := map[bool]string{true: "有效", false: "无效"}[valid]; r[15] != want {
			t.Errorf("%s: validity %q, want %q", code, r[15], want)
		}
	}
	if i != len(recs) || i != 7 {
		t.Errorf("CSV rows %d, DB rows %d", len(recs)-1, i-1)
	}
	reg := readCSV(t, st, "data/water/2026-10-regions.csv")
	if len(reg) != 6 || reg[1][2] != "石家庄市" || reg[1][8] != "60.0" || reg[1][13] != "中度污染" {
		t.Errorf("regions CSV = %q", reg)
	}
	dr := readCSV(t, st, "data/water/2026-10-drinking.csv")
	if len(dr) != 4 {
		t.Errorf("drinking CSV has %d rows, want 3", len(dr)-1)
	}
	for _, r := range dr[1:] {
		if (r[2] == "W03") != (r[6] == "否") {
			t.Errorf("drinking CSV row %q", r)
		}
	}
	// The download page lists the water CSVs.
	dl := readSite(t, st, "data/index.html")
	for _, want := range []string{"water/2026-10-sites.csv", "water/2026-10-regions.csv", "water/site/W04-samples.csv",
		"water/site/W04-monthly.csv", "incident/2026-Q3-list.csv", "incident/2026-Q3-counties.csv", "incident/2026-Q3-types.csv"} {
		if !strings.Contains(dl, `href="../data/`+want+`"`) {
			t.Errorf("download page lacks %s", want)
		}
	}
}

// Only the air fixture (an air-only bureau) and a store with nothing at all:
// the build succeeds and the water and incident sections say so.
func TestWaterIncidentEmpty(t *testing.T) {
	check := func(t *testing.T, st *store.Store) {
		rep, err := Build(t.Context(), st, Options{Now: now})
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		if rep.WaterMonths != 0 || rep.WaterSites != 0 || rep.IncidentQuarters != 0 {
			t.Errorf("report = %+v", rep)
		}
		for _, p := range []string{"water/index.html", "incident/index.html"} {
			page := readSite(t, st, p)
			if !strings.Contains(page, `暂无数据<span class="en" lang="en">No data yet</span>`) {
				t.Errorf("%s does not say there is no data yet", p)
			}
		}
		if _, err := os.Stat(filepath.Join(st.SiteDir(), "data", "water")); err == nil {
			t.Error("CSV files for water written without data")
		}
	}
	t.Run("air only", func(t *testing.T) { check(t, openFixture(t)) })
	t.Run("nothing", func(t *testing.T) {
		fsys, err := envsql.FS("")
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(t.Context(), t.TempDir(), store.Options{SQL: fsys, Clock: now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		check(t, st)
	})
}

func TestGeneratedBanner(t *testing.T) {
	st, _ := builtAll(t)
	const banner = `本页部分数据为演示用生成数据`
	for p, want := range map[string]bool{
		"water/2026-10.html":                true, // W06 samples from a generated file
		"water/2026-09.html":                false,
		waterSitePath("W06"):                true,
		waterSitePath("W01"):                false,
		"incident/2026-Q2.html":             true, // INC-2026-000 from a generated file
		"incident/2026-Q3.html":             false,
		"ranking/city-2026-10.html":         false,
		"water/index.html":                  false, // the index tags the month instead
		"data/index.html":                   false,
		regionPath(regionID("city", "保定市")): false,
	} {
		page := readSite(t, st, p)
		if got := strings.Contains(page, banner) && strings.Contains(page, "Some data on this page are generated for the demo"); got != want {
			t.Errorf("%s: banner %v, want %v", p, got, want)
		}
	}
	if !strings.Contains(readSite(t, st, "water/index.html"), `演示数据`) {
		t.Error("water index does not tag the generated month")
	}
}

// The export datasets run through export.Run.
func TestWaterIncidentExports(t *testing.T) {
	st := openFixture(t)
	loadFixtures(t, st, "fixture_water.sql", "fixture_incident.sql")
	run := func(dataset, level, from, to string) [][]string {
		t.Helper()
		opt := export.Options{Dataset: dataset, Format: "csv", RegionLevel: level}
		if from != "" {
			opt.From = mustDay(t, from)
			opt.To = mustDay(t, to)
		}
		var buf bytes.Buffer
		n, err := export.Run(t.Context(), st, opt, &buf)
		if err != nil {
			t.Fatalf("%s: %v", dataset, err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", dataset, err)
		}
		if int64(len(recs)-1) != n {
			t.Errorf("%s: %d rows, Run says %d", dataset, len(recs)-1, n)
		}
		return recs
	}
	col := func(recs [][]string, name string) int {
		for i, h := range recs[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %q", name, recs[0])
		return -1
	}

	sites := run("water-site-monthly", "", "2026-10-01", "2026-10-31")
	if len(sites) != 7 {
		t.Fatalf("water-site-monthly October: %d rows, want 6", len(sites)-1)
	}
	for _, r := range sites[1:] {
		if r[col(sites, "site_code")] == "W04" && (r[col(sites, "site_name")] != "洨河西仰陵" || r[col(sites, "class_label")] != "劣Ⅴ" ||
			r[col(sites, "exceeding_items")] != "氨氮(1.07)、总磷(0.85)" || r[col(sites, "month")] != "2026-10") {
			t.Errorf("W04 row %q", r)
		}
	}
	if all := run("water-site-monthly", "", "", ""); len(all) != 13 {
		t.Errorf("water-site-monthly unbounded: %d rows, want 12", len(all)-1)
	}
	counties := run("water-region-monthly", "county", "2026-09-15", "2026-10-31")
	if len(counties) != 9 {
		t.Errorf("water-region-monthly county Sep–Oct: %d rows, want 8", len(counties)-1)
	}
	city := run("water-region-monthly", "city", "2026-10-01", "2026-10-31")
	if len(city) != 2 || city[1][col(city, "region")] != "石家庄市" || city[1][col(city, "share_1_3")] != "60.0" {
		t.Errorf("water-region-monthly city = %q", city)
	}
	q3 := run("incidents-quarterly", "", "2026-07-01", "2026-09-30")
	total := 0
	for _, r := range q3[1:] {
		if r[col(q3, "quarter")] != "2026-Q3" {
			t.Errorf("row of another quarter: %q", r)
		}
		n, _ := strconv.Atoi(r[col(q3, "count")])
		total += n
	}
	if total != 5 {
		t.Errorf("incidents-quarterly Q3: %d incidents, want 5", total)
	}
	all := run("incidents-quarterly", "", "", "")
	var b strings.Builder
	for _, r := range all {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	for _, raw := range rawIncidentText {
		if strings.Contains(b.String(), raw) {
			t.Errorf("incidents-quarterly export contains %q", raw)
		}
	}
}

func TestWaterClassContrast(t *testing.T) {
	lum := func(hex string) float64 {
		v, err := strconv.ParseUint(hex[1:], 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		ch := func(c uint64) float64 {
			x := float64(c) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(v>>16) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
	}
	css := readAsset(t, "assets/style.css")
	for _, c := range waterClasses() {
		a, b := lum(c.Color), lum(c.Ink)
		if ratio := (max(a, b) + 0.05) / (min(a, b) + 0.05); ratio < 4.5 {
			t.Errorf("class %s: contrast %.2f < 4.5", c.Label, ratio)
		}
		rule := ".wc" + strconv.Itoa(c.N) + " { background: " + c.Color + " !important; color: "
		if !strings.Contains(css, rule) {
			t.Errorf("style.css lacks %s…", rule)
		}
	}
}

func readAsset(t *testing.T, p string) string {
	t.Helper()
	b, err := assetFS.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
