package publish

// Key polluter pages (重点排污单位): one page per month with the list of
// enterprises that exceeded a limit (不达标企业名单) and a summary, one page
// per enterprise with its registry facts, outlets and limits, the month's
// hourly values against the limits, the daily table, the HJ 212 data flags
// and the suspicious-maintenance share, and an index by county. They read
// the registry (enterprise, outlet, outlet_limit) and the results of
// transform/polluter (emission_hour_eval, emission_day, polluter_month,
// polluter_noncompliant_month) and never fail on empty tables.
//
// The registry and the monthly results are small and loaded up front. The
// hourly and daily detail of the enterprise pages is read in batches of
// enterprises (two bulk queries per batch, the latest month only), so that
// a national registry of thousands of enterprises never sits in memory.

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
)

type polEnterprise struct {
	ID, Name, CreditCode, CreditRaw    string
	Province, City, County, Industry   string
	Permit, Category, AirStd, WaterStd string
	Generated                          bool // registry version from a generated ledger entry
}

type polLimit struct {
	Pollutant       string
	Value           float64
	Unit, Direction string
	Basis           string // avg_hourly | avg_daily
	Converted       bool
	Std             string
}

type polOutlet struct {
	Code, Name, Medium, MN string
	Limits                 []polLimit
}

type polMonth struct {
	EnterpriseID              string
	Month                     time.Time
	Outlets                   int64
	ExceedHours, ExceedDays   int64
	MaxMultiple, Completeness sql.NullFloat64
	MDC, MDCNear              int64
	Suspicious                sql.NullFloat64
	Generated                 bool
}

type polNoncompliant struct {
	Month                      time.Time
	EnterpriseID, Name, City   string
	County, Outlet, OutletName string
	Pollutant, PollutantName   string
	ExceedHours, ExceedDays    int64
	MaxMultiple, Limit         sql.NullFloat64
	Unit, Basis, Std           string
	HoursValid, ValidDays      sql.NullInt64
	Completeness               sql.NullFloat64
	Generated                  bool
}

type polPollutant struct {
	Code, ZH, EN, Unit string
	Decimals           int
}

type polFlag struct {
	Flag, ZH, EN, Kind string
	Valid, MDC         bool
}

// polluterData is what the polluter pages show besides the per-enterprise
// detail, which is read in batches while rendering (detail).
type polluterData struct {
	Months       []time.Time // newest first
	Enterprises  []polEnterprise
	Outlets      map[string][]polOutlet       // enterprise -> outlets
	ByMonth      map[string][]polMonth        // "2006-01" -> enterprises
	ByEnt        map[string][]polMonth        // enterprise -> months, oldest first
	Noncompliant map[string][]polNoncompliant // "2006-01" -> rows by county, enterprise
	Pollutants   map[string]polPollutant
	Flags        []polFlag

	// detail reads the latest month's daily and hourly rows of the
	// enterprises whose id lies in [lo, hi].
	detail func(lo, hi string) (*polDetail, error)
}

type polDay struct {
	Outlet, Pollutant        string
	Day                      time.Time
	Received, Valid, Stopped int64
	Completeness             sql.NullFloat64
	DayValid                 bool
	Mean, DailyLimit         sql.NullFloat64
	ExceedsDaily             sql.NullBool
	DailyMultiple            sql.NullFloat64
	ExceedHours              int64
	MaxMultiple              sql.NullFloat64
	Flags                    [8]int64 // N F M S D C T B
}

type polHour struct {
	Outlet, Pollutant string
	Time              time.Time
	Flag              string
	Valid             bool
	Value             sql.NullFloat64
	Converted         bool
	Limit             sql.NullFloat64
	Exceeds           sql.NullBool
	Multiple          sql.NullFloat64
}

type polDetail struct {
	Days  map[string][]polDay  // enterprise -> days by outlet, pollutant, day
	Hours map[string][]polHour // enterprise -> hours by outlet, pollutant, time
}

// flagOrder is the order of the HJ 212-2017 flags in emission_day.
const flagOrder = "NFMSDCTB"

// polluterBatch is the number of enterprises whose detail is read at once.
const polluterBatch = 50

