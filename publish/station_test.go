package publish

import (
	"bytes"
	"database/sql"
	"html/template"
	"testing"
)

// stationRowsTemplate is the range of station.html before hourRows took
// its place: the reference hourRows must match byte for byte.
const stationRowsTemplate = `{{define "rows"}}{{range .}}<tr>
<th scope="row">{{.Time}}</th>
{{template "aqicell" .AQI}}
{{template "catcell" .AQI}}
<td>{{orDash .Primary}}</td>
<td class="num">{{orDash .PM25}}</td><td class="num">{{orDash .PM10}}</td><td class="num">{{orDash .SO2}}</td>
<td class="num">{{orDash .NO2}}</td><td class="num">{{orDash .O3}}</td><td class="num">{{orDash .CO}}</td>
</tr>
{{end}}{{end}}`

func TestHourRowsAsTemplate(t *testing.T) {
	tpl, err := template.New("ref").Funcs(template.FuncMap{"orDash": orDash, "weekdays": func() [7]string { return weekdays }}).
		ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	if tpl, err = tpl.Parse(stationRowsTemplate); err != nil {
		t.Fatal(err)
	}
	n := func(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: true} }
	cat := func(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
	rows := []hourLine{
		{Time: "2026-11-01 08:00", AQI: newAQI(n(57), n(2), cat("良")), Primary: "PM10", PM25: "35", PM10: "64", SO2: "6", NO2: "28", O3: "44", CO: "0.7"},
		{Time: "2026-11-01 09:00", AQI: newAQI(n(312), n(6), cat("严重污染")), Primary: "PM2.5,PM10", PM25: "262", PM10: "400", SO2: "", NO2: "28", O3: "", CO: "1.7"},
		// no AQI: the level is unknown, the category may still be given
		{Time: "2026-11-01 10:00", AQI: newAQI(sql.NullInt64{}, n(3), cat("轻度污染")), PM25: "", PM10: "", SO2: "", NO2: "", O3: "", CO: ""},
		{Time: "2026-11-01 11:00", AQI: newAQI(sql.NullInt64{}, sql.NullInt64{}, cat(""))},
		// text that must be escaped, as html/template escapes it
		{Time: "<b>&'\"+\x00", AQI: aqiView{AQI: "1<2", Category: "a&b"}, Primary: "O3+NO2 <x>", PM25: "'", CO: `"`},
		{Time: "t", AQI: aqiView{AQI: "9+1", Level: &level{N: 1, Category: "优<", English: "Excellent & 'good'"}}},
	}
	for i := 0; i <= len(rows); i++ {
		var want bytes.Buffer
		if err := tpl.ExecuteTemplate(&want, "rows", rows[:i]); err != nil {
			t.Fatal(err)
		}
		if got := string(hourRows(rows[:i])); got != want.String() {
			t.Errorf("%d rows:\n got %q\nwant %q", i, got, want.String())
		}
	}
}
