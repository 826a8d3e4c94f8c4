package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/release"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/store"
)

// TestBulletinJobs: the transform job gives no period its first release;
// the monthly job releases the ended months of the monthly products (the
// real air sample: air-monthly 2023-01, automatic, public) and not the
// quarterly bulletin, which the quarterly job releases (a reviewed product:
// a draft).
func TestBulletinJobs(t *testing.T) {
	e := start(t, envOpt{
		noRun: true,
		setup: func(st *store.Store) {
			paths := samplePaths(t)
			if _, err := ingest.Paths(context.Background(), st, paths[1:2], ingest.Options{Source: "test"}); err != nil {
				t.Fatal(err)
			}
		},
		opt: func(o *Options) { o.Build = nil }, // the real pipeline
	})
	ctx := t.Context()
	versions := func() string {
		t.Helper()
		pubs, err := release.List(ctx, e.st)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range pubs {
			out = append(out, fmt.Sprintf("%s %s v%d %s", p.Product, p.Period, p.Version, p.Status))
		}
		return fmt.Sprint(out)
	}
	if err := e.srv.Scheduler().RunNow(ctx, JobTransform, "test"); err != nil {
		t.Fatal(err)
	}
	if v := versions(); v != "[]" {
		t.Fatalf("the transform job released %s", v)
	}
	if err := e.srv.Scheduler().RunNow(ctx, JobMonthly, "test"); err != nil {
		t.Fatal(err)
	}
	if v := versions(); v != "[air-monthly 2023-01 v1 public]" {
		t.Fatalf("after the monthly job: %s", v)
	}
	if err := e.srv.Scheduler().RunNow(ctx, JobQuarterly, "test"); err != nil {
		t.Fatal(err)
	}
	if v, want := versions(), fmt.Sprintf("[air-monthly 2023-01 v1 public %s 2023Q1 v1 draft]", report.Quarterly); v != want {
		t.Fatalf("after the quarterly job: %s, want %s", v, want)
	}
}
