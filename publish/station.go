package publish

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
	// Views and digests in order (kept pages list their downloads as they
	// were); the pages that changed render in parallel afterwards, each
	// download listed in its station's place.
	var jobs []stationJob
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
		jobs = append(jobs, stationJob{st: st, p: p, root: root, v: v, rows: rows, x: x, series: series, slot: len(s.csvs)})
		s.csvs = append(s.csvs, csvEntry{}) // its download, filled in below
	}
	err := parallel(len(jobs), renderWorkers, func(i int) error {
		e, err := s.renderStation(&jobs[i])
		s.csvs[jobs[i].slot] = e // distinct slots: no lock needed
		return err
	})
	s.rep.Stations += len(jobs)
	return err
}

// renderWorkers is how many pages render at once: rendering is CPU work,
// but creating and writing files waits on the file system as much.
const renderWorkers = 4

// stationJob is a station page that changed.
type stationJob struct {
	st     stationInfo
	p      string
	root   string
	v      stationView
	rows   [][]string
	x      []string
	series []lineSeries
	slot   int // its download's index in site.csvs
}

// renderStation writes a station page and its download and returns the
// download's entry.
func (s *site) renderStation(j *stationJob) (csvEntry, error) {
	st, v := j.st, &j.v
	var err error
	var e csvEntry
	if v.CSV, e, err = s.writeCSVFile("data/station/"+stationFile(st.Code)+"-24h.csv", st.Name+"（"+st.Code+"）近24小时空气质量",
		"Last 24 hours, station "+st.Code, j.p,
		[]string{"时间(Time)", "点位编码(Station code)", "点位名称(Station)", "AQI", "类别(Category)", "首要污染物(Primary pollutant)",
			"PM2.5(µg/m³)", "PM10(µg/m³)", "SO2(µg/m³)", "NO2(µg/m³)", "O3(µg/m³)", "CO(mg/m³)"}, j.rows); err != nil {
		return e, err
	}
	if len(j.x) > 0 {
		if v.Chart, err = lineChart("chart_24h", j.root, "µg/m³ · AQI", j.x, j.series); err != nil {
			return e, err
		}
		v.Chart.Caption = st.Name + "近24小时AQI及污染物浓度（CO见下表）"
		v.Chart.CaptionEN = "AQI and concentrations, last 24 hours (CO in the table)"
		v.HasChart = true
	}
	return e, s.page(j.p, "station", st.Name+"监测点位", "Monitoring station "+st.Code, "home", v.HasChart, *v)
}
