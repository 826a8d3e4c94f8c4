package publish

import (
	"time"
)

type regionView struct {
	Name, Province, LevelZH, LevelEN string
	Calendars                        []calendar
	DaysCSV                          csvLink
	Months                           []monthLine
	MonthsCSV                        csvLink
	Trend                            chartHTML
	HasTrend                         bool
	Legend                           []level
	Stations                         []link
}

type calendar struct {
	MonthZH, MonthEN string
	Weeks            [][]calDay
}

type calDay struct {
	Day                 int // 0 = outside the month
	AQI                 aqiView
	Primary, PM25, Date string
	Valid, HasData      bool
}

type monthLine struct {
	Month, MonthZH, Href                   string
	Rank, CI, PM25, PM10, SO2, NO2, CO, O3 string
	GoodRatio, Change                      string
	Days, ValidDays                        int64
	Valid                                  bool
	Note                                   string
}

type regionIndexView struct {
	Levels []regionIndexLevel
}

type regionIndexLevel struct {
	LevelZH, LevelEN string
	Regions          []link
	Provinces        []string // parent of each region, same index
}

var weekdays = [7]string{"一", "二", "三", "四", "五", "六", "日"}

func (s *site) regions() error {
	d := s.data
	rankingPages := map[string]bool{}
	for _, rs := range d.RankingSets {
		rankingPages[rankingPath(rs.Level, rs.Month)] = true
	}
	stationsOf := map[string][]stationInfo{}
	for _, st := range d.Stations {
		stationsOf[st.City] = append(stationsOf[st.City], st)
	}
	var idx regionIndexView
	var jobs []regionJob
	shapes := lineShapes{} // the trend chart's go-echarts work, once for all pages
	for _, r := range d.Regions {
		p := regionPath(r.ID)
		root := s.root(p)
		zh, en := levelLabel(r.Level)
		k := regionKey{r.Level, r.Name}
		v := regionView{Name: r.Name, Province: r.Province, LevelZH: zh, LevelEN: en, Legend: levels()}
		if len(idx.Levels) == 0 || idx.Levels[len(idx.Levels)-1].LevelZH != zh {
			idx.Levels = append(idx.Levels, regionIndexLevel{LevelZH: zh, LevelEN: en})
		}
		l := &idx.Levels[len(idx.Levels)-1]
		l.Regions = append(l.Regions, link{Href: s.root("region/index.html") + p, Text: r.Name})
		l.Provinces = append(l.Provinces, r.Province)
		if r.Level == "city" {
			for _, st := range stationsOf[r.Name] {
				v.Stations = append(v.Stations, link{Href: root + stationPath(st.Code), Text: st.Name, TextEN: st.Code})
			}
		}
		// Daily calendar, newest month first.
		days := d.Days[k]
		var drows [][]string
		for i := len(days) - 1; i >= 0; {
			m := time.Date(days[i].Day.Year(), days[i].Day.Month(), 1, 0, 0, 0, 0, time.UTC)
			j := i
			for j >= 0 && days[j].Day.Year() == m.Year() && days[j].Day.Month() == m.Month() {
				j--
			}
			v.Calendars = append(v.Calendars, newCalendar(s.data, m, days[j+1:i+1]))
			i = j
		}
		for _, x := range days {
			drows = append(drows, []string{fmtDay(x.Day), integer(x.AQI), str(x.Category), s.data.primary(x.Primary),
				num(x.PM25, 0), num(x.PM10, 0), num(x.SO2, 0), num(x.NO2, 0), num(x.CO, 1), num(x.O3_8h, 0),
				formatInt(x.NStations), formatInt(x.NValid), validZH(x.Valid)})
		}
		// Monthly trend.
		months := d.Months[k]
		var mrows [][]string
		var x []string
		series := regionTrendSeries()
		for _, m := range months {
			ml := monthLine{Month: fmtMonth(m.Month), MonthZH: fmtMonthZH(m.Month), Rank: integer(m.Rank),
				CI: num(m.CI, 2), PM25: num(m.PM25, 0), PM10: num(m.PM10, 0), SO2: num(m.SO2, 0), NO2: num(m.NO2, 0),
				CO: num(m.COp95, 1), O3: num(m.O3p90, 0), GoodRatio: num(m.GoodRatio, 1), Change: signed(m.Change, 1),
				Days: m.Days, ValidDays: m.ValidDays, Valid: m.Valid, Note: m.Note}
			if !m.Valid && ml.Note == "" {
				ml.Note = "未达到月统计有效性要求"
			}
			if rp := rankingPath(m.Level, m.Month); rankingPages[rp] {
				ml.Href = root + rp
			}
			v.Months = append([]monthLine{ml}, v.Months...) // newest first in the table
			x = append(x, ml.Month)
			series[0].Values = append(series[0].Values, ml.PM25)
			series[1].Values = append(series[1].Values, ml.PM10)
			series[2].Values = append(series[2].Values, ml.NO2)
			series[3].Values = append(series[3].Values, ml.O3)
			mrows = append(mrows, []string{ml.Month, ml.Rank, ml.CI, ml.PM25, ml.PM10, ml.SO2, ml.NO2, ml.CO, ml.O3,
				integer(m.GoodDays), ml.GoodRatio, ml.Change, formatInt(m.Days), formatInt(m.ValidDays), validZH(m.Valid), m.Note})
		}
		if keep, err := s.reuse(p, v, csvRows(drows), csvRows(mrows)); err != nil {
			return err
		} else if keep {
			s.rep.Regions++
			continue
		}
		// Rendered below, in parallel; its two downloads keep their place.
		var trend *lineShape
		if len(months) > 0 {
			var err error
			if trend, err = shapes.get(regionTrendID, root, regionTrendY, series); err != nil {
				return err
			}
		}
		jobs = append(jobs, regionJob{r: r, p: p, root: root, v: v, drows: drows, mrows: mrows, x: x, series: series,
			trend: trend, slot: len(s.csvs)})
		s.csvs = append(s.csvs, csvEntry{}, csvEntry{})
	}
	err := parallel(len(jobs), renderWorkers, func(i int) error {
		return s.renderRegion(&jobs[i])
	})
	s.rep.Regions += len(jobs)
	if err != nil {
		return err
	}
	return s.page("region/index.html", "regions", "区域空气质量", "Air quality by region", "region", false, idx)
}

