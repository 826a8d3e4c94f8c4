package publish

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/store"
)

// archiveDoc is a small air bulletin with one ranking table.
func archiveDoc(product, period string, pm25 float64) *report.Document {
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, store.CST)
	return &report.Document{
		Product: product, Period: period,
		Title: "2026年10月环境空气质量公报", TitleEN: "Air quality bulletin, October 2026",
		Bureau: "银川市生态环境局", From: from, To: from.AddDate(0, 1, -1),
		BuiltAt: time.Date(2026, 11, 3, 9, 0, 0, 0, store.CST),
		Summary: []string{"10月全市优良天数比例为 87.1%。"},
		Sections: []report.Section{{
			ID: "air", Title: "环境空气质量", TitleEN: "Air quality",
			Text: []string{"按综合指数由小到大排名。"},
			Tables: []report.Table{{
				ID: "air_ranking", Title: "城市环境空气质量排名", TitleEN: "Cities ranked by air quality",
				Columns: []report.Column{
					{Key: "region", Header: "城市", HeaderEN: "City", Type: report.Text},
					{Key: "rank", Header: "排名", HeaderEN: "Rank", Type: report.Int},
					{Key: "pm25", Header: "PM2.5", HeaderEN: "PM2.5", Type: report.Decimal, Unit: "μg/m³"},
				},
				Rows: [][]report.Cell{
					{{Value: "银川市"}, {Value: int64(1)}, {Value: pm25}},
					{{Value: "石嘴山市"}, {Value: int64(2)}, {Value: 31.0}},
				},
				Key: []string{"region"},
			}},
		}},
		Meta: report.Meta{Standards: []string{"HJ 633-2012"}, InputFiles: []int64{1, 2}},
	}
}

// writeVersion writes a release version folder the way the ledger does:
// document.json, a CSV download and MANIFEST.sha256 (sha256sum format),
// and returns its Publication.
func writeVersion(t *testing.T, root string, pub release.Publication, doc *report.Document) release.Publication {
	t.Helper()
	dir := filepath.Join(root, pub.Product, pub.Period, fmt.Sprintf("v%d", pub.Version))
	if err := os.MkdirAll(filepath.Join(dir, "csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	pm := doc.Sections[0].Tables[0].Rows[0][2].Value
	csv := fmt.Sprintf("\uFEFF城市,排名,PM2.5\r\n银川市,1,%v\r\n石嘴山市,2,31\r\n", pm)
	files := map[string][]byte{"document.json": js, "csv/air_ranking.csv": []byte(csv)}
	var manifest strings.Builder
	pub.Files = nil
	for _, name := range []string{"csv/air_ranking.csv", "document.json"} {
		b := files[name]
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), b, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])
		pub.Files = append(pub.Files, release.File{Name: name, Size: int64(len(b)), SHA256: h})
		fmt.Fprintf(&manifest, "%s  %s\n", h, name)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifest.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	pub.Dir = dir
	return pub
}

// archiveFixture: air-monthly 2026-10 v1 (public, on time), v2 (public,
// one erratum), v3 (a draft under review); water-monthly 2026-10 v1 (a
// draft); quarterly 2026Q3 v1 (依申请公开, internal).
func archiveFixture(t *testing.T) []release.Publication {
	t.Helper()
	root := t.TempDir()
	deadline := time.Date(2026, 11, 14, 23, 59, 59, 0, store.CST)
	built := time.Date(2026, 11, 3, 9, 0, 0, 0, store.CST)
	v1 := writeVersion(t, root, release.Publication{Product: report.AirMonthly, Period: "2026-10", Version: 1,
		Status: release.Public, Disclosure: release.Active, BuiltAt: built, PublishedAt: built.Add(time.Hour),
		Deadline: deadline, OnTime: true}, archiveDoc(report.AirMonthly, "2026-10", 30.0))
	v2 := writeVersion(t, root, release.Publication{Product: report.AirMonthly, Period: "2026-10", Version: 2,
		Status: release.Public, Disclosure: release.Active, BuiltAt: built.Add(48 * time.Hour),
		PublishedAt: built.Add(50 * time.Hour), ApprovedBy: "监测科", Deadline: deadline, OnTime: true,
		Errata: []release.Erratum{{Table: "air_ranking", Row: "银川市", Column: "pm25",
			Label: "城市环境空气质量排名 · 银川市 · PM2.5", Old: "30", New: "33"}}},
		archiveDoc(report.AirMonthly, "2026-10", 33.0))
	v3 := writeVersion(t, root, release.Publication{Product: report.AirMonthly, Period: "2026-10", Version: 3,
		Status: release.Draft, Disclosure: release.Active, BuiltAt: built.Add(96 * time.Hour), Deadline: deadline},
		archiveDoc(report.AirMonthly, "2026-10", 35.0))
	w1 := writeVersion(t, root, release.Publication{Product: report.WaterMonthly, Period: "2026-10", Version: 1,
		Status: release.Draft, Disclosure: release.Active, BuiltAt: built},
		archiveDoc(report.WaterMonthly, "2026-10", 12.0))
	q1 := writeVersion(t, root, release.Publication{Product: report.Quarterly, Period: "2026Q3", Version: 1,
		Status: release.Internal, Disclosure: release.OnRequest, BuiltAt: built, PublishedAt: built},
		archiveDoc(report.Quarterly, "2026Q3", 20.0))
	return []release.Publication{v1, v3, w1, q1, v2}
}

