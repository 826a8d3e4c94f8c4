package bench

import (
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

	"github.com/envdisclose/envdisclose/transform/water"
)

// WaterOptions configure RunWater.
type WaterOptions struct {
	Sites int // manual sites sampled monthly (10,000 = the national target)
	// AutoStations are sampled every 4 hours during the last year (1,200 =
	// the national target; 0 = Sites × 12 %).
	AutoStations int
	Years        int // years of monthly samples, ending with LastYear (10)
	LastYear     int // default 2024
	Dir          string
	Keep         bool
	Seed         uint64
	MemoryLimit  string
	Log          *slog.Logger
	Out          io.Writer
}

// WaterResult is what the water stage measured.
type WaterResult struct {
	Rows       int64 // water_sample rows landed
	GenerateS  float64
	IngestS    float64
	TransformS float64
	MB         float64
	Files      int
	PeakRSSMB  float64
}

// Line is the result in the fixed format of the issue.
func (r WaterResult) Line() string {
	return fmt.Sprintf("bench-water: rows=%d ingest_s=%.2f transform_s=%.2f", r.Rows, r.IngestS, r.TransformS)
}

// waterParam is one generated parameter: name and unit as written in the
// files, typical level of a clean site, seasonal amplitude (+ = summer
// high), relative noise, detection limit (0 = none) and decimals.
type waterParam struct {
	name, unit string
	base, amp  float64
	noise      float64
	dl         float64
	decimals   int
	inverse    bool // DO: a polluted site has less
	absolute   bool // pH, temperature: not scaled by the site's pollution
}

// manualParams are the 24 items of GB 3838-2002 Table 1, as a lab reports
// them (trace metals in µg/L, values below the detection limit as "<DL>L").
var manualParams = []waterParam{
	{"水温", "℃", 14, 9, 0.1, 0, 1, false, true},
	{"pH", "无量纲", 7.8, 0.1, 0.02, 0, 2, false, true},
	{"溶解氧", "mg/L", 8.2, -1.2, 0.08, 0, 2, true, false},
	{"高锰酸盐指数", "mg/L", 3, 0.6, 0.15, 0.5, 2, false, false},
	{"化学需氧量", "mg/L", 12, 2, 0.15, 4, 1, false, false},
	{"五日生化需氧量", "mg/L", 2.2, 0.4, 0.15, 0.5, 1, false, false},
	{"氨氮", "mg/L", 0.3, -0.08, 0.3, 0.025, 3, false, false},
	{"总磷", "mg/L", 0.07, 0.02, 0.25, 0.01, 3, false, false},
	{"总氮", "mg/L", 1.4, -0.2, 0.2, 0.05, 2, false, false},
	{"铜", "μg/L", 3, 0.5, 0.3, 1, 1, false, false},
	{"锌", "mg/L", 0.02, 0.004, 0.3, 0.05, 3, false, false},
	{"氟化物", "mg/L", 0.45, 0.05, 0.15, 0.05, 2, false, false},
	{"硒", "μg/L", 0.5, 0, 0.3, 0.4, 1, false, false},
	{"砷", "μg/L", 1.6, 0.3, 0.3, 0.3, 1, false, false},
	{"汞", "μg/L", 0.03, 0, 0.4, 0.04, 2, false, false},
	{"镉", "μg/L", 0.08, 0, 0.4, 0.1, 2, false, false},
	{"铬(六价)", "mg/L", 0.003, 0, 0.4, 0.004, 3, false, false},
	{"铅", "μg/L", 0.9, 0, 0.4, 1, 1, false, false},
	{"氰化物", "mg/L", 0.002, 0, 0.4, 0.004, 3, false, false},
	{"挥发酚", "mg/L", 0.0004, 0, 0.4, 0.0003, 4, false, false},
	{"石油类", "mg/L", 0.015, 0.004, 0.4, 0.01, 2, false, false},
	{"阴离子表面活性剂", "mg/L", 0.04, 0.01, 0.3, 0.05, 2, false, false},
	{"硫化物", "mg/L", 0.005, 0, 0.4, 0.005, 3, false, false},
	{"粪大肠菌群", "个/L", 900, 600, 0.5, 0, 0, false, false},
}

// autoParams are the nine parameters of a CNEMC automatic station.
var autoParams = []waterParam{
	{"水温", "℃", 14, 9, 0.05, 0, 1, false, true},
	{"pH", "无量纲", 7.8, 0.1, 0.01, 0, 2, false, true},
	{"溶解氧", "mg/L", 8.2, -1.2, 0.06, 0, 2, true, false},
	{"电导率", "μS/cm", 450, 40, 0.05, 0, 1, false, false},
	{"浊度", "NTU", 20, 10, 0.3, 0, 1, false, false},
	{"高锰酸盐指数", "mg/L", 3, 0.6, 0.1, 0, 2, false, false},
	{"氨氮", "mg/L", 0.3, -0.08, 0.2, 0.025, 3, false, false},
	{"总磷", "mg/L", 0.07, 0.02, 0.2, 0.01, 3, false, false},
	{"总氮", "mg/L", 1.4, -0.2, 0.15, 0, 2, false, false},
}