// The region pages' trend chart: its id, y-axis name and series (without
// values).
const regionTrendID, regionTrendY = "chart_trend", "µg/m³"

func regionTrendSeries() []lineSeries {
	return []lineSeries{
		{Name: "PM2.5", Color: "#2F6DB5"}, {Name: "PM10", Color: "#8C6D31"},
		{Name: "NO2", Color: "#7B4EA3"}, {Name: "O3-8h-90per", Color: "#D9711C"},
	}
}

// newCalendar lays out the days of month m (Monday first).
func newCalendar(d *dataset, m time.Time, days []dayRow) calendar {
	c := calendar{MonthZH: fmtMonthZH(m), MonthEN: m.Format("January 2006")}
	byDay := map[int]dayRow{}
	for _, x := range days {
		byDay[x.Day.Day()] = x
	}
	n := m.AddDate(0, 1, -1).Day()
	lead := (int(m.Weekday()) + 6) % 7 // Monday = 0
	week := make([]calDay, lead)
	for day := 1; day <= n; day++ {
		cd := calDay{Day: day, Date: fmtDay(time.Date(m.Year(), m.Month(), day, 0, 0, 0, 0, time.UTC))}
		if x, ok := byDay[day]; ok {
			cd.HasData = true
			cd.AQI = newAQI(x.AQI, x.Level, x.Category)
			cd.Primary = d.primary(x.Primary)
			cd.PM25 = num(x.PM25, 0)
			cd.Valid = x.Valid
		}
		week = append(week, cd)
		if len(week) == 7 {
			c.Weeks = append(c.Weeks, week)
			week = nil
		}
	}
	if len(week) > 0 {
		for len(week) < 7 {
			week = append(week, calDay{})
		}
		c.Weeks = append(c.Weeks, week)
	}
	return c
}

// regionJob is a region page that changed.
type regionJob struct {
	r            regionInfo
	p, root      string
	v            regionView
	drows, mrows [][]string
	x            []string
	series       []lineSeries
	trend        *lineShape // the trend chart's shape (shared, read-only); nil without months
	slot         int        // its daily and monthly downloads' indexes in site.csvs
}

// renderRegion writes a region page and its two downloads.
func (s *site) renderRegion(j *regionJob) error {
	r, v := j.r, &j.v
	var err error
	if v.DaysCSV, s.csvs[j.slot], err = s.writeCSVFile("data/region/"+r.ID+"-daily.csv", r.Name+"每日空气质量", "Daily air quality, "+r.Name, j.p,
		[]string{"日期(Date)", "AQI", "类别(Category)", "首要污染物(Primary pollutant)", "PM2.5(µg/m³)", "PM10(µg/m³)",
			"SO2(µg/m³)", "NO2(µg/m³)", "CO(mg/m³)", "O3-8h(µg/m³)", "点位数(Stations)", "有效点位数(Valid stations)",
			"有效性(Validity)"}, j.drows); err != nil {
		return err
	}
	if v.MonthsCSV, s.csvs[j.slot+1], err = s.writeCSVFile("data/region/"+r.ID+"-monthly.csv", r.Name+"逐月空气质量", "Monthly air quality, "+r.Name, j.p,
		[]string{"月份(Month)", "排名(Rank)", "综合指数(Composite index)", "PM2.5(µg/m³)", "PM10(µg/m³)", "SO2(µg/m³)",
			"NO2(µg/m³)", "CO-95per(mg/m³)", "O3-8h-90per(µg/m³)", "优良天数(Good days)", "优良天数比例(Good-day ratio %)",
			"同比变化(Change vs last year %)", "统计天数(Days)", "有效天数(Valid days)", "有效性(Validity)", "说明(Note)"}, j.mrows); err != nil {
		return err
	}
	if j.trend != nil {
		if v.Trend, err = j.trend.chart(j.x, j.series); err != nil {
			return err
		}
		v.Trend.Caption = r.Name + "主要污染物浓度逐月变化"
		v.Trend.CaptionEN = "Monthly concentrations, " + r.Name
		v.HasTrend = true
	}
	return s.page(j.p, "region", r.Name+"空气质量", "Air quality, "+r.Name, "region", v.HasTrend, *v)
}
