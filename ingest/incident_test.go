package ingest

import (
	"context"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/envdisclose/envdisclose/store"
)

func TestIncidentsCSVAndXLSX(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	s := ingestFile(t, st, "incident/testdata/incidents_zh.csv", waterOpts())
	e := s.Entry
	if e.Kind != KindIncidents || e.Outcome != store.OutcomeAccepted || e.RowsAccepted != 3 || e.Message != "3 incidents: 3 new, 0 superseded" {
		t.Fatalf("%+v %+v", e, s.Reasons)
	}
	for _, q := range []string{
		`incident_id = 'NX-2026-001' AND occurred_at = TIMESTAMP '2026-01-10 08:30' AND reported_at = TIMESTAMP '2026-01-10 09:10'
		 AND county = '兴庆区' AND type = '危化品泄漏' AND level_given = 4 AND deaths = 0 AND injured = 3 AND evacuated = 120
		 AND economic_loss_cny = 125000 AND water_interruption = 'none' AND cross_boundary = 'none' AND status = 'closed'
		 AND closed_at = TIMESTAMP '2026-01-20 17:00' AND description = '储罐阀门破裂导致泄漏'`,
		`incident_id = 'NX-2026-002' AND level_given = 3 AND deaths = 1 AND economic_loss_cny = 8000000
		 AND water_interruption = 'county' AND cross_boundary = 'prefecture' AND status = 'responding' AND closed_at IS NULL`,
		`incident_id = 'NX-2026-003' AND level_given IS NULL AND deaths IS NULL AND reported_at IS NULL AND location IS NULL
		 AND economic_loss_cny = 30000 AND water_interruption = 'township' AND cross_boundary = 'province' AND status = 'open'`,
	} {
		if n := count(t, st, `SELECT count(*) FROM incident WHERE `+q); n != 1 {
			t.Errorf("not found: %s", q)
		}
	}

	// A workbook (English headers, level words and numbers, a date cell)
	// sends NX-2026-002 again: it supersedes, the old version is kept.
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"id", "occurred_at", "reported_at", "county", "type", "level", "deaths", "injured", "evacuated", "economic_loss_cny", "water_interruption", "cross_boundary", "status"},
		{"NX-2026-002", time.Date(2026, 1, 12, 14, 0, 0, 0, time.UTC), "2026-01-12 15:00", "西夏区", "水污染", "重大", 2, 12, 5000, 9000000, "city", "province", "closed"},
		{"NX-2026-004", "2026-02-01 10:00", "2026-02-01 10:20", "永宁县", "大气污染", 4, 0, 0, 0, "", "none", "none", "open"},
		{"NX-2026-005", "2026-02-02 10:00", "2026-02-02 10:20", "永宁县", "大气污染", "特大", 0, 0, 0, "", "none", "none", "open"},
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
	s, err = Bytes(ctx, st, "incidents.xlsx", buf.Bytes(), waterOpts())
	if err != nil {
		t.Fatal(err)
	}
	e = s.Entry
	if e.Format != FormatXLSX || e.Outcome != store.OutcomePartial || e.RowsAccepted != 2 || e.RowsSuperseded != 1 ||
		len(s.Reasons) != 1 || s.Reasons[0].Reason != "unknown incident level" {
		t.Fatalf("%+v %+v", e, s.Reasons)
	}
	if n := count(t, st, `SELECT count(*) FROM incident WHERE incident_id = 'NX-2026-002' AND level_given = 2 AND deaths = 2
		AND occurred_at = TIMESTAMP '2026-01-12 14:00' AND status = 'closed' AND file_id = ?`, e.ID); n != 1 {
		t.Fatal("NX-2026-002 not replaced by the workbook version")
	}
	if n := count(t, st, `SELECT count(*) FROM incident_superseded WHERE incident_id = 'NX-2026-002' AND level_given = 3
		AND superseded_by = ?`, e.ID); n != 1 {
		t.Fatal("NX-2026-002 history not kept")
	}
	if n := count(t, st, `SELECT count(*) FROM incident`); n != 4 {
		t.Fatalf("%d incidents, want 4", n)
	}
}
