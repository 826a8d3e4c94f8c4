// Package incident decodes the register of 突发环境事件 (environmental
// emergencies) into rows of the incident table (sql/schema/020_incidents.sql):
// CSV or the first sheet of an XLSX workbook, English or Chinese headers
// (事件编号, 发生时间, 报告时间, 区县, 地点, 事件类型, 事件级别, 死亡人数,
// 受伤/中毒人数, 疏散转移人数, 直接经济损失(万元), 饮用水水源取水中断, 跨界影响,
// 事件原因, 处置措施, 处置状态, 结案时间, 事件描述).
//
// The record is stored as received: levels, categories and money are only
// normalised (Ⅰ/特别重大/1 → 1; 万元 → 元; 乡镇 → township), text is not
// redacted (transform/incident does that before publication).
package incident

import (
	"math"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
	transform "github.com/envdisclose/envdisclose/transform/water"
)

// Kind is the ledger kind of an incident register.
const Kind = "incidents"

// Expected describes the recognised header.
const Expected = "incidents (id|事件编号,occurred_at|发生时间,county|区县,type|事件类型[,reported_at,location,level,deaths,injured,evacuated,economic_loss,...])"

// Incident is one decoded record. Absent values: Level 0, counts -1,
// Loss NaN, times with their OK flag false, text "".
type Incident struct {
	ID                                string
	Occurred, Reported, Closed        int64 // CST wall clock, obs.Batch microseconds
	ReportedOK, ClosedOK              bool
	County, Location, Type            string
	Level                             int
	Deaths, Injured, Evacuated        int64
	Loss                              float64 // CNY
	WaterInterruption, CrossBoundary  string
	Cause, Measures, Status, Descript string
}

const (
	cID = iota
	cOccurred
	cReported
	cCounty
	cLocation
	cType
	cLevel
	cDeaths
	cInjured
	cEvacuated
	cLoss
	cWater
	cCross
	cCause
	cMeasures
	cStatus
	cClosed
	cDescription
	nCols
)

var colNames = [nCols]string{"incident_id", "occurred_at", "reported_at", "county", "location", "type", "level",
	"deaths", "injured", "evacuated", "economic_loss", "water_interruption", "cross_boundary", "cause",
	"measures", "status", "closed_at", "description"}

var headerAliases = map[string]int{}

func init() {
	for c, names := range map[int][]string{
		cID:          {"id", "incident_id", "事件编号", "编号", "事件id"},
		cOccurred:    {"occurred_at", "occurred", "发生时间", "事发时间", "发生日期"},
		cReported:    {"reported_at", "reported", "报告时间", "接报时间", "上报时间"},
		cCounty:      {"county", "区县", "县区", "所在区县", "事发区县"},
		cLocation:    {"location", "地点", "事发地点", "发生地点"},
		cType:        {"type", "incident_type", "事件类型", "类型"},
		cLevel:       {"level", "level_given", "事件级别", "级别", "事件等级"},
		cDeaths:      {"deaths", "死亡人数", "死亡"},
		cInjured:     {"injured", "受伤/中毒人数", "中毒或重伤人数", "中毒/重伤人数", "受伤人数", "中毒人数"},
		cEvacuated:   {"evacuated", "疏散转移人数", "疏散、转移人数", "疏散人数"},
		cLoss:        {"economic_loss", "economic_loss_cny", "economic_loss_wan", "直接经济损失", "经济损失"},
		cWater:       {"water_interruption", "饮用水水源取水中断", "取水中断", "饮用水源取水中断"},
		cCross:       {"cross_boundary", "跨界影响", "跨界"},
		cCause:       {"cause", "事件原因", "原因"},
		cMeasures:    {"measures", "处置措施", "措施"},
		cStatus:      {"status", "处置状态", "状态"},
		cClosed:      {"closed_at", "结案时间", "办结时间"},
		cDescription: {"description", "事件描述", "描述", "简要经过", "事件经过"},
	} {
		for _, n := range names {
			headerAliases[transform.NormalizeName(n)] = c
		}
	}
}

// moneyUnits are the money units of a header or cell (factor to CNY).
var moneyUnits = map[string]float64{"元": 1, "cny": 1, "rmb": 1, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8}

// header resolves a header cell: the role, and for the loss column the
// factor of the unit in brackets ("直接经济损失(万元)"); role -1 = ignored.
func header(h string) (role int, factor float64, reason string) {
	n := transform.NormalizeName(h)
	if r, ok := headerAliases[n]; ok {
		if n == "economic_loss_wan" {
			return r, 1e4, ""
		}
		return r, 1, ""
	}
	if strings.HasSuffix(n, ")") {
		if i := strings.LastIndex(n, "("); i > 0 {
			if r, ok := headerAliases[n[:i]]; ok {
				if r != cLoss {
					return r, 1, ""
				}
				f, ok := moneyUnits[n[i+1:len(n)-1]]
				if !ok {
					return r, 0, obs.ReasonMoneyUnit
				}
				return r, f, ""
			}
		}
	}
	return -1, 0, ""
}

