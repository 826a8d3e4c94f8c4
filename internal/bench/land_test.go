package bench

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/polluter"
)

// TestBenchLandScaling times polluter.LandAppend of one 150 k-value file
// (50 outlets × 4 values × March 2024) into a store that already holds the
// month of ENVDISCLOSE_BENCH_OUTLETS outlets (default 14,950, i.e. 44 M
// values): once for outlets without data (new data, the usual case) and
// once for outlets whose month is stored (every value superseded).
// Enabled by ENVDISCLOSE_BENCH=1.
func TestBenchLandScaling(t *testing.T) {
	if os.Getenv("ENVDISCLOSE_BENCH") != "1" {
		t.Skip("set ENVDISCLOSE_BENCH=1")
	}
	ctx := context.Background()
	outlets := envInt("ENVDISCLOSE_BENCH_OUTLETS", 14950)
	st, err := openStore(ctx, t.TempDir(), "1536MB", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := loadPollutersRegistry(ctx, st, (outlets+50)/3+1); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	const chunk = 500
	for lo := 0; lo < outlets; lo += chunk {
		if _, err := st.DB.ExecContext(ctx, `INSERT INTO emission_value
			SELECT printf('BO%06d', o), p, TIMESTAMP '2024-03-01 00:00:00' + to_hours(h), 'hour',
			       10 + 20 * random(), 12 + 20 * random(), 3e5, 'N', 1
			FROM range(CAST($1 AS BIGINT), CAST($2 AS BIGINT)) t(o), range(1, 745) u(h),
			     (VALUES ('so2'), ('nox'), ('pm'), ('o2')) v(p)
			ORDER BY o, h`, lo, min(lo+chunk, outlets)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.DB.ExecContext(ctx, "CHECKPOINT"); err != nil {
		t.Fatal(err)
	}
	var stored int64
	_ = st.DB.QueryRowContext(ctx, "SELECT count(*) FROM emission_value").Scan(&stored)
	t.Logf("stored %d values in %v", stored, time.Since(t0).Round(time.Millisecond))

	land := func(name string, first int) {
		e, _, err := st.Receive(ctx, fmt.Sprintf("%064d", first+1), name, "bench", 0)
		if err != nil {
			t.Fatal(err)
		}
		from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		start := time.Now()
		res, err := polluter.LandAppend(ctx, st, &e, nil, func(a *duckdb.Appender) error {
			var seq int64
			for o := first; o < first+50; o++ {
				oc := fmt.Sprintf("BO%06d", o)
				for h := 1; h <= 744; h++ {
					for _, p := range []string{"so2", "nox", "pm", "o2"} {
						seq++
						if err := a.AppendRow(seq, oc, p, from.Add(time.Duration(h)*time.Hour), "hour", 20.0, 22.0, 3e5, "N"); err != nil {
							return err
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: landed %d values (%d superseded) in %v", name, res.Inserted, res.Superseded, time.Since(start).Round(time.Millisecond))
		if e.Outcome != store.OutcomeAccepted {
			t.Fatalf("outcome %s", e.Outcome)
		}
	}
	land("new outlets", outlets)
	land("re-sent outlets", 100)
	land("new outlets again (re-sent)", outlets)
}
