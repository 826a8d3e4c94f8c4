package publish

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const chromium = "/usr/bin/chromium"

// runChromium runs headless Chromium on url with extra flags and returns
// its standard output.
func runChromium(t *testing.T, ctx context.Context, url string, extra ...string) string {
	t.Helper()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=5000"}
	args = append(append(args, extra...), url)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, stderr.String())
	}
	return string(out)
}

// TestBrowser renders the built portal in headless Chromium: the ECharts
// library from our own site really draws the chart (a <canvas> appears in
// the chart container) and the table is there. Skipped without Chromium.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no " + chromium + " (apt-get install chromium)")
	}
	st := openFixture(t)
	loadFixtures(t, st, "fixture_water.sql", "fixture_incident.sql")
	withPolluters(t, st)
	if _, err := Build(t.Context(), st, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: Handler(st.SiteDir(), nil, nil), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/"

	for _, c := range []struct{ page, chart, table string }{
		{"ranking/city-2026-10.html", `id="chart_ranking"`, `<table class="ranking">`},
		{regionPath(regionID("city", "石家庄市")), `id="chart_trend"`, `<table class="calendar">`},
		{stationPath("1029A"), `id="chart_24h"`, `<table>`},
		{"water/2026-10.html", `id="chart_water_classes_county"`, `<table class="water-sites">`},
		{"water/2026-10.html", `id="chart_water_cwqi_county"`, `<table class="water-ranking">`},
		{waterSitePath("W04"), `id="chart_water_tp"`, `<table class="water-samples">`},
		{"incident/2026-Q3.html", `id="chart_incident_levels"`, `<table class="incident-list">`},
		{"polluter/2026-10.html", `id="chart_polluter_pollutants"`, `<table class="noncompliant">`},
		{polluterEntPath(entChem), `id="chart_polluter_2"`, `<table class="polluter-days">`},
	} {
		dom := runChromium(t, t.Context(), base+c.page, "--dump-dom")
		i := strings.Index(dom, c.chart)
		if i < 0 {
			t.Errorf("%s: no chart container in the DOM", c.page)
			continue
		}
		if !strings.Contains(dom[i:], "<canvas") {
			t.Errorf("%s: ECharts drew no canvas (chart not rendered)", c.page)
		}
		if !strings.Contains(dom, "js-charts") {
			t.Errorf("%s: charts.js did not run", c.page)
		}
		if !strings.Contains(dom, c.table) {
			t.Errorf("%s: table missing from the DOM", c.page)
		}
	}

	if dir := os.Getenv("ENVDISCLOSE_SCREENSHOT_DIR"); dir != "" {
		for name, page := range map[string]string{
			"ranking":    "ranking/city-2026-10.html",
			"home":       "index.html",
			"region":     regionPath(regionID("city", "保定市")),
			"station":    stationPath("1051A"),
			"water":      "water/2026-10.html",
			"water_site": waterSitePath("W04"),
			"incident":   "incident/2026-Q3.html",
			"polluter":   "polluter/2026-10.html",
			"enterprise": polluterEntPath(entChem),
		} {
			shot := filepath.Join(dir, name+".png")
			runChromium(t, t.Context(), base+page, "--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars")
			t.Logf("screenshot: %s", shot)
		}
	}
}
