package long

import (
	"testing"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

func TestParseTime(t *testing.T) {
	h1 := obs.WallMicros(2023, 1, 20, 1)
	for s, want := range map[string]int64{
		"2023-01-20 01:00:00": h1, "2023-01-20 01:00": h1, "2023-01-20T01:00:00": h1, "2023/1/20 1:00": h1,
		"2023-01-19T17:00:00Z": h1, "2023-01-20T01:00:00+08:00": h1, "2023-01-20 02:00:00+09:00": h1,
	} {
		got, reason := parseTime([]byte(s))
		if reason != "" || got != want {
			t.Errorf("%q: %d %q, want %d", s, got, reason, want)
		}
	}
	for s, want := range map[string]string{
		"2023-01-20 01:30:00": obs.ReasonNotOnHour, "2023-02-30 01:00": obs.ReasonBadTime,
		"yesterday": obs.ReasonBadTime, "2023-01-20 24:00:00": obs.ReasonBadTime, "1960-01-01 00:00": obs.ReasonBadTime,
	} {
		if _, reason := parseTime([]byte(s)); reason != want {
			t.Errorf("%q: %q, want %q", s, reason, want)
		}
	}
}

func TestHeader(t *testing.T) {
	if !IsHeader([]string{"Station_Code", "TIME", "PM2.5"}) || IsHeader([]string{"station", "value"}) {
		t.Fatal("IsHeader")
	}
	if _, err := ParseHeader([]string{"station_code", "time", "pm25", "pm2_5", "pm10", "so2", "no2", "o3", "co"}); err == nil {
		t.Fatal("duplicate pm25 alias accepted")
	}
}
