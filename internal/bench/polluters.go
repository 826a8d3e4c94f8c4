package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/envdisclose/envdisclose/ingest"
	"github.com/envdisclose/envdisclose/ingest/emission"
	envsql "github.com/envdisclose/envdisclose/sql"
	"github.com/envdisclose/envdisclose/store"
	"github.com/envdisclose/envdisclose/transform/polluter"
)

// PollutersOptions configure RunPolluters.
type PollutersOptions struct {
	Enterprises int       // enterprises (3 gas outlets each); 5,000 = the national target
	Month       time.Time // any instant of the month to generate (default March 2024)
	Dir         string    // working directory ("" = a new temp dir, removed afterwards)
	Keep        bool
	Seed        uint64
	MemoryLimit string
	Log         *slog.Logger
	Out         io.Writer
}

// PollutersResult is what the polluters stage measured.
type PollutersResult struct {
	Values     int64 // emission values landed from the HJ 212 files
	CSVValues  int64 // emission values landed from the CSV files
	GenerateS  float64
	HJ212S     float64
	CSVS       float64
	TransformS float64
	HJ212MB    float64
	CSVMB      float64
	Files      int // files per format
	PeakRSSMB  float64
}

// Line is the result in the fixed format of the issue.
func (r PollutersResult) Line() string {
	return fmt.Sprintf("bench-polluters: values=%d hj212_s=%.2f csv_s=%.2f transform_s=%.2f",
		r.Values, r.HJ212S, r.CSVS, r.TransformS)
}

// outletsPerFile is how many outlets one generated file carries (a month of
// 50 gas outlets: ~17 MB of HJ 212 messages, ~150 k values).
const outletsPerFile = 50

// benchPollutants are the values every generated gas outlet sends each
// hour: so2, nox, pm with hourly limits (GB 13223-2011 ultra-low), and the
// O2 every gas device reports (stored, no limit).
var benchPollutants = []struct {
	hj212, code string
	limit       float64
}{
	{"a21026", "so2", 35}, {"a21002", "nox", 50}, {"a34013", "pm", 10},
}

// pollutersRegistryFiles are the statements that load the generated
// registry in bulk, in order (sql/tools/bench_polluters_*.sql): enterprises
// BE00000…, outlets BO000000… (3 per enterprise, gas, MN BENCH000000000…,
// fixed width so that outlet codes sort like numbers) and the hourly limits
// of so2, nox, pm at every outlet. Each takes $1 = enterprises.
func pollutersRegistryFiles() []string {
	return []string{
		"tools/bench_polluters_enterprises.sql",
		"tools/bench_polluters_outlets.sql",
		"tools/bench_polluters_limits.sql",
	}
}

// loadPollutersRegistry runs pollutersRegistryFiles on st.
func loadPollutersRegistry(ctx context.Context, st *store.Store, enterprises int) error {
	for _, name := range pollutersRegistryFiles() {
		q, err := envsql.Read(st.SQL, name)
		if err != nil {
			return fmt.Errorf("load generated registry: %w", err)
		}
		if _, err := st.DB.ExecContext(ctx, q, enterprises); err != nil {
			return fmt.Errorf("load generated registry: %s: %w", name, err)
		}
	}
	return nil
}

