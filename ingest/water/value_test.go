package water

import (
	"math"
	"testing"
)

func TestParseValue(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		cell, flag, dl string
		v, lim         float64
		below, missing bool
		reason         string
	}{
		{"0.5", "", "", 0.5, nan, false, false, ""},
		{"--", "", "", nan, nan, false, true, ""},
		{"", "", "", nan, nan, false, true, ""},
		{"ND", "", "0.01", nan, 0.01, true, false, ""},
		{"未检出", "", "", nan, nan, true, false, ""},
		{"<0.01", "", "", nan, 0.01, true, false, ""},
		{"＜0.01", "", "", nan, 0.01, true, false, ""},
		{"0.01L", "", "", nan, 0.01, true, false, ""},
		{"0.05", "<", "", nan, 0.05, true, false, ""},
		{"0.05", "L", "", nan, 0.05, true, false, ""},
		{"", "ND", "0.02", nan, 0.02, true, false, ""},
		{"abc", "", "", nan, nan, false, false, "not a number"},
		{"1", "?", "", nan, nan, false, false, "unknown value flag"},
	} {
		v, missing, reason, _ := parseValue(c.cell, c.flag, c.dl)
		same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
		if reason != c.reason || (reason == "" && (missing != c.missing || v.belowDL != c.below || !same(v.v, c.v) || !same(v.dl, c.lim))) {
			t.Errorf("%q flag %q dl %q: %+v missing %v %q", c.cell, c.flag, c.dl, v, missing, reason)
		}
	}
}
