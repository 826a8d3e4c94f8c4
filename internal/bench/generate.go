// Package bench is the national-scale benchmark behind `envdisclose bench`:
// it generates a year of CNEMC wide-layout hourly files for the 2,026
// national stations, ingests them, recomputes every result, and times
// DuckDB's own CSV reader on the same data in the long layout as the floor.
package bench

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// wideTypes are the 15 rows per hour of a CNEMC daily file, in file order.
var wideTypes = []string{"AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h",
	"NO2", "NO2_24h", "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h"}

// StationCodes reads the station codes (first column) of a station list,
// gzip-compressed or not, in any ASCII-compatible encoding.
func StationCodes(r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	var codes []string
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		line := sc.Text()
		if i := strings.IndexByte(line, ','); i > 0 {
			codes = append(codes, line[:i])
		}
	}
	return codes, sc.Err()
}

// StationCodesFromGzip is StationCodes on a gzip stream.
func StationCodesFromGzip(r io.Reader) ([]string, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	return StationCodes(zr)
}

// station holds the generator state of one station.
type station struct {
	base  [6]float64 // pm25, pm10, so2, no2, o3, co base levels
	state [6]float64 // AR(1) anomaly
}

// Generated describes the files written by Generate.
type Generated struct {
	WideFiles    []string
	LongFiles    []string
	StationHours int64 // station-hours with at least one value
	WideBytes    int64
	LongBytes    int64
}

// Generate writes days daily files from start in the wide layout under
// dir/wide and the same station-hours in the long layout under dir/long.
// Values are plausible (seasonal and diurnal cycles, persistent episodes,
// about 2 % missing hours, 0.3 % missing stations per day) and
// deterministic for a seed.
func Generate(ctx context.Context, dir string, codes []string, start time.Time, days int, seed uint64) (Generated, error) {
	var g Generated
	wideDir, longDir := filepath.Join(dir, "wide"), filepath.Join(dir, "long")
	for _, d := range []string{wideDir, longDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return g, err
		}
	}
	g.WideFiles = make([]string, days)
	g.LongFiles = make([]string, days)
	// Station state evolves day by day, so days are generated in order by
	// one goroutine while a second one writes the files.
	type job struct {
		day      int
		wide     []byte
		long     []byte
		nonEmpty int64
	}
	jobs := make(chan job, 2)
	var wg sync.WaitGroup
	var werr error
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			d := start.AddDate(0, 0, j.day)
			wp := filepath.Join(wideDir, "china_sites_"+d.Format("20060102")+".csv")
			lp := filepath.Join(longDir, "long_"+d.Format("20060102")+".csv")
			err := os.WriteFile(wp, j.wide, 0o644)
			if err == nil {
				err = os.WriteFile(lp, j.long, 0o644)
			}
			mu.Lock()
			if err != nil && werr == nil {
				werr = err
			}
			g.WideFiles[j.day], g.LongFiles[j.day] = wp, lp
			g.WideBytes += int64(len(j.wide))
			g.LongBytes += int64(len(j.long))
			g.StationHours += j.nonEmpty
			mu.Unlock()
		}
	}()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	sts := make([]station, len(codes))
	for i := range sts {
		s := &sts[i]
		s.base = [6]float64{20 + 50*rng.Float64(), 40 + 80*rng.Float64(), 3 + 15*rng.Float64(),
			15 + 35*rng.Float64(), 50 + 40*rng.Float64(), 0.4 + 0.8*rng.Float64()}
	}
	vals := make([][24][6]float64, len(codes)) // per station, hour, pollutant; NaN = missing
	var genErr error
	for day := 0; day < days; day++ {
		if err := ctx.Err(); err != nil {
			genErr = err
			break
		}
		d := start.AddDate(0, 0, day)
		doy := float64(d.YearDay())
		winter := math.Cos(2 * math.Pi * (doy - 15) / 365) // +1 mid-January, -1 mid-July
		var nonEmpty int64
		for si := range sts {
			s := &sts[si]
			down := rng.Float64() < 0.003 // station down the whole day
			for h := 0; h < 24; h++ {
				diurnal := math.Sin(2 * math.Pi * float64(h-9) / 24)
				missing := down || rng.Float64() < 0.02
				any := false
				for p := 0; p < 6; p++ {
					s.state[p] = 0.97*s.state[p] + 0.25*rng.NormFloat64()
					if missing {
						vals[si][h][p] = math.NaN()
						continue
					}
					season, cycle := 1+0.5*winter, 1-0.15*diurnal
					if p == 4 { // O3: summer and afternoon peak
						season, cycle = 1-0.45*winter, 1+0.6*diurnal
					}
					v := s.base[p] * season * cycle * math.Exp(0.35*s.state[p])
					if p == 5 {
						v = math.Round(v*10) / 10
					} else {
						v = math.Round(v)
					}
					vals[si][h][p] = max(v, 0)
					any = true
				}
				if any {
					nonEmpty++
				}
			}
		}
		wide, long := render(d, codes, vals)
		jobs <- job{day: day, wide: wide, long: long, nonEmpty: nonEmpty}
	}
	close(jobs)
	wg.Wait()
	if genErr != nil {
		return g, genErr
	}
	if werr != nil {
		return g, fmt.Errorf("write generated files: %w", werr)
	}
	return g, nil
}