// IsHeader reports whether names look like an incident register: an id,
// an occurrence time and a county or type column.
func IsHeader(names []string) bool {
	var have [nCols]bool
	for _, h := range names {
		if r, _, _ := header(h); r >= 0 {
			have[r] = true
		}
	}
	return have[cID] && have[cOccurred] && (have[cCounty] || have[cType])
}

// Check is what rows are validated against.
type Check struct {
	NowMicros int64 // CST wall clock: later times are "in the future"
}

// Decode decodes an incident register. A row with any problem is refused
// whole (one reject per problem); a repeated id in the same file is
// refused, the first kept.
func Decode(t *obs.Table, chk Check) ([]Incident, *obs.Rejects, error) {
	var pos [nCols]int
	for i := range pos {
		pos[i] = -1
	}
	lossFactor := 1.0
	for i, h := range t.Header {
		r, f, reason := header(h)
		if reason != "" {
			return nil, nil, &obs.FileError{Reason: reason, Line: 1, Field: h}
		}
		if r < 0 {
			continue
		}
		if pos[r] >= 0 {
			return nil, nil, &obs.FileError{Reason: obs.ReasonDupColumn, Line: 1, Field: h}
		}
		pos[r] = i
		if r == cLoss {
			lossFactor = f
		}
	}
	for _, r := range []int{cID, cOccurred, cCounty, cType} {
		if pos[r] < 0 {
			return nil, nil, &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: colNames[r],
				Value: "header: " + strings.Join(t.Header, ",")}
		}
	}
	if len(t.Rows) == 0 {
		return nil, nil, &obs.FileError{Reason: obs.ReasonNoRows}
	}
	var out []Incident
	rj := obs.NewRejects()
	seen := map[string]bool{}
	for i := range t.Rows {
		row := &t.Rows[i]
		if reason, v := t.Check(row); reason != "" {
			rj.Add(row.Line, "", v, reason)
			rj.Unit(1)
			continue
		}
		get := func(c int) string {
			if pos[c] < 0 {
				return ""
			}
			return strings.TrimSpace(row.Cells[pos[c]])
		}
		field := func(c int) string {
			if pos[c] < 0 {
				return colNames[c]
			}
			return t.Header[pos[c]]
		}
		bad := false
		fail := func(c int, v, reason string) {
			rj.Add(row.Line, field(c), v, reason)
			bad = true
		}
		in := Incident{ID: get(cID), County: get(cCounty), Location: get(cLocation), Type: get(cType),
			Cause: get(cCause), Measures: get(cMeasures), Descript: get(cDescription), Loss: math.NaN()}
		if in.ID == "" {
			fail(cID, "", obs.ReasonMissingID)
		}
		if in.County == "" {
			fail(cCounty, "", obs.ReasonMissingCounty)
		}
		if in.Type == "" {
			fail(cType, "", obs.ReasonMissingType)
		}
		timeCell := func(c int, required bool) (int64, bool) {
			s := get(c)
			if s == "" || s == "--" || obs.IsMissing([]byte(s)) {
				if required {
					fail(c, s, obs.ReasonBadDate)
				}
				return 0, false
			}
			ts, ok := obs.ParseWall(s, t.Serial)
			switch {
			case !ok:
				fail(c, s, obs.ReasonBadDate)
				return 0, false
			case ts > chk.NowMicros:
				fail(c, s, obs.ReasonFuture)
				return 0, false
			}
			return ts, true
		}
		var occOK bool
		in.Occurred, occOK = timeCell(cOccurred, true)
		in.Reported, in.ReportedOK = timeCell(cReported, false)
		in.Closed, in.ClosedOK = timeCell(cClosed, false)
		if occOK && in.ReportedOK && in.Reported < in.Occurred {
			fail(cReported, get(cReported), obs.ReasonReportedBefore)
		}
		if occOK && in.ClosedOK && in.Closed < in.Occurred {
			fail(cClosed, get(cClosed), obs.ReasonClosedBefore)
		}
		var ok bool
		if in.Level, ok = level(get(cLevel)); !ok {
			fail(cLevel, get(cLevel), obs.ReasonUnknownLevel)
		}
		for _, c := range []struct {
			col int
			dst *int64
		}{{cDeaths, &in.Deaths}, {cInjured, &in.Injured}, {cEvacuated, &in.Evacuated}} {
			n, reason := count(get(c.col))
			if reason != "" {
				fail(c.col, get(c.col), reason)
			}
			*c.dst = n
		}
		if v, reason := money(get(cLoss), lossFactor); reason != "" {
			fail(cLoss, get(cLoss), reason)
		} else {
			in.Loss = v
		}
		if in.WaterInterruption, ok = waterInterruption(get(cWater)); !ok {
			fail(cWater, get(cWater), obs.ReasonWaterInterrupt)
		}
		if in.CrossBoundary, ok = crossBoundary(get(cCross)); !ok {
			fail(cCross, get(cCross), obs.ReasonCrossBoundary)
		}
		if in.Status, ok = status(get(cStatus)); !ok {
			fail(cStatus, get(cStatus), obs.ReasonIncidentStatus)
		}
		if !bad && seen[in.ID] {
			fail(cID, in.ID, obs.ReasonDupIncident)
		}
		if bad {
			rj.Unit(1)
			continue
		}
		seen[in.ID] = true
		out = append(out, in)
	}
	return out, rj, nil
}