func buildWith(t *testing.T, st *store.Store, pubs []release.Publication) (Report, error) {
	t.Helper()
	return Build(t.Context(), st, Options{Now: now, Releases: func(context.Context) ([]release.Publication, error) {
		return pubs, nil
	}})
}

type testFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Title   string   `xml:"title"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Summary   string `xml:"summary"`
		Category  struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func readFeed(t *testing.T, st *store.Store) testFeed {
	t.Helper()
	var f testFeed
	b := []byte(readSite(t, st, feedPath))
	if !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("feed.atom does not start with an XML declaration: %.60s", b)
	}
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("feed.atom is not Atom XML: %v", err)
	}
	return f
}

func TestArchiveAndFeed(t *testing.T) {
	st := openFixture(t)
	pubs := archiveFixture(t)
	if _, err := buildWith(t, st, pubs); err != nil {
		t.Fatalf("Build: %v", err)
	}
	site, err := filepath.EvalSymlinks(st.SiteDir())
	if err != nil {
		t.Fatal(err)
	}
	page := readSite(t, st, archivePage)

	// Public versions only: air-monthly 2026-10 v2 (current) and v1.
	for _, want := range []string{
		`id="air-monthly-2026-10-v2"`, `id="air-monthly-2026-10-v1"`,
		`<a href="../bulletins/air-monthly/2026-10/index.html">公报`,              // the current version is the bulletin
		`href="../archive/air-monthly/2026-10/v1/csv/air_ranking.csv" download`, // old versions link their files
		`href="../archive/air-monthly/2026-10/v1/MANIFEST.sha256" download`,
		`城市环境空气质量排名 · 银川市 · PM2.5</th><td class="num">30</td><td class="num">→ 33</td>`,
		`监测科`, `按时`, `href="../feed.atom"`,
		pubs[0].Files[0].SHA256, // v1's CSV hash
	} {
		if !strings.Contains(page, want) {
			t.Errorf("archive page lacks %s", want)
		}
	}
	if strings.Index(page, `id="air-monthly-2026-10-v2"`) > strings.Index(page, `id="air-monthly-2026-10-v1"`) {
		t.Error("archive is not newest first")
	}
	for _, bad := range []string{"2026-10-v3", "2026-10/v3", "water-monthly", "2026Q3"} {
		if strings.Contains(page, bad) {
			t.Errorf("archive page shows %q (a draft or a version not disclosed proactively)", bad)
		}
	}

	// Every public version's files are in the site with the ledger's
	// sha256, the manifest verifies against them, and they are hard links.
	for _, p := range []release.Publication{pubs[0], pubs[4]} {
		dir := filepath.Join(site, filepath.FromSlash(archiveVersionDir(p)))
		for _, f := range p.Files {
			full := filepath.Join(dir, filepath.FromSlash(f.Name))
			b, err := os.ReadFile(full)
			if err != nil {
				t.Fatalf("v%d: %v", p.Version, err)
			}
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != f.SHA256 {
				t.Errorf("%s: sha256 differs from the ledger", full)
			}
			a, _ := os.Stat(full)
			b2, _ := os.Stat(filepath.Join(p.Dir, filepath.FromSlash(f.Name)))
			if !os.SameFile(a, b2) {
				t.Errorf("%s is a copy, not a hard link (same file system)", full)
			}
		}
		m, err := os.Open(filepath.Join(dir, ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(m)
		lines := 0
		for sc.Scan() {
			sum, name, ok := strings.Cut(sc.Text(), "  ")
			if !ok {
				t.Fatalf("manifest line %q", sc.Text())
			}
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != sum {
				t.Errorf("v%d: manifest does not verify %s", p.Version, name)
			}
			lines++
		}
		m.Close()
		if lines != len(p.Files) {
			t.Errorf("v%d manifest has %d lines, want %d", p.Version, lines, len(p.Files))
		}
	}

	// No draft and nothing not proactively disclosed is anywhere in the site.
	err = filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		if strings.Contains(rel, "water-monthly") || strings.Contains(rel, "2026Q3") || strings.Contains(rel, "2026-10/v3") {
			t.Errorf("site contains %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// The feed: one entry per public version, newest first; the erratum
	// lists the changed figure; ids are the manifests' hashes.
	f := readFeed(t, st)
	if len(f.Entries) != 2 {
		t.Fatalf("feed has %d entries, want 2", len(f.Entries))
	}
	e2, e1 := f.Entries[0], f.Entries[1]
	m2, _ := release.HashFile(pubs[4].Dir, ManifestName)
	m1, _ := release.HashFile(pubs[0].Dir, ManifestName)
	if e2.ID != "urn:sha256:"+m2.SHA256 || e1.ID != "urn:sha256:"+m1.SHA256 {
		t.Errorf("entry ids %s, %s; want the manifests' hashes", e2.ID, e1.ID)
	}
	if e2.Category.Term != "erratum" || !strings.Contains(e2.Title, "勘误") ||
		!strings.Contains(e2.Summary, "城市环境空气质量排名 · 银川市 · PM2.5：30 → 33") {
		t.Errorf("erratum entry: %+v", e2)
	}
	if e1.Category.Term != "publication" || strings.Contains(e1.Summary, "→") {
		t.Errorf("first publication entry: %+v", e1)
	}
	if want := pubs[4].PublishedAt.Format(time.RFC3339); e2.Updated != want || e2.Published != want || f.Updated != want {
		t.Errorf("updated: feed %s, entry %s/%s; want %s", f.Updated, e2.Updated, e2.Published, want)
	}
	if e2.Links[0].Rel != "alternate" || e2.Links[0].Href != "bulletins/air-monthly/2026-10/index.html" {
		t.Errorf("erratum link %+v", e2.Links)
	}
	raw := readSite(t, st, feedPath)
	for _, bad := range []string{"water-monthly", "2026Q3", "v3"} {
		if strings.Contains(raw, bad) {
			t.Errorf("feed mentions %q", bad)
		}
	}

	// Every page announces the feed.
	if !strings.Contains(readSite(t, st, "index.html"), `<link rel="alternate" type="application/atom+xml" href="feed.atom"`) {
		t.Error("home page does not link the feed")
	}

	// Ids are stable across builds; the build time does not leak in.
	if _, err := Build(t.Context(), st, Options{Now: func() time.Time { return fixedNow.Add(time.Hour) },
		Releases: func(context.Context) ([]release.Publication, error) { return pubs, nil }}); err != nil {
		t.Fatal(err)
	}
	g := readFeed(t, st)
	if g.ID != f.ID || len(g.Entries) != 2 || g.Entries[0].ID != e2.ID || g.Entries[1].ID != e1.ID || g.Updated != f.Updated {
		t.Errorf("feed changed between builds: %s %s vs %s %s", f.ID, f.Updated, g.ID, g.Updated)
	}
}

// A damaged old version is refused: the build fails naming the file, and
// the previous portal stays published.
func TestArchiveRefusesDamagedFile(t *testing.T) {
	st := openFixture(t)
	pubs := archiveFixture(t)
	if _, err := buildWith(t, st, pubs); err != nil {
		t.Fatal(err)
	}
	before, _ := filepath.EvalSymlinks(st.SiteDir())
	csv := filepath.Join(pubs[0].Dir, "csv", "air_ranking.csv") // v1, only in the archive
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-3] ^= 1 // same size, other bytes
	if err := os.WriteFile(csv, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = buildWith(t, st, pubs)
	if err == nil || !strings.Contains(err.Error(), "air_ranking.csv") || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("Build with a damaged release file: %v", err)
	}
	if after, _ := filepath.EvalSymlinks(st.SiteDir()); after != before {
		t.Errorf("site moved to %s after a failed build", after)
	}
}

// Without a ledger the archive and the feed exist and are empty, so the
// layout's feed link always works.
func TestArchiveEmpty(t *testing.T) {
	st, _ := built(t)
	if page := readSite(t, st, archivePage); !strings.Contains(page, "暂无已公开的公报") {
		t.Error("empty archive page lacks its note")
	}
	f := readFeed(t, st)
	if len(f.Entries) != 0 || f.ID == "" || f.Updated != fixedNow.Format(time.RFC3339) {
		t.Errorf("empty feed: %+v", f)
	}
}

func TestWriteDraftIndex(t *testing.T) {
	pubs := archiveFixture(t)
	var buf bytes.Buffer
	if err := WriteDraftIndex(&buf, pubs, DraftOptions{Root: "/", Base: "/staff/drafts/", Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"草稿 DRAFT", `id="air-monthly-2026-10-v3"`, `id="water-monthly-2026-10-v1"`,
		`href="/staff/drafts/air-monthly/2026-10/"`, `href="/staff/drafts/air-monthly/2026-10/v3/csv/air_ranking.csv"`,
		`href="/assets/style.css"`} {
		if !strings.Contains(page, want) {
			t.Errorf("draft list lacks %s", want)
		}
	}
	for _, bad := range []string{`id="air-monthly-2026-10-v1"`, `id="air-monthly-2026-10-v2"`, "2026Q3"} {
		if strings.Contains(page, bad) {
			t.Errorf("draft list shows %s (not a draft)", bad)
		}
	}
}
