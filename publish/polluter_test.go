package publish

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/export"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/polluter"
)

// Enterprises of fixture_polluter.sql.
const (
	entPower  = "91640100MA0000001A" // 热电, so2 over on 10-05, older SCD2 name
	entSewage = "NX-002"             // 污水处理厂, no credit code, cod over the daily limit on 10-15
	entChem   = "91640100MA0000003C" // 化工, so2 over + M flags, pm outlet incomplete
	entCement = "91640100MA0000004D" // 水泥, stopped on 10-20, compliant
	entNoData = "NX-005"             // no outlets, no data
)

// withPolluters loads fixture_polluter.sql into st and runs the polluter
// transform over all of its days.
func withPolluters(t *testing.T, st *store.Store) {
	t.Helper()
	loadFixtures(t, st, "fixture_polluter.sql")
	if _, err := polluter.Run(t.Context(), st, polluter.Options{Full: true}); err != nil {
		t.Fatalf("polluter.Run: %v", err)
	}
}

// builtPolluters returns a store with the air and polluter fixtures and one build.
func builtPolluters(t *testing.T) *store.Store {
	t.Helper()
	st := openFixture(t)
	withPolluters(t, st)
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return st
}

func TestPolluterGolden(t *testing.T) {
	st := builtPolluters(t)
	checkGolden(t, st, "polluter/2026-10.html")
	checkGolden(t, st, polluterEntPath(entChem))
}

func TestPolluterMonthPage(t *testing.T) {
	st := builtPolluters(t)
	page := readSite(t, st, "polluter/2026-10.html")
	for _, want := range []string{
		`2026年10月重点排污单位超标情况`, `不达标企业名单`, `<table class="noncompliant">`,
		`id="chart_polluter_pollutants"`, `<script type="application/json" id="chart_polluter_pollutants-option">`,
		`<script src="../assets/echarts.min.js" defer></script>`,
		`<dt>名录企业数<span class="en" lang="en">Enterprises in the registry</span></dt><dd>5</dd>`,
		`<dt>有监测数据企业数<span class="en" lang="en">Enterprises monitored</span></dt><dd>4</dd>`,
		`<dt>有超标企业数<span class="en" lang="en">Enterprises with exceedances</span></dt><dd>3</dd>`,
		`宁夏&lt;示例&gt;&amp;化工有限公司`, // escaped
		`宁夏示例热电有限公司`,              // current SCD2 name
		`小时均值 35 mg/m³`, `日均值 50 mg/L`, `GB 18918-2002`,
		`<span class="invalid" title="有效监测天数不足25天（23天），仅供参考">†</span>`, // chem pm outlet
		`1 项的有效监测天数不足 25 天`,
		`href="../data/polluter/2026-10-noncompliant.csv"`,
		`href="../polluter/e/` + entChem + `.html"`,
		`aria-current="page">重点排污单位`,
		`企业名录为真实公开数据，监测数据为演示用生成数据`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("polluter month page lacks %s", want)
		}
	}
	if strings.Contains(page, "宁夏示例热电厂") || strings.Contains(page, "宁夏<示例>") {
		t.Error("month page shows an old SCD2 name or an unescaped name")
	}
	// Sorted by county, then enterprise: 兴庆区 (污水处理厂) before 灵武市 (化工, 热电).
	last := -1
	for _, want := range []string{`>兴庆区</th>`, `>银川市第一污水处理厂</a>`, `>灵武市</th>`, `>宁夏&lt;示例&gt;&amp;化工有限公司</a>`, `>宁夏示例热电有限公司</a>`} {
		i := strings.Index(page, want)
		if i < 0 || i < last {
			t.Errorf("%s missing or out of order", want)
		}
		last = i
	}
	// Exceedance hours by pollutant: so2 3 + 3, pm 1; cod only a daily exceedance.
	o := chartOptions(t, page)["chart_polluter_pollutants"]
	series := o["series"].([]any)[0].(map[string]any)["data"].([]any)
	if len(series) != 3 || series[0].(map[string]any)["value"].(float64) != 6 || series[0].(map[string]any)["name"] != "二氧化硫" {
		t.Errorf("pollutant chart data = %v", series)
	}
	sep := readSite(t, st, "polluter/2026-09.html")
	if strings.Contains(sep, "演示用生成数据") {
		t.Error("September (real data) shows the demo banner")
	}
	if !strings.Contains(sep, `>宁夏示例热电有限公司</a>`) || !strings.Contains(sep, `href="../polluter/2026-10.html"`) {
		t.Error("September page lacks the power plant or the month switch")
	}

	idx := readSite(t, st, "polluter/index.html")
	for _, want := range []string{`href="../polluter/2026-10.html"`, `href="../polluter/2026-09.html"`,
		`href="../polluter/e/NX-005.html"`, `暂无监测数据`, `>永宁县</th>`, `<td class="no">超标`, `<td class="yes">未超标`,
		`href="../data/polluter/enterprises.csv"`, `企业名录为真实公开数据，监测数据为演示用生成数据`} {
		if !strings.Contains(idx, want) {
			t.Errorf("polluter index lacks %s", want)
		}
	}
	for _, p := range []string{"index.html", "water/index.html", "data/index.html"} {
		if !strings.Contains(readSite(t, st, p), `polluter/index.html"`) {
			t.Errorf("%s: no navigation entry for the key polluters", p)
		}
	}
}

