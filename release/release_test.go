package release

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/report"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), t.TempDir(), store.Options{SQL: fsys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, store.CST)
}

// site is one row of the test document's surface-water table.
type site struct {
	code, name string
	cwqi       any // float64 or nil
	class      string
	share      float64
	samples    int64
	invalid    bool
}

// waterDoc is a small monthly water bulletin: one section, one keyed table.
func waterDoc(product, period string, sites ...site) *report.Document {
	t := report.Table{
		ID: "water_sites", Title: "地表水断面水质", TitleEN: "Surface-water sites",
		Key: []string{"site_code"},
		Columns: []report.Column{
			{Key: "site_code", Header: "断面编码", HeaderEN: "Site code", Type: report.Text},
			{Key: "site_name", Header: "断面名称", HeaderEN: "Site", Type: report.Text},
			{Key: "cwqi", Header: "CWQI", HeaderEN: "CWQI", Type: report.Decimal, Decimals: 2},
			{Key: "class", Header: "水质类别", HeaderEN: "Class", Type: report.Text},
			{Key: "share", Header: "达标率", HeaderEN: "Compliance", Type: report.Percent, Decimals: 1},
			{Key: "samples", Header: "样品数", HeaderEN: "Samples", Type: report.Int},
		},
	}
	for _, s := range sites {
		t.Rows = append(t.Rows, []report.Cell{{Value: s.code}, {Value: s.name}, {Value: s.cwqi, Invalid: s.invalid},
			{Value: s.class}, {Value: s.share}, {Value: s.samples}})
	}
	end, _ := PeriodEnd(product, period)
	return &report.Document{
		Product: product, Period: period, Title: period + " 水环境质量公报", TitleEN: "Water bulletin " + period,
		Bureau: "某市生态环境局", From: time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, store.CST), To: end,
		BuiltAt:  cst(2025, 10, 20, 9, 0),
		Sections: []report.Section{{ID: "water-surface", Title: "地表水", TitleEN: "Surface water", Tables: []report.Table{t}}},
		Meta:     report.Meta{Standards: []string{"GB 3838-2002"}, InputFiles: []int64{3, 7}},
		Summary:  []string{"全市地表水水质总体良好。"},
	}
}

var threeSites = []site{
	{"A01", "东江桥", 3.21, "II", 1, 4, false},
	{"B02", "西河口", 4.8, "III", 0.75, 4, false},
	{"C03", "南湖", nil, "", 0, 0, false},
}

// csvArtifact writes each table as <id>.csv (the test's stand-in for the
// report package's writers).
type csvArtifact struct{}

func (csvArtifact) Write(dir string, doc *report.Document) ([]string, error) {
	var names []string
	for _, s := range doc.Sections {
		for _, t := range s.Tables {
			f, err := os.Create(filepath.Join(dir, t.ID+".csv"))
			if err != nil {
				return nil, err
			}
			w := csv.NewWriter(f)
			var h []string
			for _, c := range t.Columns {
				h = append(h, c.Key)
			}
			w.Write(h)
			for _, r := range t.Rows {
				var rec []string
				for i, c := range r {
					rec = append(rec, FormatCell(t.Columns[i], c))
				}
				w.Write(rec)
			}
			w.Flush()
			if err := errors.Join(w.Error(), f.Close()); err != nil {
				return nil, err
			}
			names = append(names, t.ID+".csv")
		}
	}
	return names, nil
}

type failingArtifact struct{}

func (failingArtifact) Write(dir string, doc *report.Document) ([]string, error) {
	os.WriteFile(filepath.Join(dir, "half.xlsx"), []byte("PK"), 0o644)
	return nil, errors.New("disk full")
}

var (
	auto   = config.Product{Name: report.WaterMonthly, Disclosure: Active, Deadline: "10 working days"}
	review = config.Product{Name: report.WaterMonthly, Disclosure: Active, Review: true, Deadline: "10 working days"}
)

