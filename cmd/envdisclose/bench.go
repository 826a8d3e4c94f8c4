package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/envdisclose/envdisclose/internal/bench"
)

func runBench(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags(e, "bench", "[--stage air|water|polluters|all] [--days 365] [--dir DIR]",
		"National-scale benchmarks, each generated into a temp dir and ingested into a fresh data dir.\n"+
			"air (default): 2,026 stations × 24 h × DAYS in the CNEMC wide layout (about 2.4 MB per day),\n"+
			"  ingest, recompute every result, and time DuckDB's own read_csv of the same data in the long\n"+
			"  layout as the floor (both timed until a CHECKPOINT has written their rows to the\n"+
			"  database file). Last line:\n"+
			"  bench: rows=… ingest_s=… floor_s=… ratio=… transform_s=… peak_rss_mb=…\n"+
			"water: a site list, WATER-SITES sites × 24 parameters monthly for WATER-YEARS years and\n"+
			"  automatic stations (12 % of the sites: 1,200) × 9 parameters every 4 h for the last year,\n"+
			"  as water-samples files; ingest, water transform. Last line:\n"+
			"  bench-water: rows=… ingest_s=… transform_s=…\n"+
			"polluters: ENTERPRISES × 3 outlets × 4 values hourly for a month as HJ 212 files and as\n"+
			"  emission-hourly CSV, each into its own fresh store after a generated registry; polluter\n"+
			"  transform. Last line:\n"+
			"  bench-polluters: values=… hj212_s=… csv_s=… transform_s=…\n"+
			"all: air, water, polluters in turn (each prints its line).")
	stage := fs.String("stage", "air", "air|water|polluters|all")
	waterYears := fs.Int("water-years", 10, "water: years of monthly samples")
	waterSites := fs.Int("water-sites", 10000, "water: sites sampled monthly (automatic stations: 12 % of it)")
	enterprises := fs.Int("enterprises", 5000, "polluters: enterprises (3 outlets each)")
	days := fs.Int("days", 365, "air: days to generate")
	dir := fs.String("dir", "", "working directory (default: a temp dir, removed afterwards)")
	keep := fs.Bool("keep", false, "keep the working directory")
	start := fs.String("start", "2025-01-01", "first day")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	memLimit := fs.String("memory-limit", "1536MB", "DuckDB memory_limit for the floor and the pipeline (same budget for both)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	st, err := time.Parse(time.DateOnly, *start)
	if err != nil {
		return fmt.Errorf("--start %q: want a date like 2025-01-01", *start)
	}
	var stages []string
	switch *stage {
	case "air", "water", "polluters":
		stages = []string{*stage}
	case "all":
		stages = []string{"air", "water", "polluters"}
	default:
		return fmt.Errorf("--stage %q: want air, water, polluters or all", *stage)
	}
	// With several stages and --dir, each stage works in its own subfolder.
	stageDir := func(name string) string {
		if *dir == "" || len(stages) == 1 {
			return *dir
		}
		return filepath.Join(*dir, name)
	}
	for _, s := range stages {
		var line string
		switch s {
		case "air":
			res, err := bench.Run(ctx, bench.Options{Days: *days, Start: st, Dir: stageDir(s), Keep: *keep, Seed: 1, MemoryLimit: *memLimit, Log: quiet(e.log), Out: e.stdout})
			if err != nil {
				return err
			}
			line = res.Line()
		case "water":
			res, err := bench.RunWater(ctx, bench.WaterOptions{Sites: *waterSites, Years: *waterYears, Dir: stageDir(s), Keep: *keep, Seed: 1, MemoryLimit: *memLimit, Log: quiet(e.log), Out: e.stdout})
			if err != nil {
				return fmt.Errorf("bench water: %w", err)
			}
			line = res.Line()
		case "polluters":
			res, err := bench.RunPolluters(ctx, bench.PollutersOptions{Enterprises: *enterprises, Dir: stageDir(s), Keep: *keep, Seed: 1, MemoryLimit: *memLimit, Log: quiet(e.log), Out: e.stdout})
			if err != nil {
				return fmt.Errorf("bench polluters: %w", err)
			}
			line = res.Line()
		}
		fmt.Fprintln(e.stdout, line)
	}
	return nil
}

// quiet drops the per-file info lines of the benchmark's ingest.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{l.Handler(), slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}
