package bench

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/internal/sample"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform"
)

// Options configure Run.
type Options struct {
	Days  int       // number of daily files (365 = a year)
	Start time.Time // first day
	Dir   string    // working directory ("" = a new temp dir, removed afterwards)
	Keep  bool      // keep the working directory
	Seed  uint64
	// MemoryLimit is DuckDB's memory_limit for both the floor and the
	// pipeline's database (the same budget for both; "" = DuckDB's default).
	MemoryLimit string
	// Threads is DuckDB's threads setting for the pipeline's database
	// (0 = DuckDB's default, the number of cores).
	Threads int
	Log     *slog.Logger
	Out     io.Writer // progress and the result line
}

// Result is what the benchmark measured.
type Result struct {
	Rows       int64
	GenerateS  float64
	IngestS    float64
	FloorS     float64
	FloorCPUS  float64 // CPU time (user + system, all threads) of the floor
	IngestCPUS float64 // and of the ingest
	TransformS float64
	PeakRSSMB  float64
	WideMB     float64
	LongMB     float64
	Files      int
}

// Line is the result in the fixed format of the issue.
func (r Result) Line() string {
	ratio := 0.0
	if r.FloorS > 0 {
		ratio = r.IngestS / r.FloorS
	}
	return fmt.Sprintf("bench: rows=%d ingest_s=%.2f floor_s=%.2f ratio=%.2f transform_s=%.2f peak_rss_mb=%.0f",
		r.Rows, r.IngestS, r.FloorS, ratio, r.TransformS, r.PeakRSSMB)
}