func stage(t *testing.T, st *store.Store, doc *report.Document, pol config.Product, now time.Time) (Publication, bool) {
	t.Helper()
	p, created, err := Stage(context.Background(), st, doc, Options{Policy: pol, Artifacts: []Artifact{csvArtifact{}}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return p, created
}

func TestStageAutomaticThenSameFigures(t *testing.T) {
	st := openStore(t)
	now := cst(2025, 10, 20, 10, 30)
	p, created := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", threeSites...), auto, now)
	if !created || p.Version != 1 || p.Status != Public || p.Disclosure != Active {
		t.Fatalf("first stage: created=%v %+v", created, p)
	}
	if !p.PublishedAt.Equal(now) || !p.ReleasedAt.Equal(now) || p.ApprovedBy != "" {
		t.Errorf("automatic publication times: published %v released %v by %q", p.PublishedAt, p.ReleasedAt, p.ApprovedBy)
	}
	want := filepath.Join(st.Dir, "releases", "water-monthly", "2025-09", "v1")
	if abs, _ := filepath.Abs(want); p.Dir != abs {
		t.Errorf("dir %s, want %s", p.Dir, abs)
	}
	var names []string
	for _, f := range p.Files {
		names = append(names, f.Name)
		if len(f.SHA256) != 64 || f.Size <= 0 {
			t.Errorf("file %+v", f)
		}
	}
	if strings.Join(names, ",") != "document.json,water_sites.csv" {
		t.Errorf("files %v", names)
	}
	if !slices.Equal(p.Standards, []string{"GB 3838-2002"}) || !slices.Equal(p.InputFiles, []int64{3, 7}) {
		t.Errorf("standards %v inputs %v", p.Standards, p.InputFiles)
	}
	if err := Verify(p.Dir); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", ManifestFile)
		cmd.Dir = p.Dir
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "water_sites.csv: OK") {
			t.Errorf("sha256sum -c: %v\n%s", err, out)
		}
	}
	doc, err := ReadDocument(p.Dir)
	if err != nil || doc.Period != "2025-09" || len(doc.Sections[0].Tables[0].Rows) != 3 {
		t.Fatalf("document.json: %v %+v", err, doc)
	}

	// The same figures built again later: nothing new.
	again := waterDoc(report.WaterMonthly, "2025-09", threeSites...)
	again.BuiltAt = cst(2025, 10, 22, 9, 0)
	p2, created := stage(t, st, again, auto, cst(2025, 10, 22, 9, 0))
	if created || p2.Version != 1 {
		t.Fatalf("same figures: created=%v v%d", created, p2.Version)
	}
	all, err := List(context.Background(), st)
	if err != nil || len(all) != 1 {
		t.Fatalf("list: %v %d versions", err, len(all))
	}
}

func TestReviewDraftApprove(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	p, _ := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", threeSites...), review, cst(2025, 10, 15, 9, 0))
	if p.Status != Draft || !p.PublishedAt.IsZero() || !p.ReleasedAt.IsZero() {
		t.Fatalf("review product: %+v", p)
	}
	// A newer draft replaces it before approval; the older is superseded.
	changed := slices.Clone(threeSites)
	changed[1].cwqi = 4.95
	p2, created := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", changed...), review, cst(2025, 10, 16, 9, 0))
	if !created || p2.Version != 2 || p2.Status != Draft || len(p2.Errata) != 0 {
		t.Fatalf("second draft: %+v", p2)
	}
	vs, _ := Versions(ctx, st, report.WaterMonthly, "2025-09")
	if len(vs) != 2 || vs[1].Status != Superseded {
		t.Fatalf("versions %+v", vs)
	}

	at := cst(2025, 10, 17, 14, 5)
	a, err := Approve(ctx, st, report.WaterMonthly, "2025-09", "张三", at)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || a.Status != Public || a.ApprovedBy != "张三" || !a.ApprovedAt.Equal(at) || !a.PublishedAt.Equal(at) || !a.OnTime {
		t.Fatalf("approved: %+v", a)
	}
	for _, c := range []struct{ product, period, by, want string }{
		{report.WaterMonthly, "2025-09", "李四", "already public"},
		{report.WaterMonthly, "2025-08", "李四", "no draft to approve"},
		{"daily", "2025-09", "李四", "unknown product"},
		{report.WaterMonthly, "2025-13", "李四", "want YYYY-MM"},
		{report.WaterMonthly, "2025-09", " ", "--by"},
	} {
		if _, err := Approve(ctx, st, c.product, c.period, c.by, at); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("approve %s %s by %q: %v, want %q", c.product, c.period, c.by, err, c.want)
		}
	}
}

