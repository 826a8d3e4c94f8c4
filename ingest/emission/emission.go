// Package emission decodes key-polluter (重点排污单位) online-monitoring
// data for ingest: hourly emission tables (CSV text or a workbook's first
// sheet, kind "emission-hourly") and files of HJ 212 messages (kind
// "hj212"). Both are validated against the polluter registry (enterprise,
// outlet, outlet_limit, loaded by transform/polluter.LoadRoster) and the
// pollutant tables of sql/standards/polluters, and become Rows in the
// column order of the staging table of transform/polluter (StageSQL).
//
// Time convention (the one place it is applied is Label): every row is
// labelled with the CST wall-clock END of its period. An hourly table's
// time is already the end of the hour. An HJ 212 hourly message (CN 2061)
// carries the START of the hour in DataTime, so its values are stored at
// DataTime + 1 h; a daily message (CN 2031, DataTime = the day's 00:00) at
// the next day's 00:00, so that the natural day of every row is
// CAST(time - INTERVAL 1 HOUR AS DATE). Minute (CN 2051) and real-time
// (CN 2011) values keep DataTime as sent: the minute interval is a device
// setting that the message does not carry, and they are not evaluated.
package emission

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/hj212"
)

// Kinds recorded in the ledger.
const (
	KindHourly = "emission-hourly"
	KindHJ212  = "hj212"
)

// Periods of emission_value.period.
const (
	PeriodHour     = "hour"
	PeriodDay      = "day"
	PeriodMinute   = "minute"
	PeriodRealtime = "realtime"
)

// Flags are the HJ 212-2017 data flags accepted (sql/standards/polluters/emission_flag.csv).
const Flags = "NFMSDCTB"

// Rows are decoded emission values, column by column, in the column order
// of the staging table of transform/polluter (StageSQL). A NaN value is NULL.
type Rows struct {
	Outlet, Pollutant, Period, Flag []string
	Time                            []int64 // CST wall clock (microseconds since 1970-01-01 00:00 of the wall clock), end of the period
	Value, Conv, Flow               []float64
}

// Len is the number of rows.
func (r *Rows) Len() int { return len(r.Time) }

// Append adds one row.
func (r *Rows) Append(outlet, pollutant, period string, t int64, value, conv, flow float64, flag string) {
	r.Outlet = append(r.Outlet, outlet)
	r.Pollutant = append(r.Pollutant, pollutant)
	r.Period = append(r.Period, period)
	r.Time = append(r.Time, t)
	r.Value = append(r.Value, value)
	r.Conv = append(r.Conv, conv)
	r.Flow = append(r.Flow, flow)
	r.Flag = append(r.Flag, flag)
}

// NaN is the NULL of Rows' numbers.
var NaN = math.NaN()

// Outlet is a registered outlet.
type Outlet struct {
	Code, Enterprise, Medium string
}

// Pollutant is a canonical emission pollutant.
type Pollutant struct {
	Code, Medium, Unit string
}

// Registry is what emission files are validated against: enterprises and
// outlets (any version, so that historic data of a changed outlet still
// lands; MN and medium of the current version), the pollutants with a
// limit at each outlet, and the canonical pollutant table with its HJ 212
// codes and aliases.
type Registry struct {
	ents       map[string]string // enterprise_id, credit code, raw credit code -> enterprise_id
	names      map[string]string // enterprise name -> enterprise_id, "" = ambiguous
	outlets    map[string]*Outlet
	outletEnt  map[[2]string]bool // outlet_code, enterprise_id of any version
	mn         map[string]string  // MN -> outlet_code (current versions)
	limits     map[[2]string]bool // outlet_code, pollutant
	pollutants map[string]*Pollutant
	byName     map[string]string  // folded code / HJ 212 code / alias / name -> canonical
	byHJ212    map[string]string  // HJ 212-2017 code -> canonical
	by2005     map[string]string  // HJ/T 212-2005 code -> canonical
	factors    map[string]float64 // HJ 212 code -> factor from the code table's unit to the canonical unit
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{
		ents: map[string]string{}, names: map[string]string{}, outlets: map[string]*Outlet{},
		outletEnt: map[[2]string]bool{}, mn: map[string]string{}, limits: map[[2]string]bool{},
		pollutants: map[string]*Pollutant{}, byName: map[string]string{}, byHJ212: map[string]string{}, by2005: map[string]string{},
		factors: map[string]float64{},
	}
}

