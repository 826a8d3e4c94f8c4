package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/store"
)

func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, store.CST)
}

// releaseDir writes a release version the way the ledger does: document.json
// (the fixture), one CSV per table of the document and MANIFEST.sha256 in
// sha256sum format, into a fresh temp dir; it returns the dir and the files
// with their sizes and hashes.
func releaseDir(t *testing.T, fixture string) (string, []release.File, *report.Document) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "bulletin", fixture))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, DocumentName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := LoadDocument(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{DocumentName}
	for _, s := range doc.Sections {
		for _, tb := range s.Tables {
			var csv strings.Builder
			for i, c := range tb.Columns {
				if i > 0 {
					csv.WriteByte(',')
				}
				csv.WriteString(c.Header)
			}
			csv.WriteString("\r\n")
			for _, r := range tb.Rows {
				for i, c := range r {
					if i > 0 {
						csv.WriteByte(',')
					}
					if c.Value != nil {
						fmt.Fprint(&csv, c.Value)
					}
				}
				csv.WriteString("\r\n")
			}
			name := tb.ID + ".csv"
			if err := os.WriteFile(filepath.Join(dir, name), []byte(csv.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
		}
	}
	var files []release.File
	var manifest strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		files = append(files, release.File{Name: n, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifest.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, files, doc
}

// quarterlyV2 is the second public version of the Q3 bulletin, correcting
// three figures of version 1.
func quarterlyV2(t *testing.T) (release.Publication, *report.Document) {
	dir, files, doc := releaseDir(t, "quarterly-2026Q3.json")
	return release.Publication{
		Product: report.Quarterly, Period: "2026Q3", Version: 2, Status: release.Public, Disclosure: release.Active,
		BuiltAt: cst(2026, 10, 28, 14, 5), PublishedAt: cst(2026, 10, 28, 15, 0), ApprovedBy: "李明",
		Deadline: cst(2026, 10, 20, 23, 59), OnTime: true, Dir: dir, Files: files,
		Errata: []release.Erratum{
			{Table: "air_ranking", Row: "130121", Column: "ci", Label: "各县（市、区）环境空气质量综合指数排名 · 井陉县 · 综合指数", Old: "3.97", New: "3.93"},
			{Table: "air_ranking", Row: "130121", Column: "rank", Label: "各县（市、区）环境空气质量综合指数排名 · 井陉县 · 排名", Old: "7", New: "6"},
			{Table: "air_ranking", Row: "130125", Column: "rank", Label: "各县（市、区）环境空气质量综合指数排名 · 行唐县 · 排名", Old: "6", New: "7"},
		},
		Standards: doc.Meta.Standards, InputFiles: doc.Meta.InputFiles,
	}, doc
}

func TestBulletinPrintGolden(t *testing.T) {
	pub, doc := quarterlyV2(t)
	var buf bytes.Buffer
	if err := WriteBulletin(&buf, pub, doc, BulletinOptions{Print: true, Generated: fixedNow}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	golden := filepath.Join("testdata", "golden", "bulletin_quarterly-2026Q3_print.html")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -tags duckdb_arrow ./publish -run TestBulletinPrintGolden -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("printable bulletin differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("printable bulletin differs from %s in length (%d vs %d lines)", golden, len(gl), len(wl))
	}
}

var chartOption = regexp.MustCompile(`<script type="application/json" id="([^"]+)-option">(.*?)</script>`)

func TestBulletinPage(t *testing.T) {
	pub, doc := quarterlyV2(t)
	render := func(opt BulletinOptions) string {
		t.Helper()
		var buf bytes.Buffer
		if err := WriteBulletin(&buf, pub, doc, opt); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	page := render(BulletinOptions{Generated: fixedNow})
	print := render(BulletinOptions{Print: true, Generated: fixedNow})

	const note = "有效天数不足（第三季度仅 80 天有效，要求不少于 83 天），季统计无效"
	for name, p := range map[string]string{"screen": page, "print": print} {
		for _, want := range []string{
			`石家庄市2026年第三季度环境质量公报`, `石家庄市生态环境局`,
			`2026Q3（2026-07-01 至 2026-09-30）`,
			`第 2 版 <span lang="en">v2</span>`,
			`已公开 <span lang="en">Public</span>`,
			`2026-10-28 15:00（审核人：李明`,
			`主动公开 <span lang="en">proactive disclosure</span>`,
			`2026-10-20 23:59 · <strong class="timeliness on-time">按时发布</strong>`,
			// The invalid county: each figure carries † with its reason.
			`<td class="num">4.03<span class="invalid" title="` + note + `">†</span></td>`,
			`<td class="num">81.8%<span class="invalid" title="` + note + `">†</span></td>`,
			`<td class="num">-4.3%<span class="invalid" title="` + note + `">†</span></td>`,
			`<span title="统计无效，不参与排名">—</span>`,
			`<tr class="is-invalid">`,
			// Percent shares exactly as stored (0.667 → 66.7%, 1 → 100.0%).
			`<td class="num">66.7%</td>`, `<td class="num">100.0%</td>`,
			// Chinese header first, English second, unit.
			`<th scope="col" class="num">PM2.5 浓度<span class="unit">（μg/m³）</span><span class="en" lang="en">PM2.5</span></th>`,
			`<li>带 † 的数值未达到 HJ 663 的统计有效性要求（季度有效天数不少于 83 天），仅供参考。</li>`,
			// Errata old → new.
			`<h2 id="errata-h">勘误<span class="en" lang="en">Errata</span></h2>`,
			`<th scope="row">各县（市、区）环境空气质量综合指数排名 · 井陉县 · 综合指数</th><td class="num"><del>3.97</del> → <ins>3.93</ins></td>`,
			`更正了第 1 版中的以下 3 个数值`,
			// Downloads with size and sha256, manifest, archive.
			`<a href="v2/document.json" download>document.json</a>`,
			`<a href="v2/MANIFEST.sha256" download>`,
			`<code>` + pub.Files[1].SHA256 + `</code>`,
			`href="../../../archive/index.html#quarterly"`,
			`本公报有 5 个数值未达到有效性要求`,
		} {
			if !strings.Contains(p, want) {
				t.Errorf("%s page lacks %s", name, want)
			}
		}
		if strings.Contains(p, "草稿") || strings.Contains(p, "DRAFT") {
			t.Errorf("%s page of a public version shows a draft banner", name)
		}
		// Every charted figure is also in a table (nothing lost without JS).
		opts := chartOption.FindAllStringSubmatch(p, -1)
		if len(opts) != 8 {
			t.Errorf("%s page has %d charts, want 8 (one or two per section)", name, len(opts))
		}
		for _, m := range opts {
			var o struct {
				Series []struct {
					Data []struct {
						Name  string `json:"name"`
						Value any    `json:"value"`
					} `json:"data"`
				} `json:"series"`
			}
			if err := json.Unmarshal([]byte(m[2]), &o); err != nil {
				t.Fatalf("chart %s: %v", m[1], err)
			}
			for _, s := range o.Series {
				for _, d := range s.Data {
					v := fmt.Sprint(d.Value)
					if d.Name != "" && !strings.Contains(p, ">"+d.Name+"<") {
						t.Errorf("%s chart %s: category %s is in no table", name, m[1], d.Name)
					}
					if !strings.Contains(p, ">"+v+"<") && !strings.Contains(p, ">"+v+"%<") {
						t.Errorf("%s chart %s: value %s is in no table cell", name, m[1], v)
					}
				}
			}
		}
	}
	// Screen page: site layout with navigation; print page: none, A4 CSS.
	if !strings.Contains(page, `<nav aria-label="主导航 Main">`) || !strings.Contains(page, `<a href="print.html">打印版（A4）`) {
		t.Error("screen page lacks the site navigation or the link to the printable version")
	}
	if strings.Contains(print, `<nav aria-label="主导航 Main">`) {
		t.Error("printable page shows the site navigation")
	}
	for _, want := range []string{
		`<link rel="stylesheet" href="../../../assets/print.css">`,
		`<script src="../../../assets/echarts.min.js" defer></script>`,
		`style="width:170mm;height:80mm;"`, // charts drawn at paper size
		`<section class="bulletin-section" id="incidents"`,
	} {
		if !strings.Contains(print, want) {
			t.Errorf("printable page lacks %s", want)
		}
	}
	if strings.Count(print, `<section class="bulletin-section"`) != len(doc.Sections) {
		t.Errorf("printable page has %d sections, want %d", strings.Count(print, `<section class="bulletin-section"`), len(doc.Sections))
	}

	// Draft preview: banner, draft status, another asset base and files base.
	pub.Status = release.Draft
	pub.PublishedAt = time.Time{}
	draft := render(BulletinOptions{Draft: true, AssetBase: "/assets/", FilesBase: "/staff/drafts/quarterly/2026Q3/files/", Generated: fixedNow})
	for _, want := range []string{
		`<p class="draft-banner" role="alert"><strong>草稿 <span lang="en">DRAFT</span></strong>`,
		`草稿（待审核，未公开）`, `<strong class="timeliness pending">尚未发布</strong>`,
		`<link rel="stylesheet" href="/assets/style.css">`, `<link rel="stylesheet" href="/assets/print.css">`,
		`<a href="/staff/drafts/quarterly/2026Q3/files/document.json" download>`,
	} {
		if !strings.Contains(draft, want) {
			t.Errorf("draft page lacks %s", want)
		}
	}
	if err := WriteBulletin(&bytes.Buffer{}, pub, doc, BulletinOptions{AssetBase: "/static/"}); err == nil {
		t.Error("an AssetBase not ending in assets/ was accepted")
	}
}

// A late publication and documents that do not fit their tables.
func TestBulletinErrors(t *testing.T) {
	pub, doc := quarterlyV2(t)
	pub.OnTime = false
	var buf bytes.Buffer
	if err := WriteBulletin(&buf, pub, doc, BulletinOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<strong class="timeliness late">逾期发布</strong>`) {
		t.Error("a late publication is not marked 逾期发布")
	}
	bad := *doc
	bad.Sections = append([]report.Section(nil), doc.Sections...)
	bad.Sections[0].Charts = []report.Chart{{ID: "x", Kind: "bar", Table: "air_ranking", X: "county", Series: []string{"no_such"}}}
	err := WriteBulletin(&buf, pub, &bad, BulletinOptions{})
	if err == nil || !strings.Contains(err.Error(), `chart x: table air_ranking has no column "no_such"`) {
		t.Errorf("chart with an unknown column: err = %v", err)
	}
	bad.Sections[0].Charts = []report.Chart{{ID: "y", Kind: "radar", Table: "air_ranking", X: "county", Series: []string{"ci"}}}
	if err := WriteBulletin(&buf, pub, &bad, BulletinOptions{}); err == nil || !strings.Contains(err.Error(), `unknown kind "radar"`) {
		t.Errorf("chart of an unknown kind: err = %v", err)
	}
	bad.Sections[0].Charts = nil
	bad.Sections[0].Tables = append([]report.Table(nil), doc.Sections[0].Tables...)
	tb := bad.Sections[0].Tables[0]
	tb.Rows = append([][]report.Cell{tb.Rows[0][:3]}, tb.Rows[1:]...)
	bad.Sections[0].Tables[0] = tb
	if err := WriteBulletin(&buf, pub, &bad, BulletinOptions{}); err == nil || !strings.Contains(err.Error(), "table air_ranking row 1: 3 cells for 8 columns") {
		t.Errorf("short row: err = %v", err)
	}
	// A broken document.json names the file and line.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, DocumentName), []byte("{\n\"product\": \"quarterly\",\n\"period\": 2026Q3\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDocument(dir); err == nil || !strings.Contains(err.Error(), "document.json line 3") {
		t.Errorf("broken document.json: err = %v", err)
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		share float64
		d     int
		want  string
	}{{0.857, 1, "85.7%"}, {1, 1, "100.0%"}, {0.0405, 2, "4.05%"}, {-0.043, 1, "-4.3%"}, {0, 1, "0.0%"}, {0.5, 0, "50%"}, {0.005, 1, "0.5%"}} {
		if got := percent(c.share, c.d); got != c.want {
			t.Errorf("percent(%v, %d) = %s, want %s", c.share, c.d, got, c.want)
		}
	}
}

// siteReleases is the ledger of TestBulletinSite: Q3 v1 and v2 public,
// Q2 public, a monthly air bulletin published late, a monthly water bulletin
// still a draft, and one withheld (不予公开) version.
func siteReleases(t *testing.T) []release.Publication {
	v2, _ := quarterlyV2(t)
	v1 := v2
	v1.Version, v1.Errata = 1, nil
	v1.Dir, v1.Files, _ = releaseDir(t, "quarterly-2026Q3.json")
	v1.BuiltAt, v1.PublishedAt = cst(2026, 10, 12, 9, 30), cst(2026, 10, 13, 10, 0)

	airDir, airFiles, _ := releaseDir(t, "air-monthly-2026-10.json")
	air := release.Publication{Product: report.AirMonthly, Period: "2026-10", Version: 1, Status: release.Public,
		Disclosure: release.Active, BuiltAt: cst(2026, 11, 3, 8, 0), PublishedAt: cst(2026, 11, 12, 9, 0),
		Deadline: cst(2026, 11, 10, 23, 59), OnTime: false, Dir: airDir, Files: airFiles}

	// The draft and the withheld version are the water/air documents under
	// another product or period: they must appear nowhere in the site.
	draftDir, draftFiles, _ := releaseDir(t, "air-monthly-2026-10.json")
	rewriteDoc(t, draftDir, &draftFiles, func(d *report.Document) {
		d.Product, d.Period, d.Title = report.WaterMonthly, "2026-10", "草稿专用标题：2026年10月水环境质量公报"
	})
	draft := release.Publication{Product: report.WaterMonthly, Period: "2026-10", Version: 1, Status: release.Draft,
		Disclosure: release.Active, BuiltAt: cst(2026, 11, 5, 8, 0), Dir: draftDir, Files: draftFiles}
	withDir, withFiles, _ := releaseDir(t, "air-monthly-2026-10.json")
	rewriteDoc(t, withDir, &withFiles, func(d *report.Document) {
		d.Period, d.Title = "2026-09", "不予公开专用标题"
	})
	withheld := release.Publication{Product: report.AirMonthly, Period: "2026-09", Version: 1, Status: release.Public,
		Disclosure: release.Withheld, BuiltAt: cst(2026, 10, 5, 8, 0), PublishedAt: cst(2026, 10, 5, 9, 0), Dir: withDir, Files: withFiles}
	// A newer draft of Q3 (v3) must not replace the public v2.
	v3 := v2
	v3.Version, v3.Status, v3.PublishedAt = 3, release.Draft, time.Time{}
	return []release.Publication{v1, air, draft, v2, withheld, v3}
}

// rewriteDoc changes document.json of a release dir and its ledger entry.
func rewriteDoc(t *testing.T, dir string, files *[]release.File, change func(*report.Document)) {
	t.Helper()
	doc, err := LoadDocument(dir)
	if err != nil {
		t.Fatal(err)
	}
	change(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, DocumentName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	for i := range *files {
		if (*files)[i].Name == DocumentName {
			(*files)[i].Size, (*files)[i].SHA256 = int64(len(b)), hex.EncodeToString(sum[:])
		}
	}
}

func TestBulletinSite(t *testing.T) {
	st := openFixture(t)
	pubs := siteReleases(t)
	rep, err := Build(t.Context(), st, Options{Now: now, Releases: func(context.Context) ([]release.Publication, error) { return pubs, nil }})
	if err != nil {
		t.Fatal(err)
	}
	site := st.SiteDir()
	q := readSite(t, st, "bulletins/quarterly/2026Q3/index.html")
	if !strings.Contains(q, `第 2 版 <span lang="en">v2</span>`) || !strings.Contains(q, `<del>3.97</del> → <ins>3.93</ins>`) {
		t.Error("the Q3 page is not version 2 with its errata")
	}
	if !strings.Contains(q, `<a href="../../../bulletins/index.html" aria-current="page">`) {
		t.Error("the bulletin page is not marked in the navigation")
	}
	p := readSite(t, st, "bulletins/quarterly/2026Q3/print.html")
	if !strings.Contains(p, `<body class="print-page">`) || !strings.Contains(p, `<link rel="stylesheet" href="../../../assets/print.css">`) {
		t.Error("print.html is not the printable version")
	}
	// The files of v2 are in the site with the ledger's hashes; v1's are not.
	v2 := pubs[3]
	for _, f := range v2.Files {
		b, err := os.ReadFile(filepath.Join(site, "bulletins/quarterly/2026Q3/v2", f.Name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s: sha256 differs from the ledger", f.Name)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "bulletins/quarterly/2026Q3/v2", ManifestName)); err != nil {
		t.Error("the manifest was not copied")
	}
	// Same file system here: the files are hard links, not copies.
	src, err1 := os.Stat(filepath.Join(v2.Dir, DocumentName))
	dst, err2 := os.Stat(filepath.Join(site, "bulletins/quarterly/2026Q3/v2", DocumentName))
	if err1 != nil || err2 != nil || !os.SameFile(src, dst) {
		t.Errorf("document.json is not hard-linked (%v, %v)", err1, err2)
	}
	for _, gone := range []string{"bulletins/quarterly/2026Q3/v1", "bulletins/quarterly/2026Q3/v3", "bulletins/water-monthly", "bulletins/air-monthly/2026-09"} {
		if _, err := os.Stat(filepath.Join(site, gone)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is in the site (err %v)", gone, err)
		}
	}
	// Drafts and withheld versions appear nowhere in the public site.
	err = filepath.WalkDir(site+"/", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, secret := range []string{"草稿专用标题", "不予公开专用标题", "water-monthly/2026-10", "草稿（待审核", "draft-banner"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s shows %s", p, secret)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	idx := readSite(t, st, "bulletins/index.html")
	for _, want := range []string{
		`<h2>季度环境质量公报<span class="en" lang="en">Quarterly environmental quality bulletin</span></h2>`,
		`<a href="quarterly/2026Q3/index.html">石家庄市2026年第三季度环境质量公报</a>`,
		`<a href="air-monthly/2026-10/index.html">石家庄市2026年10月环境空气质量公报</a>`,
		`<strong class="timeliness on-time">按时发布</strong>`,
		`<strong class="timeliness late">逾期发布</strong>`,
		`<td class="num"><a href="quarterly/2026Q3/index.html#errata">3</a></td>`,
		`<a href="air-monthly/2026-10/print.html">A4</a>`,
	} {
		if !strings.Contains(idx, want) {
			t.Errorf("bulletin index lacks %s", want)
		}
	}
	if strings.Index(idx, "<h2>季度环境质量公报") > strings.Index(idx, "<h2>月度空气质量公报") {
		t.Error("products are not in catalogue order")
	}
	if rep.Pages == 0 {
		t.Error("no pages counted")
	}

	// A release file that does not match the ledger stops the build; the
	// published site stays as it was.
	if err := os.WriteFile(filepath.Join(v2.Dir, "air_ranking.csv"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(t.Context(), st, Options{Now: now, Releases: func(context.Context) ([]release.Publication, error) { return pubs, nil }})
	if err == nil || !strings.Contains(err.Error(), "air_ranking.csv: 8 bytes, the ledger says") {
		t.Errorf("a damaged release file: err = %v", err)
	}
	if got := readSite(t, st, "bulletins/quarterly/2026Q3/index.html"); got != q {
		t.Error("a failed build changed the published site")
	}
	// The ledger failing stops the build with its error.
	_, err = Build(t.Context(), st, Options{Now: now, Releases: func(context.Context) ([]release.Publication, error) {
		return nil, errors.New("ledger unreadable")
	}})
	if err == nil || !strings.Contains(err.Error(), "ledger unreadable") {
		t.Errorf("ledger error: err = %v", err)
	}
}

// Without a ledger the site has an empty bulletin index (the navigation
// link works) and no bulletin.
func TestBulletinSiteWithoutReleases(t *testing.T) {
	st, _ := built(t)
	idx := readSite(t, st, "bulletins/index.html")
	if !strings.Contains(idx, "暂无公开发布的公报") {
		t.Error("empty bulletin index lacks its message")
	}
	ents, err := os.ReadDir(filepath.Join(st.SiteDir(), "bulletins"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		t.Errorf("bulletins/ holds %d entries, want only index.html", len(ents))
	}
}

// TestBulletinPDF prints the printable quarterly bulletin to PDF with
// headless Chromium over the portal's own handler: at least two A4 pages,
// the Chinese text is in the PDF (checked with pdftotext when installed)
// and the charts were drawn. Skipped without Chromium. With
// ENVDISCLOSE_SCREENSHOT_DIR set, the PDF is kept there.
func TestBulletinPDF(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no " + chromium + " (apt-get install chromium)")
	}
	st := openFixture(t)
	pubs := siteReleases(t)
	if _, err := Build(t.Context(), st, Options{Now: now, Releases: func(context.Context) ([]release.Publication, error) { return pubs, nil }}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: Handler(st.SiteDir(), nil, nil), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/bulletins/quarterly/2026Q3/print.html"

	// The charts are drawn (a canvas in every chart container).
	dom := runChromium(t, t.Context(), url, "--dump-dom")
	if n := strings.Count(dom, "<canvas"); n < 8 {
		t.Errorf("the printable page has %d chart canvases, want 8", n)
	}

	out := t.TempDir()
	if d := os.Getenv("ENVDISCLOSE_SCREENSHOT_DIR"); d != "" {
		out = d
		base := "http://" + ln.Addr().String() + "/bulletins/"
		for name, page := range map[string]string{"bulletins": "index.html", "bulletin": "quarterly/2026Q3/index.html", "bulletin_print": "quarterly/2026Q3/print.html"} {
			shot := filepath.Join(d, name+".png")
			runChromium(t, t.Context(), base+page, "--screenshot="+shot, "--window-size=1280,2400", "--hide-scrollbars")
			t.Logf("screenshot: %s", shot)
		}
	}
	pdf := filepath.Join(out, "bulletin_quarterly-2026Q3.pdf")
	runChromium(t, t.Context(), url, "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("no PDF: %v", err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("the output is not a PDF")
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1))
	if pdfinfo, err := exec.LookPath("pdfinfo"); err == nil {
		info, err := exec.CommandContext(t.Context(), pdfinfo, pdf).Output()
		if err != nil {
			t.Fatalf("pdfinfo: %v", err)
		}
		m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo printed no page count:\n%s", info)
		}
		pages, _ = strconv.Atoi(string(m[1]))
		if !regexp.MustCompile(`(?m)^Page size:.*\(A4\)`).Match(info) {
			t.Errorf("the PDF pages are not A4:\n%s", info)
		}
	}
	// Cover + errata, five sections each on a new page, the data notes.
	if pages < 7 {
		t.Errorf("the PDF has %d pages, want at least 7 (a page per section)", pages)
	}
	t.Logf("PDF %s: %d pages, %d bytes", pdf, pages, len(b))
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("no pdftotext (apt-get install poppler-utils): text not checked")
		return
	}
	txt, err := exec.CommandContext(t.Context(), pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(txt)
	for _, want := range []string{"石家庄市2026年第三季度环境质量公报", "勘误", "井陉矿区", "集中式饮用水水源地", "突发环境事件", "†"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %s", want)
		}
	}
	// Each section starts a page: its heading is the first line of a page.
	pagesText := strings.Split(text, "\f")
	for _, h := range []string{"环境空气质量", "集中式饮用水水源地", "地表水环境质量", "重点排污单位", "突发环境事件"} {
		found := false
		for _, pg := range pagesText {
			var lines []string
			for _, l := range strings.Split(pg, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					lines = append(lines, l)
				}
			}
			if len(lines) > 0 && lines[0] == h {
				found = true
			}
		}
		if !found {
			t.Errorf("no page of the PDF starts with the section %s", h)
		}
	}
}