func TestCorrectionMakesErrata(t *testing.T) {
	st := openStore(t)
	p1, _ := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", threeSites...), auto, cst(2025, 10, 14, 9, 0))
	// Corrected data: A01's CWQI changes, B02 is gone, D04 is new, C03 now
	// has a value that failed the validity rule.
	corrected := []site{
		{"A01", "东江桥", 3.45, "II", 1, 4, false},
		{"C03", "南湖", 5.1, "IV", 0, 1, true},
		{"D04", "北渠", 2.5, "II", 1, 3, false},
	}
	doc := waterDoc(report.WaterMonthly, "2025-09", corrected...)
	p2, created := stage(t, st, doc, auto, cst(2025, 11, 3, 9, 0))
	if !created || p2.Version != 2 || p2.Status != Public {
		t.Fatalf("correction: %+v", p2)
	}
	got := p2.Errata
	want := []Erratum{
		{Table: "water_sites", Row: "A01", Column: "cwqi", Label: "地表水断面水质 · A01 · CWQI", Old: "3.21", New: "3.45"},
		{Table: "water_sites", Row: "C03", Column: "cwqi", Label: "地表水断面水质 · C03 · CWQI", Old: "—", New: "5.10†"},
		{Table: "water_sites", Row: "C03", Column: "class", Label: "地表水断面水质 · C03 · 水质类别", Old: "", New: "IV"},
		{Table: "water_sites", Row: "C03", Column: "samples", Label: "地表水断面水质 · C03 · 样品数", Old: "0", New: "1"},
		{Table: "water_sites", Row: "D04", Label: "地表水断面水质 · D04 · 新增行 (row added)", Old: "—",
			New: "断面名称: 北渠；CWQI: 2.50；水质类别: II；达标率: 100.0%；样品数: 3"},
		{Table: "water_sites", Row: "B02", Label: "地表水断面水质 · B02 · 删除行 (row removed)",
			Old: "断面名称: 西河口；CWQI: 4.80；水质类别: III；达标率: 75.0%；样品数: 4", New: "—"},
	}
	if len(got) != len(want) {
		t.Fatalf("errata:\n%+v\nwant\n%+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("erratum %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	// The first version stays on disk, intact, and is still listed.
	if err := Verify(p1.Dir); err != nil {
		t.Fatal(err)
	}
	vs, _ := Versions(context.Background(), st, report.WaterMonthly, "2025-09")
	if len(vs) != 2 || vs[1].Version != 1 || vs[1].Status != Public || len(vs[1].Errata) != 0 {
		t.Fatalf("versions %+v", vs)
	}
	// Only a change at the shown precision counts: 3.451 shows as 3.45.
	corrected[0].cwqi = 3.451
	if _, created := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", corrected...), auto, cst(2025, 11, 4, 9, 0)); !created {
		t.Fatal("a changed document must make a version")
	} else if vs, _ := Versions(context.Background(), st, report.WaterMonthly, "2025-09"); len(vs[0].Errata) != 0 {
		t.Errorf("errata for a change below the shown decimals: %+v", vs[0].Errata)
	}
}

func TestManifestDetectsTampering(t *testing.T) {
	st := openStore(t)
	p, _ := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", threeSites...), auto, cst(2025, 10, 14, 9, 0))
	if err := Verify(p.Dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(p.Dir, "water_sites.csv")
	b, _ := os.ReadFile(path)
	b[len(b)-2] ^= 1
	os.WriteFile(path, b, 0o644)
	if err := Verify(p.Dir); err == nil || !strings.Contains(err.Error(), "water_sites.csv: sha256") {
		t.Fatalf("changed byte: %v", err)
	}
	b[len(b)-2] ^= 1
	os.WriteFile(path, b, 0o644)
	os.WriteFile(filepath.Join(p.Dir, "extra.txt"), []byte("x"), 0o644)
	if err := Verify(p.Dir); err == nil || !strings.Contains(err.Error(), "extra.txt: not in MANIFEST.sha256") {
		t.Fatalf("extra file: %v", err)
	}
	os.Remove(filepath.Join(p.Dir, "extra.txt"))
	os.Remove(path)
	if err := Verify(p.Dir); err == nil || !strings.Contains(err.Error(), "water_sites.csv") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestFailedArtifactLeavesNothing(t *testing.T) {
	st := openStore(t)
	_, _, err := Stage(context.Background(), st, waterDoc(report.WaterMonthly, "2025-09", threeSites...),
		Options{Policy: auto, Artifacts: []Artifact{csvArtifact{}, failingArtifact{}}, Now: cst(2025, 10, 14, 9, 0)})
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "water-monthly 2025-09 v1") {
		t.Fatalf("error %v", err)
	}
	ents, _ := os.ReadDir(filepath.Join(st.Dir, "releases", "water-monthly", "2025-09"))
	if len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
	if all, _ := List(context.Background(), st); len(all) != 0 {
		t.Errorf("ledger rows: %+v", all)
	}
}

func TestDeadlineWorkingDays(t *testing.T) {
	fsys, _ := envsql.FS("")
	cal, err := LoadCalendar(fsys)
	if err != nil {
		t.Fatal(err)
	}
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, store.CST) }
	wd := config.DeadlineRule{Days: 10, Working: true}
	for _, c := range []struct {
		name     string
		end      time.Time
		rule     config.DeadlineRule
		want     time.Time
		fallback bool
	}{
		// 国庆节、中秋节 2025: Oct 1-8 off, Sat Oct 11 worked.
		{"2025-09 across National Day", d(2025, 9, 30), wd, d(2025, 10, 21), false},
		// 春节 2025: Jan 28 - Feb 4 off, Sat Feb 8 worked.
		{"2025-01 across Spring Festival", d(2025, 1, 31), wd, d(2025, 2, 17), false},
		// 春节 2024: Feb 10-17 off, Sun Feb 4 and Sun Feb 18 worked.
		{"2024-01 across Spring Festival", d(2024, 1, 31), wd, d(2024, 2, 19), false},
		// 元旦 2026: Jan 1-3 off, Sun Jan 4 worked.
		{"2025Q4 across New Year 2026", d(2025, 12, 31), config.DeadlineRule{Days: 15, Working: true}, d(2026, 1, 22), false},
		{"calendar days", d(2025, 9, 30), config.DeadlineRule{Days: 10}, d(2025, 10, 10), false},
		// 2027 is not covered: Monday-Friday.
		{"fallback", d(2027, 1, 31), config.DeadlineRule{Days: 5, Working: true}, d(2027, 2, 5), true},
	} {
		got, fb := cal.Due(c.end, c.rule)
		if !got.Equal(c.want) || fb != c.fallback {
			t.Errorf("%s: due %s fallback %v, want %s %v", c.name, got.Format(time.DateOnly), fb, c.want.Format(time.DateOnly), c.fallback)
		}
	}
	if w, covered := cal.Workday(d(2025, 10, 11)); !w || !covered {
		t.Error("2025-10-11 (Saturday) is an adjusted working day")
	}
	if w, _ := cal.Workday(d(2025, 10, 8)); w {
		t.Error("2025-10-08 (Wednesday) is a day off")
	}
}

