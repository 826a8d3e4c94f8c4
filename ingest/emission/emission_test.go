package emission

import (
	"os"
	"testing"
	"time"

	"github.com/envdisclose/envdisclose/ingest/hj212"
)

func TestLabel(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2024, 3, 5, h, m, 0, 0, hj212.CST) }
	wall := func(d, h, m int) int64 { return time.Date(2024, 3, d, h, m, 0, 0, time.UTC).UnixMicro() }
	for _, c := range []struct {
		cn     string
		t      time.Time
		period string
		label  int64
		reason string
	}{
		{hj212.CNHourly, at(9, 0), PeriodHour, wall(5, 10, 0), ""},
		{hj212.CNHourly, at(23, 0), PeriodHour, wall(6, 0, 0), ""},
		{hj212.CNHourly, at(9, 30), PeriodHour, wall(5, 9, 30), "time not on the hour"},
		{hj212.CNDaily, at(0, 0), PeriodDay, wall(6, 0, 0), ""},
		{hj212.CNDaily, at(1, 0), PeriodDay, wall(5, 1, 0), "daily time not at 00:00"},
		{hj212.CNMinute, at(9, 10), PeriodMinute, wall(5, 9, 10), ""},
		{hj212.CNRealtime, at(9, 11), PeriodRealtime, wall(5, 9, 11), ""},
	} {
		p, l, r, ok := Label(c.cn, c.t)
		if !ok || p != c.period || l != c.label || r != c.reason {
			t.Errorf("Label(%s, %v) = %s %v %q %v", c.cn, c.t, p, time.UnixMicro(l).UTC(), r, ok)
		}
	}
	if _, _, _, ok := Label(hj212.CNDataAnswer, at(9, 0)); ok {
		t.Error("9014 is not data")
	}
}

func TestResolveAndFactors(t *testing.T) {
	g := NewRegistry()
	if err := g.LoadStandards(os.DirFS("../../sql")); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"so2": "so2", "SO2": "so2", "二氧化硫": "so2", "a21026": "so2", "02": "so2", "烟尘": "pm", "颗粒物实测浓度": "pm",
		"氨氮（NH3-N）": "nh3n", "NOx": "nox", "w01018": "cod", "011": "cod", "COD": "cod", "a21026z": "so2",
	} {
		if got, ok := g.Resolve(in); !ok || got != want {
			t.Errorf("Resolve(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := g.Resolve("a01012"); ok {
		t.Error("flue gas temperature is not an emission pollutant")
	}
	// HJ/T 212-2005 mercury (020) is listed in mg/L, the canonical unit is µg/L.
	if f := g.factor("020"); f != 1000 {
		t.Errorf("factor(020) = %v", f)
	}
	if f := g.factor("w20111"); f != 1 {
		t.Errorf("factor(w20111) = %v", f)
	}
}