// render writes one day in both layouts. Pollutant order in vals: pm25,
// pm10, so2, no2, o3, co.
func render(d time.Time, codes []string, vals [][24][6]float64) (wide, long []byte) {
	wide = make([]byte, 0, 2600*1024)
	long = make([]byte, 0, 4*1024*1024)
	wide = append(wide, "date,hour,type"...)
	for _, c := range codes {
		wide = append(wide, ',')
		wide = append(wide, c...)
	}
	wide = append(wide, '\n')
	long = append(long, "station_code,time,pm25,pm10,so2,no2,o3,co\n"...)
	date := d.Format("20060102")
	// CNEMC convention: hour H of file D is the hour ending at D H:00.
	for h := 0; h < 24; h++ {
		for _, typ := range wideTypes {
			wide = append(wide, date...)
			wide = append(wide, ',')
			wide = strconv.AppendInt(wide, int64(h), 10)
			wide = append(wide, ',')
			wide = append(wide, typ...)
			for si := range codes {
				wide = append(wide, ',')
				v := vals[si][h]
				x := wideValue(typ, v)
				if math.IsNaN(x) {
					continue
				}
				if typ == "CO" || typ == "CO_24h" {
					wide = strconv.AppendFloat(wide, x, 'f', -1, 64)
				} else {
					wide = strconv.AppendInt(wide, int64(x), 10)
				}
			}
			wide = append(wide, '\n')
		}
		ts := d.Add(time.Duration(h) * time.Hour).Format("2006-01-02 15:04:05")
		for si, c := range codes {
			v := vals[si][h]
			if math.IsNaN(v[0]) {
				continue
			}
			long = append(long, c...)
			long = append(long, ',')
			long = append(long, ts...)
			for p := 0; p < 6; p++ {
				long = append(long, ',')
				if p == 5 {
					long = strconv.AppendFloat(long, v[p], 'f', -1, 64)
				} else {
					long = strconv.AppendInt(long, int64(v[p]), 10)
				}
			}
			long = append(long, '\n')
		}
	}
	return wide, long
}

// wideValue gives the value of a wide-layout type. The moving-window types
// are not recomputed here (the pipeline computes its own); the hourly value
// stands in so the file has the real volume.
func wideValue(typ string, v [6]float64) float64 {
	switch typ {
	case "AQI":
		if math.IsNaN(v[0]) {
			return math.NaN()
		}
		return min(500, math.Ceil(max(v[0]*1.4, v[1]*0.9, v[4]*0.3)))
	case "PM2.5", "PM2.5_24h":
		return v[0]
	case "PM10", "PM10_24h":
		return v[1]
	case "SO2", "SO2_24h":
		return v[2]
	case "NO2", "NO2_24h":
		return v[3]
	case "O3", "O3_24h", "O3_8h", "O3_8h_24h":
		return v[4]
	case "CO", "CO_24h":
		return v[5]
	}
	return math.NaN()
}
