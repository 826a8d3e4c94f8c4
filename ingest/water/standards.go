package water

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
	transform "github.com/envdisclose/envdisclose/transform/water"
)

// StandardsDir is the folder of the water standards tables in the SQL tree
// (the same files transform/water loads into water_std_*).
const StandardsDir = transform.StandardsDir

//go:embed detection_limits.csv
var detectionLimitsCSV string

// Standards resolves source parameter names and units to the canonical
// parameters and units of sql/standards/water (water_parameter.csv,
// water_parameter_alias.csv, water_unit.csv), read from the files
// themselves: ingest must not depend on the water transform having run.
// Matching follows transform/water.ResolveHeader.
type Standards struct {
	param map[string]string // parameter -> canonical unit
	alias map[string]alias  // normalised alias -> parameter (+ unit it implies)
	unit  map[string]unit   // normalised unit alias -> canonical unit, factor
	dl    map[string]float64
}

type alias struct{ param, unit string }

type unit struct {
	canon  string
	factor float64
}

// Column is a parameter name (and unit) resolved.
type Column struct {
	Parameter string  // canonical code
	Unit      string  // canonical unit
	Factor    float64 // canonical value = source value * Factor
}

// LoadStandards reads the alias, unit and parameter tables from fsys (the
// SQL tree) and the default detection limits embedded in this package.
func LoadStandards(fsys fs.FS) (*Standards, error) {
	s := &Standards{param: map[string]string{}, alias: map[string]alias{}, unit: map[string]unit{}, dl: map[string]float64{}}
	rows, err := readCSV(fsys, StandardsDir+"/water_parameter.csv", "parameter", "unit")
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		s.param[r[0]] = r[1]
	}
	if rows, err = readCSV(fsys, StandardsDir+"/water_parameter_alias.csv", "alias", "parameter", "unit"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		k := transform.NormalizeName(r[0])
		if _, ok := s.alias[k]; !ok { // first wins, like LIMIT 1 on the table order
			s.alias[k] = alias{r[1], r[2]}
		}
	}
	if rows, err = readCSV(fsys, StandardsDir+"/water_unit.csv", "unit_alias", "canonical_unit", "factor"); err != nil {
		return nil, err
	}
	for _, r := range rows {
		f, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			return nil, fmt.Errorf("water_unit.csv: factor %q: %w", r[2], err)
		}
		s.unit[transform.NormalizeName(r[0])] = unit{r[1], f}
	}
	cr := csv.NewReader(strings.NewReader(detectionLimitsCSV))
	cr.Comment = '#'
	recs, err := cr.ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("detection_limits.csv: %v", err)
	}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil || s.param[r[0]] == "" || s.param[r[0]] != r[2] {
			return nil, fmt.Errorf("detection_limits.csv: bad row %q", r)
		}
		s.dl[r[0]] = v
	}
	return s, nil
}

// readCSV reads the named columns of a standards CSV ('#' comments).
func readCSV(fsys fs.FS, name string, cols ...string) ([][]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("water standards: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("water standards %s: %w", name, err)
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = -1
		for j, h := range header {
			if strings.TrimSpace(h) == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return nil, fmt.Errorf("water standards %s: no column %s", name, c)
		}
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("water standards %s: %w", name, err)
		}
		row := make([]string, len(cols))
		for i, j := range idx {
			if j < len(rec) {
				row[i] = strings.TrimSpace(rec[j])
			}
		}
		out = append(out, row)
	}
}

// splitUnit splits "name(unit)", "name[unit]" (normalised) into name and
// unit, else at the first "/"; unit is "" when there is none.
func splitUnit(s string) (name, unit string) {
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				return s[:i], s[i+len(p[0]) : len(s)-len(p[1])]
			}
		}
	}
	if i := strings.Index(s, "/"); i > 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// Resolve maps a parameter name (possibly with a unit: "总磷(µg/L)") and
// an optional separate unit to a canonical column. A separate unit wins
// over one in the name. reason is a reject reason (unknown parameter,
// unknown unit, unit does not fit the parameter) and detail explains it.
func (s *Standards) Resolve(name, unitText string) (col Column, reason, detail string) {
	norm := transform.NormalizeName(name)
	a, ok := s.alias[norm]
	if !ok {
		n, u := splitUnit(norm)
		if u != "" {
			if a, ok = s.alias[n]; ok {
				a.unit = u
			}
		}
	}
	if !ok {
		return col, obs.ReasonUnknownParameter, name
	}
	col = Column{Parameter: a.param, Unit: s.param[a.param], Factor: 1}
	if col.Unit == "" {
		return col, obs.ReasonUnknownParameter, name + " (alias of " + a.param + ", not in water_parameter.csv)"
	}
	u := a.unit
	if strings.TrimSpace(unitText) != "" {
		u = unitText
	}
	if u == "" {
		return col, "", ""
	}
	uu, ok := s.unit[transform.NormalizeName(u)]
	if !ok {
		return col, obs.ReasonUnknownUnit, u
	}
	if uu.canon != col.Unit {
		return col, obs.ReasonUnitMismatch, u + " is " + uu.canon + ", " + col.Parameter + " is in " + col.Unit
	}
	col.Factor = uu.factor
	return col, "", ""
}

// DefaultDL is the default detection limit of a parameter (canonical
// unit), from detection_limits.csv; ok is false when there is none.
func (s *Standards) DefaultDL(param string) (float64, bool) {
	v, ok := s.dl[param]
	return v, ok
}
