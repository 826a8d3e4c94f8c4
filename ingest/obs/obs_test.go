package obs

import (
	"strconv"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, s := range []string{"0", "12", "-3.5", ".7", "1.", "952", "0.123456789", "1e3", "+4", "123456789012345678"} {
		want, _ := strconv.ParseFloat(s, 64)
		got, ok := ParseNumber([]byte(s))
		if !ok || got != want {
			t.Errorf("%q: %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "-", ".", "abc", "1,5", "NaN", "Inf", "1e999", "12a"} {
		if v, ok := ParseNumber([]byte(s)); ok {
			t.Errorf("%q parsed as %v", s, v)
		}
	}
}

func TestSplitCSV(t *testing.T) {
	f, ok := SplitCSV([]byte(`a,"b,c",,"d ""e"""`), nil)
	if !ok || len(f) != 4 || string(f[1]) != "b,c" || string(f[2]) != "" || string(f[3]) != `d "e"` {
		t.Fatalf("%q %v", f, ok)
	}
	for _, bad := range []string{`"a`, `a"b`, `"a"b`} {
		if _, ok := SplitCSV([]byte(bad), nil); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestDays(t *testing.T) {
	b := NewBatch(3)
	var v [NPollutants]float64
	for _, h := range []int{0, 1, 23} {
		b.Append("x", WallMicros(2023, 1, 20, h), &v, -1)
	}
	b.Append("x", WallMicros(2023, 1, 21, 0), &v, -1)
	got := b.Days()
	if len(got) != 2 || got[0] != "2023-01-19" || got[1] != "2023-01-20" {
		t.Fatalf("%v", got)
	}
}

func TestLimits(t *testing.T) {
	l, err := DefaultLimits()
	if err != nil {
		t.Fatal(err)
	}
	if l.Pollutant[CO].Max != 150 || l.Pollutant[PM25].Check(1650) != "" || l.Pollutant[PM25].Check(-1) != ReasonNegative ||
		l.Pollutant[CO].Check(151) != ReasonRange || l.AQI.Max != 500 {
		t.Fatalf("%+v", l)
	}
}
