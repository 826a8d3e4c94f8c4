package publish

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// lineShape is a line chart of lineChart without its data: the go-echarts
// work (options, reflection, defaults, JSON of the whole option) done once
// for every page whose chart has the same id, root, y-axis name and series
// names and colours, so that a page only splices its own x labels and
// values into the option (chart). A republish renders about 1,500 station
// pages with the same chart shape; go-echarts was a quarter of their CPU.
//
// The shape is rendered by lineChart itself with sentinel data (one x label
// and one value per series) and the sentinels' arrays are cut out of its
// option; what is left are the constant parts, already checked by json.Valid
// and HTML-escaped. A shape is read-only once made: the render workers share
// it.
type lineShape struct {
	id, root, yName string
	names, colors   []string
	element         template.HTML
	parts           []string // constant option text around the holes: len(holes)+1
	holes           []int    // what fills each hole: -1 the x labels, i the values of series i
	size            int      // total length of parts
	slow            bool     // always lineChart (the shape carries go-echarts' function marks)
}

// lineShapes are the shapes of one build's charts of one kind, by key
// (lineShapeKey). They are made in the sequential part of stations and
// regions, before the parallel render, and only read afterwards.
type lineShapes map[string]*lineShape

// get returns the shape of a chart, made on first use.
func (m lineShapes) get(id, root, yName string, series []lineSeries) (*lineShape, error) {
	k := lineShapeKey(id, root, yName, series)
	if sh, ok := m[k]; ok {
		return sh, nil
	}
	sh, err := newLineShape(id, root, yName, series)
	if err != nil {
		return nil, err
	}
	m[k] = sh
	return sh, nil
}

// lineShapeKey is every text of a shape, each prefixed with its length.
func lineShapeKey(id, root, yName string, series []lineSeries) string {
	var b strings.Builder
	add := func(t string) {
		b.WriteString(strconv.Itoa(len(t)))
		b.WriteByte(':')
		b.WriteString(t)
	}
	add(id)
	add(root)
	add(yName)
	for _, s := range series {
		add(s.Name)
		add(s.Color)
	}
	return b.String()
}

// funcMark is what go-echarts puts around JavaScript functions in an option
// and fastSnippet removes (echartsFuncMarks). Text carrying it changes the
// option in ways the splice does not reproduce, so such charts take the
// go-echarts path. Encoding a string as JSON cannot make or break the mark
// (escapes never contain '_'), and JSON puts a quote or a literal between
// two strings, so the option carries the mark only if a text does.
const funcMark = "__f__"

// Sentinel data, as unlikely in a chart's names as can be: NUL bytes.
const (
	sentinelX      = "\x00envdisclose-chart-x\x00"
	sentinelSeries = "\x00envdisclose-chart-series-"
)

func newLineShape(id, root, yName string, series []lineSeries) (*lineShape, error) {
	sh := &lineShape{id: id, root: root, yName: yName}
	marked := strings.Contains(id, funcMark) || strings.Contains(root, funcMark) || strings.Contains(yName, funcMark)
	for _, s := range series {
		sh.names = append(sh.names, s.Name)
		sh.colors = append(sh.colors, s.Color)
		marked = marked || strings.Contains(s.Name, funcMark) || strings.Contains(s.Color, funcMark)
	}
	if marked {
		sh.slow = true
		return sh, nil
	}
	sentinel := make([]lineSeries, len(series))
	for i, s := range series {
		sentinel[i] = lineSeries{Name: s.Name, Color: s.Color, Values: []string{sentinelSeries + strconv.Itoa(i) + "\x00"}}
	}
	c, err := lineChart(id, root, yName, []string{sentinelX}, sentinel)
	if err != nil {
		return nil, fmt.Errorf("chart %s: shape: %w", id, err)
	}
	sh.element = c.Element
	option := string(c.Option)
	// Each sentinel array must appear exactly once (a name could in
	// principle contain one); otherwise this shape takes the slow path.
	type hole struct{ at, end, what int }
	var holes []hole
	find := func(text string, what int) bool {
		if strings.Count(option, text) != 1 {
			return false
		}
		at := strings.Index(option, text)
		holes = append(holes, hole{at, at + len(text), what})
		return true
	}
	if !find(string(appendLabels(nil, []string{sentinelX})), -1) {
		sh.slow = true
		return sh, nil
	}
	for i, s := range sentinel {
		if !find(string(appendValues(nil, s.Values)), i) {
			sh.slow = true
			return sh, nil
		}
	}
	slices.SortFunc(holes, func(a, b hole) int { return a.at - b.at }) // in option order
	prev := 0
	for _, h := range holes {
		if h.at < prev { // overlapping (not seen: the sentinels are distinct)
			sh.slow = true
			return sh, nil
		}
		sh.parts = append(sh.parts, option[prev:h.at])
		sh.holes = append(sh.holes, h.what)
		prev = h.end
	}
	sh.parts = append(sh.parts, option[prev:])
	for _, p := range sh.parts {
		sh.size += len(p)
	}
	return sh, nil
}

