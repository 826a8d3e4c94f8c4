package server

import (
	"net/http"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/store"
)

// TestApproveAPI: staff approve a draft over HTTP while the server holds
// the database; the ledger records the staff token's name; station tokens,
// bad periods and a second approval are refused with JSON errors.
func TestApproveAPI(t *testing.T) {
	e := start(t, envOpt{})
	ctx := t.Context()
	stagedAt := time.Date(2026, 11, 3, 10, 0, 0, 0, store.CST)
	if _, _, err := release.Stage(ctx, e.st, draftDoc(report.WaterMonthly, 12), release.Options{Now: stagedAt,
		Policy: config.Product{Name: report.WaterMonthly, Disclosure: config.DisclosureActive, Review: true}}); err != nil {
		t.Fatal(err)
	}
	const url = "/api/v1/publications/water-monthly/2026-10/approve"
	for _, c := range []struct {
		path, token string
		status      int
	}{
		{url, "", 401},
		{url, tokA, 403},
		{"/api/v1/publications/water-monthly/2026-13/approve", tokStaff, 400},
		{"/api/v1/publications/noise/2026-10/approve", tokStaff, 400},
		{"/api/v1/publications/air-monthly/2026-10/approve", tokStaff, 409}, // nothing released
	} {
		r := e.do(http.MethodPost, c.path, c.token, "", nil)
		if r.status != c.status || r.json(t)["error"] == nil {
			t.Errorf("POST %s with %q: %d %s, want %d with a JSON error", c.path, c.token, r.status, r.body, c.status)
		}
	}
	vs, err := release.Versions(ctx, e.st, report.WaterMonthly, "2026-10")
	if err != nil || len(vs) != 1 || vs[0].Status != release.Draft {
		t.Fatalf("after refused approvals: %+v, %v", vs, err)
	}
	r := e.do(http.MethodPost, url, tokStaff, "", nil)
	if r.status != 200 {
		t.Fatalf("approve: %d %s", r.status, r.body)
	}
	j := r.json(t)
	if j["status"] != "public" || j["approved_by"] != "监测科" || j["version"] != float64(1) {
		t.Errorf("approve answered %s", r.body)
	}
	vs, err = release.Versions(ctx, e.st, report.WaterMonthly, "2026-10")
	if err != nil || len(vs) != 1 || vs[0].Status != release.Public || vs[0].ApprovedBy != "监测科" {
		t.Fatalf("ledger after approval: %+v, %v", vs, err)
	}
	if r := e.do(http.MethodPost, url, tokStaff, "", nil); r.status != 409 {
		t.Errorf("second approval: %d %s, want 409", r.status, r.body)
	}
}