// AddEnterprise registers an enterprise version.
func (g *Registry) AddEnterprise(id, creditCode, creditRaw, name string) {
	for _, k := range []string{id, creditCode, strings.TrimSpace(creditRaw)} {
		if k != "" {
			if _, ok := g.ents[k]; !ok {
				g.ents[k] = id
			}
		}
	}
	if name == "" {
		return
	}
	if prev, ok := g.names[name]; ok && prev != id {
		g.names[name] = "" // two enterprises share the name
		return
	}
	g.names[name] = id
}

// AddOutlet registers an outlet version. Versions are to be added oldest
// first: the last one sets the enterprise, medium and MN.
func (g *Registry) AddOutlet(code, enterprise, medium, mn string, current bool) {
	g.outlets[code] = &Outlet{Code: code, Enterprise: enterprise, Medium: medium}
	g.outletEnt[[2]string{code, enterprise}] = true
	if current && mn != "" {
		g.mn[mn] = code
	}
}

// AddLimit records that pollutant has a limit at outlet.
func (g *Registry) AddLimit(outlet, pollutant string) { g.limits[[2]string{outlet, pollutant}] = true }

// Empty reports whether no outlet is registered.
func (g *Registry) Empty() bool { return len(g.outlets) == 0 }

// Enterprise resolves an enterprise cell: enterprise_id, credit code (as
// stored or as found in the source) or exact name. ambiguous is set for a
// name shared by several enterprises.
func (g *Registry) Enterprise(s string) (id string, ambiguous, ok bool) {
	if id, ok := g.ents[s]; ok {
		return id, false, true
	}
	if id, ok := g.names[s]; ok {
		return id, id == "", id != ""
	}
	return "", false, false
}

// Outlet resolves an outlet cell: outlet_code, else the MN of a current
// outlet.
func (g *Registry) Outlet(s string) (*Outlet, bool) {
	if o, ok := g.outlets[s]; ok {
		return o, true
	}
	if c, ok := g.mn[s]; ok {
		return g.outlets[c], true
	}
	return nil, false
}

// ByMN resolves an HJ 212 MN through the current outlet rows.
func (g *Registry) ByMN(mn string) (*Outlet, bool) {
	c, ok := g.mn[mn]
	if !ok {
		return nil, false
	}
	return g.outlets[c], true
}

// OfEnterprise reports whether outlet belongs (in any version) to enterprise.
func (g *Registry) OfEnterprise(outlet, enterprise string) bool {
	return g.outletEnt[[2]string{outlet, enterprise}]
}

// Limited reports whether pollutant has a limit at outlet.
func (g *Registry) Limited(outlet, pollutant string) bool {
	return g.limits[[2]string{outlet, pollutant}]
}

// PollutantInfo returns a canonical pollutant.
func (g *Registry) PollutantInfo(code string) (*Pollutant, bool) {
	p, ok := g.pollutants[code]
	return p, ok
}

func fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("（", "(", "）", ")", " ", "", "₂", "2").Replace(s)
	return s
}

// Resolve maps a pollutant cell to its canonical code: the canonical code,
// an HJ 212 code of either edition, or an alias or name from the
// standards tables (case-insensitive, full-width brackets folded).
func (g *Registry) Resolve(s string) (string, bool) {
	if _, ok := g.pollutants[s]; ok {
		return s, true
	}
	if c, ok := g.FromHJ212(s); ok {
		return c, true
	}
	c, ok := g.byName[fold(s)]
	return c, ok
}