func TestPolluterEnterprisePage(t *testing.T) {
	st := builtPolluters(t)
	page := readSite(t, st, polluterEntPath(entChem))
	for _, want := range []string{
		`<h1>宁夏&lt;示例&gt;&amp;化工有限公司`, `<span class="code">91640100MA0000003C</span>`,
		`基础化学原料制造`, `91640100MA0000003C001P`, `大气环境重点排污单位`, `GB 16297-1996`,
		`焚烧炉排口`, `干燥车间排口`, `小时均值 ≤ 200 mg/m³（折算）`,
		`<table class="outlets">`, `<table class="polluter-days">`, `<table class="flags">`, `<table class="polluter-months">`,
		`2026-11-01 00:00 <span class="code">N</span>`, // latest value hour
		`可疑维护比例为 <strong>20.0%</strong>`, `本月有 5 个排放口小时标记为维护（M）`,
		`在线监控（监测）仪器仪表工作正常`, // flag N meaning (from the standards table)
		`id="chart_polluter_1"`, `id="chart_polluter_3"`,
		`href="../../data/polluter/e/` + entChem + `-daily-2026-10.csv"`,
		`href="../../data/polluter/e/` + entChem + `-hourly-2026-10.csv"`,
		`<span class="tag">演示数据<span lang="en"> demo</span></span>`,
		`企业名录为真实公开数据，监测数据为演示用生成数据`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("enterprise page lacks %s", want)
		}
	}
	charts := chartOptions(t, page)
	if len(charts) != 3 {
		t.Fatalf("%d charts, want 3 (outlet 01 so2, nox; outlet 02 pm)", len(charts))
	}
	// Chart 2 is outlet 01 so2 (limits sorted by pollutant: nox, so2).
	so2 := charts["chart_polluter_2"]
	if got := markLines(t, so2); got["小时均值限值"] != 200 {
		t.Errorf("so2 markLines = %v", got)
	}
	ser := so2["series"].([]any)
	if len(ser) != 2 {
		t.Fatalf("so2 chart has %d series, want line + exceedance points", len(ser))
	}
	pts := ser[1].(map[string]any)["data"].([]any)
	if len(pts) != 3 {
		t.Fatalf("so2 exceedance points = %v", pts)
	}
	if v := pts[1].(map[string]any)["value"].([]any); v[0] != "10-12 11:00" || v[1] != "300.0" {
		t.Errorf("second exceedance point = %v", v)
	}
	if n := len(ser[0].(map[string]any)["data"].([]any)); n != 31*24 {
		t.Errorf("so2 line has %d points, want one per hour of October", n)
	}
	// The page holds the month's hours only, not September's.
	if strings.Contains(page, "09-30 ") {
		t.Error("the enterprise page carries hours of another month")
	}
	if len(page) > 250_000 {
		t.Errorf("enterprise page is %d bytes", len(page))
	}

	sewage := readSite(t, st, polluterEntPath(entSewage))
	for _, want := range []string{`缺失或格式不符（原文：0）`, `日均值 ≤ 50 mg/L`, `超标（0.40）`, `2026-10-15`,
		`<span class="code">D</span>`, `故障<span class="en" lang="en">instrument fault</span>`} {
		if !strings.Contains(sewage, want) {
			t.Errorf("sewage plant page lacks %s", want)
		}
	}
	power := readSite(t, st, polluterEntPath(entPower))
	if !strings.Contains(power, "<h1>宁夏示例热电有限公司") || strings.Contains(power, "宁夏示例热电厂") {
		t.Error("power plant page does not show the current SCD2 name")
	}
	none := readSite(t, st, polluterEntPath(entNoData))
	if !strings.Contains(none, `暂无监测数据`) || strings.Contains(none, "演示用生成数据") || strings.Contains(none, "echarts.min.js") {
		t.Error("enterprise without data: wrong page")
	}
}

