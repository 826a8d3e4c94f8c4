package water_test

import (
	"context"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	. "github.com/envdisclose/envdisclose/transform/water"
)

// The test lands files through the real ingest, which imports this
// package: hence an external test package with its own helpers.

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
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func mustRun(t *testing.T, st *store.Store, opt Options) Report {
	t.Helper()
	rep, err := Run(context.Background(), st, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func count(t *testing.T, st *store.Store, q string) int {
	t.Helper()
	var n int
	if err := st.DB.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return n
}

func mustExec(t *testing.T, st *store.Store, q string) {
	t.Helper()
	if _, err := st.DB.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}

// TestDirtyMonths: a run without options recomputes only the months the
// ingested files touched (samples, or a site registry change), and
// consumes their dirty_day marks; other months keep their rows.
func TestDirtyMonths(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	mustRun(t, st, Options{}) // standards only
	at := time.Date(2026, 4, 1, 12, 0, 0, 0, store.CST)
	land := func(name, body string) {
		t.Helper()
		s, err := ingest.Bytes(ctx, st, name, []byte(body), ingest.Options{Source: "test", Now: func() time.Time { return at }})
		if err != nil {
			t.Fatalf("ingest %s: %v", name, err)
		}
		if s.Entry.RowsAccepted == 0 || s.Entry.RowsRejected != 0 {
			t.Fatalf("ingest %s: %+v %+v", name, s.Entry, s.Reasons)
		}
	}
	marks := func() int {
		return count(t, st, `SELECT count(*) FROM dirty_day WHERE dataset = 'water'`)
	}
	month := func(m int) time.Time { return time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	land("sites.csv", "site_code,name,province,city,county,basin,water_body,target_class\n"+
		"W001,东桥,宁夏回族自治区,银川市,兴庆区,黄河流域,river,3\nW002,西湖口,宁夏回族自治区,银川市,西夏区,黄河流域,lake,2\n")
	land("jan-mar.csv", "site_code,sampled_at,parameter,value,unit\n"+
		"W001,2026-01-15 10:00,TP,0.1,mg/L\nW002,2026-01-16 10:00,TP,0.02,mg/L\n"+
		"W001,2026-03-15 10:00,TP,0.15,mg/L\nW002,2026-03-16 10:00,TP,0.03,mg/L\nW001,2026-04-01 08:00,TP,0.12,mg/L\n")
	if marks() == 0 {
		t.Fatal("ingest left no water marks")
	}
	rep := mustRun(t, st, Options{})
	if !rep.From.Equal(month(1)) || !rep.To.Equal(month(4)) || rep.SiteMonths != 5 {
		t.Fatalf("first run %+v: want 2026-01..04 with 5 site-months (February has no samples)", rep)
	}
	if n := marks(); n != 0 {
		t.Fatalf("%d marks left after the run", n)
	}
	if rep := mustRun(t, st, Options{}); !rep.From.IsZero() || rep.SiteMonths != 0 {
		t.Fatalf("nothing new: %+v", rep)
	}
	// A sentinel in January shows whether January is computed again.
	mustExec(t, st, `UPDATE water_site_month SET n_samples = 99 WHERE month = DATE '2026-01-01'`)
	sentinel := func() int {
		return count(t, st, `SELECT count(*) FROM water_site_month WHERE month = DATE '2026-01-01' AND n_samples = 99`)
	}

	// A corrected March sample: March only.
	land("mar-fix.csv", "site_code,sampled_at,parameter,value,unit\nW001,2026-03-15 10:00,TP,0.35,mg/L\n")
	rep = mustRun(t, st, Options{})
	if !rep.From.Equal(month(3)) || !rep.To.Equal(month(3)) || rep.SiteMonths != 2 {
		t.Fatalf("after a March correction: %+v, want March only", rep)
	}
	if sentinel() != 2 {
		t.Fatal("January was recomputed for a March correction")
	}
	if n := count(t, st, `SELECT count(*) FROM water_site_month WHERE site_code = 'W001' AND month = DATE '2026-03-01' AND abs(tp - 0.35) < 1e-9`); n != 1 {
		t.Fatal("March of W001 does not have the corrected TP 0.35")
	}

	// A registry change (W001's target class, valid from now, 2026-04-01
	// 12:00) applies from April: April only.
	land("sites2.csv", "site_code,name,province,city,county,basin,water_body,target_class\n"+
		"W001,东桥,宁夏回族自治区,银川市,兴庆区,黄河流域,river,2\nW002,西湖口,宁夏回族自治区,银川市,西夏区,黄河流域,lake,2\n")
	rep = mustRun(t, st, Options{})
	if !rep.From.Equal(month(4)) || !rep.To.Equal(month(4)) || rep.SiteMonths != 1 {
		t.Fatalf("after W001's registry change: %+v, want April only", rep)
	}
	if sentinel() != 2 {
		t.Fatal("January was recomputed for a change from April")
	}
	// A new site: all its samples' months are marked.
	land("sites3.csv", "site_code,name,province,city,county,basin,water_body,target_class\n"+
		"W003,南口,宁夏回族自治区,银川市,金凤区,黄河流域,river,3\n")
	land("w3.csv", "site_code,sampled_at,parameter,value,unit\nW003,2026-02-10 10:00,TP,0.2,mg/L\n")
	rep = mustRun(t, st, Options{})
	if !rep.From.Equal(month(2)) || !rep.To.Equal(month(2)) || rep.SiteMonths != 1 {
		t.Fatalf("after W003's February sample: %+v, want February only", rep)
	}
	if sentinel() != 2 {
		t.Fatal("January was recomputed")
	}
	// All recomputes everything and consumes every mark.
	land("jan-fix.csv", "site_code,sampled_at,parameter,value,unit\nW002,2026-01-16 10:00,TP,0.04,mg/L\n")
	rep = mustRun(t, st, Options{All: true})
	if !rep.From.Equal(month(1)) || !rep.To.Equal(month(4)) || sentinel() != 0 || marks() != 0 {
		t.Fatalf("All: %+v, sentinel rows %d, marks %d", rep, sentinel(), marks())
	}
}
