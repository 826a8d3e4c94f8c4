package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/store"
)

// draftDoc is a small bulletin of product for October 2026.
func draftDoc(product string, pm25 float64) *report.Document {
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, store.CST)
	title := "2026年10月环境空气质量公报"
	if product == report.WaterMonthly {
		title = "2026年10月水环境质量公报"
	}
	return &report.Document{
		Product: product, Period: "2026-10", Title: title, TitleEN: "Bulletin, October 2026",
		Bureau: "银川市生态环境局", From: from, To: from.AddDate(0, 1, -1),
		BuiltAt: time.Date(2026, 11, 3, 9, 0, 0, 0, store.CST),
		Summary: []string{"10月全市优良天数比例为 87.1%。"},
		Sections: []report.Section{{
			ID: "air", Title: "环境空气质量", TitleEN: "Air quality",
			Tables: []report.Table{{
				ID: "air_ranking", Title: "城市环境空气质量排名", TitleEN: "Cities ranked by air quality",
				Columns: []report.Column{
					{Key: "region", Header: "城市", HeaderEN: "City", Type: report.Text},
					{Key: "pm25", Header: "PM2.5", HeaderEN: "PM2.5", Type: report.Decimal, Unit: "μg/m³"},
				},
				Rows: [][]report.Cell{{{Value: "银川市"}, {Value: pm25}}, {{Value: "石嘴山市"}, {Value: 31.0}}},
				Key:  []string{"region"},
			}},
		}},
		Meta: report.Meta{Standards: []string{"HJ 633-2012"}},
	}
}

func TestDraftPreview(t *testing.T) {
	e := start(t, envOpt{})
	ctx := t.Context()
	stagedAt := time.Date(2026, 11, 3, 10, 0, 0, 0, store.CST)
	// air-monthly is automatic: public at once. water-monthly is reviewed: a draft.
	air, _, err := release.Stage(ctx, e.st, draftDoc(report.AirMonthly, 30), release.Options{Now: stagedAt,
		Policy: config.Product{Name: report.AirMonthly, Disclosure: config.DisclosureActive}})
	if err != nil {
		t.Fatal(err)
	}
	water, _, err := release.Stage(ctx, e.st, draftDoc(report.WaterMonthly, 12), release.Options{Now: stagedAt,
		Policy: config.Product{Name: report.WaterMonthly, Disclosure: config.DisclosureActive, Review: true}})
	if err != nil {
		t.Fatal(err)
	}
	if air.Status != release.Public || water.Status != release.Draft {
		t.Fatalf("staged %s and %s, want public and draft", air.Status, water.Status)
	}

	const list = "/staff/drafts/"
	const page = "/staff/drafts/water-monthly/2026-10/"
	for _, c := range []struct {
		token  string
		status int
	}{{"", 401}, {"not-a-token", 401}, {tokA, 403}} {
		for _, p := range []string{list, page, page + "v1/document.json"} {
			r := e.do(http.MethodGet, p, c.token, "", nil)
			if r.status != c.status || r.json(t)["error"] == nil {
				t.Errorf("GET %s with token %q: %d %s, want %d with a JSON error", p, c.token, r.status, r.body, c.status)
			}
			if cc := r.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("GET %s (%d): Cache-Control %q", p, r.status, cc)
			}
			if strings.Contains(string(r.body), "水环境质量公报") {
				t.Errorf("GET %s without a staff token shows the draft", p)
			}
		}
	}

	// Staff: the list has the draft and not the public version.
	r := e.do(http.MethodGet, list, tokStaff, "", nil)
	body := string(r.body)
	if r.status != 200 || r.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("draft list: %d %v", r.status, r.header)
	}
	for _, want := range []string{"草稿 DRAFT", `href="/staff/drafts/water-monthly/2026-10/"`, "2026年10月水环境质量公报",
		`href="/staff/drafts/water-monthly/2026-10/v1/document.json"`, `href="/assets/style.css"`} {
		if !strings.Contains(body, want) {
			t.Errorf("draft list lacks %s", want)
		}
	}
	if strings.Contains(body, "air-monthly") || strings.Contains(body, "环境空气质量公报") {
		t.Error("draft list shows the public air-monthly version")
	}

	// The draft page: the bulletin with its DRAFT banner, assets from /assets/.
	r = e.do(http.MethodGet, page, tokStaff, "", nil)
	body = string(r.body)
	if r.status != 200 || r.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("draft page: %d %s", r.status, r.body)
	}
	for _, want := range []string{`class="draft-banner"`, "DRAFT", "2026年10月水环境质量公报", `href="/assets/style.css"`, "银川市"} {
		if !strings.Contains(body, want) {
			t.Errorf("draft page lacks %s", want)
		}
	}
	if r := e.do(http.MethodGet, page+"print.html", tokStaff, "", nil); r.status != 200 || !strings.Contains(string(r.body), "DRAFT") {
		t.Errorf("printable draft: %d", r.status)
	}

	// Its files, byte for byte, and nothing else of the release folder.
	want, err := os.ReadFile(filepath.Join(water.Dir, "document.json"))
	if err != nil {
		t.Fatal(err)
	}
	r = e.do(http.MethodGet, page+"v1/document.json", tokStaff, "", nil)
	if r.status != 200 || string(r.body) != string(want) || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("draft file: %d, %d bytes (want %d)", r.status, len(r.body), len(want))
	}
	r = e.do(http.MethodGet, page+"v1/MANIFEST.sha256", tokStaff, "", nil)
	sum := sha256.Sum256(want)
	if r.status != 200 || !strings.Contains(string(r.body), hex.EncodeToString(sum[:])+"  document.json") {
		t.Errorf("draft manifest: %d %s", r.status, r.body)
	}
	for _, p := range []string{page + "v1/../../../../etc/passwd", page + "v1/nope.csv", page + "v2/document.json",
		"/staff/drafts/air-monthly/2026-10/", "/staff/drafts/air-monthly/2026-10/v1/document.json"} {
		if r := e.do(http.MethodGet, p, tokStaff, "", nil); r.status == 200 {
			t.Errorf("GET %s: 200, want an error (not a draft file)", p)
		}
	}

	// The public portal never serves it.
	if r := e.do(http.MethodGet, "/bulletins/water-monthly/2026-10/index.html", "", "", nil); r.status == 200 {
		t.Error("the public site serves the draft")
	}

	// After approval it is no longer a draft.
	if _, err := release.Approve(ctx, e.st, report.WaterMonthly, "2026-10", "监测科", stagedAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r := e.do(http.MethodGet, page, tokStaff, "", nil); r.status != 404 {
		t.Errorf("approved version still previewed as a draft: %d", r.status)
	}
	if r := e.do(http.MethodGet, list, tokStaff, "", nil); strings.Contains(string(r.body), "water-monthly/2026-10") {
		t.Error("approved version still in the draft list")
	}
}
