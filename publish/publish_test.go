package publish

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixedNow is the build time of every test build (CST).
var fixedNow = time.Date(2026, 11, 1, 10, 0, 0, 0, store.CST)

func now() time.Time { return fixedNow }

// openFixture opens a fresh data directory with testdata/fixture.sql loaded.
func openFixture(t *testing.T) *store.Store {
	t.Helper()
	ctx := t.Context()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, t.TempDir(), store.Options{SQL: fsys, Clock: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fixture, err := os.ReadFile("testdata/fixture.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.ExecContext(ctx, string(fixture)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return st
}

// built returns a store with one published build.
func built(t *testing.T) (*store.Store, Report) {
	t.Helper()
	st := openFixture(t)
	rep, err := Build(t.Context(), st, Options{Now: now})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return st, rep
}

func readSite(t *testing.T, st *store.Store, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(st.SiteDir(), filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGolden(t *testing.T) {
	st, _ := built(t)
	for _, p := range []string{"ranking/city-2026-10.html", "index.html", "station/1151A.html"} {
		got := readSite(t, st, p)
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -tags duckdb_arrow ./publish -run TestGolden -update)", err)
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
}

// Two builds of the same data are identical (stable chart IDs, no map order).
func TestDeterministic(t *testing.T) {
	st, _ := built(t)
	first := readSite(t, st, "ranking/city-2026-10.html")
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	if second := readSite(t, st, "ranking/city-2026-10.html"); first != second {
		t.Fatal("two builds of the same data differ")
	}
}

func TestRankingPage(t *testing.T) {
	st, rep := built(t)
	if rep.Rankings != 5 || rep.Stations != 7 || rep.Regions != 6 {
		t.Errorf("report = %+v", rep)
	}
	page := readSite(t, st, "ranking/city-2026-10.html")
	for _, want := range []string{
		`<table class="ranking">`,
		`id="chart_ranking"`, // go-echarts container
		`<script type="application/json" id="chart_ranking-option">`, // its option
		`<script src="../assets/echarts.min.js" defer></script>`,     // our own copy
		`<script src="../assets/charts.js" defer></script>`,
		`2026年10月城市环境空气质量排名`,
		`综合指数`, `优良天数比例`, `同比变化`,
		`<td class="num ci">3.62</td>`, // 南京市 3.6150 -> 3.62 (2 decimals)
		`有效天数不足27天（26天），月统计无效`,         // the validity note, visible
		`<span class="invalid" title="有效天数不足27天（26天），月统计无效">†</span>`,
		`href="../data/ranking/city-2026-10.csv"`,
		`<td class="num better">-4.6%</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("ranking page lacks %s", want)
		}
	}
	// Rank order: 南京市, 苏州市, 石家庄市, then the unranked 保定市.
	order := []string{"南京市", "苏州市", "石家庄市", "保定市"}
	tbl := page[strings.Index(page, `<table class="ranking">`):]
	last := -1
	for _, r := range order {
		i := strings.Index(tbl, ">"+r+"</a>")
		if i < last {
			t.Errorf("%s out of rank order", r)
		}
		last = i
	}
	// Escaping: the current name of 1180A is 南门<新> (the closed SCD2
	// version 南门旧址 must not appear).
	home := readSite(t, st, "index.html")
	if !strings.Contains(home, "南门&lt;新&gt;") || strings.Contains(home, "南门<新>") {
		t.Error("station name not escaped on the home page")
	}
	if strings.Contains(home, "南门旧址") {
		t.Error("home page shows a closed station version")
	}
	if !strings.Contains(home, `<td class="aqi lv`) {
		t.Error("home page has no coloured AQI cell")
	}
	region := readSite(t, st, regionPath(regionID("city", "保定市")))
	for _, want := range []string{`<table class="calendar">`, `2026年10月`, `class="lv`, `is-invalid`, `id="chart_trend"`} {
		if !strings.Contains(region, want) {
			t.Errorf("region page lacks %s", want)
		}
	}
	station := readSite(t, st, stationPath("1051A"))
	for _, want := range []string{`id="chart_24h"`, `2026-11-01 09:00`, `<td class="num">—</td>`} {
		if !strings.Contains(station, want) {
			t.Errorf("station page lacks %s", want)
		}
	}
}

var (
	scriptSrc = regexp.MustCompile(`<script[^>]*\ssrc="([^"]*)"`)
	linkHref  = regexp.MustCompile(`<link[^>]*\shref="([^"]*)"`)
)

// No page loads anything from another host: every script and stylesheet is
// a relative path inside the site, and the files exist.
func TestNoCDN(t *testing.T) {
	st, _ := built(t)
	site := st.SiteDir()
	n := 0
	err := filepath.WalkDir(site+"/", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		page := string(b)
		if strings.Contains(page, "go-echarts.github.io") || strings.Contains(page, "cdn") {
			t.Errorf("%s mentions a CDN", p)
		}
		refs := append(scriptSrc.FindAllStringSubmatch(page, -1), linkHref.FindAllStringSubmatch(page, -1)...)
		for _, m := range refs {
			src := m[1]
			if strings.Contains(src, "//") || strings.HasPrefix(src, "http") {
				t.Errorf("%s loads %s from another host", p, src)
				continue
			}
			if strings.HasPrefix(src, "/") {
				src = filepath.Join(site, src)
			} else {
				src = filepath.Join(filepath.Dir(p), src)
			}
			if _, err := os.Stat(src); err != nil {
				t.Errorf("%s references missing %s", p, m[1])
			}
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d pages", n)
	}
	js := readSite(t, st, "assets/echarts.min.js")
	if len(js) < 100000 || !strings.Contains(js[:2000], "echarts") {
		t.Error("assets/echarts.min.js is not the echarts library")
	}
}

// readCSV parses a CSV download back: UTF-8 with BOM.
func readCSV(t *testing.T, st *store.Store, p string) [][]string {
	t.Helper()
	b := []byte(readSite(t, st, p))
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("%s has no UTF-8 BOM", p)
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return recs
}

func TestCSVMatchesDB(t *testing.T) {
	st, _ := built(t)
	recs := readCSV(t, st, "data/ranking/city-2026-10.csv")
	if recs[0][2] != "地区(Region)" || recs[0][4] != "综合指数(Composite index)" {
		t.Fatalf("header = %q", recs[0])
	}
	rows, err := st.DB.QueryContext(t.Context(), `SELECT region, rank, province, composite_index, pm25, co_p95, good_ratio, change_pct, valid, coalesce(validity_note, '')
		FROM air_region_month WHERE region_level = 'city' AND month = DATE '2026-10-01'
		ORDER BY rank NULLS LAST, composite_index`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 1
	for rows.Next() {
		var region, province, note string
		var rank *int64
		var ci, pm25, co, good float64
		var change *float64
		var valid bool
		if err := rows.Scan(&region, &rank, &province, &ci, &pm25, &co, &good, &change, &valid, &note); err != nil {
			t.Fatal(err)
		}
		if i >= len(recs) {
			t.Fatalf("CSV has %d rows, the DB more", len(recs)-1)
		}
		r := recs[i]
		i++
		if r[0] != "2026-10" || r[2] != region || r[3] != province {
			t.Errorf("row %d = %q, want %s %s", i, r, region, province)
		}
		wantRank := ""
		if rank != nil {
			wantRank = strconv.FormatInt(*rank, 10)
		}
		if r[1] != wantRank {
			t.Errorf("%s rank %q, want %q", region, r[1], wantRank)
		}
		for _, c := range []struct {
			got  string
			want float64
			tol  float64
		}{{r[4], ci, 0.005}, {r[5], pm25, 0.5}, {r[9], co, 0.05}, {r[11], good, 0.05}} {
			f, err := strconv.ParseFloat(c.got, 64)
			if err != nil || math.Abs(f-c.want) > c.tol {
				t.Errorf("%s: CSV %q, DB %v", region, c.got, c.want)
			}
		}
		if (change == nil) != (r[13] == "") {
			t.Errorf("%s: change %q vs DB %v", region, r[13], change)
		}
		if want := map[bool]string{true: "有效", false: "无效"}[valid]; r[14] != want || r[15] != note {
			t.Errorf("%s: validity %q %q, want %q %q", region, r[14], r[15], want, note)
		}
	}
	if i != len(recs) || i != 5 {
		t.Errorf("CSV rows %d, DB rows %d", len(recs)-1, i-1)
	}
	// Every CSV listed on the download page opens and is linked.
	dl := readSite(t, st, "data/index.html")
	links := regexp.MustCompile(`href="([^"]+\.csv)"`).FindAllStringSubmatch(dl, -1)
	if len(links) < 20 {
		t.Fatalf("download page lists %d CSV files", len(links))
	}
	for _, m := range links {
		recs := readCSV(t, st, "data/"+m[1])
		if len(recs) == 0 {
			t.Errorf("%s is empty", m[1])
		}
	}
	// The station CSV carries the missing values as empty cells.
	srecs := readCSV(t, st, "data/station/1051A-24h.csv")
	if len(srecs) != 25 {
		t.Errorf("1051A: %d hourly rows, want 24", len(srecs)-1)
	}
}

func siteTarget(t *testing.T, st *store.Store) string {
	t.Helper()
	target, err := os.Readlink(st.SiteDir())
	if err != nil {
		t.Fatalf("site is not a symlink: %v", err)
	}
	return target
}

func builds(t *testing.T, st *store.Store) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(st.Dir, buildsDir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestFailedBuildKeepsOldSite(t *testing.T) {
	st, _ := built(t)
	target := siteTarget(t, st)
	index := readSite(t, st, "index.html")
	before := builds(t, st)

	// A failure after the whole new build was rendered, just before the swap.
	boom := os.ErrPermission
	_, err := Build(t.Context(), st, Options{Now: now, beforeSwap: func(string) error { return boom }})
	if err == nil {
		t.Fatal("Build succeeded")
	}
	if got := siteTarget(t, st); got != target {
		t.Errorf("site now points at %s, want %s", got, target)
	}
	if readSite(t, st, "index.html") != index {
		t.Error("index.html changed")
	}
	if got := builds(t, st); strings.Join(got, ",") != strings.Join(before, ",") {
		t.Errorf("builds %v, want %v (the failed one removed)", got, before)
	}

	// A failure reading the database.
	if _, err := st.DB.ExecContext(t.Context(), `ALTER TABLE air_region_month RENAME TO air_region_month_x`); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(t.Context(), st, Options{Now: now}); err == nil || !strings.Contains(err.Error(), "air_region_month") {
		t.Fatalf("Build = %v, want an air_region_month error", err)
	}
	if got := siteTarget(t, st); got != target {
		t.Errorf("site now points at %s, want %s", got, target)
	}

	// A cancelled build.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Build(ctx, st, Options{Now: now}); err == nil {
		t.Fatal("cancelled Build succeeded")
	}
	if got := builds(t, st); strings.Join(got, ",") != strings.Join(before, ",") {
		t.Errorf("builds %v, want %v", got, before)
	}
}

func TestKeepsTwoPreviousBuilds(t *testing.T) {
	st, _ := built(t)
	for range 4 {
		if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	pool := false
	for _, name := range builds(t, st) {
		if _, ok := buildSeq(name); ok {
			got = append(got, name)
		} else if name == poolName {
			pool = true
		}
	}
	if len(got) != 1+Keep { // the current one and Keep before it
		t.Fatalf("builds = %v, want %d", got, 1+Keep)
	}
	if cur := filepath.Base(siteTarget(t, st)); got[len(got)-1] != cur || !strings.HasPrefix(cur, "000005-") {
		t.Errorf("current build %s, builds %v", cur, got)
	}
	// The files of the two pruned builds went to the pool of free files
	// (recycle.go), where files are reused.
	if reuseFiles && (!pool || len(treeFiles(t, filepath.Join(st.Dir, buildsDir, poolName))) == 0) {
		t.Errorf("no files in the pool %s after two builds were pruned", poolName)
	}
}

// A plain directory at DATA/site (an older layout) is replaced by the link.
func TestReplacesPlainSiteDir(t *testing.T) {
	st := openFixture(t)
	if err := os.MkdirAll(st.SiteDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	siteTarget(t, st)
}

func TestMissingAssets(t *testing.T) {
	err := checkAssets(fstest.MapFS{"assets/vendor/README.md": {Data: []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), "run scripts/assets.sh") {
		t.Fatalf("checkAssets = %v", err)
	}
	if err := checkAssets(assetFS); err != nil {
		t.Fatalf("this test binary lacks the chart library: %v", err)
	}
}

func TestBaseURL(t *testing.T) {
	st := openFixture(t)
	if _, err := Build(t.Context(), st, Options{Now: now, BaseURL: "https://sthjj.example.gov.cn/air"}); err != nil {
		t.Fatal(err)
	}
	page := readSite(t, st, "ranking/city-2026-10.html")
	if !strings.Contains(page, `<script src="https://sthjj.example.gov.cn/air/assets/echarts.min.js" defer>`) {
		t.Error("BaseURL not used for assets")
	}
}

func TestHandler(t *testing.T) {
	st, _ := built(t)
	// A symlink inside the build pointing outside must not be followed.
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(st.SiteDir(), "escape.txt")); err != nil {
		t.Fatal(err)
	}
	h := Handler(st.SiteDir(), nil, nil)
	get := func(method, p string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/", nil)
		req.URL.Path = p // as sent, not cleaned by a mux
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, c := range []struct {
		path, ctype string
		code        int
		body        string
	}{
		{"/", "text/html; charset=utf-8", 200, "空气质量实时发布"},
		{"/index.html", "text/html; charset=utf-8", 200, "<table>"},
		{"/ranking/", "text/html; charset=utf-8", 200, "排名发布列表"},
		{"/ranking/city-2026-10.html", "text/html; charset=utf-8", 200, `<table class="ranking">`},
		{"/assets/echarts.min.js", "text/javascript; charset=utf-8", 200, "echarts"},
		{"/assets/style.css", "text/css; charset=utf-8", 200, ":root"},
		{"/data/ranking/city-2026-10.csv", "text/csv; charset=utf-8", 200, "\uFEFF月份"},
		{"/nope.html", "text/html; charset=utf-8", 404, "页面不存在"},
		{"/assets/", "text/html; charset=utf-8", 404, "页面不存在"},       // no listing
		{"/data/station/", "text/html; charset=utf-8", 404, "页面不存在"}, // no listing
		{"/../../../etc/passwd", "", 400, ""},
		{"/assets/../../" + filepath.Base(st.Dir) + "/envdisclose.duckdb", "", 400, ""},
		{"/..%2f..%2fetc/passwd", "", 404, ""},
		{"/escape.txt", "", 404, ""},
		{"/assets\\..\\..\\x", "", 400, ""},
	} {
		rec := get(http.MethodGet, c.path)
		if rec.Code != c.code {
			t.Errorf("GET %s = %d, want %d", c.path, rec.Code, c.code)
			continue
		}
		if c.ctype != "" && rec.Header().Get("Content-Type") != c.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", c.path, rec.Header().Get("Content-Type"), c.ctype)
		}
		if !strings.Contains(rec.Body.String(), c.body) {
			t.Errorf("GET %s: body lacks %q", c.path, c.body)
		}
		if strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("GET %s leaked a file outside the site", c.path)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", c.path)
		}
	}
	if rec := get(http.MethodGet, "/data"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/data/" {
		t.Errorf("GET /data = %d %q, want a redirect to data/", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(http.MethodPost, "/"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d", rec.Code)
	}
	if rec := get(http.MethodHead, "/index.html"); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD / = %d, %d bytes", rec.Code, rec.Body.Len())
	}
	// Not built yet.
	rec := httptest.NewRecorder()
	Handler(filepath.Join(t.TempDir(), "site"), nil, nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("unbuilt site = %d", rec.Code)
	}
}

// The handler follows the link per request: a rebuild is served at once.
func TestHandlerFollowsSwap(t *testing.T) {
	st, _ := built(t)
	srv := httptest.NewServer(Handler(st.SiteDir(), nil, nil))
	defer srv.Close()
	get := func() string {
		resp, err := http.Get(srv.URL + "/index.html")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if !strings.Contains(get(), "2026-11-01 10:00:00") {
		t.Fatal("first build not served")
	}
	later := func() time.Time { return fixedNow.Add(time.Hour) }
	if _, err := Build(t.Context(), st, Options{Now: later}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(get(), "2026-11-01 11:00:00") {
		t.Fatal("new build not served")
	}
}