// RunPolluters generates a month of hourly emission values of
// opt.Enterprises × 3 outlets × 4 values as HJ 212 message files and as
// emission-hourly CSV files, ingests each into its own fresh store (after
// loading the generated registry in bulk) and runs the polluter transform
// on the HJ 212 store.
func RunPolluters(ctx context.Context, opt PollutersOptions) (PollutersResult, error) {
	var res PollutersResult
	if opt.Enterprises <= 0 {
		return res, fmt.Errorf("bench: --enterprises must be positive")
	}
	if opt.Month.IsZero() {
		opt.Month = time.Date(2024, 3, 1, 0, 0, 0, 0, store.CST)
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	dir, cleanup, err := workDir(opt.Dir, opt.Keep, "envdisclose-bench-polluters-")
	if err != nil {
		return res, err
	}
	defer cleanup()

	from := time.Date(opt.Month.Year(), opt.Month.Month(), 1, 0, 0, 0, 0, store.CST)
	to := from.AddDate(0, 1, 0)
	outlets := opt.Enterprises * 3
	fmt.Fprintf(opt.Out, "generating %d enterprises × 3 outlets × 4 values × %s (%d h) as HJ 212 and CSV in %s ...\n",
		opt.Enterprises, from.Format("2006-01"), int(to.Sub(from)/time.Hour), dir)
	t0 := time.Now()
	hjFiles, csvFiles, hjBytes, csvBytes, err := generatePolluters(ctx, dir, outlets, from, to, opt.Seed)
	if err != nil {
		return res, fmt.Errorf("generate: %w", err)
	}
	res.GenerateS = time.Since(t0).Seconds()
	res.HJ212MB, res.CSVMB, res.Files = float64(hjBytes)/1e6, float64(csvBytes)/1e6, len(hjFiles)
	fmt.Fprintf(opt.Out, "generated %d + %d files, %.0f MB HJ 212, %.0f MB CSV in %.1fs\n",
		len(hjFiles), len(csvFiles), res.HJ212MB, res.CSVMB, res.GenerateS)

	// HJ 212 into a fresh store, then the transform on it.
	st, err := pollutersStore(ctx, filepath.Join(dir, "data-hj212"), opt)
	if err != nil {
		return res, err
	}
	res.Values, res.HJ212S, err = ingestTimed(ctx, st, hjFiles, opt.Log)
	if err != nil {
		st.Close()
		return res, fmt.Errorf("ingest hj212: %w", err)
	}
	fmt.Fprintf(opt.Out, "ingest hj212: %d files, %d values in %.2fs (%.0f values/s)\n",
		len(hjFiles), res.Values, res.HJ212S, float64(res.Values)/res.HJ212S)
	t1 := time.Now()
	rep, err := polluter.Run(ctx, st, polluter.Options{Log: opt.Log})
	if err != nil {
		st.Close()
		return res, fmt.Errorf("polluter transform: %w", err)
	}
	res.TransformS = time.Since(t1).Seconds()
	fmt.Fprintf(opt.Out, "transform: %.2fs (days=%d hour_rows=%d exceed_hours=%d day_rows=%d enterprise_months=%d noncompliant=%d; ms %v)\n",
		res.TransformS, rep.Days, rep.HourRows, rep.ExceedHours, rep.DayRows, rep.EnterpriseMonths, rep.Noncompliant, rep.ModelTook)
	if err := st.Close(); err != nil {
		return res, err
	}
	if !opt.Keep {
		_ = os.RemoveAll(filepath.Join(dir, "data-hj212"))
	}

	// CSV into another fresh store.
	st2, err := pollutersStore(ctx, filepath.Join(dir, "data-csv"), opt)
	if err != nil {
		return res, err
	}
	defer st2.Close()
	res.CSVValues, res.CSVS, err = ingestTimed(ctx, st2, csvFiles, opt.Log)
	if err != nil {
		return res, fmt.Errorf("ingest csv: %w", err)
	}
	fmt.Fprintf(opt.Out, "ingest csv: %d files, %d values in %.2fs (%.0f values/s)\n",
		len(csvFiles), res.CSVValues, res.CSVS, float64(res.CSVValues)/res.CSVS)
	res.PeakRSSMB = peakRSSMB()
	return res, nil
}

// workDir returns dir, or a new temp dir removed by cleanup unless keep.
func workDir(dir string, keep bool, prefix string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o755)
	}
	d, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, err
	}
	if keep {
		return d, func() {}, nil
	}
	return d, func() { _ = os.RemoveAll(d) }, nil
}

// openStore opens a fresh pipeline store under dir.
func openStore(ctx context.Context, dir, memoryLimit string, log *slog.Logger) (*store.Store, error) {
	fsys, err := envsql.FS("")
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, dir, store.Options{SQL: fsys, Log: log, MemoryLimit: memoryLimit})
}

