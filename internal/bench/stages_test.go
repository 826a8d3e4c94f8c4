package bench

import (
	"context"
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
