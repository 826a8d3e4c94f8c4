package polluter

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestBenchRun measures Run on 5,000 enterprises x 3 outlets x 4
// pollutants, hourly for a month (~43 M values), generated in DuckDB.
// Enabled by ENVDISCLOSE_BENCH=1 (ENVDISCLOSE_BENCH_ENTERPRISES overrides
// the 5,000).
func TestBenchRun(t *testing.T) {
	if os.Getenv("ENVDISCLOSE_BENCH") != "1" {
		t.Skip("set ENVDISCLOSE_BENCH=1")
	}
	ents := 5000
	if v, err := strconv.Atoi(os.Getenv("ENVDISCLOSE_BENCH_ENTERPRISES")); err == nil && v > 0 {
		ents = v
	}
	st := openStore(t)
	ctx := context.Background()
	e, _, err := st.Receive(ctx, "bench-"+strconv.Itoa(ents), "generated:bench", "generated", 0)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	mustExec(t, st.DB, `INSERT INTO enterprise (enterprise_id, name, province, city, valid_from, file_id)
		SELECT 'B' || i, '企业' || i, '宁夏回族自治区', '银川市', TIMESTAMP '1970-01-01', ? FROM range(?) t(i)`, e.ID, ents)
	mustExec(t, st.DB, `INSERT INTO outlet (outlet_code, enterprise_id, name, medium, valid_from, file_id)
		SELECT 'B' || i || '-' || j, 'B' || i, '排放口' || j, 'gas', TIMESTAMP '1970-01-01', ? FROM range(?) t(i), range(3) u(j)`, e.ID, ents)
	mustExec(t, st.DB, `INSERT INTO outlet_limit (outlet_code, pollutant, limit_value, unit, direction, limit_basis, use_converted, standard_name, valid_from, file_id)
		SELECT o.outlet_code, p.pollutant, p.lim, 'mg/m³', 'max', 'avg_hourly', true, 'GB 13223-2011', TIMESTAMP '1970-01-01', ?
		FROM outlet o, (VALUES ('so2', 35.0), ('nox', 50.0), ('pm', 10.0), ('co', 100.0)) p(pollutant, lim)`, e.ID)
	// Values: hash-based pseudo-random, ~0.5 % over the limit, ~3 % flagged.
	mustExec(t, st.DB, `INSERT INTO emission_value
		SELECT o.outlet_code, p.pollutant, TIMESTAMP '2026-03-01 00:00' + to_hours(h) AS time, 'hour',
		       p.lim * (0.4 + (hash(o.outlet_code, p.pollutant, h) % 1000) / 1650.0) * 0.8,
		       p.lim * (0.4 + (hash(o.outlet_code, p.pollutant, h) % 1000) / 1650.0),
		       1e5,
		       CASE WHEN hash(o.outlet_code, h) % 100 < 1 THEN 'M' WHEN hash(o.outlet_code, h) % 100 = 1 THEN 'C'
		            WHEN hash(o.outlet_code, h) % 100 = 2 THEN 'D' ELSE 'N' END,
		       ?
		FROM outlet o, (VALUES ('so2', 35.0), ('nox', 50.0), ('pm', 10.0), ('co', 100.0)) p(pollutant, lim), range(1, 745) r(h)`, e.ID)
	var n int64
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM emission_value`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d values in %v", n, time.Since(start))
	start = time.Now()
	rep, err := Run(ctx, st, Options{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Run: %v, %+v", time.Since(start), rep)
}
