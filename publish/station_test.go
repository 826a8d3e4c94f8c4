package publish

import (
	"bytes"
	"database/sql"
	"html/template"
	"reflect"
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

// TestStationViewDigest: changing any field of a station page's view
// (every leaf, through Rows, AQI and Level) changes its digest, so a page
// whose inputs changed is never kept; Body (made from Rows) is the one
// field left out. Fails when a field is added and not digested.
func TestStationViewDigest(t *testing.T) {
	fresh := func() stationView {
		return stationView{Rows: []hourLine{{AQI: aqiView{Level: &level{}}}}}
	}
	base := string(fresh().appendDigest(nil))
	var leaves [][]int
	var walk func(tp reflect.Type, path []int)
	walk = func(tp reflect.Type, path []int) {
		for i := range tp.NumField() {
			f := tp.Field(i)
			if f.Name == "Body" {
				continue
			}
			p := append(append([]int(nil), path...), i)
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(ft, p)
				continue
			}
			leaves = append(leaves, p)
		}
	}
	walk(reflect.TypeFor[stationView](), nil)
	if len(leaves) < 25 {
		t.Fatalf("only %d leaf fields found", len(leaves))
	}
	for _, p := range leaves {
		v := fresh()
		x := reflect.ValueOf(&v).Elem()
		name := ""
		for _, i := range p {
			for x.Kind() == reflect.Pointer || x.Kind() == reflect.Slice {
				if x.Kind() == reflect.Pointer {
					x = x.Elem()
				} else {
					x = x.Index(0)
				}
			}
			name += "." + x.Type().Field(i).Name
			x = x.Field(i)
		}
		switch x.Kind() {
		case reflect.String:
			x.SetString("changed")
		case reflect.Bool:
			x.SetBool(true)
		case reflect.Int:
			x.SetInt(7)
		default:
			t.Fatalf("%s: field of kind %s: teach appendDigest and this test", name, x.Kind())
		}
		if string(v.appendDigest(nil)) == base {
			t.Errorf("stationView%s changed but the digest did not", name)
		}
	}
	// Two fields' texts moved between them are not the same input.
	a, b := fresh(), fresh()
	a.Name, a.City = "ab", ""
	b.Name, b.City = "a", "b"
	if string(a.appendDigest(nil)) == string(b.appendDigest(nil)) {
		t.Error("the digest does not separate fields")
	}
}
