package publish

// Quarterly incident pages (突发环境事件季度信息): counts by level and
// county and by type (incident_quarter), a chart, and the list of the
// published records (incident_public — redacted by transform/incident)
// with the time from occurrence to first publication against the deadline.
// The raw register `incident` is never read here.

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

type incidentRow struct {
	ID                       string
	Occurred                 time.Time
	County, Type             string
	Level                    sql.NullInt64
	Roman, LevelName, Source string
	Conflict                 bool
	Note, Status             string
	Closed                   sql.NullTime
	Description, Measures    string
	Due                      time.Time
	Published                sql.NullTime
	OnTime                   sql.NullBool
	Generated                bool
}

type incidentCount struct {
	Quarter      time.Time
	County, Type string
	Level        sql.NullInt64
	Count        int64
}

type incidentData struct {
	Quarters []time.Time // newest first
	Rows     map[string][]incidentRow
	Counts   map[string][]incidentCount
}

func quarterKey(q time.Time) string {
	return strconv.Itoa(q.Year()) + "-Q" + strconv.Itoa((int(q.Month())-1)/3+1)
}

func quarterStart(t time.Time) time.Time {
	return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
}

func quarterZH(q time.Time) string {
	return strconv.Itoa(q.Year()) + "年第" + []string{"一", "二", "三", "四"}[(int(q.Month())-1)/3] + "季度"
}

func quarterEN(q time.Time) string {
	return "Q" + strconv.Itoa((int(q.Month())-1)/3+1) + " " + strconv.Itoa(q.Year())
}