// fits reports whether series have the shape's names and colours.
func (sh *lineShape) fits(series []lineSeries) bool {
	if len(series) != len(sh.names) {
		return false
	}
	for i, s := range series {
		if s.Name != sh.names[i] || s.Color != sh.colors[i] {
			return false
		}
	}
	return true
}

// chart gives what lineChart(sh.id, sh.root, sh.yName, x, series) gives,
// byte for byte (TestLineShapeAsLineChart), for series of the shape's
// names and colours (others, and data carrying go-echarts' function marks,
// go through lineChart).
//
// The option needs no json.Valid per page: its constant parts come from an
// option that passed it (in newLineShape, through lineChart), cut where a
// JSON array value was, and each hole gets a JSON array of strings (or null)
// whose strings appendJSONString escapes completely (TestLineShapeAsLineChart
// runs json.Valid on every option it makes, and TestAppendJSONString on
// every string).
func (sh *lineShape) chart(x []string, series []lineSeries) (chartHTML, error) {
	if sh.slow || !sh.fits(series) || hasFuncMark(x, series) {
		return lineChart(sh.id, sh.root, sh.yName, x, series)
	}
	n := sh.size + 2 + 3*len(x)
	for _, v := range x {
		n += len(v)
	}
	for _, s := range series {
		n += 2 + 13*len(s.Values)
		for _, v := range s.Values {
			n += len(v)
		}
	}
	b := make([]byte, 0, n+n/16)
	for i, h := range sh.holes {
		b = append(b, sh.parts[i]...)
		if h < 0 {
			b = appendLabels(b, x)
		} else {
			b = appendValues(b, series[h].Values)
		}
	}
	b = append(b, sh.parts[len(sh.holes)]...)
	return chartHTML{ID: sh.id, Element: sh.element, Option: template.HTML(b)}, nil
}

func hasFuncMark(x []string, series []lineSeries) bool {
	for _, v := range x {
		if strings.Contains(v, funcMark) {
			return true
		}
	}
	for _, s := range series {
		for _, v := range s.Values {
			if strings.Contains(v, funcMark) {
				return true
			}
		}
	}
	return false
}

// appendLabels appends the x labels as go-echarts writes the x axis' data
// (a []string; nil is null), HTML-escaped as snippetParts escapes it.
func appendLabels(b []byte, x []string) []byte {
	if x == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range x {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, v)
	}
	return append(b, ']')
}

// appendValues appends a series' values as go-echarts writes the series'
// data (opts.LineData with only Value set, "" as "-"), HTML-escaped.
func appendValues(b []byte, values []string) []byte {
	b = append(b, '[')
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		if v == "" {
			v = "-"
		}
		b = append(b, `{"value":`...)
		b = appendJSONString(b, v)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string the way go-echarts' option
// carries it after snippetParts: encoding/json with HTML escaping off
// (quote and backslash escaped, \b \f \n \r \t, other control bytes as
// \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029 as \u2028, \u2029),
// then json.HTMLEscape (<, > and & as \u003c, \u003e, \u0026).
// TestAppendJSONString compares it with encoding/json.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
