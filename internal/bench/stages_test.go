package bench

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"testing"
)

// envInt reads a positive integer from the environment, else def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// TestAirStage runs the air stage small (ENVDISCLOSE_BENCH_DAYS scales
// it; ENVDISCLOSE_BENCH_MEMORY_LIMIT sets DuckDB's memory_limit).
func TestAirStage(t *testing.T) {
	days := envInt("ENVDISCLOSE_BENCH_DAYS", 2)
	lim := os.Getenv("ENVDISCLOSE_BENCH_MEMORY_LIMIT")
	if lim == "" {
		lim = "1536MB"
	}
	opt := Options{Days: days, Dir: t.TempDir(), Seed: 1, MemoryLimit: lim, Out: testWriter{t},
		Threads: envInt("ENVDISCLOSE_BENCH_THREADS", 0)}
	if p := os.Getenv("ENVDISCLOSE_BENCH_LOG"); p != "" { // debug log of the run, for timing its parts
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		opt.Log = slog.New(slog.NewJSONHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	res, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows == 0 || res.IngestS <= 0 || res.FloorS <= 0 || res.PeakRSSMB <= 0 {
		t.Fatalf("result: %+v", res)
	}
	t.Log(res.Line())
}

// TestWaterStage runs the water stage small (ENVDISCLOSE_BENCH_WATER_SITES,
// ENVDISCLOSE_BENCH_WATER_YEARS scale it).
func TestWaterStage(t *testing.T) {
	res, err := RunWater(context.Background(), WaterOptions{
		Sites: envInt("ENVDISCLOSE_BENCH_WATER_SITES", 50), Years: envInt("ENVDISCLOSE_BENCH_WATER_YEARS", 1),
		Dir: t.TempDir(), Seed: 1, MemoryLimit: "1536MB", Out: testWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows == 0 {
		t.Fatal("no rows")
	}
	t.Log(res.Line())
}

// TestPollutersStage runs the polluters stage small
// (ENVDISCLOSE_BENCH_ENTERPRISES scales it).
func TestPollutersStage(t *testing.T) {
	res, err := RunPolluters(context.Background(), PollutersOptions{
		Enterprises: envInt("ENVDISCLOSE_BENCH_ENTERPRISES", 5), Dir: t.TempDir(), Seed: 1, MemoryLimit: "1536MB", Out: testWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Values == 0 || res.CSVValues == 0 {
		t.Fatalf("values: %+v", res)
	}
	t.Log(res.Line())
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
