package publish

import (
	"bytes"
	"encoding/json"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// chartPieces are what the random texts of these tests are made of: the
// characters JSON and HTML escaping treat specially, and ordinary ones.
var chartPieces = []string{
	"", "-", "0", "12", "14.5", "-3.25", "1e5", "15:04", "2026-01", " ", "<", ">", "&", "</script>", "<!--",
	`"`, `\`, `\u0041`, "'", "/", "\x00", "\x01", "\x07", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f",
	"\u2028", "\u2029", "\u0085", "\ufeff", "\ufffd", "臭氧", "µg/m³", "O₃", "😀", "\xff", "\xe2\x80", "\xc0\xaf",
	"\xed\xa0\x80", "_", "__", "f", "__f", "f__", "null", "{", "]", strings.Repeat("长", 700), strings.Repeat("9", 3000),
}

func randText(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(5) {
		if r.IntN(8) == 0 { // arbitrary bytes
			for range 1 + r.IntN(6) {
				b.WriteByte(byte(r.IntN(256)))
			}
			continue
		}
		b.WriteString(chartPieces[r.IntN(len(chartPieces))])
	}
	return b.String()
}

// TestAppendJSONString: a string as encoding/json writes it with HTML
// escaping off, then json.HTMLEscape'd (what go-echarts and snippetParts
// make of it), for every piece and many random texts.
func TestAppendJSONString(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	texts := append([]string{}, chartPieces...)
	for range 5000 {
		texts = append(texts, randText(r))
	}
	for c := range 256 {
		texts = append(texts, string([]byte{byte(c)}), "a"+string(rune(c))+"b")
	}
	for _, s := range texts {
		var raw, want bytes.Buffer
		enc := json.NewEncoder(&raw)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		json.HTMLEscape(&want, bytes.TrimSuffix(raw.Bytes(), []byte("\n")))
		got := string(appendJSONString([]byte("x"), s))
		if got[1:] != want.String() || got[0] != 'x' {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got[1:], want.String())
		}
		if !json.Valid([]byte(got[1:])) {
			t.Fatalf("appendJSONString(%q) = %s: not valid JSON", s, got[1:])
		}
	}
}

// TestLineShapeAsLineChart: a shape's chart gives lineChart's (go-echarts')
// element and option byte for byte, for the station and region charts and
// random shapes, and random data: nil, empty, 1, 24 and 48 x labels, series
// of other lengths, every kind of text. The station and region shapes must
// take the fast path.
func TestLineShapeAsLineChart(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type shape struct {
		id, root, yName string
		series          []lineSeries
		fast, slow      bool // must (not) fall back to go-echarts
	}
	shapes := []shape{
		{stationChartID, "../", stationChartY, stationChartSeries(), true, false},
		{stationChartID, "../../", stationChartY, stationChartSeries(), true, false},
		{regionTrendID, "../", regionTrendY, regionTrendSeries(), true, false},
		{"chart_x", "", "", nil, true, false},
		{"chart_<&>", "/a b/", "µg/m³ \"<b>\"", []lineSeries{{Name: "AQI <b>&amp;", Color: "#00e400"}, {Name: "O₃ 臭氧\u2028", Color: "x\\y"}}, true, false},
		{"chart_f", "../", "__f__", stationChartSeries(), false, true}, // go-echarts' function marks
		{"chart_f", "../", "µg", []lineSeries{{Name: "a", Color: "#__f__"}}, false, true},
		// Names that are sentinels: either path, the same bytes.
		{"chart_s", sentinelX, sentinelX, []lineSeries{{Name: sentinelX, Color: sentinelSeries + "0\x00"}, {Name: sentinelSeries + "1\x00", Color: "#fff"}}, false, false},
	}
	for range 20 {
		sh := shape{id: "chart_" + randText(r), root: randText(r), yName: randText(r)}
		for range r.IntN(7) {
			sh.series = append(sh.series, lineSeries{Name: randText(r), Color: randText(r)})
		}
		shapes = append(shapes, sh)
	}
	fast := 0
	for si, sh := range shapes {
		m := lineShapes{}
		ls, err := m.get(sh.id, sh.root, sh.yName, sh.series)
		if err != nil {
			t.Fatalf("shape %d: %v", si, err)
		}
		if again, err := m.get(sh.id, sh.root, sh.yName, sh.series); err != nil || again != ls {
			t.Fatalf("shape %d: not cached (%v)", si, err)
		}
		if sh.fast && ls.slow {
			t.Fatalf("shape %d (%q, %q, %q): takes the slow path", si, sh.id, sh.root, sh.yName)
		}
		if sh.slow && !ls.slow {
			t.Fatalf("shape %d: should take the slow path", si)
		}
		for n := range 60 {
			var x []string
			switch np := []int{-1, 0, 1, 24, 48, r.IntN(60)}[n%6]; np {
			case -1: // nil
			default:
				x = make([]string, np)
				for i := range x {
					x[i] = randText(r)
				}
			}
			series := make([]lineSeries, len(sh.series))
			for i, s := range sh.series {
				series[i] = s
				nv := len(x)
				if r.IntN(6) == 0 { // other lengths, nil included
					nv = r.IntN(50)
				}
				if nv > 0 || r.IntN(2) == 0 {
					series[i].Values = make([]string, nv)
				}
				for k := range series[i].Values {
					switch r.IntN(4) {
					case 0:
						series[i].Values[k] = ""
					case 1:
						series[i].Values[k] = []string{"-", "12", "7.5", "0"}[r.IntN(4)]
					default:
						series[i].Values[k] = randText(r)
					}
				}
			}
			want, werr := lineChart(sh.id, sh.root, sh.yName, x, series)
			got, gerr := ls.chart(x, series)
			if (werr != nil) != (gerr != nil) || (werr != nil && werr.Error() != gerr.Error()) {
				t.Fatalf("shape %d case %d: error %v, lineChart's %v", si, n, gerr, werr)
			}
			if got != want {
				t.Fatalf("shape %d case %d: differs from lineChart:\nx %q\nseries %q\ngot  %s\n     %s\nwant %s\n     %s",
					si, n, x, series, got.Element, got.Option, want.Element, want.Option)
			}
			if gerr != nil {
				continue
			}
			if !ls.slow && !hasFuncMark(x, series) {
				fast++
			}
			opt := strings.TrimPrefix(string(got.Option), `<script type="application/json" id="`+template.HTMLEscapeString(sh.id)+`-option">`)
			opt = strings.TrimSuffix(opt, `</script>`)
			if len(opt) == len(got.Option) || !json.Valid([]byte(opt)) {
				t.Fatalf("shape %d case %d: option not valid JSON: %s", si, n, got.Option)
			}
		}
	}
	if fast < 1000 {
		t.Errorf("only %d charts took the fast path", fast)
	}
}

// TestLineShapeMismatch: series of other names or colours than the shape's
// still give lineChart's chart (through go-echarts).
func TestLineShapeMismatch(t *testing.T) {
	ls, err := newLineShape(stationChartID, "../", stationChartY, stationChartSeries())
	if err != nil {
		t.Fatal(err)
	}
	x := []string{"01:00", "02:00"}
	for _, series := range [][]lineSeries{
		stationChartSeries()[:5],
		append(stationChartSeries(), lineSeries{Name: "CO", Color: "#000000"}),
		{{Name: "AQI", Color: "#333334"}, {Name: "PM2.5", Color: "#2F6DB5"}, {Name: "PM10", Color: "#8C6D31"},
			{Name: "SO2", Color: "#3A9A5B"}, {Name: "NO2", Color: "#7B4EA3"}, {Name: "O3", Color: "#D9711C"}},
	} {
		for i := range series {
			series[i].Values = []string{"1", ""}
		}
		want, err := lineChart(stationChartID, "../", stationChartY, x, series)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ls.chart(x, series)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%d series: differs from lineChart:\ngot  %s\nwant %s", len(series), got.Option, want.Option)
		}
	}
}

// BenchmarkLineChart: a station page's chart through go-echarts and through
// its shape.
// go test -run '^$' -bench LineChart ./publish/
func BenchmarkLineChart(b *testing.B) {
	x := make([]string, 24)
	series := stationChartSeries()
	for i := range x {
		x[i] = []string{"01:00", "02:00", "03:00"}[i%3]
		for k := range series {
			series[k].Values = append(series[k].Values, []string{"35", "", "112", "7"}[(i+k)%4])
		}
	}
	b.Run("go-echarts", func(b *testing.B) {
		for b.Loop() {
			if _, err := lineChart(stationChartID, "../", stationChartY, x, series); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shape", func(b *testing.B) {
		ls, err := newLineShape(stationChartID, "../", stationChartY, series)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := ls.chart(x, series); err != nil {
				b.Fatal(err)
			}
		}
	})
}