// pollutersStore opens a fresh store and loads the generated registry.
func pollutersStore(ctx context.Context, dir string, opt PollutersOptions) (*store.Store, error) {
	st, err := openStore(ctx, dir, opt.MemoryLimit, opt.Log)
	if err != nil {
		return nil, err
	}
	if err := loadPollutersRegistry(ctx, st, opt.Enterprises); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// ingestTimed ingests files with ingest.Paths and returns the rows accepted
// and the seconds taken; any outcome other than accepted is an error.
func ingestTimed(ctx context.Context, st *store.Store, files []string, log *slog.Logger) (int64, float64, error) {
	t := time.Now()
	sums, err := ingest.Paths(ctx, st, files, ingest.Options{Source: "bench", Log: log, Now: time.Now})
	took := time.Since(t).Seconds()
	if err != nil {
		return 0, took, err
	}
	var rows int64
	for _, s := range sums {
		if s.Entry.Outcome != store.OutcomeAccepted {
			return rows, took, fmt.Errorf("%s: outcome %s (%s)", s.Path, s.Entry.Outcome, s.Entry.Message)
		}
		rows += s.Entry.RowsAccepted
	}
	if len(sums) != len(files) {
		return rows, took, fmt.Errorf("%d summaries for %d files", len(sums), len(files))
	}
	return rows, took, nil
}

// generatePolluters writes one HJ 212 file and one CSV file per
// outletsPerFile outlets, on two goroutines.
func generatePolluters(ctx context.Context, dir string, outlets int, from, to time.Time, seed uint64) (hj, csv []string, hjBytes, csvBytes int64, err error) {
	hjDir, csvDir := filepath.Join(dir, "hj212"), filepath.Join(dir, "csv")
	for _, d := range []string{hjDir, csvDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, nil, 0, 0, err
		}
	}
	nFiles := (outlets + outletsPerFile - 1) / outletsPerFile
	hj, csv = make([]string, nFiles), make([]string, nFiles)
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for f := range next {
				lo, hi := f*outletsPerFile, min((f+1)*outletsPerFile, outlets)
				specs := make([]emission.OutletSpec, 0, hi-lo)
				for i := lo; i < hi; i++ {
					s := emission.OutletSpec{MN: fmt.Sprintf("BENCH%09d", i), Medium: "gas"}
					for _, p := range benchPollutants {
						s.Pollutants = append(s.Pollutants, emission.PollutantSpec{Code: p.hj212, Limit: p.limit})
					}
					specs = append(specs, s)
				}
				buf.Reset()
				_, err := emission.GenerateHJ212(&buf, specs, from, to, seed)
				hp := filepath.Join(hjDir, fmt.Sprintf("hj212-%05d.txt", f))
				if err == nil {
					err = os.WriteFile(hp, buf.Bytes(), 0o644)
				}
				nh := int64(buf.Len())
				var nc int64
				cp := filepath.Join(csvDir, fmt.Sprintf("emission-%05d.csv", f))
				if err == nil {
					b := emissionCSV(lo, hi, from, to, seed)
					nc = int64(len(b))
					err = os.WriteFile(cp, b, 0o644)
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				hj[f], csv[f] = hp, cp
				hjBytes += nh
				csvBytes += nc
				mu.Unlock()
			}
		}()
	}
	for f := 0; f < nFiles; f++ {
		if ctx.Err() != nil {
			break
		}
		next <- f
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return hj, csv, hjBytes, csvBytes, firstErr
}

// emissionCSV renders the emission-hourly table of outlets [lo, hi) for the
// hours ending in (from, to]: so2, nox, pm (measured and converted) and o2,
// with the outlet flow, about 1 % of hours missing (communication gaps) and
// a few maintenance / calibration flags.
func emissionCSV(lo, hi int, from, to time.Time, seed uint64) []byte {
	hours := int(to.Sub(from) / time.Hour)
	b := make([]byte, 0, (hi-lo)*hours*4*70)
	b = append(b, "enterprise,outlet,pollutant,time,value,converted_value,flow,flag\n"...)
	for o := lo; o < hi; o++ {
		r := rand.New(rand.NewPCG(seed, uint64(o)*0x9e3779b97f4a7c15+1))
		load := 2e5 + 6e5*r.Float64()
		o2 := 0.75 + 0.2*r.Float64() // converted / measured
		ent := fmt.Sprintf("BE%05d", o/3)
		out := fmt.Sprintf("BO%06d", o)
		for h := 1; h <= hours; h++ {
			if r.Float64() < 0.01 {
				continue
			}
			t := from.Add(time.Duration(h) * time.Hour)
			ts := t.Format("2006-01-02 15:04")
			hod := float64(t.Hour())
			diurnal := 1 + 0.18*math.Sin(2*math.Pi*(hod-9)/24)
			flag := "N"
			switch x := r.Float64(); {
			case x < 0.004:
				flag = "M"
			case x < 0.008:
				flag = "C"
			}
			flow := load * diurnal * (0.9 + 0.2*r.Float64())
			for _, p := range benchPollutants {
				conv := 0.4 * p.limit * diurnal * math.Exp(0.15*r.NormFloat64())
				meas := conv / o2
				b = appendCSVRow(b, ent, out, p.code, ts, meas, conv, flow, flag)
			}
			b = appendCSVRow(b, ent, out, "o2", ts, 6+3*r.Float64(), math.NaN(), flow, flag)
		}
	}
	return b
}

func appendCSVRow(b []byte, ent, out, pol, ts string, v, conv, flow float64, flag string) []byte {
	b = append(b, ent...)
	b = append(b, ',')
	b = append(b, out...)
	b = append(b, ',')
	b = append(b, pol...)
	b = append(b, ',')
	b = append(b, ts...)
	b = append(b, ',')
	b = strconv.AppendFloat(b, math.Round(v*1000)/1000, 'f', -1, 64)
	b = append(b, ',')
	if !math.IsNaN(conv) {
		b = strconv.AppendFloat(b, math.Round(conv*1000)/1000, 'f', -1, 64)
	}
	b = append(b, ',')
	b = strconv.AppendFloat(b, math.Round(flow*10)/10, 'f', -1, 64)
	b = append(b, ',')
	b = append(b, flag...)
	b = append(b, '\n')
	return b
}
