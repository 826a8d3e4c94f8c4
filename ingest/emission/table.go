package emission

import (
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// Column names of the hourly table (folded: lower case, spaces and
// underscores removed), English and Chinese.
var columns = map[string]string{
	"enterprise": "enterprise", "enterpriseid": "enterprise", "enterprisename": "enterprise", "creditcode": "enterprise",
	"企业": "enterprise", "企业名称": "enterprise", "单位名称": "enterprise", "排污单位": "enterprise", "排污单位名称": "enterprise",
	"统一社会信用代码": "enterprise",
	"outlet":   "outlet", "outletcode": "outlet", "mn": "outlet", "排放口": "outlet", "排放口编码": "outlet", "排放口编号": "outlet", "排口编码": "outlet",
	"pollutant": "pollutant", "pollutantcode": "pollutant", "污染物": "pollutant", "污染物名称": "pollutant", "监测因子": "pollutant",
	"time": "time", "监测时间": "time", "数据时间": "time", "时间": "time",
	"value": "value", "measured": "value", "实测浓度": "value", "实测值": "value", "浓度": "value",
	"convertedvalue": "converted_value", "converted": "converted_value", "折算浓度": "converted_value", "折算值": "converted_value",
	"flow": "flow", "流量": "flow", "废气流量": "flow", "废水流量": "flow",
	"flag": "flag", "数据标记": "flag", "标记": "flag", "数据标识": "flag",
}

func normColumn(h string) string {
	k := strings.ToLower(strings.TrimSpace(h))
	k = strings.NewReplacer(" ", "", "_", "", "-", "").Replace(k)
	if i := strings.IndexAny(k, "(（"); i > 0 { // a unit in brackets: 流量(m³/h)
		k = k[:i]
	}
	return columns[k]
}

// Expected describes the hourly table header, for the unrecognised-header
// reject.
const Expected = "emission hourly (enterprise,outlet,pollutant,time,value[,converted_value,flow,flag])"

// IsHeader reports whether a header is an hourly emission table: it names
// an outlet and a pollutant and at least one of time, value,
// converted_value, flag (missing required columns are then refused by
// DecodeTable).
func IsHeader(names []string) bool {
	has := map[string]bool{}
	for _, n := range names {
		has[normColumn(n)] = true
	}
	return has["outlet"] && has["pollutant"] && (has["time"] || has["value"] || has["converted_value"] || has["flag"])
}

// DecodeTable decodes an hourly emission table (CSV text or a sheet).
//
// Every row is one hourly value of one pollutant at one outlet, time = the
// CST end of the hour. A row with any problem is refused whole (one reject
// per problem): unknown or missing enterprise / outlet, an outlet of
// another enterprise, an unknown pollutant or one of the other medium,
// a bad / off-the-hour / future time, a non-numeric or negative number, a
// flag outside N F M S D C T B (absent column or empty cell = N), no value
// at all with flag N, and a later duplicate of an outlet-pollutant-hour
// (the first is kept). A pollutant without a limit at the outlet is
// stored and only counted in the note (o2, flows and temperatures are
// monitored without limits; the roster's limits are not a complete list).
func DecodeTable(t *obs.Table, reg *Registry, nowMicros int64) (*Rows, *obs.Rejects, string, error) {
	pos, dup := t.Index(normColumn)
	if dup != "" {
		return nil, nil, "", &obs.FileError{Reason: obs.ReasonDupColumn, Line: 1, Field: dup}
	}
	for _, c := range []string{"outlet", "pollutant", "time", "value"} {
		if _, ok := pos[c]; !ok {
			return nil, nil, "", &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: c}
		}
	}
	if reg.Empty() {
		return nil, nil, "", &obs.FileError{Reason: obs.ReasonPolluterRegistryAbsent}
	}
	col := func(name string) int {
		if i, ok := pos[name]; ok {
			return i
		}
		return -1
	}
	cEnt, cOut, cPol, cTime := col("enterprise"), col("outlet"), col("pollutant"), col("time")
	cVal, cConv, cFlow, cFlag := col("value"), col("converted_value"), col("flow"), col("flag")
	name := func(i int) string { return t.Header[i] }

	rows := &Rows{}
	rj := obs.NewRejects()
	var warn note
	seen := make(map[rowKey]struct{}, len(t.Rows))
	for i := range t.Rows {
		r := &t.Rows[i]
		if reason, v := t.Check(r); reason != "" {
			rj.Add(r.Line, "", v, reason)
			rj.Unit(1)
			continue
		}
		cell := func(i int) string {
			if i < 0 {
				return ""
			}
			return r.Cells[i]
		}
		bad := false
		reject := func(c int, reason string) {
			rj.Add(r.Line, name(c), cell(c), reason)
			bad = true
		}
		ent := ""
		if cEnt >= 0 {
			switch id, amb, ok := reg.Enterprise(cell(cEnt)); {
			case cell(cEnt) == "":
				reject(cEnt, obs.ReasonMissingEnterprise)
			case amb:
				reject(cEnt, obs.ReasonAmbiguousEnterprise)
			case !ok:
				reject(cEnt, obs.ReasonUnknownEnterprise)
			default:
				ent = id
			}
		}
		var out *Outlet
		if s := cell(cOut); s == "" {
			reject(cOut, obs.ReasonMissingOutlet)
		} else if o, ok := reg.Outlet(s); !ok {
			reject(cOut, obs.ReasonUnknownOutlet)
		} else {
			out = o
			if ent != "" && !reg.OfEnterprise(o.Code, ent) {
				reject(cOut, obs.ReasonOutletEnterprise)
			}
		}
		pol := ""
		if s := cell(cPol); s == "" {
			reject(cPol, obs.ReasonMissingPollutant)
		} else if p, ok := reg.Resolve(s); !ok {
			reject(cPol, obs.ReasonUnknownPollutant)
		} else {
			pol = p
			if out != nil {
				if info, _ := reg.PollutantInfo(p); info.Medium != out.Medium {
					reject(cPol, obs.ReasonPollutantMedium)
				}
			}
		}
		tm, ok := obs.ParseWall(cell(cTime), t.Serial)
		switch {
		case !ok:
			reject(cTime, obs.ReasonBadTime)
		case tm%3_600_000_000 != 0:
			reject(cTime, obs.ReasonNotOnHour)
		case tm > nowMicros:
			reject(cTime, obs.ReasonFuture)
		}
		num := func(c int) float64 {
			s := cell(c)
			if c < 0 || obs.IsMissing([]byte(s)) {
				return NaN
			}
			v, ok := obs.ParseNumber([]byte(s))
			switch {
			case !ok:
				reject(c, obs.ReasonNotNumber)
			case v < 0:
				reject(c, obs.ReasonNegative)
			}
			return v
		}
		val, conv, flow := num(cVal), num(cConv), num(cFlow)
		flag, fok := validFlag(cell(cFlag))
		if !fok {
			reject(cFlag, obs.ReasonDataFlag)
		}
		if !bad && flag == "N" && isNaN(val) && isNaN(conv) {
			reject(cVal, obs.ReasonMissingValue)
		}
		if !bad {
			k := rowKey{out.Code, pol, tm}
			if _, ok := seen[k]; ok {
				reject(cOut, obs.ReasonDupOutletHour)
			} else {
				seen[k] = struct{}{}
			}
		}
		if bad {
			rj.Unit(1)
			continue
		}
		if !reg.Limited(out.Code, pol) {
			warn.unlimitedValue(out.Code, pol)
		}
		rows.Append(out.Code, pol, PeriodHour, tm, val, conv, flow, flag)
	}
	return rows, rj, warn.String(), nil
}

type rowKey struct {
	outlet, pollutant string
	t                 int64
}

func isNaN(f float64) bool { return f != f }
