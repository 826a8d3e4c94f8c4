package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/water"
)

// exportReportData makes a data directory with two years of the generated
// drinking-water and river samples of the sample prefecture, transformed.
func exportReportData(t *testing.T) string {
	t.Helper()
	ctx := t.Context()
	data := t.TempDir()
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) }
	st, err := store.Open(ctx, data, store.Options{SQL: fsys, Clock: now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	paths, err := sample.GenerateWater(filepath.Join(data, "inbox"), 2022, 2023, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Paths(ctx, st, paths, ingest.Options{Source: "generated", Now: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := water.Run(ctx, st, water.Options{}); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestExportReport(t *testing.T) {
	ctx := context.Background()
	data := exportReportData(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errOut := run(t, ctx, "export", "--quarter", "2023Q1", "--format", "all", "--out", out, "--data", data, "--bureau", "银川市生态环境局")
	if code != 0 {
		t.Fatalf("export --quarter: exit %d: %s", code, errOut)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	// xlsx + json + csv and parquet for each of the 10 tables
	if len(names) != 22 || strings.Count(stdout, "\n") != 22 {
		t.Errorf("files %v\nstdout %s", names, stdout)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "quarterly_2023Q1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sh := f.GetSheetList(); len(sh) != 11 || sh[0] != "封面" {
		t.Errorf("sheets %v", sh)
	}
	if v, _ := f.GetCellValue("封面", "B6"); v != "银川市生态环境局" {
		t.Errorf("bureau on the cover: %q", v)
	}
	// The same period again replaces the files (rename over them).
	if code, _, errOut := run(t, ctx, "export", "--month", "2023-02", "--product", "water-monthly", "--format", "csv",
		"--out", out, "--data", data, "--level", "county"); code != 0 {
		t.Fatalf("export --month: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(out, "water-monthly_2023-02_water_cwqi.csv"))
	if err != nil || !strings.HasPrefix(string(b), "\ufeff排名,省份,区县,") {
		t.Errorf("monthly CSV: %v %q", err, b)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--quarter", "2023Q5"}, "period 2023Q5: want YYYYQn"},
		{[]string{"--quarter", "2999Q1"}, "period 2999Q1 has not begun"},
		{[]string{"--quarter", "2023-01"}, "period 2023-01: want YYYYQn"},
		{[]string{"--quarter", "2023Q1", "--format", "docx"}, `--format "docx"`},
		{[]string{"--month", "2023-13", "--product", "air-monthly"}, "period 2023-13: want YYYY-MM"},
		{[]string{"--month", "2023-01"}, "--month needs --product"},
		{[]string{"--quarter", "2023Q1", "--out", "-"}, "output directory"},
		{[]string{"--quarter", "2023Q1", "--level", "street"}, `--level "street"`},
		{[]string{"air-daily", "--quarter", "2023Q1"}, "cannot be combined"},
	} {
		args := append([]string{"export", "--data", data}, c.args...)
		if !strings.Contains(strings.Join(c.args, " "), "--out") {
			args = append(args, "--out", t.TempDir())
		}
		code, _, errOut := run(t, ctx, args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if _, _, errOut := run(t, ctx, "export", "--help"); !strings.Contains(errOut, "--quarter 2026Q3") || !strings.Contains(errOut, "封面") {
		t.Errorf("export --help lacks the report usage:\n%s", errOut)
	}
}
