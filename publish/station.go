package publish

import "strconv"

type stationView struct {
	Code, Name, City, Province, County, CityHref string
	Control                                      bool
	Rows                                         []hourLine
	CSV                                          csvLink
	Chart                                        chartHTML
	HasChart                                     bool
	From, To                                     string
}

type hourLine struct {
	Time                         string
	AQI                          aqiView
	Primary                      string
	PM25, PM10, SO2, NO2, O3, CO string
}

func (s *site) stations() error {
	d := s.data
	cities := map[string]bool{}
	for _, r := range d.Regions {
		if r.Level == "city" {
			cities[r.Name] = true
		}
	}
	for _, st := range d.Stations {
		p := stationPath(st.Code)
		root := s.root(p)
		v := stationView{Code: st.Code, Name: st.Name, City: st.City, Province: st.Province, County: st.County, Control: st.Control}
		if cities[st.City] {
			v.CityHref = root + regionPath(regionID("city", st.City))
		}
		hours := d.Hours[st.Code]
		var rows [][]string
		var x []string
		series := []lineSeries{
			{Name: "AQI", Color: "#333333"}, {Name: "PM2.5", Color: "#2F6DB5"}, {Name: "PM10", Color: "#8C6D31"},
			{Name: "SO2", Color: "#3A9A5B"}, {Name: "NO2", Color: "#7B4EA3"}, {Name: "O3", Color: "#D9711C"},
		}
		for _, h := range hours {
			hl := hourLine{Time: fmtHour(h.Time), AQI: newAQI(h.AQI, h.Level, h.Category), Primary: s.data.primary(h.Primary),
				PM25: num(h.PM25, 0), PM10: num(h.PM10, 0), SO2: num(h.SO2, 0), NO2: num(h.NO2, 0), O3: num(h.O3, 0), CO: num(h.CO, 1)}
			v.Rows = append(v.Rows, hl)
			x = append(x, h.Time.Format("15:04"))
			for i, val := range []string{hl.AQI.AQI, hl.PM25, hl.PM10, hl.SO2, hl.NO2, hl.O3} {
				series[i].Values = append(series[i].Values, val)
			}
			rows = append(rows, []string{hl.Time, st.Code, st.Name, hl.AQI.AQI, hl.AQI.Category, hl.Primary,
				hl.PM25, hl.PM10, hl.SO2, hl.NO2, hl.O3, hl.CO})
		}
		if len(hours) > 0 {
			v.From, v.To = fmtHour(hours[0].Time), fmtHour(hours[len(hours)-1].Time)
		}
		if keep, err := s.reuse(p, v, rows); err != nil {
			return err
		} else if keep {
			s.rep.Stations++
			continue
		}
		var err error
		if v.CSV, err = s.writeCSV("data/station/"+stationFile(st.Code)+"-24h.csv", st.Name+"（"+st.Code+"）近24小时空气质量",
			"Last 24 hours, station "+st.Code, p,
			[]string{"时间(Time)", "点位编码(Station code)", "点位名称(Station)", "AQI", "类别(Category)", "首要污染物(Primary pollutant)",
				"PM2.5(µg/m³)", "PM10(µg/m³)", "SO2(µg/m³)", "NO2(µg/m³)", "O3(µg/m³)", "CO(mg/m³)"}, rows); err != nil {
			return err
		}
		if len(hours) > 0 {
			if v.Chart, err = lineChart("chart_24h", root, "µg/m³ · AQI", x, series); err != nil {
				return err
			}
			v.Chart.Caption = st.Name + "近24小时AQI及污染物浓度（CO见下表）"
			v.Chart.CaptionEN = "AQI and concentrations, last 24 hours (CO in the table)"
			v.HasChart = true
		}
		if err := s.page(p, "station", st.Name+"监测点位", "Monitoring station "+st.Code, "home", v.HasChart, v); err != nil {
			return err
		}
		s.rep.Stations++
	}
	return nil
}

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
