package report

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/envdisclose/envdisclose/store"
)

// Period is a parsed product period: the natural days From..To (CST dates,
// UTC-labelled midnights) and the months they cover.
type Period struct {
	Product string
	Name    string // "2026-10" or "2026Q3"
	From    time.Time
	To      time.Time
	Months  []time.Time // first day of each month
	Label   string      // Chinese, e.g. "2026年第三季度", "2026年10月"
	LabelEN string
}

var (
	monthRe   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	quarterRe = regexp.MustCompile(`^(\d{4})Q(\d)$`)
)

var quarterCN = []string{"", "一", "二", "三", "四"}

// ParsePeriod validates a period of a product: YYYY-MM for the monthly
// bulletins, YYYYQn for the quarterly one.
func ParsePeriod(product, period string) (Period, error) {
	p := Period{Product: product, Name: period}
	switch product {
	case AirMonthly, WaterMonthly:
		m := monthRe.FindStringSubmatch(period)
		if m == nil {
			return p, fmt.Errorf("period %s: want YYYY-MM for product %s, e.g. 2026-10", period, product)
		}
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 || y < 1900 {
			return p, fmt.Errorf("period %s: want YYYY-MM (month 01..12)", period)
		}
		p.From = time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
		p.To = p.From.AddDate(0, 1, -1)
		p.Label = fmt.Sprintf("%d年%d月", y, mo)
		p.LabelEN = p.From.Format("January 2006")
	case Quarterly:
		m := quarterRe.FindStringSubmatch(period)
		if m == nil {
			return p, fmt.Errorf("period %s: want YYYYQn for product %s, e.g. 2026Q3", period, product)
		}
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		if q < 1 || q > 4 || y < 1900 {
			return p, fmt.Errorf("period %s: want YYYYQn with n = 1..4", period)
		}
		p.From = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		p.To = p.From.AddDate(0, 3, -1)
		p.Label = fmt.Sprintf("%d年第%s季度", y, quarterCN[q])
		p.LabelEN = fmt.Sprintf("Q%d %d", q, y)
	default:
		return p, fmt.Errorf("product %q: want %s, %s or %s", product, AirMonthly, WaterMonthly, Quarterly)
	}
	for m := p.From; !m.After(p.To); m = m.AddDate(0, 1, 0) {
		p.Months = append(p.Months, m)
	}
	return p, nil
}

// Ended reports whether the last hour of the period (labelled the day after
// To at 00:00, CST) has passed at now.
func (p Period) Ended(now time.Time) bool {
	return !store.Wall(now).Before(p.To.AddDate(0, 0, 1))
}

// datasets whose data make a product's period exist.
func productDatasets(product string) []string {
	switch product {
	case AirMonthly:
		return []string{"air"}
	case WaterMonthly:
		return []string{"water"}
	default:
		return []string{"air", "water", "polluters", "incidents"}
	}
}

// Periods lists the periods of a product that have any data and have ended
// by now, oldest first (the periods the pipeline releases).
func Periods(ctx context.Context, db *sql.DB, fsys fs.FS, product string, now time.Time) ([]string, error) {
	switch product {
	case AirMonthly, WaterMonthly, Quarterly:
	default:
		return nil, fmt.Errorf("product %q: want %s, %s or %s", product, AirMonthly, WaterMonthly, Quarterly)
	}
	q, err := readSQL(fsys, "meta/periods.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("report periods: sql/reports/meta/periods.sql: %w", err)
	}
	defer rows.Close()
	want := map[string]bool{}
	for _, d := range productDatasets(product) {
		want[d] = true
	}
	seen := map[string]bool{}
	for rows.Next() {
		var ds string
		var month time.Time
		if err := rows.Scan(&ds, &month); err != nil {
			return nil, fmt.Errorf("report periods: %w", err)
		}
		if !want[ds] {
			continue
		}
		name := month.Format("2006-01")
		if product == Quarterly {
			name = fmt.Sprintf("%dQ%d", month.Year(), (int(month.Month())+2)/3)
		}
		seen[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report periods: %w", err)
	}
	var out []string
	for name := range seen {
		p, err := ParsePeriod(product, name)
		if err != nil {
			return nil, err
		}
		if p.Ended(now) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

func readSQL(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, "reports/"+name)
	if err != nil {
		return "", fmt.Errorf("read sql/reports/%s: %w", name, err)
	}
	return string(b), nil
}
