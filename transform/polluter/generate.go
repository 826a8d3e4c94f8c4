package polluter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/envdisclose/envdisclose/store"
)

// GenOptions configure Generate.
type GenOptions struct {
	// Month is any instant in the month to generate (wall clock); the hours
	// labelled month-start 01:00 … next-month-start 00:00 are generated.
	Month time.Time
	// Seed makes the data reproducible; the same Month and Seed give the
	// same ledger entry, so a second call is a no-op.
	Seed uint64
}

// genSeries is one outlet-pollutant to generate.
type genSeries struct {
	outlet, medium, pollutant string
	limit                     float64 // hourly limit (gas) or daily limit (water)
	direction                 string
	median, exceedRate        float64
}

// Generate writes GENERATED hourly emission values for every outlet
// pollutant with a current limit (the loaded roster's outlets) for one
// month: a diurnal load cycle around the source's published median,
// occasional exceedance episodes (some followed by maintenance, the pattern
// the suspicious-maintenance share looks for), maintenance, calibration,
// fault and stop periods flagged as HJ 212-2017 does, communication gaps
// (missing hours) and a few B/S/T flags. Rows are appended in bulk and
// landed under a ledger entry named "generated:polluters:YYYY-MM:seed=N"
// (source "generated"), so every page can label them as generated. It
// returns the number of rows landed (0 when the same month and seed were
// generated before).
func Generate(ctx context.Context, st *store.Store, opt GenOptions) (rows int64, err error) {
	if opt.Month.IsZero() {
		return 0, fmt.Errorf("polluter: generate: no month given")
	}
	start := time.Date(opt.Month.Year(), opt.Month.Month(), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, 0)
	name := fmt.Sprintf("generated:polluters:%s:seed=%d", start.Format("2006-01"), opt.Seed)
	sum := sha256.Sum256([]byte(name))
	e, seen, err := st.Receive(ctx, hex.EncodeToString(sum[:]), name, "generated", 0)
	if err != nil {
		return 0, err
	}
	if seen && e.Final() {
		return 0, nil
	}
	e.Kind, e.Format = "emission-generated", "generated"

	series, err := genSeriesList(ctx, st, end)
	if err != nil {
		return 0, err
	}
	if len(series) == 0 {
		return 0, fmt.Errorf("polluter: generate: no outlet has a current limit (load a roster first)")
	}
	hours := int(end.Sub(start) / time.Hour)
	res, err := LandAppend(ctx, st, &e, nil, func(a *duckdb.Appender) error {
		var seq int64
		var plan *outletPlan
		for _, s := range series {
			if plan == nil || plan.outlet != s.outlet {
				plan = newOutletPlan(s.outlet, s.medium, hours, opt.Seed)
			}
			if err := genRows(a, s, plan, start, hours, opt.Seed, &seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return res.Inserted, nil
}

// genSeriesList reads the outlet-pollutants with a limit valid at the end
// of the month, ordered by outlet.
func genSeriesList(ctx context.Context, st *store.Store, end time.Time) ([]genSeries, error) {
	q, err := statement(st.SQL, "generate_limits")
	if err != nil {
		return nil, err
	}
	rows, err := st.DB.QueryContext(ctx, q, end, end)
	if err != nil {
		return nil, fmt.Errorf("polluter: generate: read limits (%sgenerate_limits.sql): %w", stmtDir, err)
	}
	defer rows.Close()
	var out []genSeries
	for rows.Next() {
		var s genSeries
		if err := rows.Scan(&s.outlet, &s.medium, &s.pollutant, &s.limit, &s.direction, &s.median, &s.exceedRate); err != nil {
			return nil, fmt.Errorf("polluter: generate: read limits: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// outletPlan holds the per-outlet events of the month, by hour index
// (0 = the hour ending at month start + 1 h).
type outletPlan struct {
	outlet  string
	flag    []byte  // 0 = normal, else the HJ 212 flag forced for every pollutant
	missing []bool  // communication gap: no row at all
	load    float64 // base flow, m³/h
	o2      float64 // converted / measured factor (gas)
}

func seeded(seed uint64, key string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

func newOutletPlan(outlet, medium string, hours int, seed uint64) *outletPlan {
	r := seeded(seed, "outlet:"+outlet)
	p := &outletPlan{outlet: outlet, flag: make([]byte, hours), missing: make([]bool, hours)}
	set := func(from, n int, f byte) {
		for i := from; i < from+n && i < hours; i++ {
			if i >= 0 && p.flag[i] == 0 {
				p.flag[i] = f
			}
		}
	}
	if medium == "gas" {
		p.load = 1e5 + r.Float64()*9e5
		p.o2 = 1.1 + r.Float64()*0.3
		for d := 2 + r.IntN(7); d < hours/24; d += 7 { // weekly calibration, 1 h
			set(d*24+9+r.IntN(6), 1, 'C')
		}
	} else {
		p.load = 50 + r.Float64()*1950
		p.o2 = 1
	}
	for range 1 + r.IntN(2) { // maintenance windows, 2-4 h in the daytime
		set(r.IntN(hours/24)*24+8+r.IntN(8), 2+r.IntN(3), 'M')
	}
	if r.Float64() < 0.06 { // instrument fault, 6-24 h
		set(r.IntN(hours-24), 6+r.IntN(19), 'D')
	}
	if r.Float64() < 0.08 { // source stopped, 1-4 days
		set(r.IntN(hours-96), 24*(1+r.IntN(4)), 'F')
	}
	if r.Float64() < 0.04 { // communication failure flagged by the platform
		set(r.IntN(hours-8), 1+r.IntN(4), 'B')
	}
	if r.Float64() < 0.03 { // manual set values
		set(r.IntN(hours-8), 1+r.IntN(3), 'S')
	}
	if r.Float64() < 0.12 { // communication gap: rows missing
		g := r.IntN(hours - 8)
		for i := g; i < g+2+r.IntN(7) && i < hours; i++ {
			p.missing[i] = true
		}
	}
	return p
}

// genRows appends the month of one series.
func genRows(a *duckdb.Appender, s genSeries, p *outletPlan, start time.Time, hours int, seed uint64, seq *int64) error {
	r := seeded(seed, "series:"+s.outlet+":"+s.pollutant)
	base := s.median
	if base <= 0 || base > s.limit*3 {
		base = s.limit * (0.3 + 0.3*r.Float64())
	}
	if s.direction == "min" {
		base = s.limit * (1.1 + 0.1*r.Float64())
	}
	// Exceedance episodes: more where the source reported exceedances.
	mult := make([]float64, hours)
	episodes := 0
	switch {
	case s.exceedRate > 5:
		episodes = 3 + r.IntN(4)
	case s.exceedRate > 0:
		episodes = 1 + r.IntN(3)
	case r.Float64() < 0.15:
		episodes = 1
	}
	forced := map[int]byte{}
	for range episodes {
		at := r.IntN(hours - 40)
		n, f := 1+r.IntN(5), 1.05+r.Float64()*0.9
		if s.medium == "water" { // daily limits: longer, milder episodes
			n, f = 12+r.IntN(25), 1.1+r.Float64()*0.5
		}
		for i := at; i < at+n && i < hours; i++ {
			mult[i] = f * (0.95 + 0.1*r.Float64())
		}
		if r.Float64() < 0.3 { // maintenance right after the episode
			for i := at + n; i < at+n+1+r.IntN(2) && i < hours; i++ {
				forced[i] = 'M'
			}
		}
	}
	for i := range hours {
		if p.missing[i] {
			continue
		}
		t := start.Add(time.Duration(i+1) * time.Hour)
		h := float64((i + 1) % 24)
		diurnal := 1 + 0.18*math.Sin(2*math.Pi*(h-9)/24)
		if s.medium == "water" {
			diurnal = 1 + 0.08*math.Sin(2*math.Pi*(h-14)/24)
		}
		conv := base * diurnal * math.Exp(r.NormFloat64()*0.15)
		if mult[i] > 0 {
			conv = s.limit * mult[i]
		}
		flag := "N"
		if f := p.flag[i]; f != 0 {
			flag = string(f)
		} else if f, ok := forced[i]; ok {
			flag = string(f)
		}
		flow := p.load * diurnal * (0.9 + 0.2*r.Float64())
		switch flag {
		case "F":
			conv, flow = conv*0.05, 0
		case "C":
			conv = s.limit * (0.8 + 0.4*r.Float64()) // span gas / standard solution
		case "D":
			conv = 0
		}
		if s.direction == "max" && conv > s.limit*2.4 && flag == "N" {
			flag = "T"
		}
		var measured, converted any = round3(conv / p.o2), round3(conv)
		if s.medium == "water" || s.direction == "min" {
			measured, converted = round3(conv), nil
		}
		*seq++
		if err := a.AppendRow(*seq, s.outlet, s.pollutant, t, "hour", measured, converted, round3(flow), flag); err != nil {
			return fmt.Errorf("append generated row %s %s %s: %w", s.outlet, s.pollutant, t.Format(time.DateTime), err)
		}
	}
	return nil
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
