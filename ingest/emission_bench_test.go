package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest/emission"
	"github.com/envdisclose/envdisclose/store"
)

// TestBenchEmission measures emission ingest on a slice of the national
// target (5,000 enterprises × 3 outlets × 4 pollutants hourly for a month
// = 43 M values): ENVDISCLOSE_BENCH_OUTLETS outlets (default 500) × one
// month (March 2024, 744 h) × 4 values (so2, nox, pm + the O2 every gas
// device sends), once as HJ 212 messages (GenerateHJ212, one file per 50
// outlets) and once as hourly CSV (one file per 50 outlets), each into a
// fresh store, through Paths. It logs values/s and the extrapolation to
// 43 M values. Enabled by ENVDISCLOSE_BENCH=1.
func TestBenchEmission(t *testing.T) {
	if os.Getenv("ENVDISCLOSE_BENCH") != "1" {
		t.Skip("set ENVDISCLOSE_BENCH=1")
	}
	outlets := 500
	if v, err := strconv.Atoi(os.Getenv("ENVDISCLOSE_BENCH_OUTLETS")); err == nil && v > 0 {
		outlets = v
	}
	const perFile = 50
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, store.CST)
	to := from.AddDate(0, 1, 0)
	const target = 43_200_000.0 // 5,000 × 3 × 4 × ~720 h

	specs := make([]emission.OutletSpec, outlets)
	for i := range specs {
		specs[i] = emission.OutletSpec{MN: fmt.Sprintf("BENCH%09d", i), Medium: "gas", Pollutants: []emission.PollutantSpec{
			{Code: "a21026", Limit: 35}, {Code: "a21002", Limit: 50}, {Code: "a34013", Limit: 10}}}
	}
	seed := func(st *store.Store) {
		mustExecT(t, st, `INSERT INTO enterprise (enterprise_id, name, valid_from, file_id)
			SELECT 'BE' || i, '企业' || i, TIMESTAMP '1970-01-01', 0 FROM range(?) t(i)`, (outlets+2)/3)
		mustExecT(t, st, `INSERT INTO outlet (outlet_code, enterprise_id, name, medium, mn, valid_from, file_id)
			SELECT 'BO' || i, 'BE' || (i // 3), '排放口', 'gas', printf('BENCH%09d', i), TIMESTAMP '1970-01-01', 0 FROM range(?) t(i)`, outlets)
		mustExecT(t, st, `INSERT INTO outlet_limit (outlet_code, pollutant, limit_value, unit, direction, limit_basis, use_converted, valid_from, file_id)
			SELECT 'BO' || i, p, l, 'mg/m³', 'max', 'avg_hourly', true, TIMESTAMP '1970-01-01', 0
			FROM range(?) t(i), (VALUES ('so2', 35.0), ('nox', 50.0), ('pm', 10.0)) v(p, l)`, outlets)
	}
	run := func(name string, files [][]byte) {
		st := openStore(t)
		seed(st)
		dir := t.TempDir()
		var paths []string
		var size int
		for i, b := range files {
			p := fmt.Sprintf("%s/%s-%03d", dir, name, i)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
			size += len(b)
		}
		start := time.Now()
		sums, err := Paths(context.Background(), st, paths, testOpts())
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		var vals int64
		for _, s := range sums {
			if s.Entry.Outcome != store.OutcomeAccepted {
				t.Fatalf("%s: %+v", s.Path, s.Entry)
			}
			vals += s.Entry.RowsAccepted
		}
		rate := float64(vals) / took.Seconds()
		t.Logf("%s: %d files, %.1f MB, %d values in %v: %.0f values/s; 43.2 M values ≈ %.0f s",
			name, len(files), float64(size)/1e6, vals, took.Round(time.Millisecond), rate, target/rate)
	}

	// HJ 212: one file per perFile outlets.
	var hj [][]byte
	start := time.Now()
	var msgs int
	for i := 0; i < outlets; i += perFile {
		var b bytes.Buffer
		n, err := emission.GenerateHJ212(&b, specs[i:min(i+perFile, outlets)], from, to, 1)
		if err != nil {
			t.Fatal(err)
		}
		msgs += n
		hj = append(hj, b.Bytes())
	}
	t.Logf("generated %d HJ 212 messages in %v", msgs, time.Since(start).Round(time.Millisecond))
	run("hj212", hj)

	// CSV: the same shape, 4 values per outlet-hour.
	var csvs [][]byte
	r := rand.New(rand.NewPCG(1, 2))
	pols := []string{"so2", "nox", "pm", "o2"}
	for i := 0; i < outlets; i += perFile {
		var b bytes.Buffer
		b.WriteString("enterprise,outlet,pollutant,time,value,converted_value,flow,flag\n")
		for o := i; o < min(i+perFile, outlets); o++ {
			for h := from.Add(time.Hour); !h.After(to); h = h.Add(time.Hour) {
				ts := h.Format("2006-01-02 15:04")
				for _, p := range pols {
					v := 10 + 20*r.Float64()
					fmt.Fprintf(&b, "BE%d,BO%d,%s,%s,%.3f,%.3f,%.1f,N\n", o/3, o, p, ts, v, v*1.2, 3e5*(0.9+0.2*r.Float64()))
				}
			}
		}
		csvs = append(csvs, b.Bytes())
	}
	run("csv", csvs)
}

func mustExecT(t testing.TB, st *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := st.DB.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
