package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
)

// TestApproveCommand stages a reviewed water bulletin as a draft, then
// approves it from the command line: the draft becomes public with the
// approver recorded, the portal is rebuilt, and a second approval, an
// unknown product and a missing --by are refused.
func TestApproveCommand(t *testing.T) {
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	fsys, err := envsql.FS("")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, data, store.Options{SQL: fsys})
	if err != nil {
		t.Fatal(err)
	}
	cst := store.CST
	doc := &report.Document{
		Product: report.WaterMonthly, Period: "2025-09", Title: "2025年9月水环境质量公报", TitleEN: "Water bulletin, September 2025",
		From: time.Date(2025, 9, 1, 0, 0, 0, 0, cst), To: time.Date(2025, 9, 30, 0, 0, 0, 0, cst),
		BuiltAt: time.Date(2025, 10, 9, 9, 0, 0, 0, cst),
		Sections: []report.Section{{ID: "water-surface", Title: "地表水", Tables: []report.Table{{
			ID: "water_sites", Title: "地表水断面水质", Key: []string{"site_code"},
			Columns: []report.Column{{Key: "site_code", Header: "断面编码", Type: report.Text},
				{Key: "cwqi", Header: "CWQI", Type: report.Decimal, Decimals: 2}},
			Rows: [][]report.Cell{{{Value: "A01"}, {Value: 3.21}}},
		}}}},
	}
	pol := config.Product{Name: report.WaterMonthly, Disclosure: release.Active, Review: true, Deadline: "10 working days"}
	p, _, err := release.Stage(ctx, st, doc, release.Options{Policy: pol, Now: time.Date(2025, 10, 9, 10, 0, 0, 0, cst)})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if p.Status != release.Draft {
		t.Fatalf("staged %+v", p)
	}

	t.Setenv("USER", "")
	if code, _, errOut := run(t, ctx, "approve", "water-monthly", "2025-09", "--data", data); code != 2 || !strings.Contains(errOut, "--by") {
		t.Fatalf("without --by: exit %d %q", code, errOut)
	}
	code, out, errOut := run(t, ctx, "approve", "water-monthly", "2025-09", "--by", "张三", "--data", data)
	if code != 0 {
		t.Fatalf("approve: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "approved water-monthly 2025-09 v1: public (主动公开) by 张三") || !strings.Contains(out, "built ") {
		t.Fatalf("output %q", out)
	}
	if _, err := os.Stat(filepath.Join(data, "site", "index.html")); err != nil {
		t.Errorf("portal not rebuilt: %v", err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"water-monthly", "2025-09"}, "already public"},
		{[]string{"daily", "2025-09"}, "unknown product"},
		{[]string{"water-monthly", "2025-08"}, "no draft to approve"},
	} {
		args := append([]string{"approve"}, c.args...)
		code, _, errOut := run(t, ctx, append(args, "--by", "李四", "--data", data)...)
		if code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d %q, want %q", c.args, code, errOut, c.want)
		}
	}

	if code, out, _ := run(t, ctx, "verify", p.Dir); code != 0 || !strings.HasPrefix(out, "OK ") {
		t.Errorf("verify: exit %d %q", code, out)
	}
	os.WriteFile(filepath.Join(p.Dir, release.DocumentFile), []byte("{}"), 0o644)
	if code, out, _ := run(t, ctx, "verify", p.Dir); code != 1 || !strings.Contains(out, "document.json: sha256") {
		t.Errorf("verify after a change: exit %d %q", code, out)
	}

	st, err = store.Open(ctx, data, store.Options{SQL: fsys})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	vs, err := release.Versions(ctx, st, report.WaterMonthly, "2025-09")
	if err != nil || len(vs) != 1 || vs[0].Status != release.Public || vs[0].ApprovedBy != "张三" || vs[0].ApprovedAt.IsZero() {
		t.Fatalf("ledger after approval: %+v %v", vs, err)
	}
}
