package long

import (
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

var cst = time.FixedZone("CST", 8*3600)

// layouts accepted for the time column, tried in order.
var timeLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04",
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04",
	"2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05-07", "2006-01-02 15:04:05.999999999",
}

// parseTime parses a time cell into Batch microseconds of the CST wall
// clock, or returns a reason.
func parseTime(b []byte) (int64, string) {
	s := string(b)
	if s == "" {
		return 0, obs.ReasonBadTime
	}
	for i, layout := range timeLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if i >= 8 && i < 11 { // carries an offset: convert to CST wall clock
			c := t.In(cst)
			t = time.Date(c.Year(), c.Month(), c.Day(), c.Hour(), c.Minute(), c.Second(), c.Nanosecond(), time.UTC)
		}
		if t.Year() < 1970 {
			return 0, obs.ReasonBadTime
		}
		if t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
			return 0, obs.ReasonNotOnHour
		}
		return t.UnixMicro(), ""
	}
	return 0, obs.ReasonBadTime
}
