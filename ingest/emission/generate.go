package emission

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/envdisclose/envdisclose/ingest/hj212"
)

// OutletSpec describes one monitored outlet for GenerateHJ212.
type OutletSpec struct {
	MN     string // HJ 212 device code (the outlet's mn)
	Medium string // gas (ST 31, flue gas flow a00000 and O2 a19001 sent too) or water (ST 32, flow w00000)
	// Pollutants are the HJ 212-2017 codes with a typical level.
	Pollutants []PollutantSpec
}

// PollutantSpec is one monitored pollutant of an OutletSpec.
type PollutantSpec struct {
	Code  string  // HJ 212-2017 code: a21026, a21002, a34013, w01018 ...
	Base  float64 // typical concentration (mg/m³ converted for gas, mg/L for water); 0 = 40 % of Limit, or 20
	Limit float64 // hourly limit used for exceedance episodes; 0 = none
}

// GenerateHJ212 writes the hourly data messages (CN 2061, one line each,
// CR LF) of outlets for every hour whose start lies in [from, to) — CST,
// DataTime = the START of the hour, as devices send it — and returns the
// number of messages written. Values are realistic and deterministic for a
// seed: a diurnal cycle around Base with lognormal noise, a few exceedance
// episodes per month where a Limit is given, and per-outlet flags (weekly
// calibration C for gas, maintenance M, occasional instrument fault D,
// source stopped F with near-zero values and no flow, manual values S).
// Gas pollutants carry Avg (measured), ZsAvg (converted at the outlet's
// oxygen factor), Min, Max and Flag; water ones Avg, Min, Max, Cou and
// Flag. Communication gaps (hours without a message) occur too.
func GenerateHJ212(w io.Writer, outlets []OutletSpec, from, to time.Time, seed uint64) (n int, err error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	start := from.In(hj212.CST).Truncate(time.Hour)
	hours := int(to.Sub(start) / time.Hour)
	if hours <= 0 {
		return 0, nil
	}
	var buf []byte
	for _, o := range outlets {
		plan := newPlan(o, hours, seed)
		st := hj212.STWasteGas
		if o.Medium == "water" {
			st = hj212.STWasteWater
		}
		for i := range hours {
			if plan.missing[i] {
				continue
			}
			t := start.Add(time.Duration(i) * time.Hour)
			m := hj212.Message{
				QN: t.Add(time.Hour+time.Duration(plan.r.IntN(50))*time.Second).Format("20060102150405") + "000",
				ST: st, CN: hj212.CNHourly, PW: "123456", MN: o.MN,
				Flag: hj212.Flag2017, HasFlag: true, DataTime: t,
			}
			h := float64(t.Hour()) + 0.5
			diurnal := 1 + 0.18*math.Sin(2*math.Pi*(h-9)/24)
			if o.Medium == "water" {
				diurnal = 1 + 0.08*math.Sin(2*math.Pi*(h-14)/24)
			}
			flag := plan.flag[i]
			for j, ps := range o.Pollutants {
				base := ps.Base
				if base <= 0 {
					base = 20
					if ps.Limit > 0 {
						base = 0.4 * ps.Limit
					}
				}
				v := base * diurnal * math.Exp(plan.r.NormFloat64()*0.15)
				if f := plan.episode[j][i]; f > 0 && ps.Limit > 0 {
					v = ps.Limit * f
				}
				switch flag {
				case hj212.DataStopped:
					v *= 0.05
				case hj212.DataCalibration:
					if ps.Limit > 0 {
						v = ps.Limit * (0.8 + 0.4*plan.r.Float64())
					}
				case hj212.DataFault:
					v = 0
				}
				f := flag
				if f == hj212.DataNormal && ps.Limit > 0 && v > 2.4*ps.Limit {
					f = hj212.DataOverRange
				}
				p := hj212.Pollutant{Code: ps.Code, Flag: f}
				if o.Medium == "gas" {
					meas := round3(v / plan.o2)
					p.Avg, p.ZsAvg = hj212.Val(meas), hj212.Val(round3(v))
					p.Min, p.Max = hj212.Val(round3(meas*0.8)), hj212.Val(round3(meas*1.2))
				} else {
					p.Avg = hj212.Val(round3(v))
					p.Min, p.Max = hj212.Val(round3(v*0.85)), hj212.Val(round3(v*1.15))
				}
				m.Pollutants = append(m.Pollutants, p)
			}
			flow := plan.load * diurnal * (0.9 + 0.2*plan.r.Float64())
			if flag == hj212.DataStopped {
				flow = 0
			}
			if o.Medium == "gas" {
				m.Pollutants = append(m.Pollutants,
					hj212.Pollutant{Code: "a19001", Avg: hj212.Val(round3(6 + 3*plan.r.Float64())), Flag: flag},
					hj212.Pollutant{Code: "a00000", Avg: hj212.Val(round3(flow / 3600)), Cou: hj212.Val(round3(flow)), Flag: flag})
			} else {
				m.Pollutants = append(m.Pollutants,
					hj212.Pollutant{Code: "w00000", Avg: hj212.Val(round3(flow / 3.6)), Cou: hj212.Val(round3(flow)), Flag: flag})
			}
			buf, err = hj212.AppendEncode(buf[:0], &m)
			if err != nil {
				return n, fmt.Errorf("generate %s %s: %w", o.MN, t.Format(time.DateTime), err)
			}
			if _, err := bw.Write(buf); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, bw.Flush()
}

type plan struct {
	r       *rand.Rand
	flag    []string
	missing []bool
	episode [][]float64 // per pollutant: limit multiple of exceedance hours
	load    float64     // m³/h
	o2      float64     // converted / measured
}

func newPlan(o OutletSpec, hours int, seed uint64) *plan {
	hs := fnv.New64a()
	hs.Write([]byte(o.MN))
	r := rand.New(rand.NewPCG(seed, hs.Sum64()))
	p := &plan{r: r, flag: make([]string, hours), missing: make([]bool, hours)}
	for i := range p.flag {
		p.flag[i] = hj212.DataNormal
	}
	set := func(from, n int, f string) {
		for i := max(from, 0); i < from+n && i < hours; i++ {
			if p.flag[i] == hj212.DataNormal {
				p.flag[i] = f
			}
		}
	}
	days := max(hours/24, 1)
	if o.Medium == "water" {
		p.load, p.o2 = 50+r.Float64()*1950, 1
	} else {
		p.load, p.o2 = 1e5+r.Float64()*9e5, 1.1+r.Float64()*0.3
		for d := r.IntN(7); d < days; d += 7 {
			set(d*24+9+r.IntN(6), 1, hj212.DataCalibration)
		}
	}
	if hours > 48 {
		for range 1 + r.IntN(2) {
			set(r.IntN(days)*24+8+r.IntN(8), 2+r.IntN(3), hj212.DataMaintenance)
		}
		if r.Float64() < 0.06 {
			set(r.IntN(hours-24), 6+r.IntN(19), hj212.DataFault)
		}
		if r.Float64() < 0.08 {
			set(r.IntN(hours-24), 24*(1+r.IntN(3)), hj212.DataStopped)
		}
		if r.Float64() < 0.03 {
			set(r.IntN(hours-8), 1+r.IntN(3), hj212.DataManual)
		}
		if r.Float64() < 0.1 {
			g := r.IntN(hours - 8)
			for i := g; i < g+2+r.IntN(5) && i < hours; i++ {
				p.missing[i] = true
			}
		}
	}
	p.episode = make([][]float64, len(o.Pollutants))
	for j := range o.Pollutants {
		p.episode[j] = make([]float64, hours)
		if hours <= 48 || r.Float64() > 0.3 {
			continue
		}
		for range 1 + r.IntN(3) {
			at, n, f := r.IntN(hours-8), 1+r.IntN(5), 1.05+r.Float64()*0.9
			for i := at; i < at+n && i < hours; i++ {
				p.episode[j][i] = f * (0.95 + 0.1*r.Float64())
			}
		}
	}
	return p
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