// FromHJ212 maps an HJ 212 code (2017 or 2005 edition) to its canonical
// pollutant.
func (g *Registry) FromHJ212(code string) (string, bool) {
	if c, ok := g.byHJ212[code]; ok {
		return c, true
	}
	if c, ok := g.by2005[code]; ok {
		return c, true
	}
	if c, ok := g.byHJ212[hj212.StdCode(code)]; ok {
		return c, true
	}
	return "", false
}

// StandardsDir is the folder of the polluter standards inside the SQL tree.
const StandardsDir = "standards/polluters"

// LoadStandards reads emission_pollutant.csv and emission_alias.csv of
// StandardsDir in fsys into g.
func (g *Registry) LoadStandards(fsys fs.FS) error {
	pol, err := readCSV(fsys, StandardsDir+"/emission_pollutant.csv")
	if err != nil {
		return err
	}
	for _, r := range pol {
		code := r["pollutant"]
		if code == "" {
			continue
		}
		g.pollutants[code] = &Pollutant{Code: code, Medium: r["medium"], Unit: r["unit"]}
		g.byName[fold(code)] = code
		for _, k := range []string{r["name_zh"], r["name_en"]} {
			if k != "" {
				g.byName[fold(k)] = code
			}
		}
		if c := r["hj212_code"]; c != "" {
			g.byHJ212[c] = code
			g.byName[fold(c)] = code
		}
		if c := r["hj212_2005_code"]; c != "" {
			g.by2005[c] = code
		}
	}
	al, err := readCSV(fsys, StandardsDir+"/emission_alias.csv")
	if err != nil {
		return err
	}
	for _, r := range al {
		if a, p := r["alias"], r["pollutant"]; a != "" && p != "" {
			if _, ok := g.pollutants[p]; !ok {
				return fmt.Errorf("emission_alias.csv: alias %q of unknown pollutant %q", a, p)
			}
			g.byName[fold(a)] = p
		}
	}
	for _, c := range hj212.Codes() {
		if p, ok := g.FromHJ212(c.Code); ok {
			g.factors[c.Code] = unitFactor(c.Unit, g.pollutants[p].Unit)
		}
	}
	return nil
}

func readCSV(fsys fs.FS, name string) ([]map[string]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("emission standards: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("emission standards %s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("emission standards %s: empty", name)
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, h := range recs[0] {
			if i < len(rec) {
				m[strings.TrimSpace(h)] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// validFlag returns the upper-case flag and whether it is one of Flags;
// empty is N.
func validFlag(s string) (string, bool) {
	if s == "" {
		return "N", true
	}
	if len(s) != 1 {
		return s, false
	}
	u := strings.ToUpper(s)
	return u, strings.Contains(Flags, u)
}

// note collects the warnings of a file for the ledger message.
type note struct {
	unlimited     map[[2]string]int // outlet, pollutant without a limit: values
	unlimitedRows int
}

func (n *note) unlimitedValue(outlet, pollutant string) {
	if n.unlimited == nil {
		n.unlimited = map[[2]string]int{}
	}
	n.unlimited[[2]string{outlet, pollutant}]++
	n.unlimitedRows++
}

func (n *note) String() string {
	if n.unlimitedRows == 0 {
		return ""
	}
	keys := make([]string, 0, len(n.unlimited))
	for k := range n.unlimited {
		keys = append(keys, k[0]+"/"+k[1])
	}
	slices.Sort(keys)
	more := ""
	if len(keys) > 5 {
		keys, more = keys[:5], fmt.Sprintf(" and %d more", len(n.unlimited)-5)
	}
	return fmt.Sprintf("%d values of pollutants without a limit at their outlet (stored, not evaluated): %s%s",
		n.unlimitedRows, strings.Join(keys, ", "), more)
}