// waterSiteGen is one generated site.
type waterSiteGen struct {
	code    string
	quality float64 // 1 = clean; larger = more polluted
	auto    bool
}

// RunWater generates the water workload (a site list; monthly samples of
// opt.Sites sites × 24 parameters for opt.Years years, one water-samples
// file per month; automatic stations every 4 hours for the last year, 9
// parameters, in the same long layout, one file per month), ingests the
// site list and then, timed, all sample files with ingest.Paths, and runs
// the water transform over every month.
func RunWater(ctx context.Context, opt WaterOptions) (WaterResult, error) {
	var res WaterResult
	if opt.Sites <= 0 || opt.Years <= 0 {
		return res, fmt.Errorf("bench: --water-sites and --water-years must be positive")
	}
	if opt.AutoStations <= 0 {
		opt.AutoStations = max(1, opt.Sites*12/100)
	}
	if opt.LastYear == 0 {
		opt.LastYear = 2024
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	dir, cleanup, err := workDir(opt.Dir, opt.Keep, "envdisclose-bench-water-")
	if err != nil {
		return res, err
	}
	defer cleanup()

	fmt.Fprintf(opt.Out, "generating %d sites × %d parameters monthly × %d years and %d automatic stations × %d parameters every 4 h for %d in %s ...\n",
		opt.Sites, len(manualParams), opt.Years, opt.AutoStations, len(autoParams), opt.LastYear, dir)
	t0 := time.Now()
	siteList, files, bytes, genRows, err := generateWater(ctx, filepath.Join(dir, "gen"), opt)
	if err != nil {
		return res, fmt.Errorf("generate: %w", err)
	}
	res.GenerateS, res.MB, res.Files = time.Since(t0).Seconds(), float64(bytes)/1e6, len(files)
	fmt.Fprintf(opt.Out, "generated %d sample files, %.0f MB, %d sample rows in %.1fs\n", len(files), res.MB, genRows, res.GenerateS)

	st, err := openStore(ctx, filepath.Join(dir, "data"), opt.MemoryLimit, opt.Log)
	if err != nil {
		return res, err
	}
	defer st.Close()
	nSites, _, err := ingestTimed(ctx, st, []string{siteList}, opt.Log)
	if err != nil {
		return res, fmt.Errorf("ingest site list: %w", err)
	}
	fmt.Fprintf(opt.Out, "site list: %d sites\n", nSites)
	res.Rows, res.IngestS, err = ingestTimed(ctx, st, files, opt.Log)
	if err != nil {
		return res, fmt.Errorf("ingest: %w", err)
	}
	fmt.Fprintf(opt.Out, "ingest: %d files, %d rows in %.2fs (%.0f rows/s)\n", len(files), res.Rows, res.IngestS, float64(res.Rows)/res.IngestS)
	if res.Rows != genRows {
		return res, fmt.Errorf("ingest landed %d rows, generated %d", res.Rows, genRows)
	}
	t1 := time.Now()
	rep, err := water.Run(ctx, st, water.Options{Log: opt.Log})
	if err != nil {
		return res, fmt.Errorf("water transform: %w", err)
	}
	res.TransformS = time.Since(t1).Seconds()
	fmt.Fprintf(opt.Out, "transform: %.2fs (months %s…%s, samples=%d site_months=%d valid=%d region_months=%d)\n",
		res.TransformS, rep.From.Format("2006-01"), rep.To.Format("2006-01"), rep.Samples, rep.SiteMonths, rep.ValidSiteMonths, rep.RegionMonths)
	res.PeakRSSMB = peakRSSMB()
	return res, nil
}

// generateWater writes the site list and the monthly sample files.
func generateWater(ctx context.Context, dir string, opt WaterOptions) (siteList string, files []string, nBytes, rows int64, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, 0, 0, err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5eed))
	sites := make([]waterSiteGen, 0, opt.Sites+opt.AutoStations)
	list := []byte("断面编码,断面名称,省份,城市,区县,流域,水体类型,是否饮用水源地,水源地级别,是否考核断面,目标水质类别,监测方式,经度,纬度\n")
	basins := []string{"长江流域", "黄河流域", "珠江流域", "松花江流域", "淮河流域", "海河流域", "辽河流域", "浙闽片河流", "西北诸河", "西南诸河"}
	targets := []string{"Ⅱ", "Ⅲ", "Ⅲ", "Ⅲ", "Ⅳ"}
	for i := 0; i < opt.Sites+opt.AutoStations; i++ {
		s := waterSiteGen{quality: 0.6 + 2.2*rng.Float64()*rng.Float64(), auto: i >= opt.Sites}
		network := "manual"
		if s.auto {
			s.code = fmt.Sprintf("WA%05d", i-opt.Sites)
			network = "auto"
		} else {
			s.code = fmt.Sprintf("WS%05d", i)
		}
		sites = append(sites, s)
		prov := i % 31 // 31 provinces, 13 cities each, 7 counties per city
		body, drinking, level := "河流", "否", ""
		if i%7 == 0 {
			body = "湖库"
		}
		if !s.auto && i%11 == 0 {
			drinking, level = "是", []string{"地级", "县级", "乡镇"}[i%3]
		}
		list = fmt.Appendf(list, "%s,基准断面%d,基准省%02d,基准市%02d-%02d,基准区县%d,%s,%s,%s,%s,%s,%s,%s,%.3f,%.3f\n",
			s.code, i, prov, prov, i/31%13, i/403%7, basins[i%len(basins)], body, drinking, level,
			[]string{"是", "否"}[i%4/3], targets[i%len(targets)], network, 75+60*rng.Float64(), 20+25*rng.Float64())
	}
	siteList = filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(siteList, list, 0o644); err != nil {
		return "", nil, 0, 0, err
	}

	type job struct {
		path        string
		year, month int
		auto        bool
	}
	var jobs []job
	for y := opt.LastYear - opt.Years + 1; y <= opt.LastYear; y++ {
		for m := 1; m <= 12; m++ {
			jobs = append(jobs, job{filepath.Join(dir, fmt.Sprintf("manual-%d-%02d.csv", y, m)), y, m, false})
		}
	}
	for m := 1; m <= 12; m++ {
		jobs = append(jobs, job{filepath.Join(dir, fmt.Sprintf("auto-%d-%02d.csv", opt.LastYear, m)), opt.LastYear, m, true})
	}
	files = make([]string, len(jobs))
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				var b []byte
				var n int64
				if j.auto {
					b, n = renderAuto(sites[opt.Sites:], j.year, j.month, opt.Seed)
				} else {
					b, n = renderManual(sites[:opt.Sites], j.year, j.month, opt.Seed)
				}
				err := os.WriteFile(j.path, b, 0o644)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				files[i] = j.path
				nBytes += int64(len(b))
				rows += n
				mu.Unlock()
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return siteList, files, nBytes, rows, firstErr
}

