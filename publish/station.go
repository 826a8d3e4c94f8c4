package publish

import (
	"html/template"
	"strconv"
	"strings"
)

type stationView struct {
	Code, Name, City, Province, County, CityHref string
	Control                                      bool
	Rows                                         []hourLine
	Body                                         template.HTML `json:"-"` // Rows as table rows (hourRows), set when the page renders
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
	shapes := lineShapes{} // the chart's go-echarts work, once for all pages
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
		series := stationChartSeries()
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
		if keep, err := s.reuse(p, v, csvRows(rows)); err != nil {
			return err
		} else if keep {
			s.rep.Stations++
			continue
		}
		var chart *lineShape
		if len(x) > 0 {
			var err error
			if chart, err = shapes.get(stationChartID, root, stationChartY, series); err != nil {
				return err
			}
		}
		jobs = append(jobs, stationJob{st: st, p: p, root: root, v: v, rows: rows, x: x, series: series, chart: chart, slot: len(s.csvs)})
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

// The station pages' chart: its id, y-axis name and series (without
// values).
const stationChartID, stationChartY = "chart_24h", "µg/m³ · AQI"

func stationChartSeries() []lineSeries {
	return []lineSeries{
		{Name: "AQI", Color: "#333333"}, {Name: "PM2.5", Color: "#2F6DB5"}, {Name: "PM10", Color: "#8C6D31"},
		{Name: "SO2", Color: "#3A9A5B"}, {Name: "NO2", Color: "#7B4EA3"}, {Name: "O3", Color: "#D9711C"},
	}
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
	chart  *lineShape // the chart's shape (shared, read-only); nil without hours
	slot   int        // its download's index in site.csvs
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
	if j.chart != nil {
		if v.Chart, err = j.chart.chart(j.x, j.series); err != nil {
			return e, err
		}
		v.Chart.Caption = st.Name + "近24小时AQI及污染物浓度（CO见下表）"
		v.Chart.CaptionEN = "AQI and concentrations, last 24 hours (CO in the table)"
		v.HasChart = true
	}
	v.Body = hourRows(v.Rows)
	return e, s.page(j.p, "station", st.Name+"监测点位", "Monitoring station "+st.Code, "home", v.HasChart, *v)
}

// hourRows renders the rows of a station's hourly table, byte for byte
// what the templates' aqicell and catcell with the cells of station.html
// give (TestHourRowsAsTemplate), without the template engine: these rows
// were most of the CPU time of a republish after a burst of pushes (about
// twenty reflective calls per row, 24 rows, every station).
func hourRows(rows []hourLine) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 400)
	td := func(class, v string) {
		b.WriteString(`<td class="`)
		b.WriteString(class)
		b.WriteString(`">`)
		b.WriteString(htmlText(orDash(v)))
		b.WriteString(`</td>`)
	}
	for _, r := range rows {
		b.WriteString("<tr>\n<th scope=\"row\">")
		b.WriteString(htmlText(r.Time))
		b.WriteString("</th>\n")
		if lv := r.AQI.Level; lv != nil {
			n := strconv.Itoa(lv.N)
			b.WriteString(`<td class="aqi lv` + n + `">`)
			b.WriteString(htmlText(r.AQI.AQI))
			b.WriteString("</td>\n")
			b.WriteString(`<td class="cat lv` + n + `">`)
			b.WriteString(htmlText(lv.Category))
			b.WriteString(`<span class="en" lang="en">`)
			b.WriteString(htmlText(lv.English))
			b.WriteString("</span></td>\n")
		} else {
			td("aqi", r.AQI.AQI)
			b.WriteString("\n")
			td("cat", r.AQI.Category)
			b.WriteString("\n")
		}
		b.WriteString("<td>")
		b.WriteString(htmlText(orDash(r.Primary)))
		b.WriteString("</td>\n")
		td("num", r.PM25)
		td("num", r.PM10)
		td("num", r.SO2)
		b.WriteString("\n")
		td("num", r.NO2)
		td("num", r.O3)
		td("num", r.CO)
		b.WriteString("\n</tr>\n")
	}
	return template.HTML(b.String())
}

// htmlTextEscaper escapes text in element content as html/template does
// (its htmlEscaper: the same characters, the same entities).
var htmlTextEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// htmlText escapes s for element content.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		return s
	}
	return htmlTextEscaper.Replace(s)
}

// appendDigest writes every field of the view that reaches the page
// (Body is made from Rows); TestStationViewDigest fails when a field is
// added and not written here.
func (v stationView) appendDigest(b []byte) []byte {
	for _, f := range []string{v.Code, v.Name, v.City, v.Province, v.County, v.CityHref, v.From, v.To,
		v.CSV.Href, v.Chart.ID, string(v.Chart.Element), string(v.Chart.Option), v.Chart.Caption, v.Chart.CaptionEN} {
		b = digestStr(b, f)
	}
	b = digestBool(b, v.Control)
	b = digestBool(b, v.HasChart)
	b = digestInt(b, v.CSV.Rows)
	b = digestInt(b, len(v.Rows))
	for _, r := range v.Rows {
		for _, f := range []string{r.Time, r.AQI.AQI, r.AQI.Category, r.Primary, r.PM25, r.PM10, r.SO2, r.NO2, r.O3, r.CO} {
			b = digestStr(b, f)
		}
		b = digestBool(b, r.AQI.Level != nil)
		if lv := r.AQI.Level; lv != nil {
			b = digestInt(b, lv.N)
			for _, f := range []string{lv.Category, lv.English, lv.Color, lv.Ink} {
				b = digestStr(b, f)
			}
		}
	}
	return b
}