func TestPolluterCSV(t *testing.T) {
	st := builtPolluters(t)
	ctx := t.Context()
	recs := readCSV(t, st, "data/polluter/2026-10-noncompliant.csv")
	if recs[0][4] != "企业名称(Enterprise)" || recs[0][9] != "超标小时数(Exceedance hours)" {
		t.Fatalf("header = %q", recs[0])
	}
	rows, err := st.DB.QueryContext(ctx, `SELECT enterprise_id, outlet_code, pollutant, exceed_hours, exceed_days, max_multiple, limit_value
		FROM polluter_noncompliant_month WHERE month = DATE '2026-10-01' ORDER BY county NULLS LAST, enterprise_name, enterprise_id, outlet_code, pollutant`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 1
	for rows.Next() {
		var ent, out, pol string
		var hours, days int
		var mult, lim *float64
		if err := rows.Scan(&ent, &out, &pol, &hours, &days, &mult, &lim); err != nil {
			t.Fatal(err)
		}
		if i >= len(recs) {
			t.Fatal("CSV has fewer rows than the DB")
		}
		r := recs[i]
		i++
		if r[3] != ent || r[5] != out || r[7] != pol || r[9] != strconv.Itoa(hours) || r[10] != strconv.Itoa(days) {
			t.Errorf("row %q, want %s %s %s %d %d", r, ent, out, pol, hours, days)
		}
		checkFloat(t, r[11], mult, 0.005)
		checkFloat(t, r[12], lim, 0.00005)
	}
	if i != len(recs) || i != 5 {
		t.Errorf("CSV rows %d, DB rows %d, want 4", len(recs)-1, i-1)
	}

	// Enterprise month statistics vs polluter_month.
	ents := readCSV(t, st, "data/polluter/2026-10-enterprises.csv")
	var n int
	var sum int64
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*), sum(exceed_hours) FROM polluter_month WHERE month = DATE '2026-10-01'`).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	var csvSum int64
	for _, r := range ents[1:] {
		h, _ := strconv.ParseInt(r[6], 10, 64)
		csvSum += h
		if r[1] == entChem && (r[10] != "5" || r[11] != "1" || r[12] != "0.200") {
			t.Errorf("chem row %q: want 5 M/D/C hours, 1 near, share 0.200", r)
		}
	}
	if len(ents)-1 != n || csvSum != sum {
		t.Errorf("enterprises CSV: %d rows / %d hours, DB %d / %d", len(ents)-1, csvSum, n, sum)
	}

	// Hourly and daily CSVs of one enterprise vs the DB.
	hourly := readCSV(t, st, "data/polluter/e/"+entChem+"-hourly-2026-10.csv")
	var nh, nex int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE exceeds) FROM emission_hour_eval
		WHERE outlet_code LIKE '91640100MA0000003C-%' AND day BETWEEN DATE '2026-10-01' AND DATE '2026-10-31'`).Scan(&nh, &nex); err != nil {
		t.Fatal(err)
	}
	ex := 0
	for _, r := range hourly[1:] {
		if r[8] == "是" {
			ex++
		}
	}
	if len(hourly)-1 != nh || ex != nex || nex != 4 {
		t.Errorf("hourly CSV: %d rows / %d over, DB %d / %d (want 4 over)", len(hourly)-1, ex, nh, nex)
	}
	daily := readCSV(t, st, "data/polluter/e/"+entSewage+"-daily-2026-10.csv")
	drows, err := st.DB.QueryContext(ctx, `SELECT day, pollutant, mean_value, hours_valid, exceeds_daily FROM emission_day
		WHERE outlet_code = 'NX-002-01' AND day BETWEEN DATE '2026-10-01' AND DATE '2026-10-31' ORDER BY pollutant, day`)
	if err != nil {
		t.Fatal(err)
	}
	defer drows.Close()
	i = 1
	for drows.Next() {
		var day time.Time
		var pol string
		var mean *float64
		var valid int
		var exc *bool
		if err := drows.Scan(&day, &pol, &mean, &valid, &exc); err != nil {
			t.Fatal(err)
		}
		r := daily[i]
		i++
		if r[0] != fmtDay(day) || r[2] != pol || r[7] != strconv.Itoa(valid) {
			t.Errorf("daily row %q, want %s %s %d", r, fmtDay(day), pol, valid)
		}
		checkFloat(t, r[4], mean, 0.05)
		if (exc != nil && *exc) != (r[11] == "是") {
			t.Errorf("daily row %q: exceeds %v", r, exc)
		}
	}
	if i != len(daily) || i != 63 {
		t.Errorf("daily CSV has %d rows, DB %d (want 62)", len(daily)-1, i-1)
	}

	// The download page lists the polluter CSVs.
	dl := readSite(t, st, "data/index.html")
	for _, want := range []string{"polluter/2026-10-noncompliant.csv", "polluter/2026-10-enterprises.csv", "polluter/enterprises.csv",
		"polluter/e/" + entChem + "-hourly-2026-10.csv", "polluter/e/" + entChem + "-flags-2026-10.csv",
		"polluter/e/" + entChem + "-outlets.csv", "polluter/e/" + entChem + "-monthly.csv"} {
		if !strings.Contains(dl, `href="../data/`+want+`"`) {
			t.Errorf("download page lacks %s", want)
		}
	}
}