// waterValue generates one value of p at a site of quality q; season is +1
// in mid-July, -1 in mid-January.
func waterValue(r *rand.Rand, p waterParam, q, season float64) float64 {
	v := p.base + p.amp*season
	switch {
	case p.absolute:
		v += p.noise * p.base * r.NormFloat64()
	case p.inverse:
		v = v / math.Sqrt(q) * (1 + p.noise*r.NormFloat64())
	default:
		v *= q * math.Exp(p.noise*r.NormFloat64())
	}
	return max(v, 0)
}

func appendWaterRow(b []byte, code, at string, p waterParam, v float64) []byte {
	b = append(b, code...)
	b = append(b, ',')
	b = append(b, at...)
	b = append(b, ',')
	b = append(b, p.name...)
	b = append(b, ',')
	if p.dl > 0 && v < p.dl {
		b = strconv.AppendFloat(b, p.dl, 'f', -1, 64)
		b = append(b, 'L')
	} else {
		b = strconv.AppendFloat(b, v, 'f', p.decimals, 64)
	}
	b = append(b, ',')
	b = append(b, p.unit...)
	b = append(b, '\n')
	return b
}

const waterHeader = "site_code,sampled_at,parameter,value,unit\n"

// renderManual writes one month of samples of every manual site (one
// sampling day per site and month, about 1 % of site-months not sampled).
func renderManual(sites []waterSiteGen, year, month int, seed uint64) ([]byte, int64) {
	r := rand.New(rand.NewPCG(seed, uint64(year*100+month)))
	season := math.Cos(2 * math.Pi * float64(month-7) / 12)
	b := make([]byte, 0, len(sites)*len(manualParams)*45)
	b = append(b, waterHeader...)
	var n int64
	for i, s := range sites {
		if r.Float64() < 0.01 {
			continue
		}
		at := time.Date(year, time.Month(month), 1+(i%25), 9+(i%6), 0, 0, 0, time.UTC).Format("2006-01-02 15:04")
		for _, p := range manualParams {
			b = appendWaterRow(b, s.code, at, p, waterValue(r, p, s.quality, season))
			n++
		}
	}
	return b, n
}

// renderAuto writes one month of 4-hourly values of the automatic stations
// (about 2 % of station-times missing).
func renderAuto(sites []waterSiteGen, year, month int, seed uint64) ([]byte, int64) {
	r := rand.New(rand.NewPCG(seed^0xa070, uint64(year*100+month)))
	from := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	slots := int(to.Sub(from) / (4 * time.Hour))
	b := make([]byte, 0, len(sites)*slots*len(autoParams)*42)
	b = append(b, waterHeader...)
	var n int64
	for _, s := range sites {
		for k := 0; k < slots; k++ {
			if r.Float64() < 0.02 {
				continue
			}
			t := from.Add(time.Duration(k) * 4 * time.Hour)
			season := math.Cos(2 * math.Pi * (float64(t.YearDay()) - 196) / 365)
			at := t.Format("2006-01-02 15:04")
			for _, p := range autoParams {
				b = appendWaterRow(b, s.code, at, p, waterValue(r, p, s.quality, season))
				n++
			}
		}
	}
	return b, n
}