func TestOnTimeAndLate(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	// 2025-09 is due 2025-10-21 (10 working days after the National Day holiday).
	p, _ := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", threeSites...), auto, cst(2025, 10, 21, 23, 0))
	if !p.Deadline.Equal(time.Date(2025, 10, 21, 23, 59, 59, 0, store.CST)) || !p.OnTime || p.DeadlineRule != "10 working days" {
		t.Fatalf("on the deadline day: deadline %v on time %v", p.Deadline, p.OnTime)
	}
	// A later correction keeps the period on time: the first release counts.
	changed := slices.Clone(threeSites)
	changed[0].cwqi = 3.3
	if p2, _ := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", changed...), auto, cst(2025, 11, 20, 9, 0)); !p2.OnTime || len(p2.Errata) != 1 {
		t.Errorf("correction after the deadline: %+v", p2)
	}
	// 2025-08 is due 2025-09-12; released 2025-09-15: late.
	if p, _ := stage(t, st, waterDoc(report.WaterMonthly, "2025-08", threeSites...), auto, cst(2025, 9, 15, 9, 0)); p.OnTime ||
		p.Deadline.Format(time.DateOnly) != "2025-09-12" {
		t.Errorf("late: %+v", p)
	}
	// 2026-12 is due in January 2027, a year the calendar does not cover.
	if p, _ := stage(t, st, waterDoc(report.WaterMonthly, "2026-12", threeSites...), auto, cst(2027, 1, 5, 9, 0)); !p.CalendarFallback ||
		p.Deadline.Format(time.DateOnly) != "2027-01-14" || !p.OnTime {
		t.Errorf("outside the calendar: %+v", p)
	}
	if p, _ := stage(t, st, waterDoc(report.WaterMonthly, "2026-11", threeSites...), auto, cst(2026, 12, 5, 9, 0)); p.CalendarFallback {
		t.Errorf("2026 is covered: %+v", p)
	}
	// Reviewed: drafted before the deadline, approved after it: late.
	stage(t, st, waterDoc(report.WaterMonthly, "2025-07", threeSites...), review, cst(2025, 8, 10, 9, 0))
	if a, err := Approve(ctx, st, report.WaterMonthly, "2025-07", "王五", cst(2025, 8, 20, 9, 0)); err != nil || a.OnTime {
		t.Errorf("approved after the deadline 2025-08-14: %+v %v", a, err)
	}
}