func checkFloat(t *testing.T, s string, want *float64, tol float64) {
	t.Helper()
	if (want == nil) != (s == "") {
		t.Errorf("CSV value %q, DB %v", s, want)
		return
	}
	if want == nil {
		return
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Abs(f-*want) > tol {
		t.Errorf("CSV value %q, DB %v", s, *want)
	}
}

// Empty polluter tables: the build succeeds and the index says so.
func TestPolluterEmpty(t *testing.T) {
	check := func(t *testing.T, st *store.Store) {
		if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
			t.Fatalf("Build: %v", err)
		}
		page := readSite(t, st, "polluter/index.html")
		if !strings.Contains(page, `暂无数据<span class="en" lang="en">No data yet</span>`) {
			t.Error("polluter index does not say there is no data yet")
		}
		if _, err := os.Stat(filepath.Join(st.SiteDir(), "data", "polluter")); err == nil {
			t.Error("polluter CSV files written without data")
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
	// A registry without any monitoring results: index and enterprise pages, no month page.
	t.Run("registry only", func(t *testing.T) {
		st := openFixture(t)
		loadFixtures(t, st, "fixture_polluter.sql")
		if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
			t.Fatalf("Build: %v", err)
		}
		idx := readSite(t, st, "polluter/index.html")
		if !strings.Contains(idx, `href="../polluter/e/`+entChem+`.html"`) || strings.Contains(idx, "演示用生成数据") {
			t.Error("registry-only index")
		}
		if !strings.Contains(readSite(t, st, polluterEntPath(entChem)), "暂无监测数据") {
			t.Error("registry-only enterprise page")
		}
	})
}

func TestPolluterBanner(t *testing.T) {
	for _, c := range []struct {
		data, reg bool
		want      string
	}{
		{false, false, ""}, {false, true, ""},
		{true, false, "企业名录为真实公开数据，监测数据为演示用生成数据"},
		{true, true, "企业名录和监测数据均为演示用生成数据"},
	} {
		got := ""
		if n := polluterDemo(c.data, c.reg); n != nil {
			got = n.ZH
		}
		if got != c.want {
			t.Errorf("polluterDemo(%v, %v) = %q, want %q", c.data, c.reg, got, c.want)
		}
	}
	// A generated registry too: the banner says so.
	st := openFixture(t)
	withPolluters(t, st)
	if _, err := st.DB.ExecContext(t.Context(), `UPDATE file_ledger SET source = 'generated' WHERE file_id = 41`); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{
		"polluter/2026-10.html":    "企业名录和监测数据均为演示用生成数据",
		polluterEntPath(entChem):   "企业名录和监测数据均为演示用生成数据",
		"polluter/2026-09.html":    "",
		polluterEntPath(entNoData): "",
	} {
		page := readSite(t, st, p)
		has := strings.Contains(page, `<p class="demo" role="note"><strong>本页部分数据为演示用生成数据</strong>`)
		if has != (want != "") || (want != "" && !strings.Contains(page, want)) {
			t.Errorf("%s: banner %v, want %q", p, has, want)
		}
	}
}

func TestPolluterExport(t *testing.T) {
	st := openFixture(t)
	withPolluters(t, st)
	run := func(from, to string) [][]string {
		t.Helper()
		opt := export.Options{Dataset: "polluter-monthly", Format: "csv"}
		if from != "" {
			opt.From, opt.To = mustDay(t, from), mustDay(t, to)
		}
		var buf bytes.Buffer
		n, err := export.Run(t.Context(), st, opt, &buf)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(recs)-1) != n {
			t.Errorf("%d rows, Run says %d", len(recs)-1, n)
		}
		return recs
	}
	oct := run("2026-10-01", "2026-10-31")
	if len(oct) != 5 {
		t.Fatalf("October: %d rows, want 4 enterprises", len(oct)-1)
	}
	col := map[string]int{}
	for i, h := range oct[0] {
		col[h] = i
	}
	for _, r := range oct[1:] {
		if r[col["month"]] != "2026-10" || r[col["generated"]] != "true" {
			t.Errorf("row %q", r)
		}
		switch r[col["enterprise_id"]] {
		case entChem:
			if r[col["exceed_hours"]] != "4" || r[col["suspicious_mdc_share"]] != "0.2" || r[col["noncompliant_items"]] != "2" ||
				r[col["enterprise_name"]] != "宁夏<示例>&化工有限公司" {
				t.Errorf("chem row %q", r)
			}
		case entPower:
			if r[col["enterprise_name"]] != "宁夏示例热电有限公司" || r[col["exceed_hours"]] != "3" {
				t.Errorf("power row %q", r)
			}
		case entCement:
			if r[col["exceed_hours"]] != "0" || r[col["noncompliant_items"]] != "0" || r[col["exceeding"]] != "" {
				t.Errorf("cement row %q", r)
			}
		}
	}
	if sep := run("2026-09-01", "2026-09-30"); len(sep) != 5 || sep[1][col["generated"]] != "false" {
		t.Errorf("September: %q", sep)
	}
	if all := run("", ""); len(all) != 9 {
		t.Errorf("unbounded: %d rows, want 8", len(all)-1)
	}
}