func missing(s string) bool { return s == "" || s == "--" || obs.IsMissing([]byte(s)) }

// level parses Ⅰ…Ⅳ (级), I…IV, 1…4, 特别重大 / 重大 / 较大 / 一般 (+ 突发环境事件);
// empty = 0 (none given).
func level(s string) (int, bool) {
	if missing(s) {
		return 0, true
	}
	k := strings.ToUpper(transform.NormalizeName(s))
	k = strings.TrimSuffix(k, "突发环境事件")
	k = strings.TrimSuffix(k, "环境事件")
	k = strings.TrimSuffix(k, "事件")
	k = strings.TrimSuffix(k, "级")
	k = strings.TrimPrefix(k, "LEVEL")
	switch k {
	case "Ⅰ", "I", "1", "特别重大":
		return 1, true
	case "Ⅱ", "II", "2", "重大":
		return 2, true
	case "Ⅲ", "III", "3", "较大":
		return 3, true
	case "Ⅳ", "IV", "4", "一般":
		return 4, true
	}
	return 0, false
}

// count parses a non-negative integer count; empty = -1 (not given).
func count(s string) (int64, string) {
	if missing(s) {
		return -1, ""
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "人"), "名")
	v, ok := obs.ParseNumber([]byte(s))
	switch {
	case !ok:
		return -1, obs.ReasonNotNumber
	case v < 0:
		return -1, obs.ReasonNegative
	case v != math.Trunc(v):
		return -1, obs.ReasonNotInteger
	case v > math.MaxInt32:
		return -1, obs.ReasonRange
	}
	return int64(v), ""
}

// money parses an amount in the header's unit (factor); a unit suffix in
// the cell ("12.5万元", "3000元") wins. Empty = NaN.
func money(s string, factor float64) (float64, string) {
	if missing(s) {
		return math.NaN(), ""
	}
	s = strings.ReplaceAll(s, ",", "")
	for _, u := range []string{"万元", "亿元", "元", "万", "亿"} {
		if strings.HasSuffix(s, u) {
			s, factor = strings.TrimSpace(strings.TrimSuffix(s, u)), moneyUnits[u]
			break
		}
	}
	v, ok := obs.ParseNumber([]byte(s))
	switch {
	case !ok:
		return math.NaN(), obs.ReasonNotNumber
	case v < 0:
		return math.NaN(), obs.ReasonNegative
	}
	return v * factor, ""
}

func waterInterruption(s string) (string, bool) {
	switch transform.NormalizeName(s) {
	case "", "-", "--", "none", "no", "无", "否", "未中断", "0":
		return "none", true
	case "township", "乡镇", "乡镇级":
		return "township", true
	case "county", "县级", "县级城市", "县城":
		return "county", true
	case "city", "地级", "市级", "设区的市", "设区的市级以上城市", "设区市", "地级以上城市", "地市级":
		return "city", true
	}
	return "", false
}

func crossBoundary(s string) (string, bool) {
	switch transform.NormalizeName(s) {
	case "", "-", "--", "none", "no", "无", "否", "0":
		return "none", true
	case "county", "跨县", "跨县级", "跨县级行政区", "县级":
		return "county", true
	case "prefecture", "跨市", "跨地市", "跨设区的市", "跨市级行政区", "跨地级行政区", "市级":
		return "prefecture", true
	case "province", "跨省", "跨省级行政区", "跨省界", "省级":
		return "province", true
	case "international", "跨国", "跨国界", "国际", "跨境":
		return "international", true
	}
	return "", false
}

func status(s string) (string, bool) {
	switch transform.NormalizeName(s) {
	case "", "open", "未处置", "待处置", "新报", "已报告", "未结案":
		return "open", true
	case "responding", "处置中", "应急处置中", "正在处置", "响应中":
		return "responding", true
	case "closed", "已结案", "结案", "已处置", "处置完毕", "已办结", "办结":
		return "closed", true
	}
	return "", false
}