// Run generates, ingests and transforms, and times the floor.
func Run(ctx context.Context, opt Options) (Result, error) {
	var res Result
	if opt.Days <= 0 {
		return res, fmt.Errorf("bench: --days must be positive")
	}
	if opt.Start.IsZero() {
		opt.Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	dir, cleanup, err := workDir(opt.Dir, opt.Keep, "envdisclose-bench-")
	if err != nil {
		return res, err
	}
	defer cleanup()
	inbox := filepath.Join(dir, "stations")
	stationFiles, err := sample.WriteTo(inbox)
	if err != nil {
		return res, err
	}
	var stationList string
	for _, p := range stationFiles {
		if strings.HasPrefix(filepath.Base(p), "NewSiteList") {
			stationList = p
		}
	}
	f, err := os.ReadFile(stationList)
	if err != nil {
		return res, err
	}
	codes, err := StationCodesFromGzip(bytes.NewReader(f))
	if err != nil {
		return res, fmt.Errorf("read station codes: %w", err)
	}

	t0 := time.Now()
	fmt.Fprintf(opt.Out, "generating %d days × %d stations in %s ...\n", opt.Days, len(codes), dir)
	gen, err := Generate(ctx, filepath.Join(dir, "gen"), codes, opt.Start, opt.Days, opt.Seed)
	if err != nil {
		return res, fmt.Errorf("generate: %w", err)
	}
	res.GenerateS = time.Since(t0).Seconds()
	res.WideMB, res.LongMB = float64(gen.WideBytes)/1e6, float64(gen.LongBytes)/1e6
	res.Files = len(gen.WideFiles)
	fmt.Fprintf(opt.Out, "generated %.0f MB wide, %.0f MB long, %d station-hours in %.1fs\n",
		res.WideMB, res.LongMB, gen.StationHours, res.GenerateS)

	// Floor: DuckDB's own reader on the long layout, into a table of the
	// same shape, in its own database file.
	fsys, err := envsql.FS("")
	if err != nil {
		return res, err
	}
	c0 := cpuSeconds()
	if res.FloorS, err = floor(ctx, fsys, filepath.Join(dir, "floor.duckdb"), filepath.Join(dir, "gen", "long"), opt.MemoryLimit); err != nil {
		return res, fmt.Errorf("floor: %w", err)
	}
	res.FloorCPUS = cpuSeconds() - c0
	fmt.Fprintf(opt.Out, "floor (DuckDB read_csv, long layout): %.2fs (cpu %.2fs)\n", res.FloorS, res.FloorCPUS)
	memLine(ctx, opt.Out, "floor", nil)

	st, err := store.Open(ctx, filepath.Join(dir, "data"), store.Options{SQL: fsys, Log: opt.Log, MemoryLimit: opt.MemoryLimit, Threads: opt.Threads})
	if err != nil {
		return res, err
	}
	defer st.Close()
	if _, err := ingest.Paths(ctx, st, []string{stationList}, ingest.Options{Source: "bench", Log: opt.Log, Now: time.Now}); err != nil {
		return res, fmt.Errorf("ingest station list: %w", err)
	}
	t1, c1 := time.Now(), cpuSeconds()
	sums, err := ingest.Paths(ctx, st, gen.WideFiles, ingest.Options{Source: "bench", Log: opt.Log, Now: time.Now})
	if err != nil {
		return res, fmt.Errorf("ingest: %w", err)
	}
	// Like the floor, which ends with a CHECKPOINT, the ingest is timed
	// until its rows are in the database file: whatever the WAL still holds
	// is checkpointed inside the timed span.
	tc := time.Now()
	if err := checkpoint(ctx, st.SQL, st.DB); err != nil {
		return res, fmt.Errorf("after ingest: %w", err)
	}
	checkpointS := time.Since(tc).Seconds()
	res.IngestS = time.Since(t1).Seconds()
	res.IngestCPUS = cpuSeconds() - c1
	for _, s := range sums {
		res.Rows += s.Entry.RowsAccepted
		if s.Entry.Outcome != store.OutcomeAccepted {
			return res, fmt.Errorf("ingest %s: outcome %s (%s)", s.Path, s.Entry.Outcome, s.Entry.Message)
		}
	}
	fmt.Fprintf(opt.Out, "ingest: %d files, %d station-hours in %.2fs (cpu %.2fs; final checkpoint %.2fs)\n",
		len(sums), res.Rows, res.IngestS, res.IngestCPUS, checkpointS)
	memLine(ctx, opt.Out, "ingest", st)
	if res.Rows != gen.StationHours {
		return res, fmt.Errorf("ingest landed %d station-hours, generated %d", res.Rows, gen.StationHours)
	}

	t2 := time.Now()
	rep, err := transform.Run(ctx, st, transform.Options{All: true, Log: opt.Log})
	if err != nil {
		return res, fmt.Errorf("transform: %w", err)
	}
	res.TransformS = time.Since(t2).Seconds()
	fmt.Fprintf(opt.Out, "transform: %.2fs (%+v)\n", res.TransformS, rep)
	memLine(ctx, opt.Out, "transform", st)
	res.PeakRSSMB = peakRSSMB()
	return res, nil
}

// floor loads the generated long-layout CSV files of longDir into a table
// of a fresh database at dbPath with DuckDB alone (sql/tools/bench_floor.sql,
// then a checkpoint) and returns the seconds taken, under memoryLimit
// ("" = DuckDB's default) like the pipeline's store.
func floor(ctx context.Context, fsys fs.FS, dbPath, longDir, memoryLimit string) (float64, error) {
	const limitFile, floorFile = "store/session_memory_limit.sql", "tools/bench_floor.sql"
	setLimit, err := envsql.Read(fsys, limitFile)
	if err != nil {
		return 0, err
	}
	q, err := envsql.Read(fsys, floorFile)
	if err != nil {
		return 0, err
	}
	c, err := duckdb.NewConnector(dbPath, func(ex driver.ExecerContext) error {
		if memoryLimit == "" {
			return nil
		}
		if _, err := ex.ExecContext(ctx, setLimit, []driver.NamedValue{{Ordinal: 1, Value: memoryLimit}}); err != nil {
			return fmt.Errorf("sql/%s: %w", limitFile, err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	db := sql.OpenDB(c)
	defer c.Close()
	defer db.Close()
	t := time.Now()
	if _, err := db.ExecContext(ctx, q, filepath.Join(longDir, "*.csv")); err != nil {
		return 0, fmt.Errorf("sql/%s: %w", floorFile, err)
	}
	if err := checkpoint(ctx, fsys, db); err != nil {
		return 0, err
	}
	return time.Since(t).Seconds(), nil
}

// checkpoint runs sql/tools/bench_checkpoint.sql on db.
func checkpoint(ctx context.Context, fsys fs.FS, db *sql.DB) error {
	const name = "tools/bench_checkpoint.sql"
	q, err := envsql.Read(fsys, name)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("sql/%s: %w", name, err)
	}
	return nil
}
