package transform

import (
	"context"
	"os"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// genSyntheticYear fills station and air_hour with a national-scale year
// (2,026 stations × 8,760 hours = 17.7 M rows, 31 provinces, ~340 cities,
// one control point per city, ~2 % missing values), generated in DuckDB.
func genSyntheticYear(t testing.TB, st *store.Store, year, hours int) {
	t.Helper()
	y := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(dateFmt)
	mustExec(t, st.DB, `
		INSERT INTO station (station_code, name, city, province, prefecture, county, lon, lat, is_control, valid_from, valid_to, file_id)
		SELECT printf('%04dA', 1001 + i), 'S' || i, 'C' || (i // 6), 'P' || ((i // 6) % 31), 'C' || (i // 6), NULL,
		       100 + (i % 30), 25 + (i % 20), i % 6 = 5, TIMESTAMP '1970-01-01', NULL, 0
		FROM range(2026) r(i)`)
	mustExec(t, st.DB, `
		INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
		SELECT printf('%04dA', 1001 + s),
		       TIMESTAMP '`+y+`' + to_hours(h + 1),
		       CASE WHEN random() < 0.02 THEN NULL ELSE round(greatest(1, base * (0.6 + random()))) END,
		       CASE WHEN random() < 0.02 THEN NULL ELSE round(greatest(2, base * (1.2 + random()))) END,
		       CASE WHEN random() < 0.02 THEN NULL ELSE round(2 + random() * 20) END,
		       CASE WHEN random() < 0.02 THEN NULL ELSE round(5 + random() * 60) END,
		       CASE WHEN random() < 0.02 THEN NULL ELSE round(greatest(1, 60 + 80 * sin((h % 24 - 8) / 24 * 2 * pi()) + random() * 40)) END,
		       CASE WHEN random() < 0.02 THEN NULL ELSE round(0.3 + random() * 1.5, 1) END,
		       NULL, 0
		FROM (SELECT s, h, 20 + 40 * (1 + cos((h / 24.0) / 365 * 2 * pi())) + (s % 17) AS base
		      FROM range(`+strconv.Itoa(hours)+`) b(h), range(2026) a(s))
		ORDER BY h, s`)
}

// TestSyntheticYear times a full recompute of a national year. It runs only
// with ENVDISCLOSE_BENCH=1 (about a minute including data generation):
//
//	ENVDISCLOSE_BENCH=1 go test -tags duckdb_arrow ./transform/ -run TestSyntheticYear -v
func TestSyntheticYear(t *testing.T) {
	if os.Getenv("ENVDISCLOSE_BENCH") != "1" {
		t.Skip("set ENVDISCLOSE_BENCH=1 to run the national-year benchmark")
	}
	st := openStore(t)
	t0 := time.Now()
	genSyntheticYear(t, st, 2025, 8760)
	n := queryInt(t, st.DB, `SELECT count(*) FROM air_hour`)
	t.Logf("generated %d station-hours in %v", n, time.Since(t0))

	cpu0 := cpuTime()
	rep, err := Run(context.Background(), st, Options{All: true})
	if err != nil {
		t.Fatal(err)
	}
	cpu := cpuTime() - cpu0
	t.Logf("Run(All): wall %v, process CPU %v (%.2f cores busy), %d days, %d months, %d batches",
		rep.Total, cpu, cpu.Seconds()/rep.Total.Seconds(), rep.Days, rep.Months, rep.Batches)
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		t.Logf("load average (other jobs share this machine): %s", l)
	}
	tables := make([]string, 0, len(rep.Rows))
	for k := range rep.Rows {
		tables = append(tables, k)
	}
	sort.Strings(tables)
	for _, k := range tables {
		t.Logf("  rows %-18s %d", k, rep.Rows[k])
	}
	for k, d := range rep.Durations {
		t.Logf("  model %-14s %v", k, d)
	}
	// Budget: 20 s on a 2-core machine. Other jobs may share the machine;
	// judge the wall time only when this process actually got both cores.
	busy := cpu.Seconds() / rep.Total.Seconds()
	switch {
	case rep.Total <= 20*time.Second:
	case busy >= 1.6:
		t.Errorf("full recompute of a national year took %v, budget 20 s", rep.Total)
	default:
		t.Logf("over budget (%v) but the machine is shared: %.2f cores busy; CPU/2 = %v",
			rep.Total, busy, cpu/2)
	}
	// Incremental: one dirty day.
	mustExec(t, st.DB, `INSERT INTO dirty_day VALUES ('air', DATE '2025-06-15', 0)`)
	rep, err = Run(context.Background(), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Run(one dirty day): %v, rows %v", rep.Total, rep.Rows)
}

// cpuTime is the CPU time (user + system) used by this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPushHour times the incremental transform after a push of one
// new hour from every station, on a national month of history (2,026
// stations): the work of one republish after a burst of station pushes.
// "touched" recomputes the pushed station-hours only (air_touched_hour),
// "day" the whole day (forced with a dirty mark that has no rows).
//
//	go test -tags duckdb_arrow -run '^$' -bench PushHour -benchtime 10x ./transform/
func BenchmarkPushHour(b *testing.B) {
	for _, scope := range []string{scopeTouched, scopeDay} {
		b.Run(scope, func(b *testing.B) {
			st := openStore(b)
			hours := 30 * 24
			genSyntheticYear(b, st, 2025, hours)
			if _, err := Run(context.Background(), st, Options{All: true}); err != nil {
				b.Fatal(err)
			}
			// Each iteration: the hour after the last one arrives from every
			// station (file id = hour), as pushes landing in air_hour do.
			next := hours
			durs := map[string]time.Duration{}
			for b.Loop() {
				b.StopTimer()
				h := strconv.Itoa(next + 1)
				mustExec(b, st.DB, `INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
					SELECT station_code, time + INTERVAL 1 HOUR, pm25, pm10, so2, no2, o3, co, NULL, `+h+`
					FROM air_hour WHERE time = TIMESTAMP '2025-01-01' + to_hours(`+strconv.Itoa(next)+`)`)
				mustExec(b, st.DB, `INSERT INTO dirty_day SELECT DISTINCT 'air', CAST(time - INTERVAL 1 HOUR AS DATE), `+h+`
					FROM air_hour WHERE file_id = `+h)
				if scope == scopeDay {
					mustExec(b, st.DB, `INSERT INTO dirty_day SELECT DISTINCT 'air', CAST(time - INTERVAL 1 HOUR AS DATE), -1
						FROM air_hour WHERE file_id = `+h)
				}
				next++
				b.StartTimer()
				rep, err := Run(context.Background(), st, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if rep.HourScope != scope {
					b.Fatalf("scope %s, want %s", rep.HourScope, scope)
				}
				for k, v := range rep.Durations {
					durs[k] += v
				}
			}
			for k, v := range durs {
				b.ReportMetric(v.Seconds()/float64(b.N)*1000, k+"_ms")
			}
		})
	}
}