func loadPolluters(ctx context.Context, db *sql.DB) (*polluterData, error) {
	d := &polluterData{
		Outlets: map[string][]polOutlet{}, ByMonth: map[string][]polMonth{}, ByEnt: map[string][]polMonth{},
		Noncompliant: map[string][]polNoncompliant{}, Pollutants: map[string]polPollutant{},
	}
	if err := queryRows(ctx, db, "polluter_enterprises", nil, func(r *sql.Rows) error {
		var e polEnterprise
		if err := r.Scan(&e.ID, &e.Name, &e.CreditCode, &e.CreditRaw, &e.Province, &e.City, &e.County, &e.Industry,
			&e.Permit, &e.Category, &e.AirStd, &e.WaterStd, &e.Generated); err != nil {
			return err
		}
		d.Enterprises = append(d.Enterprises, e)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "polluter_outlets", nil, func(r *sql.Rows) error {
		var ent string
		var o polOutlet
		var pol sql.NullString
		var l polLimit
		var lv sql.NullFloat64
		if err := r.Scan(&ent, &o.Code, &o.Name, &o.Medium, &o.MN, &pol, &lv, &l.Unit, &l.Direction, &l.Basis,
			&l.Converted, &l.Std); err != nil {
			return err
		}
		list := d.Outlets[ent]
		if len(list) == 0 || list[len(list)-1].Code != o.Code {
			list = append(list, o)
		}
		if pol.Valid && lv.Valid {
			l.Pollutant, l.Value = pol.String, lv.Float64
			list[len(list)-1].Limits = append(list[len(list)-1].Limits, l)
		}
		d.Outlets[ent] = list
		return nil
	}); err != nil {
		return nil, err
	}
	months := map[string]time.Time{}
	if err := queryRows(ctx, db, "polluter_months", nil, func(r *sql.Rows) error {
		var m polMonth
		if err := r.Scan(&m.EnterpriseID, &m.Month, &m.Outlets, &m.ExceedHours, &m.ExceedDays, &m.MaxMultiple,
			&m.Completeness, &m.MDC, &m.MDCNear, &m.Suspicious, &m.Generated); err != nil {
			return err
		}
		k := fmtMonth(m.Month)
		months[k] = m.Month
		d.ByMonth[k] = append(d.ByMonth[k], m)
		d.ByEnt[m.EnterpriseID] = append(d.ByEnt[m.EnterpriseID], m)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "polluter_noncompliant", nil, func(r *sql.Rows) error {
		var n polNoncompliant
		if err := r.Scan(&n.Month, &n.EnterpriseID, &n.Name, &n.City, &n.County, &n.Outlet, &n.OutletName,
			&n.Pollutant, &n.PollutantName, &n.ExceedHours, &n.ExceedDays, &n.MaxMultiple, &n.Limit, &n.Unit,
			&n.Basis, &n.Std, &n.HoursValid, &n.ValidDays, &n.Completeness, &n.Generated); err != nil {
			return err
		}
		k := fmtMonth(n.Month)
		months[k] = n.Month
		d.Noncompliant[k] = append(d.Noncompliant[k], n)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, m := range months {
		d.Months = append(d.Months, m)
	}
	slices.SortFunc(d.Months, func(a, b time.Time) int { return b.Compare(a) })
	if err := queryRows(ctx, db, "polluter_pollutants", nil, func(r *sql.Rows) error {
		var p polPollutant
		if err := r.Scan(&p.Code, &p.ZH, &p.EN, &p.Unit, &p.Decimals); err != nil {
			return err
		}
		d.Pollutants[p.Code] = p
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "polluter_flags", nil, func(r *sql.Rows) error {
		var f polFlag
		if err := r.Scan(&f.Flag, &f.ZH, &f.EN, &f.Kind, &f.Valid, &f.MDC); err != nil {
			return err
		}
		d.Flags = append(d.Flags, f)
		return nil
	}); err != nil {
		return nil, err
	}
	d.detail = func(lo, hi string) (*polDetail, error) { return loadPolluterDetail(ctx, db, lo, hi) }
	return d, nil
}

func loadPolluterDetail(ctx context.Context, db *sql.DB, lo, hi string) (*polDetail, error) {
	x := &polDetail{Days: map[string][]polDay{}, Hours: map[string][]polHour{}}
	if err := queryRows(ctx, db, "polluter_detail_days", []any{lo, hi}, func(r *sql.Rows) error {
		var ent string
		var y polDay
		f := &y.Flags
		if err := r.Scan(&ent, &y.Outlet, &y.Pollutant, &y.Day, &y.Received, &y.Valid, &y.Stopped, &y.Completeness,
			&y.DayValid, &y.Mean, &y.DailyLimit, &y.ExceedsDaily, &y.DailyMultiple, &y.ExceedHours, &y.MaxMultiple,
			&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7]); err != nil {
			return err
		}
		x.Days[ent] = append(x.Days[ent], y)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "polluter_detail_hours", []any{lo, hi}, func(r *sql.Rows) error {
		var ent string
		var h polHour
		if err := r.Scan(&ent, &h.Outlet, &h.Pollutant, &h.Time, &h.Flag, &h.Valid, &h.Value, &h.Converted,
			&h.Limit, &h.Exceeds, &h.Multiple); err != nil {
			return err
		}
		x.Hours[ent] = append(x.Hours[ent], h)
		return nil
	}); err != nil {
		return nil, err
	}
	return x, nil
}

func (d *polluterData) pollutant(code string) polPollutant {
	if p, ok := d.Pollutants[code]; ok {
		return p
	}
	return polPollutant{Code: code, ZH: code, EN: code, Decimals: 2}
}

func (d *polluterData) flag(f string) polFlag {
	for _, x := range d.Flags {
		if x.Flag == f {
			return x
		}
	}
	return polFlag{Flag: f, ZH: f, EN: f}
}

// latest returns the newest monthly result of an enterprise.
func (d *polluterData) latest(id string) (polMonth, bool) {
	ms := d.ByEnt[id]
	if len(ms) == 0 {
		return polMonth{}, false
	}
	return ms[len(ms)-1], true
}

// --- labels ------------------------------------------------------------------

// minValidDays is the number of valid days a monthly figure needs (HJ 75 /
// HJ 76 data-recording rules as quoted in docs/POLLUTERS-NOTES.md).
const minValidDays = 25

func basisLabel(b string) (zh, en string) {
	switch b {
	case "avg_hourly":
		return "小时均值", "hourly mean"
	case "avg_daily":
		return "日均值", "daily mean"
	}
	return b, b
}

func mediumLabel(m string) (zh, en string) {
	switch m {
	case "gas":
		return "废气", "air"
	case "water":
		return "废水", "water"
	}
	return m, m
}

func categoryLabel(c string) string {
	var out []string
	for _, p := range strings.Split(c, "+") {
		switch strings.TrimSpace(p) {
		case "air":
			out = append(out, "大气环境重点排污单位")
		case "water":
			out = append(out, "水环境重点排污单位")
		case "soil":
			out = append(out, "土壤环境污染重点监管单位")
		case "noise":
			out = append(out, "声环境重点排污单位")
		case "risk":
			out = append(out, "环境风险重点管控单位")
		case "":
		default:
			out = append(out, p)
		}
	}
	return strings.Join(out, "、")
}

// fmt formats a concentration with the pollutant's display decimals.
func (p polPollutant) fmt(v sql.NullFloat64) string { return num(v, p.Decimals) }

func limitText(l polLimit) string {
	zh, _ := basisLabel(l.Basis)
	s := zh + " "
	if l.Direction == "min" {
		s += "≥ "
	} else {
		s += "≤ "
	}
	s += strconv.FormatFloat(l.Value, 'f', -1, 64) + " " + l.Unit
	if l.Converted {
		s += "（折算）"
	}
	return s
}

func pct(v sql.NullFloat64) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatFloat(v.Float64, 'f', 1, 64) + "%"
}

func sharePct(n, of int64) string {
	if of <= 0 {
		return ""
	}
	return strconv.FormatFloat(100*float64(n)/float64(of), 'f', 1, 64) + "%"
}

// --- paths -------------------------------------------------------------------

func polluterMonthPath(m time.Time) string { return "polluter/" + fmtMonth(m) + ".html" }
func polluterEntPath(id string) string     { return "polluter/e/" + stationFile(id) + ".html" }

// demoNote is the text of the generated-data banner of a polluter page.
type demoNote struct{ ZH, EN string }

// polluterDemo says what is generated: the monitoring data only (the
// registry real), or everything.
func polluterDemo(dataGenerated, registryGenerated bool) *demoNote {
	switch {
	case !dataGenerated:
		return nil
	case registryGenerated:
		return &demoNote{ZH: "企业名录和监测数据均为演示用生成数据", EN: "the registry and the monitoring data are generated"}
	}
	return &demoNote{ZH: "企业名录为真实公开数据，监测数据为演示用生成数据",
		EN: "the enterprise registry is real public data, the monitoring data are generated for the demo"}
}

// --- views -------------------------------------------------------------------

type polIndexView struct {
	Months   []link
	Groups   []polCountyGroup
	CSV      csvLink
	N        int
	LatestZH string
	LatestEN string
	Demo     *demoNote
}

type polCountyGroup struct {
	County string
	Rows   []polIndexLine
}

type polIndexLine struct {
	ID, Name, Href, Code, Industry, City string
	Outlets                              int
	MonthZH, Status, StatusEN            string
	StatusClass                          string // yes / no / ""
	ExceedHours, Completeness            string
}

type polMonthView struct {
	MonthZH, MonthEN  string
	Months            []link
	Demo              *demoNote
	Registry          int
	Monitored, Exceed int
	ExceedHours       int64
	Buckets           []polBucket
	Chart             chartHTML
	HasChart          bool
	Groups            []polNCGroup
	CSV               csvLink
	EntCSV            csvLink
	Incomplete        int
}

type polBucket struct {
	ZH, EN string
	N      int
}

type polNCGroup struct {
	County string
	Rows   []polNCLine
}

type polNCLine struct {
	Name, Href, Outlet, OutletCode, Pollutant string
	ExceedHours, ExceedDays                   int64
	MaxMultiple, Limit, Std, Basis            string
	Completeness, ValidDays                   string
	Incomplete                                bool
}

// polluters renders the month pages, the enterprise pages and the index.
func (s *site) polluters() error {
	d := s.data.Polluters
	for _, m := range d.Months {
		if err := s.polluterMonth(m); err != nil {
			return err
		}
	}
	if err := s.polluterEnterprises(); err != nil {
		return err
	}
	return s.polluterIndex()
}

func (s *site) polluterIndex() error {
	d := s.data.Polluters
	const p = "polluter/index.html"
	root := s.root(p)
	v := polIndexView{N: len(d.Enterprises)}
	regGen := false
	for _, e := range d.Enterprises {
		regGen = regGen || e.Generated
	}
	for i, m := range d.Months {
		v.Months = append(v.Months, link{Href: root + polluterMonthPath(m), Text: fmtMonthZH(m), TextEN: m.Format("January 2006")})
		if i == 0 {
			v.LatestZH, v.LatestEN = fmtMonthZH(m), m.Format("January 2006")
			gen := false
			for _, pm := range d.ByMonth[fmtMonth(m)] {
				gen = gen || pm.Generated
			}
			v.Demo = polluterDemo(gen, regGen)
		}
	}
	var rows [][]string
	for _, e := range d.Enterprises {
		l := polIndexLine{ID: e.ID, Name: e.Name, Href: root + polluterEntPath(e.ID), Code: e.CreditCode,
			Industry: e.Industry, City: e.City, Outlets: len(d.Outlets[e.ID])}
		m, ok := d.latest(e.ID)
		if ok {
			l.MonthZH = fmtMonthZH(m.Month)
			l.ExceedHours = strconv.FormatInt(m.ExceedHours, 10)
			l.Completeness = pct(m.Completeness)
			if m.ExceedHours > 0 || m.ExceedDays > 0 {
				l.Status, l.StatusEN, l.StatusClass = "超标", "exceeded", "no"
			} else {
				l.Status, l.StatusEN, l.StatusClass = "未超标", "no exceedance", "yes"
			}
		}
		county := e.County
		if len(v.Groups) == 0 || v.Groups[len(v.Groups)-1].County != county {
			v.Groups = append(v.Groups, polCountyGroup{County: county})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Rows = append(g.Rows, l)
		monthKey := ""
		if ok {
			monthKey = fmtMonth(m.Month)
		}
		rows = append(rows, []string{e.ID, e.CreditCode, e.Name, e.Province, e.City, e.County, e.Industry, e.Permit,
			categoryLabel(e.Category), strconv.Itoa(l.Outlets), monthKey, l.Status, l.ExceedHours, num(m.Completeness, 1)})
	}
	if len(d.Enterprises) > 0 {
		var err error
		if v.CSV, err = s.writeCSV("data/polluter/enterprises.csv", "重点排污单位名录及最新月份状态",
			"Key polluters: registry and latest month", p,
			[]string{"企业编码(Enterprise id)", "统一社会信用代码(Credit code)", "企业名称(Enterprise)", "省份(Province)",
				"城市(City)", "区县(County)", "行业(Industry)", "排污许可证编号(Permit no.)", "类别(Category)",
				"排放口数(Outlets)", "最新月份(Latest month)", "状态(Status)", "超标小时数(Exceedance hours)",
				"数据完整率(Completeness %)"}, rows); err != nil {
			return err
		}
	}
	return s.page(p, "polluter_index", "重点排污单位", "Key polluters", "polluter", false, v)
}

func (s *site) polluterMonth(m time.Time) error {
	d := s.data.Polluters
	p := polluterMonthPath(m)
	root := s.root(p)
	key := fmtMonth(m)
	v := polMonthView{MonthZH: fmtMonthZH(m), MonthEN: m.Format("January 2006"), Registry: len(d.Enterprises)}
	for _, o := range d.Months {
		v.Months = append(v.Months, link{Href: root + polluterMonthPath(o), Text: fmtMonthZH(o), TextEN: o.Format("Jan 2006"), Current: o.Equal(m)})
	}
	regGen := map[string]bool{}
	names := map[string]polEnterprise{}
	for _, e := range d.Enterprises {
		regGen[e.ID] = e.Generated
		names[e.ID] = e
	}
	gen, anyRegGen := false, false
	buckets := []polBucket{{"≥ 95%", "95% or more", 0}, {"80%–95%", "80% to 95%", 0}, {"< 80%", "below 80%", 0},
		{"无有效数据", "no valid data", 0}}
	var erows [][]string
	for _, pm := range d.ByMonth[key] {
		v.Monitored++
		if pm.ExceedHours > 0 || pm.ExceedDays > 0 {
			v.Exceed++
		}
		v.ExceedHours += pm.ExceedHours
		gen = gen || pm.Generated
		anyRegGen = anyRegGen || regGen[pm.EnterpriseID]
		switch c := pm.Completeness; {
		case !c.Valid || c.Float64 == 0:
			buckets[3].N++
		case c.Float64 >= 95:
			buckets[0].N++
		case c.Float64 >= 80:
			buckets[1].N++
		default:
			buckets[2].N++
		}
		e := names[pm.EnterpriseID]
		erows = append(erows, []string{key, pm.EnterpriseID, e.Name, e.City, e.County, formatInt(pm.Outlets),
			formatInt(pm.ExceedHours), formatInt(pm.ExceedDays), num(pm.MaxMultiple, 2), num(pm.Completeness, 1),
			formatInt(pm.MDC), formatInt(pm.MDCNear), num(pm.Suspicious, 3)})
	}
	v.Buckets = buckets
	byPol := map[string]int64{}
	var pols []string
	var rows [][]string
	for _, n := range d.Noncompliant[key] {
		gen = gen || n.Generated
		anyRegGen = anyRegGen || regGen[n.EnterpriseID]
		pol := d.pollutant(n.Pollutant)
		if _, ok := byPol[n.Pollutant]; !ok {
			pols = append(pols, n.Pollutant)
		}
		byPol[n.Pollutant] += n.ExceedHours
		bz, _ := basisLabel(n.Basis)
		l := polNCLine{Name: n.Name, Href: root + polluterEntPath(n.EnterpriseID), Outlet: n.OutletName,
			OutletCode: n.Outlet, Pollutant: n.PollutantName, ExceedHours: n.ExceedHours, ExceedDays: n.ExceedDays,
			MaxMultiple: num(n.MaxMultiple, 2), Std: n.Std, Basis: bz, Completeness: pct(n.Completeness),
			ValidDays: integer(n.ValidDays), Incomplete: !n.ValidDays.Valid || n.ValidDays.Int64 < minValidDays}
		if n.Limit.Valid {
			l.Limit = strconv.FormatFloat(n.Limit.Float64, 'f', -1, 64) + " " + n.Unit
		}
		if l.Incomplete {
			v.Incomplete++
		}
		if len(v.Groups) == 0 || v.Groups[len(v.Groups)-1].County != n.County {
			v.Groups = append(v.Groups, polNCGroup{County: n.County})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Rows = append(g.Rows, l)
		rows = append(rows, []string{key, n.City, n.County, n.EnterpriseID, n.Name, n.Outlet, n.OutletName,
			n.Pollutant, pol.ZH, formatInt(n.ExceedHours), formatInt(n.ExceedDays), num(n.MaxMultiple, 2),
			num(n.Limit, 4), n.Unit, n.Basis, n.Std, integer(n.HoursValid), integer(n.ValidDays),
			num(n.Completeness, 1), validZH(!l.Incomplete)})
	}
	v.Demo = polluterDemo(gen, anyRegGen)
	var err error
	if v.CSV, err = s.writeCSV("data/polluter/"+key+"-noncompliant.csv", v.MonthZH+"重点排污单位超标情况（不达标企业名单）",
		"Key polluters exceeding their limits, "+v.MonthEN, p,
		[]string{"月份(Month)", "城市(City)", "区县(County)", "企业编码(Enterprise id)", "企业名称(Enterprise)",
			"排放口编码(Outlet code)", "排放口(Outlet)", "污染物编码(Pollutant code)", "污染物(Pollutant)",
			"超标小时数(Exceedance hours)", "超标天数(Exceedance days)", "最大超标倍数(Max multiple)", "限值(Limit)",
			"单位(Unit)", "限值类型(Limit basis)", "执行标准(Standard)", "有效小时数(Valid hours)",
			"有效天数(Valid days)", "数据完整率(Completeness %)", "有效性(Validity)"}, rows); err != nil {
		return err
	}
	if v.EntCSV, err = s.writeCSV("data/polluter/"+key+"-enterprises.csv", v.MonthZH+"重点排污单位月度监测统计",
		"Key polluters: monthly statistics, "+v.MonthEN, p,
		[]string{"月份(Month)", "企业编码(Enterprise id)", "企业名称(Enterprise)", "城市(City)", "区县(County)",
			"排放口数(Outlets)", "超标小时数(Exceedance hours)", "超标天数(Exceedance days)", "最大超标倍数(Max multiple)",
			"数据完整率(Completeness %)", "维护/故障/校准小时数(M/D/C hours)", "其中临近超标(of which near an exceedance)",
			"可疑维护比例(Suspicious maintenance share)"}, erows); err != nil {
		return err
	}
	slices.SortStableFunc(pols, func(a, b string) int { return cmp.Compare(byPol[b], byPol[a]) })
	if len(pols) > 0 {
		names := make([]string, len(pols))
		vals := make([]int64, len(pols))
		for i, c := range pols {
			names[i] = d.pollutant(c).ZH
			vals[i] = byPol[c]
		}
		if v.Chart, err = polluterBarChart("chart_polluter_pollutants", root, names, vals); err != nil {
			return err
		}
		v.Chart.Caption = v.MonthZH + "各污染物超标小时数（排放口·小时）"
		v.Chart.CaptionEN = "Exceedance hours by pollutant (outlet-hours), " + v.MonthEN
		v.HasChart = true
	}
	return s.page(p, "polluter_month", v.MonthZH+"重点排污单位超标情况", "Key polluters exceeding their limits, "+v.MonthEN,
		"polluter", v.HasChart, v)
}

// --- enterprise page -----------------------------------------------------------

type polEntView struct {
	polEnterprise
	CategoryZH   string
	Demo         *demoNote
	MonthZH      string
	MonthEN      string
	MonthHref    string
	HasMonth     bool
	Month        polMonth
	MaxMultiple  string
	Completeness string
	Suspicious   string
	Outlets      []polOutletLine
	OutletsCSV   csvLink
	Charts       []chartHTML
	HoursCSV     csvLink
	Days         []polDayGroup
	DaysCSV      csvLink
	Flags        []polFlagLine
	FlagsCSV     csvLink
	FlaggedShare string
	History      []polHistLine
	HistoryCSV   csvLink
}

type polOutletLine struct {
	Code, Name, MediumZH, MediumEN, Pollutant, PollutantEN string
	Limit, Std                                             string
	Latest, LatestAt, LatestFlag                           string
	LatestInvalid                                          bool
	ValidDays                                              string
	Incomplete                                             bool
	First                                                  bool
	Span                                                   int
}

type polDayGroup struct {
	Title, TitleEN string
	Rows           []polDayLine
}

type polDayLine struct {
	Day, Mean, Valid, Completeness, Limit, Daily, ExceedHours, MaxMultiple string
	DayValid, Exceeds                                                      bool
}

type polFlagLine struct {
	Flag, ZH, EN, Hours, Share string
	Valid, MDC                 bool
}

type polHistLine struct {
	Href, MonthZH                         string
	Outlets, ExceedHours, ExceedDays, MDC int64
	MaxMultiple, Completeness, Suspicious string
	Generated                             bool
}

// seriesKey identifies an outlet-pollutant.
type seriesKey struct{ Outlet, Pollutant string }

func (s *site) polluterEnterprises() error {
	d := s.data.Polluters
	ents := slices.Clone(d.Enterprises)
	slices.SortFunc(ents, func(a, b polEnterprise) int { return strings.Compare(a.ID, b.ID) })
	for i := 0; i < len(ents); i += polluterBatch {
		batch := ents[i:min(i+polluterBatch, len(ents))]
		det, err := d.detail(batch[0].ID, batch[len(batch)-1].ID)
		if err != nil {
			return err
		}
		for _, e := range batch {
			if err := s.polluterEnterprise(e, det.Days[e.ID], det.Hours[e.ID]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *site) polluterEnterprise(e polEnterprise, days []polDay, hours []polHour) error {
	d := s.data.Polluters
	p := polluterEntPath(e.ID)
	root := s.root(p)
	file := stationFile(e.ID)
	v := polEntView{polEnterprise: e, CategoryZH: categoryLabel(e.Category)}
	m, hasMonth := d.latest(e.ID)
	if hasMonth {
		v.HasMonth, v.Month = true, m
		v.MonthZH, v.MonthEN = fmtMonthZH(m.Month), m.Month.Format("January 2006")
		v.MonthHref = root + polluterMonthPath(m.Month)
		v.MaxMultiple, v.Completeness = num(m.MaxMultiple, 2), pct(m.Completeness)
		if m.Suspicious.Valid {
			v.Suspicious = strconv.FormatFloat(100*m.Suspicious.Float64, 'f', 1, 64) + "%"
		}
		v.Demo = polluterDemo(m.Generated, e.Generated)
	}

	// Latest values and valid days per outlet-pollutant.
	type latest struct {
		h  polHour
		ok bool
	}
	last := map[seriesKey]latest{}
	for _, h := range hours {
		if h.Value.Valid {
			last[seriesKey{h.Outlet, h.Pollutant}] = latest{h, true}
		}
	}
	validDays := map[seriesKey]int64{}
	seenDays := map[seriesKey]bool{}
	for _, y := range days {
		k := seriesKey{y.Outlet, y.Pollutant}
		seenDays[k] = true
		if y.DayValid {
			validDays[k]++
		}
	}

	// Outlets and limits.
	var orows [][]string
	var series []seriesKey
	limits := map[seriesKey][]polLimit{}
	for _, o := range d.Outlets[e.ID] {
		mz, me := mediumLabel(o.Medium)
		first := len(v.Outlets)
		var pols []string
		for _, l := range o.Limits {
			k := seriesKey{o.Code, l.Pollutant}
			limits[k] = append(limits[k], l)
			if !slices.Contains(pols, l.Pollutant) {
				pols = append(pols, l.Pollutant)
			}
		}
		if len(pols) == 0 {
			v.Outlets = append(v.Outlets, polOutletLine{Code: o.Code, Name: o.Name, MediumZH: mz, MediumEN: me})
			orows = append(orows, []string{e.ID, o.Code, o.Name, o.Medium, o.MN, "", "", "", "", "", "", "", "", "", ""})
		}
		for _, pc := range pols {
			k := seriesKey{o.Code, pc}
			series = append(series, k)
			pol := d.pollutant(pc)
			var lt, std []string
			for _, l := range limits[k] {
				lt = append(lt, limitText(l))
				if l.Std != "" && !slices.Contains(std, l.Std) {
					std = append(std, l.Std)
				}
			}
			ol := polOutletLine{Code: o.Code, Name: o.Name, MediumZH: mz, MediumEN: me, Pollutant: pol.ZH,
				PollutantEN: pol.EN, Limit: strings.Join(lt, "；"), Std: strings.Join(std, "、")}
			if la := last[k]; la.ok {
				ol.Latest = pol.fmt(la.h.Value)
				ol.LatestAt = fmtHour(la.h.Time)
				ol.LatestFlag = la.h.Flag
				ol.LatestInvalid = !la.h.Valid
			}
			if seenDays[k] {
				ol.ValidDays = strconv.FormatInt(validDays[k], 10)
				ol.Incomplete = validDays[k] < minValidDays
			}
			v.Outlets = append(v.Outlets, ol)
			lim := limits[k][0]
			orows = append(orows, []string{e.ID, o.Code, o.Name, o.Medium, o.MN, pc, pol.ZH,
				strconv.FormatFloat(lim.Value, 'f', -1, 64), lim.Unit, lim.Basis, lim.Direction,
				strconv.FormatBool(lim.Converted), ol.Std, ol.Latest, ol.LatestAt})
		}
		if n := len(v.Outlets) - first; n > 0 {
			v.Outlets[first].First, v.Outlets[first].Span = true, n
		}
	}
	// Series with data but no current limit come last.
	addSeries := func(k seriesKey) {
		if !slices.Contains(series, k) {
			series = append(series, k)
		}
	}
	for _, y := range days {
		addSeries(seriesKey{y.Outlet, y.Pollutant})
	}
	var err error
	if v.OutletsCSV, err = s.writeCSV("data/polluter/e/"+file+"-outlets.csv", e.Name+"排放口及排放限值",
		"Outlets and limits, enterprise "+e.ID, p,
		[]string{"企业编码(Enterprise id)", "排放口编码(Outlet code)", "排放口(Outlet)", "类型(Medium)", "MN",
			"污染物编码(Pollutant code)", "污染物(Pollutant)", "限值(Limit)", "单位(Unit)", "限值类型(Limit basis)",
			"方向(Direction)", "折算(Converted)", "执行标准(Standard)", "最新值(Latest value)", "最新时间(Latest hour)"},
		orows); err != nil {
		return err
	}

	if hasMonth {
		if err := s.polluterEntMonth(&v, p, file, m, series, limits, days, hours); err != nil {
			return err
		}
	}

	// Monthly history, newest first.
	var hrows [][]string
	for _, pm := range d.ByEnt[e.ID] {
		hl := polHistLine{Href: root + polluterMonthPath(pm.Month), MonthZH: fmtMonthZH(pm.Month), Outlets: pm.Outlets,
			ExceedHours: pm.ExceedHours, ExceedDays: pm.ExceedDays, MDC: pm.MDC, MaxMultiple: num(pm.MaxMultiple, 2),
			Completeness: pct(pm.Completeness), Generated: pm.Generated}
		if pm.Suspicious.Valid {
			hl.Suspicious = strconv.FormatFloat(100*pm.Suspicious.Float64, 'f', 1, 64) + "%"
		}
		v.History = append([]polHistLine{hl}, v.History...)
		hrows = append(hrows, []string{fmtMonth(pm.Month), e.ID, formatInt(pm.Outlets), formatInt(pm.ExceedHours),
			formatInt(pm.ExceedDays), num(pm.MaxMultiple, 2), num(pm.Completeness, 1), formatInt(pm.MDC),
			formatInt(pm.MDCNear), num(pm.Suspicious, 3), strconv.FormatBool(pm.Generated)})
	}
	if len(hrows) > 0 {
		if v.HistoryCSV, err = s.writeCSV("data/polluter/e/"+file+"-monthly.csv", e.Name+"逐月监测统计",
			"Monthly statistics, enterprise "+e.ID, p,
			[]string{"月份(Month)", "企业编码(Enterprise id)", "排放口数(Outlets)", "超标小时数(Exceedance hours)",
				"超标天数(Exceedance days)", "最大超标倍数(Max multiple)", "数据完整率(Completeness %)",
				"维护/故障/校准小时数(M/D/C hours)", "其中临近超标(of which near an exceedance)",
				"可疑维护比例(Suspicious maintenance share)", "演示数据(Generated)"}, hrows); err != nil {
			return err
		}
	}
	return s.page(p, "polluter_enterprise", e.Name, "Key polluter "+e.ID, "polluter", len(v.Charts) > 0, v)
}

// polluterEntMonth fills the parts of an enterprise page that show its
// latest month: hourly charts, the daily table and the flag shares.
func (s *site) polluterEntMonth(v *polEntView, p, file string, m polMonth, series []seriesKey,
	limits map[seriesKey][]polLimit, days []polDay, hours []polHour) error {
	d := s.data.Polluters
	root := s.root(p)
	key := fmtMonth(m.Month)
	e := v.polEnterprise

	// Hourly charts: one per outlet-pollutant with hourly data.
	start := time.Date(m.Month.Year(), m.Month.Month(), 1, 1, 0, 0, 0, m.Month.Location())
	n := int(start.AddDate(0, 1, 0).Sub(start) / time.Hour)
	x := make([]string, n)
	for i := range x {
		x[i] = start.Add(time.Duration(i) * time.Hour).Format("01-02 15:04")
	}
	bySeries := map[seriesKey][]polHour{}
	for _, h := range hours {
		k := seriesKey{h.Outlet, h.Pollutant}
		bySeries[k] = append(bySeries[k], h)
	}
	for _, h := range hours {
		k := seriesKey{h.Outlet, h.Pollutant}
		if !slices.Contains(series, k) {
			series = append(series, k)
		}
	}
	outletName := map[string]string{}
	for _, o := range d.Outlets[e.ID] {
		outletName[o.Code] = o.Name
	}
	var hrows [][]string
	for _, k := range series {
		hs := bySeries[k]
		if len(hs) == 0 {
			continue
		}
		pol := d.pollutant(k.Pollutant)
		vals := make([]string, n)
		for i := range vals {
			vals[i] = "-"
		}
		var ex [][2]string
		top := 0.0
		for _, h := range hs {
			i := int(h.Time.Sub(start) / time.Hour)
			if h.Value.Valid {
				top = max(top, h.Value.Float64)
			}
			hrows = append(hrows, []string{fmtHour(h.Time), k.Outlet, k.Pollutant, pol.fmt(h.Value),
				strconv.FormatBool(h.Converted), h.Flag, validZH(h.Valid), num(h.Limit, 4), yesNo(h.Exceeds),
				num(h.Multiple, 2)})
			if i < 0 || i >= n || !h.Valid || !h.Value.Valid {
				continue
			}
			vals[i] = pol.fmt(h.Value)
			if h.Exceeds.Valid && h.Exceeds.Bool {
				ex = append(ex, [2]string{x[i], vals[i]})
			}
		}
		var lines []limitLine
		for _, l := range limits[k] {
			bz, _ := basisLabel(l.Basis)
			name := bz + "限值"
			if l.Direction == "min" {
				name = bz + "下限"
			}
			lines = append(lines, limitLine{Name: name, Value: l.Value, Color: "#C62828"})
			top = max(top, l.Value)
		}
		id := "chart_polluter_" + strconv.Itoa(len(v.Charts)+1)
		ch, err := polluterHourChart(id, root, pol, x, vals, ex, lines, niceCeil(top*1.1))
		if err != nil {
			return err
		}
		on := outletName[k.Outlet]
		if on == "" {
			on = k.Outlet
		}
		ch.Caption = on + " " + pol.ZH + "小时值（" + pol.Unit + "）及排放限值，红点为超标小时"
		ch.CaptionEN = "Hourly " + pol.EN + " at outlet " + k.Outlet + " (" + pol.Unit + ") against the limit; red dots: hours over the limit"
		v.Charts = append(v.Charts, ch)
	}
	var err error
	if v.HoursCSV, err = s.writeCSV("data/polluter/e/"+file+"-hourly-"+key+".csv", e.Name+v.MonthZH+"小时监测数据",
		"Hourly values, enterprise "+e.ID+", "+v.MonthEN, p,
		[]string{"时间(Hour end)", "排放口编码(Outlet code)", "污染物编码(Pollutant code)", "评价值(Value used)",
			"折算值(Converted)", "数据标记(Flag)", "有效性(Validity)", "小时限值(Hourly limit)", "是否超标(Exceeds)",
			"超标倍数(Multiple)"}, hrows); err != nil {
		return err
	}

	// Daily table grouped by outlet-pollutant, and the flag counts.
	var drows [][]string
	var flags [8]int64
	var received, expected int64
	seriesSeen := map[seriesKey]bool{}
	for _, y := range days {
		k := seriesKey{y.Outlet, y.Pollutant}
		pol := d.pollutant(k.Pollutant)
		if !seriesSeen[k] {
			seriesSeen[k] = true
			on := outletName[k.Outlet]
			if on == "" {
				on = k.Outlet
			}
			v.Days = append(v.Days, polDayGroup{Title: on + " · " + pol.ZH, TitleEN: k.Outlet + " · " + pol.EN})
		}
		g := &v.Days[len(v.Days)-1]
		exceeds := y.ExceedHours > 0 || (y.ExceedsDaily.Valid && y.ExceedsDaily.Bool)
		dl := polDayLine{Day: fmtDay(y.Day), Mean: pol.fmt(y.Mean), Valid: fmt.Sprintf("%d/%d", y.Valid, y.Received),
			Completeness: pct(y.Completeness), Limit: pol.fmt(y.DailyLimit), ExceedHours: strconv.FormatInt(y.ExceedHours, 10),
			MaxMultiple: num(y.MaxMultiple, 2), DayValid: y.DayValid, Exceeds: exceeds}
		if y.ExceedsDaily.Valid {
			if y.ExceedsDaily.Bool {
				dl.Daily = "超标"
				if y.DailyMultiple.Valid {
					dl.Daily += "（" + num(y.DailyMultiple, 2) + "）"
				}
			} else {
				dl.Daily = "达标"
			}
		}
		g.Rows = append(g.Rows, dl)
		row := []string{fmtDay(y.Day), y.Outlet, y.Pollutant, pol.ZH, pol.fmt(y.Mean), validZH(y.DayValid),
			formatInt(y.Received), formatInt(y.Valid), formatInt(y.Stopped), num(y.Completeness, 1),
			num(y.DailyLimit, 4), yesNo(y.ExceedsDaily), num(y.DailyMultiple, 2), formatInt(y.ExceedHours),
			num(y.MaxMultiple, 2)}
		for i, c := range y.Flags {
			flags[i] += c
			row = append(row, formatInt(c))
		}
		drows = append(drows, row)
		received += y.Received
		expected += 24
	}
	header := []string{"日期(Day)", "排放口编码(Outlet code)", "污染物编码(Pollutant code)", "污染物(Pollutant)",
		"日均值(Daily mean)", "有效性(Validity)", "接收小时数(Hours received)", "有效小时数(Valid hours)",
		"停运小时数(Stopped hours)", "数据完整率(Completeness %)", "日均限值(Daily limit)", "日均值超标(Daily exceedance)",
		"日均超标倍数(Daily multiple)", "小时超标数(Exceedance hours)", "最大超标倍数(Max multiple)"}
	for _, f := range flagOrder {
		header = append(header, "标记"+string(f)+"小时数(Flag "+string(f)+" hours)")
	}
	if v.DaysCSV, err = s.writeCSV("data/polluter/e/"+file+"-daily-"+key+".csv", e.Name+v.MonthZH+"逐日监测统计",
		"Daily statistics, enterprise "+e.ID+", "+v.MonthEN, p, header, drows); err != nil {
		return err
	}

	// Flags: hours by HJ 212 flag over all outlet-pollutants of the month.
	var frows [][]string
	for i, f := range flagOrder {
		fl := d.flag(string(f))
		line := polFlagLine{Flag: fl.Flag, ZH: fl.ZH, EN: fl.EN, Hours: formatInt(flags[i]), Share: sharePct(flags[i], expected),
			Valid: fl.Valid, MDC: fl.MDC}
		v.Flags = append(v.Flags, line)
		frows = append(frows, []string{key, e.ID, fl.Flag, fl.ZH, fl.EN, formatInt(flags[i]), num(shareOf(flags[i], expected), 1)})
	}
	missing := max(expected-received, 0)
	v.Flags = append(v.Flags, polFlagLine{Flag: "—", ZH: "无数据（未收到小时值）", EN: "no data received", Hours: formatInt(missing),
		Share: sharePct(missing, expected)})
	frows = append(frows, []string{key, e.ID, "", "无数据（未收到小时值）", "no data received", formatInt(missing),
		num(shareOf(missing, expected), 1)})
	v.FlaggedShare = sharePct(received-flags[0], received)
	if v.FlagsCSV, err = s.writeCSV("data/polluter/e/"+file+"-flags-"+key+".csv", e.Name+v.MonthZH+"数据标记统计",
		"Hours by data flag, enterprise "+e.ID+", "+v.MonthEN, p,
		[]string{"月份(Month)", "企业编码(Enterprise id)", "标记(Flag)", "含义(Meaning)", "Meaning",
			"小时数(Outlet-pollutant hours)", "占比(Share %)"}, frows); err != nil {
		return err
	}
	return nil
}

func shareOf(n, of int64) sql.NullFloat64 {
	if of <= 0 {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: 100 * float64(n) / float64(of), Valid: true}
}

// --- charts ------------------------------------------------------------------

// polluterBarChart is a horizontal bar of exceedance hours, largest first.
func polluterBarChart(id, root string, names []string, vals []int64) (chartHTML, error) {
	data := make([]opts.BarData, len(vals))
	for i, v := range vals {
		data[i] = opts.BarData{Name: names[i], Value: v}
	}
	height := fmt.Sprintf("%dpx", max(120, 60+28*len(names)))
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(chartInit(id, root, height), false),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "小时"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		charts.WithColorsOpts(opts.Colors{"#C62828"}),
	)...)
	bar.SetXAxis(names).AddSeries("超标小时数 Exceedance hours", data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	return snippet(id, bar)
}

// polluterHourChart is the month's hourly values of one outlet-pollutant
// (valid hours only; gaps for invalid or missing hours), the limit as a
// dashed markLine and the hours over the hourly limit as red dots.
func polluterHourChart(id, root string, pol polPollutant, x, vals []string, ex [][2]string, lines []limitLine, top float64) (chartHTML, error) {
	line := charts.NewLine()
	line.SetGlobalOptions(append(baseOpts(chartInit(id, root, "260px"), true),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: pol.Unit, Min: 0, Max: top}),
		charts.WithColorsOpts(opts.Colors{"#0B5394", "#C62828"}),
	)...)
	line.AddSeries(pol.ZH+" "+pol.EN, nil, withLimitLines(lines),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
		charts.WithLineStyleOpts(opts.LineStyle{Width: 1}))
	sc := charts.NewScatter()
	sd := make([]opts.ScatterData, len(ex))
	for i, p := range ex {
		sd[i] = opts.ScatterData{Value: []string{p[0], p[1]}, SymbolSize: 7}
	}
	sc.AddSeries("超标 Over the limit", sd)
	line.Overlap(sc)
	return snippet(id, polHourOption{line, x, vals})
}

// polHourOption renders a line chart whose category axis and first series are
// filled in after go-echarts has rendered the option: go-echarts
// post-processes the whole option with regular expressions, which is slow
// for the 744 hours of a month, and writes every item as {"value":"27.8"}
// where a plain 27.8 does (the enterprise page stays small).
type polHourOption struct {
	render.Renderer
	x, vals []string // vals: "-" = no value
}

func (c polHourOption) RenderSnippet() render.ChartSnippet {
	s := c.Renderer.RenderSnippet()
	raw := bytes.TrimSuffix(bytes.TrimSpace([]byte(s.Option)), []byte(";"))
	var o map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&o); err != nil {
		return s // snippet reports the invalid option
	}
	xa, _ := o["xAxis"].([]any)
	series, _ := o["series"].([]any)
	if len(xa) == 0 || len(series) == 0 {
		return s
	}
	x0, _ := xa[0].(map[string]any)
	s0, _ := series[0].(map[string]any)
	if x0 == nil || s0 == nil {
		return s
	}
	x0["data"] = c.x
	data := make([]any, len(c.vals))
	for i, v := range c.vals {
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			data[i] = json.Number(v)
		} else {
			data[i] = "-"
		}
	}
	s0["data"] = data
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o); err != nil {
		return s
	}
	s.Option = b.String()
	return s
}
