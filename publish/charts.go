package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
)

// chartHTML is a go-echarts chart rendered as a snippet for our templates:
// the container element and its option as inert JSON. assets/charts.js
// (loaded after assets/echarts.min.js from our own site) initialises every
// container; without JavaScript the container stays hidden and the table
// next to it carries the same figures.
type chartHTML struct {
	ID                 string
	Element            template.HTML
	Option             template.HTML // <script type="application/json"> block
	Caption, CaptionEN string
}

// chartInit is the common initialisation: a fixed ChartID (the default is
// random, which would make builds non-deterministic) and our own assets
// host, so nothing is ever loaded from a CDN.
func chartInit(id, root, height string) opts.Initialization {
	return opts.Initialization{
		ChartID:    id,
		Width:      "100%",
		Height:     height,
		AssetsHost: root + "assets/",
		Renderer:   "canvas",
	}
}

// snippet renders a chart with go-echarts' snippet renderer.
func snippet(id string, r render.Renderer) (chartHTML, error) {
	s := r.RenderSnippet()
	return snippetParts(id, s.Element, s.Option)
}

// optionChart is a go-echarts chart whose option can be taken directly:
// Validate (what RenderSnippet runs first), then the option JSON.
type optionChart interface {
	Validate()
	JSONNotEscaped() template.HTML
}

// echartsFuncMarks are the markers go-echarts puts around JavaScript
// functions in an option, removed after rendering (render.pat).
var echartsFuncMarks = regexp.MustCompile(`(__f__")|("__f__)|(__f__)`)

// fastSnippet gives the same element and option as go-echarts'
// RenderSnippet (TestFastSnippet compares them) without parsing and
// running its three templates per chart, which took half the time of a
// station page: a push republishes hundreds of them.
func fastSnippet(id string, init opts.Initialization, c optionChart) (chartHTML, error) {
	c.Validate()
	// (RenderSnippet HTML-escapes the option in its template and unescapes
	// it again: the text itself.)
	option := string(c.JSONNotEscaped())
	if strings.Contains(option, "__f__") { // only options with JS functions carry the marks
		option = echartsFuncMarks.ReplaceAllString(option, "")
	}
	elem := "<div class=\"container\">\n    <div class=\"item\" id=\"" + template.HTMLEscapeString(init.ChartID) +
		"\" style=\"width:" + template.HTMLEscapeString(init.Width) + ";height:" + template.HTMLEscapeString(init.Height) +
		";\"></div>\n</div>"
	return snippetParts(id, elem, option)
}

// snippetParts wraps a chart's element and option for our templates.
func snippetParts(id, element, option string) (chartHTML, error) {
	opt := bytes.TrimSpace([]byte(option))
	opt = bytes.TrimSuffix(opt, []byte(";"))
	if !json.Valid(opt) {
		return chartHTML{}, fmt.Errorf("chart %s: go-echarts produced an invalid option", id)
	}
	// The option is JSON generated with HTML escaping off; escape <, > and &
	// (valid inside JSON strings) so data can never close the script block.
	var esc bytes.Buffer
	json.HTMLEscape(&esc, opt)
	elem := strings.TrimSpace(element)
	return chartHTML{
		ID:      id,
		Element: template.HTML(`<div class="chart-box" data-chart="` + template.HTMLEscapeString(id) + `">` + elem + `</div>`),
		Option:  template.HTML(`<script type="application/json" id="` + template.HTMLEscapeString(id) + `-option">` + esc.String() + `</script>`),
	}, nil
}

func baseOpts(init opts.Initialization, legend bool) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(init),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Top: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
	}
}

// rankingChart is a horizontal bar chart of the composite index, rank 1 at
// the top. Regions with invalid statistics are grey.
func rankingChart(id, root string, rows []monthRow) (chartHTML, error) {
	names := make([]string, 0, len(rows))
	data := make([]opts.BarData, 0, len(rows))
	for _, m := range rows {
		names = append(names, m.Region)
		d := opts.BarData{Name: m.Region, Value: "-"}
		if m.CI.Valid {
			d.Value = num(m.CI, 2)
		}
		if !m.Valid {
			d.ItemStyle = &opts.ItemStyle{Color: "#9E9E9E"}
		}
		data = append(data, d)
	}
	height := fmt.Sprintf("%dpx", max(240, 60+26*len(rows)))
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(chartInit(id, root, height), false),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		charts.WithColorsOpts(opts.Colors{"#2F6DB5"}),
	)...)
	bar.SetXAxis(names).AddSeries("综合指数 Composite index", data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	return snippet(id, bar)
}

// lineSeries is one series of a line chart; "-" marks a missing value.
type lineSeries struct {
	Name   string
	Color  string
	Values []string
}

func lineChart(id, root, yName string, x []string, series []lineSeries) (chartHTML, error) {
	line := lineChartOf(id, root, yName, x, series)
	return fastSnippet(id, line.Initialization, line)
}

// lineChartOf builds the line chart of lineChart.
func lineChartOf(id, root, yName string, x []string, series []lineSeries) *charts.Line {
	line := charts.NewLine()
	colors := make(opts.Colors, 0, len(series))
	for _, s := range series {
		colors = append(colors, s.Color)
	}
	line.SetGlobalOptions(append(baseOpts(chartInit(id, root, "360px"), true),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName}),
		charts.WithColorsOpts(colors),
	)...)
	line.SetXAxis(x)
	for _, s := range series {
		data := make([]opts.LineData, len(s.Values))
		for i, v := range s.Values {
			if v == "" {
				v = "-"
			}
			data[i] = opts.LineData{Value: v}
		}
		line.AddSeries(s.Name, data)
	}
	return line
}
