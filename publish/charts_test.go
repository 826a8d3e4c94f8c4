package publish

import (
	"testing"
)

// TestFastSnippet: the fast path gives the bytes go-echarts' own snippet
// renderer gives, for the line charts of the station and region pages
// (gaps, several series, names that need escaping).
func TestFastSnippet(t *testing.T) {
	x := []string{"01-20 01:00", "01-20 02:00", "01-20 03:00"}
	for _, series := range [][]lineSeries{
		{{Name: "PM2.5", Color: "#7e0023", Values: []string{"12", "", "14.5"}}},
		{{Name: "AQI <b>&amp;", Color: "#00e400", Values: []string{"50", "51", "52"}},
			{Name: "O₃ 臭氧", Color: "#ff7e00", Values: []string{"", "", ""}}},
	} {
		fast, err := lineChart("chart_x", "../", "µg/m³", x, series)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := snippet("chart_x", lineChartOf("chart_x", "../", "µg/m³", x, series))
		if err != nil {
			t.Fatal(err)
		}
		if fast != slow {
			t.Errorf("fast snippet differs from go-echarts':\nfast %s\n     %s\nslow %s\n     %s", fast.Element, fast.Option, slow.Element, slow.Option)
		}
	}
}