func TestWithheldAndOnRequest(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	withheld := config.Product{Name: report.Quarterly, Disclosure: Withheld, Review: true, Deadline: "15 working days"}
	doc := waterDoc(report.Quarterly, "2025Q3", threeSites...)
	p, _ := stage(t, st, doc, withheld, cst(2025, 10, 20, 9, 0))
	if p.Status != Internal || !p.PublishedAt.IsZero() || !p.Deadline.IsZero() {
		t.Fatalf("withheld: %+v", p)
	}
	if err := Verify(p.Dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Approve(ctx, st, report.Quarterly, "2025Q3", "张三", cst(2025, 10, 21, 9, 0)); err == nil ||
		!strings.Contains(err.Error(), "never published") {
		t.Fatalf("approve withheld: %v", err)
	}
	changed := slices.Clone(threeSites)
	changed[0].cwqi = 1.0
	p2, _ := stage(t, st, waterDoc(report.Quarterly, "2025Q3", changed...), withheld, cst(2025, 10, 22, 9, 0))
	if p2.Status != Internal {
		t.Fatalf("withheld v2: %+v", p2)
	}

	onReq := config.Product{Name: report.WaterMonthly, Disclosure: OnRequest, Review: true}
	d, _ := stage(t, st, waterDoc(report.WaterMonthly, "2025-09", threeSites...), onReq, cst(2025, 10, 20, 9, 0))
	if d.Status != Draft {
		t.Fatalf("on request, reviewed: %+v", d)
	}
	a, err := Approve(ctx, st, report.WaterMonthly, "2025-09", "张三", cst(2025, 10, 21, 9, 0))
	if err != nil || a.Status != Internal || !a.PublishedAt.IsZero() || a.ApprovedBy != "张三" || a.ReleasedAt.IsZero() {
		t.Fatalf("on request approved: %+v %v", a, err)
	}
	all, _ := List(ctx, st)
	for _, p := range all {
		if p.Status == Public {
			t.Errorf("became public: %s %s v%d (%s)", p.Product, p.Period, p.Version, p.Disclosure)
		}
	}
}

func TestDueSoon(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	pols := []config.Product{
		{Name: report.WaterMonthly, Disclosure: Active, Deadline: "10 working days"},
		{Name: report.Quarterly, Disclosure: Withheld, Deadline: "1 days"},
		{Name: report.AirMonthly, Disclosure: Active},
	}
	now := cst(2025, 10, 18, 9, 0) // 2025-09 is due Tuesday 2025-10-21
	due, err := DueSoon(ctx, st, pols, now, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].Product != report.WaterMonthly || due[0].Period != "2025-09" || due[0].DaysLeft != 3 || due[0].Missed() {
		t.Fatalf("due: %+v", due)
	}
	if due, _ := DueSoon(ctx, st, pols, now, 2); len(due) != 0 {
		t.Errorf("warn_days 2: %+v", due)
	}
	if due, _ := DueSoon(ctx, st, pols, cst(2025, 10, 23, 9, 0), 3); len(due) != 1 || !due[0].Missed() || due[0].DaysLeft != -2 {
		t.Errorf("missed: %+v", due)
	}
	// A draft is not a release; the approved version is.
	stage(t, st, waterDoc(report.WaterMonthly, "2025-09", threeSites...), review, cst(2025, 10, 17, 9, 0))
	if due, _ := DueSoon(ctx, st, pols, now, 3); len(due) != 1 {
		t.Errorf("with a draft: %+v", due)
	}
	if _, err := Approve(ctx, st, report.WaterMonthly, "2025-09", "张三", now); err != nil {
		t.Fatal(err)
	}
	if due, _ := DueSoon(ctx, st, pols, now, 3); len(due) != 0 {
		t.Errorf("after release: %+v", due)
	}
}

func TestCatalogueAgreesWithConfig(t *testing.T) {
	var names []string
	for _, p := range config.DefaultProducts() {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, products) {
		t.Fatalf("config products %v, report catalogue %v", names, products)
	}
	if config.DisclosureActive != Active || config.DisclosureOnRequest != OnRequest || config.DisclosureWithheld != Withheld {
		t.Fatal("disclosure attributes differ between config and release")
	}
	for _, c := range []struct{ product, period, want string }{
		{report.Quarterly, "2025Q4", "2025-12-31"}, {report.Quarterly, "2026Q1", "2026-03-31"},
		{report.AirMonthly, "2024-02", "2024-02-29"},
	} {
		if e, err := PeriodEnd(c.product, c.period); err != nil || e.Format(time.DateOnly) != c.want {
			t.Errorf("%s %s: %v %v", c.product, c.period, e, err)
		}
	}
	for _, bad := range []string{"2025Q5", "2025-Q1", "25Q1"} {
		if _, err := PeriodEnd(report.Quarterly, bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
