package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawIncidentText is personal data planted in the raw register `incident`
// of fixture_incident.sql; incident_public holds redacted versions.
var rawIncidentText = []string{"13812345678", "13900001111", "张三", "李四", "王五", "赵六", "冀A12345", "130102199001011234"}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestIncidentGolden(t *testing.T) {
	st, _ := builtAll(t)
	checkGolden(t, st, "incident/2026-Q3.html")
}

func TestIncidentQuarterPage(t *testing.T) {
	st, rep := builtAll(t)
	if rep.IncidentQuarters != 2 {
		t.Errorf("report = %+v, want 2 incident quarters", rep)
	}
	page := readSite(t, st, "incident/2026-Q3.html")
	for _, want := range []string{
		`2026年第三季度突发环境事件信息`,
		`<table class="incident-counts">`, `<table class="incident-types">`, `<table class="incident-list">`,
		`id="chart_incident_levels"`, `<script type="application/json" id="chart_incident_levels-option">`,
		// 正定县: two 一般 incidents; 长安区: one 较大 and one without a level.
		`<tr><th scope="row">正定县</th><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">2</td><td class="num">0</td><td class="num">2</td></tr>`,
		`<tr><th scope="row">长安区</th><td class="num">0</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">2</td></tr>`,
		`<tr><th scope="row">水污染</th><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">2</td><td class="num">0</td><td class="num">2</td></tr>`,
		`较大（Ⅲ级）`, `按分级标准判定`, `主管部门认定`,
		`村民＊＊（电话＊＊＊＊＊＊＊＊＊＊＊）报告河面出现死鱼`, // redacted description
		`关闭闸门，投加药剂`,
		`<td class="num">11.5 / 24.0</td>`, `<td class="better">按时`, // INC-2026-001
		`<td class="num">67.0 / 24.0</td>`, `<td class="worse">超时`, // INC-2026-002
		`<td class="worse">逾期未发布`, // INC-2026-003
		`待发布`,                     // INC-2026-005
		`给定等级Ⅳ级（一般）低于数据所示等级Ⅲ级（较大）`, // conflict note of INC-2026-004
		`本季度按时发布 2 起，超时发布 1 起，逾期未发布 1 起，待发布 1 起`,
		`href="../data/incident/2026-Q3-list.csv"`,
		`aria-current="page">突发环境事件`,
		`href="../incident/2026-Q2.html"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("incident page lacks %s", want)
		}
	}
	idx := readSite(t, st, "incident/index.html")
	if !strings.Contains(idx, `href="../incident/2026-Q3.html"`) || !strings.Contains(idx, `href="../incident/2026-Q2.html"`) {
		t.Error("incident index does not link the quarters")
	}
	recs := readCSV(t, st, "data/incident/2026-Q3-list.csv")
	if len(recs) != 6 || recs[1][0] != "INC-2026-001" || recs[1][9] != "村民＊＊（电话＊＊＊＊＊＊＊＊＊＊＊）报告河面出现死鱼" ||
		recs[1][15] != "按时" || recs[2][15] != "超时" {
		t.Errorf("list CSV = %q", recs)
	}
	counts := readCSV(t, st, "data/incident/2026-Q3-counties.csv")
	if len(counts) != 4 || counts[0][2] != "特别重大Ⅰ级(Especially major)" {
		t.Errorf("counties CSV = %q", counts)
	}
}

// No raw (unredacted) incident text reaches any file of the site.
func TestNoRawIncidentText(t *testing.T) {
	st, _ := builtAll(t)
	// The raw register really holds the planted text (the test would be void otherwise).
	var n int
	if err := st.DB.QueryRowContext(t.Context(), `SELECT count(*) FROM incident WHERE description LIKE '%13812345678%'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("fixture: %d raw descriptions with the phone number (%v)", n, err)
	}
	files := 0
	err := filepath.WalkDir(st.SiteDir()+"/", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".js") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for _, raw := range rawIncidentText {
			if strings.Contains(string(b), raw) {
				t.Errorf("%s contains the raw incident text %q", p, raw)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 30 {
		t.Fatalf("only %d files checked", files)
	}
}
