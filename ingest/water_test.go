package ingest

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/envdisclose/envdisclose/ingest/water"
	"github.com/envdisclose/envdisclose/store"
	transform "github.com/envdisclose/envdisclose/transform/water"
)

var waterNow = time.Date(2026, 3, 1, 12, 0, 0, 0, store.CST)

func waterOpts() Options {
	return Options{Source: "test", Now: func() time.Time { return waterNow }}
}

func ingestFile(t *testing.T, st *store.Store, path string, opt Options) Summary {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Bytes(context.Background(), st, filepath.Base(path), data, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWaterSitesAndSamples(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	// samples before any site list: refused as a whole
	s, err := Bytes(ctx, st, "early.csv", []byte("site_code,sampled_at,parameter,value\nW001,2026-01-15 10:00,TP,0.1\n"), waterOpts())
	if err != nil || s.Entry.Outcome != store.OutcomeRejected || s.Reasons[0].Reason != "the water site registry is empty: ingest a water site list first" {
		t.Fatalf("%+v %+v", s.Entry, s.Reasons)
	}
	s = ingestFile(t, st, "water/testdata/sites.csv", waterOpts())
	if s.Entry.Kind != KindWaterSites || s.Entry.Outcome != store.OutcomeAccepted || s.Entry.Message != "3 sites: 3 new, 0 changed, 0 unchanged" {
		t.Fatalf("sites: %+v", s.Entry)
	}
	if n := count(t, st, `SELECT count(*) FROM water_site WHERE site_code = 'W002' AND water_body = 'lake' AND is_drinking_source
		AND drinking_level = 'city' AND target_class = 2 AND is_assessed AND network = 'manual' AND valid_from = TIMESTAMP '1970-01-01'`); n != 1 {
		t.Fatal("W002 not registered as a city drinking-source lake, target Ⅱ")
	}
	if n := count(t, st, `SELECT count(*) FROM water_site WHERE site_code = 'W003' AND NOT is_assessed AND target_class IS NULL AND lon IS NULL`); n != 1 {
		t.Fatal("W003 attributes")
	}
	// A later list without most columns: W001 renamed (SCD2), the other
	// attributes kept from the latest version.
	later := waterNow.Add(time.Hour)
	opt := waterOpts()
	opt.Now = func() time.Time { return later }
	if _, err := Bytes(ctx, st, "sites-v2.csv", []byte("site_code,name\nW001,东桥新\nW002,西湖口\n"), opt); err != nil {
		t.Fatal(err)
	}
	if n := count(t, st, `SELECT count(*) FROM water_site WHERE site_code = 'W001'`); n != 2 {
		t.Fatalf("W001 versions %d, want 2", n)
	}
	if n := count(t, st, `SELECT count(*) FROM water_site WHERE site_code = 'W001' AND valid_to IS NULL AND name = '东桥新'
		AND target_class = 3 AND water_body = 'river' AND county = '兴庆区' AND valid_from = ?`, store.Wall(later)); n != 1 {
		t.Fatal("W001 new version does not keep the attributes the list did not have")
	}

	s = ingestFile(t, st, "water/testdata/samples.csv", waterOpts())
	e := s.Entry
	t.Logf("samples: %s; reasons %+v", e.Message, s.Reasons)
	if e.Kind != KindWaterSample || e.Outcome != store.OutcomePartial || e.RowsAccepted != 16 || e.RowsRejected != 10 {
		t.Fatalf("samples: %+v", e)
	}
	type v struct {
		site, at, param string
		value, dl       float64 // NaN = NULL
		below           bool
	}
	nan := math.NaN()
	for _, w := range []v{
		{"W001", "2026-01-15 10:00", "codmn", 3.2, nan, false},
		{"W001", "2026-01-15 10:00", "tp", 0.12, nan, false}, // 120 µg/L
		{"W001", "2026-01-15 10:00", "ph", 7.6, nan, false},
		{"W001", "2026-01-15 10:00", "cr6", 1, nan, false}, // ppm = mg/L
		{"W002", "2026-01-15 11:00", "codmn", 2.5, nan, false},
		{"W002", "2026-01-15 11:00", "nh3n", nan, 0.02, true},  // 0.02L
		{"W002", "2026-01-15 11:00", "tp", nan, 0.01, true},    // <0.01
		{"W002", "2026-01-15 11:00", "do", 9, nan, false},      // DO
		{"W002", "2026-01-15 11:00", "tn", nan, 0.05, true},    // ND, default DL
		{"W003", "2026-01-16 00:00", "codmn", 4, nan, false},   // COD_Mn, date only
		{"W003", "2026-01-16 00:00", "nh3n", nan, 0.05, true},  // flag <
		{"W003", "2026-01-16 00:00", "tp", nan, 0.01, true},    // 未检出, default DL
		{"W003", "2026-01-16 00:00", "do", 7.7, nan, false},    // 溶解氧(mg/L)
		{"W003", "2026-01-16 00:00", "hg", nan, 0.00004, true}, // 0.04 μg/L flag L
	} {
		var value, dl *float64
		var below bool
		var unit string
		if err := st.DB.QueryRow(`SELECT value, detection_limit, below_dl, unit FROM water_sample
			WHERE site_code = ? AND sampled_at = CAST(? AS TIMESTAMP) AND parameter = ?`, w.site, w.at, w.param).Scan(&value, &dl, &below, &unit); err != nil {
			t.Fatalf("%+v: %v", w, err)
		}
		eq := func(p *float64, x float64) bool {
			if math.IsNaN(x) {
				return p == nil
			}
			return p != nil && math.Abs(*p-x) < 1e-12
		}
		if !eq(value, w.value) || !eq(dl, w.dl) || below != w.below {
			t.Errorf("%+v: got value %v dl %v below %v", w, value, dl, below)
		}
	}
	want := map[string]int64{
		"duplicate site, time and parameter in file": 1, "unit does not fit the parameter": 1, "unknown parameter": 1,
		"pH outside 0-14": 1, "unknown unit": 1, "unknown site": 1, "time in the future": 1,
		"not detected, no detection limit": 1, "not a number": 1, "unknown value flag": 1,
	}
	for _, rc := range s.Reasons {
		if want[rc.Reason] != rc.Count {
			t.Errorf("reason %q: %d", rc.Reason, rc.Count)
		}
		delete(want, rc.Reason)
	}
	if len(want) != 0 {
		t.Errorf("reasons missing: %v", want)
	}
	if n := count(t, st, `SELECT count(*) FROM dirty_day WHERE dataset = 'water'`); n != 2 {
		t.Errorf("water dirty days %d, want 2 (2026-01-15, 2026-01-16)", n)
	}
	// a correction supersedes, with history
	s, err = Bytes(ctx, st, "fix.csv", []byte("site_code,sampled_at,parameter,value,unit\nW001,2026-01-15 10:00,总磷（mg/L）,0.13,\n"), waterOpts())
	if err != nil || s.Entry.RowsSuperseded != 1 {
		t.Fatalf("%v %+v", err, s.Entry)
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample_superseded WHERE parameter = 'tp' AND value = 0.12 AND superseded_by = ?`, s.Entry.ID); n != 1 {
		t.Fatal("superseded TP not kept")
	}
}

// TestWaterAliasesMatchTransform: the ingest resolver (files) and
// transform/water.ResolveHeader (tables) agree on every spelling.
func TestWaterAliasesMatchTransform(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	if _, err := transform.Run(ctx, st, transform.Options{}); err != nil { // loads water_std_*
		t.Fatal(err)
	}
	std, err := water.LoadStandards(st.SQL)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		h, param string
		factor   float64
	}{
		{"高锰酸盐指数", "codmn", 1}, {"CODMn", "codmn", 1}, {"COD_Mn", "codmn", 1}, {"高锰酸盐指数(mg/L)", "codmn", 1},
		{"氨氮", "nh3n", 1}, {"NH3-N", "nh3n", 1}, {"氨氮(mg/L)", "nh3n", 1}, {"氨氮（µg/L）", "nh3n", 0.001},
		{"总磷", "tp", 1}, {"TP", "tp", 1}, {"总磷(μg/L)", "tp", 0.001}, {"总磷（µg/L）", "tp", 0.001}, {"TP[ug/l]", "tp", 0.001},
		{"溶解氧", "do", 1}, {"DO", "do", 1}, {"溶解氧(mg/L)", "do", 1},
		{"pH(无量纲)", "ph", 1}, {"藻密度(cells/L)", "algae_density", 1}, {"电导率(μS/cm)", "conductivity", 1},
	} {
		col, reason, detail := std.Resolve(c.h, "")
		ref, ok, err := transform.ResolveHeader(ctx, st.DB, c.h)
		if reason != "" || err != nil || !ok {
			t.Errorf("%s: ingest %q %q, transform %v %v", c.h, reason, detail, ok, err)
			continue
		}
		if col.Parameter != c.param || col.Factor != c.factor || ref.Parameter != col.Parameter || ref.Factor != col.Factor || ref.Unit != col.Unit {
			t.Errorf("%s: ingest %+v, transform %+v, want %s ×%v", c.h, col, ref, c.param, c.factor)
		}
	}
	// separate unit column
	if col, reason, _ := std.Resolve("总磷", "µg/L"); reason != "" || col.Factor != 0.001 {
		t.Errorf("总磷 + µg/L: %+v %q", col, reason)
	}
	if _, reason, _ := std.Resolve("浊度", "mg/L"); reason != "unit does not fit the parameter" {
		t.Errorf("浊度 mg/L: %q", reason)
	}
}

// TestWaterSamplesXLSX: the long layout in a workbook, with a date cell.
func TestWaterSamplesXLSX(t *testing.T) {
	st := openStore(t)
	ingestFile(t, st, "water/testdata/sites.csv", waterOpts())
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"断面编码", "采样时间", "监测项目", "监测值", "单位"},
		{"W001", time.Date(2026, 1, 20, 9, 30, 0, 0, time.UTC), "氨氮", 0.31, "mg/L"},
		{"W001", "2026-01-20 09:30", "总磷", "45", "µg/L"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Bytes(context.Background(), st, "samples.xlsx", buf.Bytes(), waterOpts())
	if err != nil || s.Entry.Outcome != store.OutcomeAccepted || s.Entry.Format != FormatXLSX || s.Entry.RowsAccepted != 2 {
		t.Fatalf("%v %+v %+v", err, s.Entry, s.Reasons)
	}
	if n := count(t, st, `SELECT count(*) FROM water_sample WHERE sampled_at = TIMESTAMP '2026-01-20 09:30'
		AND ((parameter = 'nh3n' AND value = 0.31) OR (parameter = 'tp' AND abs(value - 0.045) < 1e-12))`); n != 2 {
		t.Fatal("workbook samples not as written")
	}
}
