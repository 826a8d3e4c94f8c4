package obs

import (
	"math"
	"strconv"
	"time"
)

var cst = time.FixedZone("CST", 8*3600)

// wallLayouts are the date-time layouts of ParseWall, tried in order; the
// ones from offsetFrom on carry a UTC offset.
var wallLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04",
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04",
	"2006-1-2 15:04:05", "2006-1-2 15:04", "2006年1月2日 15:04", "2006年1月2日15时04分", "2006年1月2日15时",
	"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2", "2006年1月2日", "2006.01.02", "20060102",
	"2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04Z07:00",
}

const offsetFrom = 20

// excelEpochDays is the number of days from 1899-12-30 (day 0 of Excel's
// 1900 date system) to 1970-01-01.
const excelEpochDays = 25569

// ParseWall parses a date or date-time cell into Batch microseconds of
// the CST wall clock (date only = 00:00; with an offset: converted to
// CST). With serial, a plain number is taken as an Excel serial date
// (workbook cells formatted as dates). ok is false for anything else and
// for years before 1970 or after 9999.
func ParseWall(s string, serial bool) (int64, bool) {
	if s == "" {
		return 0, false
	}
	if serial {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v > 1 && v < 2958466 {
			secs := math.Round((v - excelEpochDays) * 86400)
			if secs < 0 {
				return 0, false
			}
			return int64(secs) * 1e6, true
		}
	}
	for i, layout := range wallLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if i >= offsetFrom {
			c := t.In(cst)
			t = time.Date(c.Year(), c.Month(), c.Day(), c.Hour(), c.Minute(), c.Second(), c.Nanosecond(), time.UTC)
		}
		if t.Year() < 1970 || t.Year() > 9999 {
			return 0, false
		}
		return t.UnixMicro(), true
	}
	return 0, false
}
