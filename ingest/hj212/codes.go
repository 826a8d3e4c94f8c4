package hj212

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed codes.csv
var codesCSV string

// CodeInfo describes a pollutant or parameter code from the code table
// (codes.csv, which lists its sources).
type CodeInfo struct {
	Code    string // the code as sent
	NameZh  string // Chinese name
	NameEn  string // English name
	Unit    string // usual unit; "" if dimensionless
	Medium  string // "gas" or "water"
	Edition string // "2017" (HJ 212-2017) or "2005" (HJ/T 212-2005)
	// StdCode is the HJ 212-2017 code: Code itself for 2017 codes, the
	// equivalent 2017 code for 2005 codes.
	StdCode string
}

var codeTable = sync.OnceValues(func() (map[string]CodeInfo, error) {
	r := csv.NewReader(strings.NewReader(codesCSV))
	r.Comment = '#'
	r.FieldsPerRecord = 7
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("hj212: codes.csv: %w", err)
	}
	t := make(map[string]CodeInfo, len(recs))
	for _, f := range recs[1:] {
		t[f[0]] = CodeInfo{Code: f[0], NameZh: f[1], NameEn: f[2], Unit: f[3], Medium: f[4], Edition: f[5], StdCode: f[6]}
	}
	return t, nil
})

// LookupCode returns the table entry for a pollutant code of either
// edition, and false if the code is unknown. A trailing "z" or "Z", which
// some devices append to send a converted (折算) value as its own code, is
// ignored when the code itself is unknown.
func LookupCode(code string) (CodeInfo, bool) {
	t, err := codeTable()
	if err != nil {
		return CodeInfo{}, false
	}
	if c, ok := t[code]; ok {
		return c, true
	}
	if n := len(code); n > 1 && (code[n-1] == 'z' || code[n-1] == 'Z') {
		if c, ok := t[code[:n-1]]; ok {
			c.Code = code
			return c, true
		}
	}
	return CodeInfo{}, false
}

// StdCode returns the HJ 212-2017 code for code (mapping 2005 codes such
// as "02" to "a21026"), or code itself if it is unknown. A "z" suffix (see
// LookupCode) is dropped.
func StdCode(code string) string {
	if c, ok := LookupCode(code); ok {
		return c.StdCode
	}
	return code
}

// Codes returns all entries of the code table, sorted by code.
func Codes() []CodeInfo {
	t, _ := codeTable()
	out := make([]CodeInfo, 0, len(t))
	for _, c := range t {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b CodeInfo) int { return strings.Compare(a.Code, b.Code) })
	return out
}
