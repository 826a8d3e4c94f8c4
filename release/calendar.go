package release

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/config"
	"github.com/envdisclose/envdisclose/report"
	"github.com/envdisclose/envdisclose/sql/stdcsv"
	"github.com/envdisclose/envdisclose/store"
)

// CalendarFile is the working-day calendar (State Council holiday notices)
// in the SQL tree.
const CalendarFile = "standards/calendar/cn_workdays.csv"

// Calendar tells working days from days off: the days off (放假) and the
// adjusted working days (调休上班) of the years it covers; any other day of
// a covered year, and every day of an uncovered year, is a working day when
// it is Monday to Friday.
type Calendar struct {
	off, work map[string]string // date → holiday name
	years     map[int]bool      // years with a notice
}

// LoadCalendar reads CalendarFile from fsys (st.SQL).
func LoadCalendar(fsys fs.FS) (*Calendar, error) {
	header, rows, err := stdcsv.Read(fsys, CalendarFile)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"date", "kind", "holiday", "notice_year"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("calendar %s: no column %q", CalendarFile, need)
		}
	}
	c := &Calendar{off: map[string]string{}, work: map[string]string{}, years: map[int]bool{}}
	for i, r := range rows {
		where := fmt.Sprintf("calendar %s: data row %d", CalendarFile, i+1)
		if len(r) != len(header) {
			return nil, fmt.Errorf("%s: %d fields, header has %d", where, len(r), len(header))
		}
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(r[col["date"]]))
		if err != nil {
			return nil, fmt.Errorf("%s: field date: %w", where, err)
		}
		y, err := strconv.Atoi(strings.TrimSpace(r[col["notice_year"]]))
		if err != nil {
			return nil, fmt.Errorf("%s: field notice_year: %w", where, err)
		}
		key := d.Format(time.DateOnly)
		name := r[col["holiday"]]
		switch r[col["kind"]] {
		case "off":
			c.off[key] = name
		case "work":
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return nil, fmt.Errorf("%s: %s is a %s, an adjusted working day must be a Saturday or Sunday", where, key, wd)
			}
			c.work[key] = name
		default:
			return nil, fmt.Errorf("%s: field kind %q: use off or work", where, r[col["kind"]])
		}
		c.years[y] = true
	}
	return c, nil
}

// Covered reports whether the calendar has the holiday notice of year.
func (c *Calendar) Covered(year int) bool { return c.years[year] }

// Workday reports whether the calendar date of d is a working day, and
// whether its year is covered (false: the Monday–Friday fallback decided).
func (c *Calendar) Workday(d time.Time) (work, covered bool) {
	key := d.Format(time.DateOnly)
	wd := d.Weekday()
	weekday := wd != time.Saturday && wd != time.Sunday
	if !c.years[d.Year()] {
		return weekday, false
	}
	if _, ok := c.work[key]; ok {
		return true, true
	}
	if _, ok := c.off[key]; ok {
		return false, true
	}
	return weekday, true
}

// Due is the last day allowed by rule for a period whose last day is end:
// N calendar days, or the Nth working day, after end. fallback reports
// that a day outside the calendar's years was counted Monday–Friday.
// The result is a date (midnight CST).
func (c *Calendar) Due(end time.Time, rule config.DeadlineRule) (due time.Time, fallback bool) {
	d := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, store.CST)
	if !rule.Working {
		return d.AddDate(0, 0, rule.Days), false
	}
	for n := 0; n < rule.Days; {
		d = d.AddDate(0, 0, 1)
		work, covered := c.Workday(d)
		fallback = fallback || !covered
		if work {
			n++
		}
	}
	return d, fallback
}

// endOfDay is the last second of the CST day of d: a deadline day as a time.
func endOfDay(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, store.CST)
}

// PeriodEnd is the last natural day of a product's period: "YYYY-MM" for
// the monthly products, "YYYYQn" for the quarterly bulletin.
func PeriodEnd(product, period string) (time.Time, error) {
	switch product {
	case report.AirMonthly, report.WaterMonthly:
		t, err := time.ParseInLocation("2006-01", period, store.CST)
		if err != nil || len(period) != 7 {
			return time.Time{}, fmt.Errorf("period %q of %s: want YYYY-MM", period, product)
		}
		return t.AddDate(0, 1, -1), nil
	case report.Quarterly:
		var y, q int
		if n, err := fmt.Sscanf(period, "%4dQ%1d", &y, &q); err != nil || n != 2 || q < 1 || q > 4 || len(period) != 6 {
			return time.Time{}, fmt.Errorf("period %q of %s: want YYYYQn (n = 1..4)", period, product)
		}
		return time.Date(y, time.Month(3*q)+1, 0, 0, 0, 0, 0, store.CST), nil
	}
	return time.Time{}, unknownProduct(product)
}

// products is the catalogue (report's product names).
var products = []string{report.AirMonthly, report.WaterMonthly, report.Quarterly}

func unknownProduct(p string) error {
	return fmt.Errorf("unknown product %q: use one of %s", p, strings.Join(products, ", "))
}

// previousPeriods lists the periods of product that ended before now, the
// newest first, n of them.
func previousPeriods(product string, now time.Time, n int) []string {
	now = now.In(store.CST)
	var out []string
	if product == report.Quarterly {
		y, q := now.Year(), (int(now.Month())-1)/3+1
		for range n {
			if q--; q == 0 {
				y, q = y-1, 4
			}
			out = append(out, fmt.Sprintf("%dQ%d", y, q))
		}
		return out
	}
	m := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, store.CST)
	for range n {
		m = m.AddDate(0, -1, 0)
		out = append(out, m.Format("2006-01"))
	}
	return out
}