// The real Ningxia roster with a generated month: the whole section builds,
// every enterprise has a page and the pages stay small. Skipped without
// the roster.
func TestPolluterRoster(t *testing.T) {
	dir := "/work/shared/data/real/polluters_ningxia"
	if _, err := os.Stat(filepath.Join(dir, polluter.RosterFile)); err != nil {
		t.Skip("no roster in " + dir)
	}
	// A store of its own: the air fixture's hand-written file ids would
	// collide with the ledger sequence.
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), t.TempDir(), store.Options{SQL: fsys, Clock: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := t.Context()
	if _, err := polluter.LoadRoster(ctx, st, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := polluter.Generate(ctx, st, polluter.GenOptions{Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := polluter.Run(ctx, st, polluter.Options{Full: true}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := Build(ctx, st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	t.Logf("build with the roster: %v", time.Since(start))
	var nEnt int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(DISTINCT enterprise_id) FROM enterprise`).Scan(&nEnt); err != nil {
		t.Fatal(err)
	}
	pages, err := filepath.Glob(filepath.Join(st.SiteDir(), "polluter", "e", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != nEnt || nEnt < 200 {
		t.Errorf("%d enterprise pages for %d enterprises", len(pages), nEnt)
	}
	largest := 0
	for _, p := range pages {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		largest = max(largest, int(fi.Size()))
	}
	t.Logf("largest enterprise page: %d bytes", largest)
	if keep := os.Getenv("ENVDISCLOSE_POLLUTER_KEEP"); keep != "" {
		if err := os.CopyFS(keep, os.DirFS(st.SiteDir())); err != nil {
			t.Log(err)
		}
	}
	if largest > 700_000 {
		t.Errorf("largest enterprise page is %d bytes", largest)
	}
	month := readSite(t, st, "polluter/2026-10.html")
	if !strings.Contains(month, "企业名录为真实公开数据，监测数据为演示用生成数据") || !strings.Contains(month, "<table class=\"noncompliant\">") {
		t.Error("roster month page lacks the banner or the list")
	}
}
