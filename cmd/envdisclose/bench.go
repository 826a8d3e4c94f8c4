package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"github.com/envdisclose/envdisclose/internal/bench"
)

func runBench(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags(e, "bench", "[--days 365] [--dir DIR]",
		"Generate a national-scale series (2,026 stations × 24 h × DAYS in the CNEMC wide layout,\n"+
			"about 2.4 MB per day), ingest it into a fresh data dir, recompute every result, and time\n"+
			"DuckDB's own read_csv of the same data in the long layout as the floor. The last line is\n"+
			"bench: rows=… ingest_s=… floor_s=… ratio=… transform_s=… peak_rss_mb=…")
	days := fs.Int("days", 365, "days to generate")
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
	res, err := bench.Run(ctx, bench.Options{Days: *days, Start: st, Dir: *dir, Keep: *keep, Seed: 1, MemoryLimit: *memLimit, Log: quiet(e.log), Out: e.stdout})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, res.Line())
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
