package publish

import (
	"slices"
	"strings"
	"time"
)

type rankingView struct {
	Level, LevelZH, LevelEN string
	Month, MonthZH, MonthEN string
	Std                     string
	Rows                    []rankRow
	Chart                   chartHTML
	CSV                     csvLink
	Levels, Months          []link
	Invalid                 int
}

type rankRow struct {
	Rank, Region, Href, Province                string
	CI, PM25, PM10, SO2, NO2, CO, O3, GoodRatio string
	Change, ChangeClass                         string
	Valid                                       bool
	Note                                        string
}

type rankingIndexView struct {
	Months []rankingIndexRow
}

type rankingIndexRow struct {
	Month, MonthEN string
	Links          []link
}

func (s *site) rankings() error {
	d := s.data
	// Which ranking pages exist, for the level and month switchers.
	have := map[string]bool{}
	var months []time.Time
	var lvls []string
	for _, rs := range d.RankingSets {
		have[rankingPath(rs.Level, rs.Month)] = true
		if len(months) == 0 || !months[len(months)-1].Equal(rs.Month) {
			months = append(months, rs.Month)
		}
		if !slices.Contains(lvls, rs.Level) {
			lvls = append(lvls, rs.Level)
		}
	}
	regions := map[regionKey]string{}
	for _, r := range d.Regions {
		regions[regionKey{r.Level, r.Name}] = r.ID
	}
	var idx rankingIndexView
	for _, rs := range d.RankingSets {
		p := rankingPath(rs.Level, rs.Month)
		root := s.root(p)
		zh, en := levelLabel(rs.Level)
		v := rankingView{Level: rs.Level, LevelZH: zh, LevelEN: en,
			Month: fmtMonth(rs.Month), MonthZH: fmtMonthZH(rs.Month), MonthEN: rs.Month.Format("January 2006")}
		if len(idx.Months) == 0 || idx.Months[len(idx.Months)-1].Month != v.MonthZH {
			idx.Months = append(idx.Months, rankingIndexRow{Month: v.MonthZH, MonthEN: v.MonthEN})
		}
		last := &idx.Months[len(idx.Months)-1]
		last.Links = append(last.Links, link{Href: strings.TrimPrefix(p, "ranking/"), Text: zh, TextEN: en})
		var stds []string
		for _, l := range lvls {
			lp := rankingPath(l, rs.Month)
			if have[lp] {
				lz, le := levelLabel(l)
				v.Levels = append(v.Levels, link{Href: root + lp, Text: lz, TextEN: le, Current: l == rs.Level})
			}
		}
		for _, m := range months {
			mp := rankingPath(rs.Level, m)
			if have[mp] {
				v.Months = append(v.Months, link{Href: root + mp, Text: fmtMonthZH(m), TextEN: m.Format("Jan 2006"), Current: m.Equal(rs.Month)})
			}
		}
		var rows [][]string
		for _, m := range rs.Rows {
			r := rankRow{Rank: integer(m.Rank), Region: m.Region, Province: m.Province,
				CI: num(m.CI, 2), PM25: num(m.PM25, 0), PM10: num(m.PM10, 0), SO2: num(m.SO2, 0), NO2: num(m.NO2, 0),
				CO: num(m.COp95, 1), O3: num(m.O3p90, 0), GoodRatio: num(m.GoodRatio, 1),
				Change: signed(m.Change, 1), Valid: m.Valid, Note: m.Note}
			if id, ok := regions[regionKey{m.Level, m.Region}]; ok {
				r.Href = root + regionPath(id)
			}
			switch {
			case m.Change.Valid && m.Change.Float64 < 0:
				r.ChangeClass = "better"
			case m.Change.Valid && m.Change.Float64 > 0:
				r.ChangeClass = "worse"
			}
			if !m.Valid {
				v.Invalid++
				if r.Note == "" {
					r.Note = "未达到月统计有效性要求"
				}
			}
			if !slices.Contains(stds, m.Std) {
				stds = append(stds, m.Std)
			}
			v.Rows = append(v.Rows, r)
			rows = append(rows, []string{fmtMonth(m.Month), r.Rank, m.Region, m.Province, r.CI, r.PM25, r.PM10, r.SO2, r.NO2,
				r.CO, r.O3, r.GoodRatio, num(m.CILast, 2), r.Change, validZH(m.Valid), m.Note, m.Std})
		}
		v.Std = strings.Join(stds, "、")
		if keep, err := s.reuse(p, v, csvRows(rows), rs.Rows); err != nil {
			return err
		} else if keep {
			s.rep.Rankings++
			continue
		}
		var err error
		csvPath := "data/ranking/" + rs.Level + "-" + v.Month + ".csv"
		if v.CSV, err = s.writeCSV(csvPath, v.MonthZH+zh+"环境空气质量排名", en+" ranked by air quality, "+v.MonthEN, p,
			[]string{"月份(Month)", "排名(Rank)", "地区(Region)", "省份(Province)", "综合指数(Composite index)",
				"PM2.5(µg/m³)", "PM10(µg/m³)", "SO2(µg/m³)", "NO2(µg/m³)", "CO-95per(mg/m³)", "O3-8h-90per(µg/m³)",
				"优良天数比例(Good-day ratio %)", "上年同期综合指数(Composite index a year earlier)",
				"同比变化(Change vs last year %)", "有效性(Validity)", "说明(Note)", "标准版本(Standard)"}, rows); err != nil {
			return err
		}
		if v.Chart, err = rankingChart("chart_ranking", root, rs.Rows); err != nil {
			return err
		}
		v.Chart.Caption = v.MonthZH + zh + "综合指数（灰色为统计无效）"
		v.Chart.CaptionEN = "Composite index, " + v.MonthEN + " (grey: statistics not valid)"
		if err := s.page(p, "ranking", v.MonthZH+zh+"环境空气质量排名", en+" ranked by air quality, "+v.MonthEN, "ranking", true, v); err != nil {
			return err
		}
		s.rep.Rankings++
	}
	if s.base != "" {
		for i := range idx.Months {
			for j := range idx.Months[i].Links {
				idx.Months[i].Links[j].Href = s.base + "ranking/" + idx.Months[i].Links[j].Href
			}
		}
	}
	return s.page("ranking/index.html", "rankings", "城市环境空气质量排名", "Air quality rankings", "ranking", false, idx)
}