func loadIncidents(ctx context.Context, db *sql.DB) (*incidentData, error) {
	d := &incidentData{Rows: map[string][]incidentRow{}, Counts: map[string][]incidentCount{}}
	quarters := map[string]time.Time{}
	if err := queryRows(ctx, db, "incident_public", nil, func(r *sql.Rows) error {
		var x incidentRow
		if err := r.Scan(&x.ID, &x.Occurred, &x.County, &x.Type, &x.Level, &x.Roman, &x.LevelName, &x.Source,
			&x.Conflict, &x.Note, &x.Status, &x.Closed, &x.Description, &x.Measures, &x.Due, &x.Published,
			&x.OnTime, &x.Generated); err != nil {
			return err
		}
		q := quarterStart(x.Occurred)
		quarters[quarterKey(q)] = q
		d.Rows[quarterKey(q)] = append(d.Rows[quarterKey(q)], x)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "incident_quarters", nil, func(r *sql.Rows) error {
		var c incidentCount
		if err := r.Scan(&c.Quarter, &c.County, &c.Level, &c.Type, &c.Count); err != nil {
			return err
		}
		q := quarterStart(c.Quarter)
		quarters[quarterKey(q)] = q
		d.Counts[quarterKey(q)] = append(d.Counts[quarterKey(q)], c)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, q := range quarters {
		d.Quarters = append(d.Quarters, q)
	}
	slices.SortFunc(d.Quarters, func(a, b time.Time) int { return b.Compare(a) })
	return d, nil
}

// incidentLevel is a level of the national contingency plan (1 = most
// severe); index 4 of incidentLevels is "no level".
type incidentLevel struct {
	Name, Roman, EN, Color string
}

func incidentLevels() []incidentLevel {
	return []incidentLevel{
		{"特别重大", "Ⅰ级", "Especially major", "#7E0023"},
		{"重大", "Ⅱ级", "Major", "#C62828"},
		{"较大", "Ⅲ级", "Large", "#EF6C00"},
		{"一般", "Ⅳ级", "General", "#F9A825"},
		{"未定级", "", "Not graded", "#9E9E9E"},
	}
}

func levelIndex(l sql.NullInt64) int {
	if l.Valid && l.Int64 >= 1 && l.Int64 <= 4 {
		return int(l.Int64) - 1
	}
	return 4
}

type incidentQuarterView struct {
	Quarter, QuarterZH, QuarterEN string
	Quarters                      []link
	Demo                          bool
	Levels                        []incidentLevel
	Counties                      []incidentCountLine
	Totals                        []int64
	Total                         int64
	CountsCSV                     csvLink
	Types                         []incidentCountLine
	TypesCSV                      csvLink
	Chart                         chartHTML
	HasChart                      bool
	Incidents                     []incidentLine
	ListCSV                       csvLink
	OnTime, Late, Overdue, Pend   int
}

type incidentCountLine struct {
	Name   string
	Counts []int64 // per incidentLevels
	Total  int64
}

type incidentLine struct {
	ID, Occurred, County, Type              string
	Level, LevelEN, Source, SourceEN, Note  string
	Conflict                                bool
	Status, StatusEN, Description, Measures string
	Published, Due, Elapsed, Deadline       string
	Timely, TimelyEN, TimelyClass           string
}

type incidentIndexView struct {
	Quarters []incidentIndexRow
}

type incidentIndexRow struct {
	Href, QuarterZH, QuarterEN string
	Total                      int64
	Counts                     []int64
	Demo                       bool
}

func incidentStatus(s string) (zh, en string) {
	switch s {
	case "open":
		return "待处置", "Open"
	case "responding":
		return "应急处置中", "Responding"
	case "closed":
		return "已处置完毕", "Closed"
	}
	return s, s
}

func levelSource(s string) (zh, en string) {
	switch s {
	case "given":
		return "主管部门认定", "Set by the authority"
	case "derived":
		return "按分级标准判定", "Derived from the grading criteria"
	}
	return "未定级", "Not graded"
}

// hours formats a duration in hours with one decimal.
func hours(d time.Duration) string {
	return strconv.FormatFloat(d.Hours(), 'f', 1, 64)
}

func incidentPath(q time.Time) string { return "incident/" + quarterKey(q) + ".html" }

func (s *site) incidents() error {
	d := s.data.Incidents
	var idx incidentIndexView
	const ip = "incident/index.html"
	for _, q := range d.Quarters {
		v, err := s.incidentQuarter(q)
		if err != nil {
			return err
		}
		s.rep.IncidentQuarters++
		idx.Quarters = append(idx.Quarters, incidentIndexRow{Href: s.root(ip) + incidentPath(q), QuarterZH: v.QuarterZH,
			QuarterEN: v.QuarterEN, Total: v.Total, Counts: v.Totals, Demo: v.Demo})
	}
	return s.page(ip, "incident_index", "突发环境事件信息", "Environmental emergencies", "incident", false,
		struct {
			Levels []incidentLevel
			incidentIndexView
		}{incidentLevels(), idx})
}

func (s *site) incidentQuarter(q time.Time) (incidentQuarterView, error) {
	d := s.data.Incidents
	key := quarterKey(q)
	p := incidentPath(q)
	root := s.root(p)
	levels := incidentLevels()
	v := incidentQuarterView{Quarter: key, QuarterZH: quarterZH(q), QuarterEN: quarterEN(q), Levels: levels,
		Totals: make([]int64, len(levels))}
	for _, o := range d.Quarters {
		v.Quarters = append(v.Quarters, link{Href: root + incidentPath(o), Text: quarterZH(o), TextEN: quarterEN(o), Current: o.Equal(q)})
	}
	// Counts by county and by type.
	add := func(lines []incidentCountLine, name string, li int, n int64) []incidentCountLine {
		i := slices.IndexFunc(lines, func(l incidentCountLine) bool { return l.Name == name })
		if i < 0 {
			lines = append(lines, incidentCountLine{Name: name, Counts: make([]int64, len(levels))})
			i = len(lines) - 1
		}
		lines[i].Counts[li] += n
		lines[i].Total += n
		return lines
	}
	for _, c := range d.Counts[key] {
		li := levelIndex(c.Level)
		v.Counties = add(v.Counties, c.County, li, c.Count)
		v.Types = add(v.Types, c.Type, li, c.Count)
		v.Totals[li] += c.Count
		v.Total += c.Count
	}
	slices.SortStableFunc(v.Types, func(a, b incidentCountLine) int {
		if a.Total != b.Total {
			return int(b.Total - a.Total)
		}
		return 0
	})
	countRows := func(lines []incidentCountLine) [][]string {
		var rows [][]string
		for _, l := range lines {
			row := []string{key, l.Name}
			for _, n := range l.Counts {
				row = append(row, formatInt(n))
			}
			rows = append(rows, append(row, formatInt(l.Total)))
		}
		return rows
	}
	levelHeader := func(first string) []string {
		h := []string{"季度(Quarter)", first}
		for _, l := range levels {
			h = append(h, l.Name+l.Roman+"("+l.EN+")")
		}
		return append(h, "合计(Total)")
	}
	var err error
	if v.CountsCSV, err = s.writeCSV("data/incident/"+key+"-counties.csv", v.QuarterZH+"各区县突发环境事件数量（按级别）",
		"Environmental emergencies by county and level, "+v.QuarterEN, p, levelHeader("区县(County)"), countRows(v.Counties)); err != nil {
		return v, err
	}
	if v.TypesCSV, err = s.writeCSV("data/incident/"+key+"-types.csv", v.QuarterZH+"突发环境事件数量（按类型）",
		"Environmental emergencies by type and level, "+v.QuarterEN, p, levelHeader("事件类型(Type)"), countRows(v.Types)); err != nil {
		return v, err
	}
	if len(v.Counties) > 0 {
		if v.Chart, err = incidentChart("chart_incident_levels", root, levels, v.Counties); err != nil {
			return v, err
		}
		v.Chart.Caption = v.QuarterZH + "各区县突发环境事件数量（按级别）"
		v.Chart.CaptionEN = "Emergencies by county and level, " + v.QuarterEN
		v.HasChart = true
	}

	// The published records.
	var rows [][]string
	for _, x := range d.Rows[key] {
		if x.Generated {
			v.Demo = true
		}
		l := incidentLine{ID: x.ID, Occurred: fmtHour(x.Occurred), County: x.County, Type: x.Type, Note: x.Note,
			Conflict: x.Conflict, Description: x.Description, Measures: x.Measures, Due: fmtHour(x.Due),
			Deadline: hours(x.Due.Sub(x.Occurred))}
		lv := levels[levelIndex(x.Level)]
		l.Level, l.LevelEN = lv.Name, lv.EN
		if x.Level.Valid {
			if x.LevelName != "" {
				l.Level = x.LevelName
			}
			l.Level += "（" + cmpOr(x.Roman, lv.Roman) + "）"
		}
		l.Source, l.SourceEN = levelSource(x.Source)
		l.Status, l.StatusEN = incidentStatus(x.Status)
		if x.Published.Valid {
			l.Published = fmtHour(x.Published.Time)
			l.Elapsed = hours(x.Published.Time.Sub(x.Occurred))
		}
		switch {
		case x.OnTime.Valid && x.OnTime.Bool:
			l.Timely, l.TimelyEN, l.TimelyClass = "按时", "on time", "better"
			v.OnTime++
		case x.OnTime.Valid && x.Published.Valid:
			l.Timely, l.TimelyEN, l.TimelyClass = "超时", "late", "worse"
			v.Late++
		case x.OnTime.Valid:
			l.Timely, l.TimelyEN, l.TimelyClass = "逾期未发布", "overdue", "worse"
			v.Overdue++
		default:
			l.Timely, l.TimelyEN = "待发布", "pending"
			v.Pend++
		}
		v.Incidents = append(v.Incidents, l)
		rows = append(rows, []string{x.ID, l.Occurred, x.County, x.Type, integer(x.Level), l.Level, x.Source,
			x.Note, x.Status, x.Description, x.Measures, l.Due, l.Published, l.Elapsed, l.Deadline, l.Timely})
	}
	if v.ListCSV, err = s.writeCSV("data/incident/"+key+"-list.csv", v.QuarterZH+"突发环境事件信息列表",
		"Environmental emergencies, "+v.QuarterEN, p,
		[]string{"事件编号(ID)", "发生时间(Occurred)", "区县(County)", "事件类型(Type)", "级别代码(Level code)",
			"事件级别(Level)", "定级依据(Level source)", "定级说明(Level note)", "处置状态(Status)",
			"事件概况(Description, redacted)", "处置措施(Measures, redacted)", "发布时限(Publication due)",
			"首次发布时间(First published)", "发生至发布用时(Hours to publication)", "时限(Deadline, hours)",
			"是否按时(Timeliness)"}, rows); err != nil {
		return v, err
	}
	if err := s.page(p, "incident_quarter", v.QuarterZH+"突发环境事件信息", "Environmental emergencies, "+v.QuarterEN,
		"incident", v.HasChart, v); err != nil {
		return v, err
	}
	return v, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// incidentChart is a stacked bar of the counts per county, one series per level.
func incidentChart(id, root string, levels []incidentLevel, counties []incidentCountLine) (chartHTML, error) {
	names := make([]string, 0, len(counties))
	for _, c := range counties {
		names = append(names, c.Name)
	}
	colors := make(opts.Colors, 0, len(levels))
	for _, l := range levels {
		colors = append(colors, l.Color)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(chartInit(id, root, "320px"), true),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "起 events", MinInterval: 1}),
		charts.WithColorsOpts(colors),
	)...)
	bar.SetXAxis(names)
	for i, l := range levels {
		data := make([]opts.BarData, len(counties))
		for j, c := range counties {
			data[j] = opts.BarData{Value: c.Counts[i]}
		}
		bar.AddSeries(fmt.Sprintf("%s%s", l.Name, l.Roman), data, charts.WithBarChartOpts(opts.BarChart{Stack: "level"}))
	}
	return snippet(id, bar)
}
