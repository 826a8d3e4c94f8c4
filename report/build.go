package report

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"
	"time"
)

// Options of Build.
type Options struct {
	Bureau      string    // issuing bureau, shown on the cover
	Now         time.Time // build time (BuiltAt); zero = time.Now()
	RegionLevel string    // city (default), province or county: the regions ranked
}

// Validity notes of the † mark, per table kind.
const (
	daggerAir   = "† 未达到有效性要求：月度统计须有≥27个有效日（2月≥25个，GB 3095 表4）；季度统计须季内每个月都达到该要求（本系统规则）。标 † 的数值仅供参考，不参与达标评价。"
	daggerWater = "† 未达到有效性要求：本期部分月份无有效监测数据（月度有效：该月各评价项目均有监测值）。"
	noteLY      = "“—”表示上年同期无数据；同比变化为本期相对上年同期的变化。"
)

var levelCN = map[string]string{"city": "城市", "province": "省份", "county": "区县"}
var levelEN = map[string]string{"city": "City", "province": "Province", "county": "County"}

// Build reads the figures of one product and period from the transform
// results and assembles the Document. fsys is the SQL tree (store.Store.SQL).
func Build(ctx context.Context, db *sql.DB, fsys fs.FS, product, period string, opt Options) (*Document, error) {
	p, err := ParsePeriod(product, period)
	if err != nil {
		return nil, err
	}
	if opt.RegionLevel == "" {
		opt.RegionLevel = "city"
	}
	if levelCN[opt.RegionLevel] == "" {
		return nil, fmt.Errorf("region level %q: want city, province or county", opt.RegionLevel)
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	b := &builder{ctx: ctx, db: db, fsys: fsys, p: p, opt: opt,
		from: date(p.From), to: date(p.To)}
	doc := &Document{Product: product, Period: period, Bureau: opt.Bureau,
		From: p.From, To: p.To, BuiltAt: opt.Now.UTC().Truncate(time.Second)}
	switch product {
	case AirMonthly:
		doc.Title, doc.TitleEN = p.Label+"环境空气质量公报", "Air Quality Bulletin, "+p.LabelEN
	case WaterMonthly:
		doc.Title, doc.TitleEN = p.Label+"水环境质量公报", "Water Quality Bulletin, "+p.LabelEN
	default:
		doc.Title, doc.TitleEN = p.Label+"环境质量公报", "Environmental Quality Bulletin, "+p.LabelEN
	}
	if product == AirMonthly || product == Quarterly {
		s, err := b.air()
		if err != nil {
			return nil, fmt.Errorf("report %s %s: air: %w", product, period, err)
		}
		doc.Sections = append(doc.Sections, s)
	}
	if product == WaterMonthly || product == Quarterly {
		ss, err := b.water()
		if err != nil {
			return nil, fmt.Errorf("report %s %s: water: %w", product, period, err)
		}
		doc.Sections = append(doc.Sections, ss...)
	}
	if product == Quarterly {
		s, err := b.polluters()
		if err != nil {
			return nil, fmt.Errorf("report %s %s: key polluters: %w", product, period, err)
		}
		doc.Sections = append(doc.Sections, s)
		s, err = b.incidents()
		if err != nil {
			return nil, fmt.Errorf("report %s %s: incidents: %w", product, period, err)
		}
		doc.Sections = append(doc.Sections, s)
	}
	if doc.Meta, err = b.meta(); err != nil {
		return nil, fmt.Errorf("report %s %s: meta: %w", product, period, err)
	}
	for _, s := range doc.Sections {
		if len(s.Text) > 0 {
			doc.Summary = append(doc.Summary, s.Text[0])
		}
	}
	return doc, nil
}

type builder struct {
	ctx      context.Context
	db       *sql.DB
	fsys     fs.FS
	p        Period
	opt      Options
	from, to string
}

func (b *builder) q(name string, args ...any) ([]row, error) {
	return query(b.ctx, b.db, b.fsys, name, append([]any{b.from, b.to}, args...)...)
}

// periodWord is 本月 or 本季度.
func (b *builder) periodWord() string {
	if b.p.Product == Quarterly {
		return "本季度"
	}
	return "本月"
}

// ---------------------------------------------------------------- air

func (b *builder) air() (Section, error) {
	sec := Section{ID: "air", Title: "环境空气质量", TitleEN: "Ambient air quality"}
	name := "air/region_period.sql"
	if b.p.Product == AirMonthly {
		name = "air/region_month.sql"
	}
	rows, err := b.q(name, b.opt.RegionLevel)
	if err != nil {
		return sec, err
	}
	lv := b.opt.RegionLevel
	var regionCols []Column
	key := []string{"region"}
	if lv != "province" {
		regionCols = append(regionCols, Column{Key: "province", Header: "省份", HeaderEN: "Province", Type: Text})
		key = []string{"province", "region"}
	}
	regionCols = append(regionCols, Column{Key: "region", Header: levelCN[lv], HeaderEN: levelEN[lv], Type: Text})
	rank := Table{ID: "air_ranking", Title: "空气质量综合指数排名", TitleEN: "Ranking by air quality composite index", Key: key}
	rank.Columns = append([]Column{{Key: "rank", Header: "排名", HeaderEN: "Rank", Type: Int}}, regionCols...)
	rank.Columns = append(rank.Columns,
		Column{Key: "composite_index", Header: "综合指数", HeaderEN: "Composite index", Type: Decimal, Decimals: 2},
		Column{Key: "good_ratio", Header: "优良天数比例", HeaderEN: "Good-day ratio", Type: Percent, Decimals: 1},
		Column{Key: "pm25", Header: "PM2.5", HeaderEN: "PM2.5", Type: Decimal, Unit: "μg/m³"},
		Column{Key: "pm10", Header: "PM10", HeaderEN: "PM10", Type: Decimal, Unit: "μg/m³"},
		Column{Key: "o3_p90", Header: "O3日最大8小时第90百分位数", HeaderEN: "O3 MDA8 90th percentile", Type: Decimal, Unit: "μg/m³"},
		Column{Key: "no2", Header: "NO2", HeaderEN: "NO2", Type: Decimal, Unit: "μg/m³"},
		Column{Key: "so2", Header: "SO2", HeaderEN: "SO2", Type: Decimal, Unit: "μg/m³"},
		Column{Key: "co_p95", Header: "CO日均值第95百分位数", HeaderEN: "CO 24-h 95th percentile", Type: Decimal, Decimals: 1, Unit: "mg/m³"},
		Column{Key: "valid_days", Header: "有效天数", HeaderEN: "Valid days", Type: Int, Unit: "天"},
		Column{Key: "ci_change", Header: "综合指数同比变化", HeaderEN: "Composite index change y/y", Type: Decimal, Decimals: 1, Unit: "%"},
		Column{Key: "pm25_change", Header: "PM2.5同比变化", HeaderEN: "PM2.5 change y/y", Type: Decimal, Decimals: 1, Unit: "%"},
		Column{Key: "good_ratio_change", Header: "优良天数比例同比变化", HeaderEN: "Good-day ratio change y/y", Type: Decimal, Decimals: 1, Unit: "百分点"},
	)
	levels := Table{ID: "air_levels", Title: "空气质量级别天数", TitleEN: "Days per AQI level", Key: key}
	levels.Columns = append(append([]Column{}, regionCols...),
		Column{Key: "valid_days", Header: "有效天数", HeaderEN: "Valid days", Type: Int, Unit: "天"},
		Column{Key: "days_l1", Header: "优", HeaderEN: "Excellent", Type: Int, Unit: "天"},
		Column{Key: "days_l2", Header: "良", HeaderEN: "Good", Type: Int, Unit: "天"},
		Column{Key: "days_l3", Header: "轻度污染", HeaderEN: "Lightly polluted", Type: Int, Unit: "天"},
		Column{Key: "days_l4", Header: "中度污染", HeaderEN: "Moderately polluted", Type: Int, Unit: "天"},
		Column{Key: "days_l5", Header: "重度污染", HeaderEN: "Heavily polluted", Type: Int, Unit: "天"},
		Column{Key: "days_l6", Header: "严重污染", HeaderEN: "Severely polluted", Type: Int, Unit: "天"},
	)
	nInvalid, nLY := 0, 0
	var ratioSum float64
	var nRatio int
	for _, r := range rows {
		var reg []Cell
		if lv != "province" {
			reg = append(reg, textCell(r.str("province")))
		}
		reg = append(reg, textCell(r.str("region")))
		cells := append([]Cell{intCell(r, "rank")}, reg...)
		cells = append(cells, decCell(r, "composite_index", 2), pctCell(r, "good_ratio", 1),
			decCell(r, "pm25", 0), decCell(r, "pm10", 0), decCell(r, "o3_p90", 0),
			decCell(r, "no2", 0), decCell(r, "so2", 0), decCell(r, "co_p95", 1), intCell(r, "valid_days"))
		ci, okCI := r.num("composite_index")
		ciLY, okCILY := r.num("ci_ly")
		pm, okPM := r.num("pm25")
		pmLY, okPMLY := r.num("pm25_ly")
		gr, okGR := r.num("good_ratio")
		grLY, okGRLY := r.num("good_ratio_ly")
		validLY, _ := r.boolean("valid_ly")
		change := func(now, ly float64, okNow, okLY, relative bool) Cell {
			switch {
			case !okLY:
				return Cell{Note: "上年同期无数据"}
			case !okNow:
				return Cell{Note: noteMissing}
			case relative && ly == 0:
				return Cell{Note: "上年同期为0，无法计算变化率"}
			}
			v := now - ly
			if relative {
				v = v / ly * 100
			}
			c := Cell{Value: round8170(v, 1)}
			if !validLY {
				c.Invalid, c.Note = true, "上年同期统计未达到有效性要求"
			}
			return c
		}
		if okCILY {
			nLY++
		}
		cells = append(cells, change(ci, ciLY, okCI, okCILY, true), change(pm, pmLY, okPM, okPMLY, true),
			change(gr, grLY, okGR, okGRLY, false))
		lcells := append(append([]Cell{}, reg...), intCell(r, "valid_days"),
			intCell(r, "days_l1"), intCell(r, "days_l2"), intCell(r, "days_l3"),
			intCell(r, "days_l4"), intCell(r, "days_l5"), intCell(r, "days_l6"))
		if valid, _ := r.boolean("valid"); !valid {
			nInvalid++
			note := r.str("validity_note")
			if note == "" {
				note = "未达到有效性要求"
			}
			markInvalid(cells, rank.Columns, note)
			markInvalid(lcells, levels.Columns, note)
			// the validity of valid_days itself is not in question
			for i, c := range rank.Columns {
				if c.Key == "valid_days" {
					cells[i].Invalid, cells[i].Note = false, ""
				}
			}
			for i, c := range levels.Columns {
				if c.Key == "valid_days" {
					lcells[i].Invalid, lcells[i].Note = false, ""
				}
			}
		} else if okGR {
			ratioSum += gr
			nRatio++
		}
		rank.Rows = append(rank.Rows, cells)
		levels.Rows = append(levels.Rows, lcells)
	}
	rank.Notes = []string{daggerAir,
		"综合指数按 HJ 663 以本期 SO2、NO2、PM10、PM2.5 均值及 CO 第95百分位数、O3 日最大8小时第90百分位数计算，各项除以所执行标准的相应限值后求和；数值越小空气质量越好，并列者排名相同。",
		noteLY}
	if b.p.Product == Quarterly {
		rank.Notes = append(rank.Notes, "季度统计以季内全部有效日计算（均值、百分位数、优良天数比例），不是三个月数值的平均。")
	}
	levels.Notes = []string{daggerAir, "级别按 HJ 633 日 AQI 划分：优 0–50，良 51–100，轻度污染 101–150，中度污染 151–200，重度污染 201–300，严重污染 >300。"}
	sec.Tables = []Table{rank, levels}
	sec.Charts = []Chart{
		{ID: "air_ranking_bar", Kind: "bar", Title: "综合指数排名", TitleEN: "Composite index by region", Table: "air_ranking", X: "region", Series: []string{"composite_index"}},
		{ID: "air_levels_bar", Kind: "bar", Title: "各级别天数", TitleEN: "Days per AQI level", Table: "air_levels", X: "region",
			Series: []string{"days_l1", "days_l2", "days_l3", "days_l4", "days_l5", "days_l6"}},
	}
	sec.Text = b.airText(rows, nInvalid, nLY, ratioSum, nRatio)
	return sec, nil
}

func (b *builder) airText(rows []row, nInvalid, nLY int, ratioSum float64, nRatio int) []string {
	pw, lv := b.periodWord(), levelCN[b.opt.RegionLevel]
	if len(rows) == 0 {
		return []string{pw + "无环境空气质量监测数据。"}
	}
	var out []string
	if len(rows) == 1 {
		r := rows[0]
		s := pw + r.str("region")
		if gr, ok := r.num("good_ratio"); ok {
			s += "优良天数比例为" + fmtNum(gr, 1) + "%"
			if ly, ok := r.num("good_ratio_ly"); ok {
				d := round8170(gr-ly, 1)
				switch {
				case d > 0:
					s += "，同比上升" + fmtNum(d, 1) + "个百分点"
				case d < 0:
					s += "，同比下降" + fmtNum(-d, 1) + "个百分点"
				default:
					s += "，与上年同期持平"
				}
			}
		}
		if ci, ok := r.num("composite_index"); ok {
			s += "；综合指数为" + fmtNum(ci, 2)
		}
		out = append(out, s+"。")
	} else {
		ranked := 0
		for _, r := range rows {
			if _, ok := r.num("composite_index"); ok {
				ranked++
			}
		}
		s := fmt.Sprintf("%s共%d个%s参与综合指数排名", pw, ranked, lv)
		if ranked > 0 {
			first, last := rows[0], rows[ranked-1]
			s += fmt.Sprintf("，综合指数最低（空气质量相对最好）的是%s（%s），最高的是%s（%s）",
				first.str("region"), fmtNum(mustNum(first, "composite_index"), 2),
				last.str("region"), fmtNum(mustNum(last, "composite_index"), 2))
		}
		out = append(out, s+"。")
		if nRatio > 0 {
			out = append(out, fmt.Sprintf("统计有效的%d个%s优良天数比例平均为%s%%。", nRatio, lv, fmtNum(round8170(ratioSum/float64(nRatio), 1), 1)))
		}
	}
	if nInvalid > 0 {
		out = append(out, fmt.Sprintf("%d个%s的有效监测天数不满足统计要求，相关数值以 † 标注，仅供参考。", nInvalid, lv))
	}
	if nLY == 0 {
		out = append(out, "上年同期无可比数据，未计算同比变化。")
	}
	return out
}

func mustNum(r row, k string) float64 {
	v, _ := r.num(k)
	return v
}

// ---------------------------------------------------------------- water

var drinkingLevelCN = map[string]string{"city": "地级及以上", "county": "县级", "township": "乡镇"}

func (b *builder) water() ([]Section, error) {
	nMonths := int64(len(b.p.Months))
	// drinking-water sources
	drink := Section{ID: "water-drinking", Title: "集中式饮用水水源地", TitleEN: "Drinking-water sources"}
	rows, err := b.q("water/drinking.sql")
	if err != nil {
		return nil, err
	}
	t := Table{ID: "water_drinking", Title: "饮用水水源地达标情况", TitleEN: "Drinking-water source compliance", Key: []string{"site_code"},
		Columns: []Column{
			{Key: "site_code", Header: "水源地编码", HeaderEN: "Source code", Type: Text},
			{Key: "name", Header: "水源地名称", HeaderEN: "Source", Type: Text},
			{Key: "county", Header: "区县", HeaderEN: "County", Type: Text},
			{Key: "drinking_level", Header: "级别", HeaderEN: "Level", Type: Text},
			{Key: "months_evaluated", Header: "评价月数", HeaderEN: "Months evaluated", Type: Int},
			{Key: "months_compliant", Header: "达标月数", HeaderEN: "Months compliant", Type: Int},
			{Key: "compliance", Header: "达标率", HeaderEN: "Compliance rate", Type: Percent, Decimals: 1},
			{Key: "worst_class", Header: "最差水质类别", HeaderEN: "Worst class", Type: Text},
			{Key: "failing_items", Header: "超标项目", HeaderEN: "Failing items", Type: Text},
		},
		Notes: []string{daggerWater,
			"达标：当月水质类别为Ⅲ类及以上，且 GB 3838 表2补充项目均不超过限值；达标率 = 达标月数 / 评价月数。",
			"超标项目括号内为超标倍数 (C−S)/S（pH、溶解氧不计算倍数）。"}}
	var evalSum, compSum int64
	nSources, nAll := 0, 0
	var bad []string
	for _, r := range rows {
		ev, _ := r.int("months_evaluated")
		co, _ := r.int("months_compliant")
		inv, _ := r.int("months_invalid")
		evalSum += ev
		compSum += co
		nSources++
		share := shareCell(float64(co)/float64(ev), ev > 0, 1)
		if ev < nMonths || inv > 0 {
			share.Invalid = share.Value != nil
			share.Note = fmt.Sprintf("本期应评价%d个月，有效评价%d个月", nMonths, ev)
		}
		if ev > 0 && co == ev {
			nAll++
		} else if ev > 0 {
			bad = append(bad, r.str("name"))
		}
		t.Rows = append(t.Rows, []Cell{textCell(r.str("site_code")), textCell(r.str("name")), textCell(r.str("county")),
			textCell(drinkingLevelCN[r.str("drinking_level")]), intValue(ev), intValue(co), share,
			textCell(r.str("worst_class_label")), textCell(r.str("failing_items"))})
	}
	drink.Tables = []Table{t}
	pw := b.periodWord()
	if nSources == 0 {
		drink.Text = []string{pw + "无集中式饮用水水源地监测数据。"}
	} else {
		s := fmt.Sprintf("%s监测集中式饮用水水源地%d个，按月次计达标率为%s", pw, nSources, fmtPct(round8170(float64(compSum)/float64(max(evalSum, 1)), 3), 1))
		if len(bad) == 0 {
			s += "，全部水源地各月均达标。"
		} else {
			s += fmt.Sprintf("；%d个水源地全部月份达标，未达标的有%s。", nAll, strings.Join(bad, "、"))
		}
		drink.Text = []string{s}
	}

	// surface water
	surf := Section{ID: "water-surface", Title: "地表水环境质量", TitleEN: "Surface water quality"}
	lv := b.opt.RegionLevel
	rows, err = b.q("water/class_shares.sql", lv)
	if err != nil {
		return nil, err
	}
	key := []string{"province", "region"}
	shares := Table{ID: "water_class_shares", Title: "地表水断面水质类别比例", TitleEN: "Surface-water class shares", Key: key,
		Columns: []Column{
			{Key: "province", Header: "省份", HeaderEN: "Province", Type: Text},
			{Key: "region", Header: levelCN[lv], HeaderEN: levelEN[lv], Type: Text},
			{Key: "n_site_months", Header: "评价断面月次", HeaderEN: "Site-months assessed", Type: Int},
			{Key: "n_1_3", Header: "Ⅰ–Ⅲ类", HeaderEN: "Class I–III", Type: Int},
			{Key: "n_4_5", Header: "Ⅳ–Ⅴ类", HeaderEN: "Class IV–V", Type: Int},
			{Key: "n_6", Header: "劣Ⅴ类", HeaderEN: "Worse than V", Type: Int},
			{Key: "share_1_3", Header: "Ⅰ–Ⅲ类比例", HeaderEN: "Share I–III", Type: Percent, Decimals: 1},
			{Key: "share_4_5", Header: "Ⅳ–Ⅴ类比例", HeaderEN: "Share IV–V", Type: Percent, Decimals: 1},
			{Key: "share_6", Header: "劣Ⅴ类比例", HeaderEN: "Share worse than V", Type: Percent, Decimals: 1},
		},
		Notes: []string{daggerWater,
			"按评价（考核）断面的月度水质类别统计，一个断面每月计一次（断面月次）；季度比例为季内各月断面月次的比例。",
			"“合计”为表中全部" + levelCN[lv] + "之和。"}}
	var total row
	for _, r := range rows {
		if r.str("region") == "合计" && r["province"] == nil {
			total = r
		}
		n, _ := r.num("n_site_months")
		cells := []Cell{textCell(r.str("province")), textCell(r.str("region")), intCell(r, "n_site_months"),
			intCell(r, "n_1_3"), intCell(r, "n_4_5"), intCell(r, "n_6")}
		for _, k := range []string{"share_1_3", "share_4_5", "share_6"} {
			v, ok := r.num(k)
			cells = append(cells, shareCell(v, ok && n > 0, 1))
		}
		if m, _ := r.int("months"); m < nMonths {
			markInvalid(cells, shares.Columns, fmt.Sprintf("本期%d个月中仅%d个月有有效断面数据", nMonths, m))
		}
		shares.Rows = append(shares.Rows, cells)
	}
	classTotal := Table{ID: "water_class_total", Title: "地表水水质类别构成", TitleEN: "Surface-water class composition", Key: []string{"class"},
		Columns: []Column{
			{Key: "class", Header: "水质类别", HeaderEN: "Class", Type: Text},
			{Key: "n_site_months", Header: "断面月次", HeaderEN: "Site-months", Type: Int},
			{Key: "share", Header: "比例", HeaderEN: "Share", Type: Percent, Decimals: 1},
		},
		Notes: []string{"由上表“合计”行得出。"}}
	if total != nil {
		n, _ := total.num("n_site_months")
		for _, c := range []struct{ label, nk, sk string }{{"Ⅰ–Ⅲ类", "n_1_3", "share_1_3"}, {"Ⅳ–Ⅴ类", "n_4_5", "share_4_5"}, {"劣Ⅴ类", "n_6", "share_6"}} {
			v, ok := total.num(c.sk)
			classTotal.Rows = append(classTotal.Rows, []Cell{textCell(c.label), intCell(total, c.nk), shareCell(v, ok && n > 0, 1)})
		}
	}
	rows, err = b.q("water/cwqi.sql", lv)
	if err != nil {
		return nil, err
	}
	cwqi := Table{ID: "water_cwqi", Title: "城市水质指数排名", TitleEN: "Water quality index (CWQI) ranking", Key: key,
		Columns: []Column{
			{Key: "rank", Header: "排名", HeaderEN: "Rank", Type: Int},
			{Key: "province", Header: "省份", HeaderEN: "Province", Type: Text},
			{Key: "region", Header: levelCN[lv], HeaderEN: levelEN[lv], Type: Text},
			{Key: "cwqi", Header: "水质指数(CWQI)", HeaderEN: "CWQI", Type: Decimal, Decimals: 2},
			{Key: "n_sites", Header: "评价断面数", HeaderEN: "Sites", Type: Int},
			{Key: "cwqi_ly", Header: "上年同期CWQI", HeaderEN: "CWQI same period last year", Type: Decimal, Decimals: 2},
			{Key: "change_pct", Header: "同比变化", HeaderEN: "Change y/y", Type: Decimal, Decimals: 1, Unit: "%"},
		},
		Notes: []string{daggerWater,
			"水质指数按环办监测〔2017〕51号计算（河流、湖库分别计算后按断面数加权），数值越小水质越好；季度值为季内各月指数的平均。变化率大于0表示水质变差。",
			noteLY}}
	for _, r := range rows {
		cells := []Cell{intCell(r, "rank"), textCell(r.str("province")), textCell(r.str("region")),
			decCell(r, "cwqi", 2), intCell(r, "n_sites"), decCell(r, "cwqi_ly", 2), decCell(r, "change_pct", 1)}
		if _, ok := r.num("cwqi_ly"); !ok {
			cells[5].Note, cells[6].Note = "上年同期无数据", "上年同期无数据"
		}
		if m, _ := r.int("months"); m < nMonths {
			markInvalid(cells, cwqi.Columns, fmt.Sprintf("本期%d个月中仅%d个月有水质指数", nMonths, m))
		}
		cwqi.Rows = append(cwqi.Rows, cells)
	}
	surf.Tables = []Table{shares, classTotal, cwqi}
	surf.Charts = []Chart{
		{ID: "water_class_pie", Kind: "pie", Title: "水质类别构成", TitleEN: "Class composition", Table: "water_class_total", X: "class", Series: []string{"share"}},
		{ID: "water_cwqi_bar", Kind: "bar", Title: "水质指数排名", TitleEN: "CWQI ranking", Table: "water_cwqi", X: "region", Series: []string{"cwqi"}},
	}
	if total == nil {
		surf.Text = []string{pw + "无地表水评价断面的有效监测数据。"}
	} else {
		n, _ := total.int("n_site_months")
		s13, _ := total.num("share_1_3")
		s6, _ := total.num("share_6")
		txt := fmt.Sprintf("%s地表水评价断面共%d个断面月次，水质优良（Ⅰ–Ⅲ类）比例为%s，劣Ⅴ类比例为%s", pw, n, fmtPct(round8170(s13, 3), 1), fmtPct(round8170(s6, 3), 1))
		if len(rows) > 0 {
			if _, ok := rows[0].num("cwqi"); ok {
				txt += fmt.Sprintf("；水质指数最好的%s为%s（%s）", levelCN[lv], rows[0].str("region"), fmtNum(mustNum(rows[0], "cwqi"), 2))
			}
		}
		surf.Text = []string{txt + "。"}
	}
	return []Section{drink, surf}, nil
}

// ---------------------------------------------------------------- polluters

func (b *builder) polluters() (Section, error) {
	sec := Section{ID: "polluters", Title: "重点排污单位", TitleEN: "Key polluting enterprises"}
	rows, err := b.q("polluters/noncompliant.sql")
	if err != nil {
		return sec, err
	}
	t := Table{ID: "polluter_noncompliant", Title: "超标排放企业名单", TitleEN: "Enterprises exceeding emission limits",
		Key: []string{"enterprise_id", "outlet_code", "pollutant"},
		Columns: []Column{
			{Key: "enterprise_id", Header: "企业编码", HeaderEN: "Enterprise ID", Type: Text},
			{Key: "enterprise_name", Header: "企业名称", HeaderEN: "Enterprise", Type: Text},
			{Key: "city", Header: "城市", HeaderEN: "City", Type: Text},
			{Key: "county", Header: "区县", HeaderEN: "County", Type: Text},
			{Key: "outlet_code", Header: "排放口编码", HeaderEN: "Outlet code", Type: Text},
			{Key: "outlet_name", Header: "排放口", HeaderEN: "Outlet", Type: Text},
			{Key: "pollutant", Header: "污染物代码", HeaderEN: "Pollutant code", Type: Text},
			{Key: "pollutant_name", Header: "污染物", HeaderEN: "Pollutant", Type: Text},
			{Key: "exceed_hours", Header: "超标小时数", HeaderEN: "Hours over limit", Type: Int, Unit: "小时"},
			{Key: "exceed_days", Header: "超标天数", HeaderEN: "Days over daily limit", Type: Int, Unit: "天"},
			{Key: "max_multiple", Header: "最大超标倍数", HeaderEN: "Max multiple over limit", Type: Decimal, Decimals: 2},
			{Key: "limit", Header: "排放限值", HeaderEN: "Limit", Type: Text},
			{Key: "completeness", Header: "数据有效率", HeaderEN: "Data completeness", Type: Percent, Decimals: 1},
			{Key: "data_source", Header: "数据来源", HeaderEN: "Data source", Type: Text},
		},
		Notes: []string{"超标判定只使用标记为 N（正常）的有效小时值；废气按折算浓度小时均值、废水按日均值与排放口许可限值比较，等于限值不算超标。",
			"超标倍数 = (C−L)/L；超标天数为排放口超过日均限值的天数。数据有效率 = 有效小时数 / 应有（非停运）小时数。",
			"数据来源为“生成”的记录来自演示用生成数据，不是实测数据。"}}
	ents := map[string]bool{}
	var hours int64
	for _, r := range rows {
		ents[r.str("enterprise_id")] = true
		h, _ := r.int("exceed_hours")
		hours += h
		lim := ""
		if v, ok := r.num("limit_value"); ok {
			lim = fmtLimit(v) + " " + r.str("unit")
			if r.str("limit_basis") == "avg_daily" {
				lim += "（日均值）"
			} else {
				lim += "（小时均值）"
			}
			if s := r.str("standard_name"); s != "" {
				lim += " " + s
			}
		}
		src := "实测"
		if g, _ := r.boolean("generated"); g {
			src = "生成"
		}
		comp := Cell{Note: noteMissing}
		if v, ok := r.num("completeness"); ok {
			comp = Cell{Value: round8170(v, 3)}
		}
		t.Rows = append(t.Rows, []Cell{textCell(r.str("enterprise_id")), textCell(r.str("enterprise_name")), textCell(r.str("city")),
			textCell(r.str("county")), textCell(r.str("outlet_code")), textCell(r.str("outlet_name")), textCell(r.str("pollutant")),
			textCell(r.str("pollutant_name")), intCell(r, "exceed_hours"), intCell(r, "exceed_days"), decCell(r, "max_multiple", 2),
			textCell(lim), comp, textCell(src)})
	}
	sec.Tables = []Table{t}
	sec.Charts = []Chart{}
	if len(rows) == 0 {
		sec.Text = []string{b.periodWord() + "重点排污单位自动监测数据未发现超标排放。"}
	} else {
		sec.Text = []string{fmt.Sprintf("%s共%d家重点排污单位的%d个排放口污染物项目出现超标，累计超标%d小时。",
			b.periodWord(), len(ents), len(rows), hours)}
	}
	return sec, nil
}

func fmtLimit(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}

// ---------------------------------------------------------------- incidents

func (b *builder) incidents() (Section, error) {
	sec := Section{ID: "incidents", Title: "突发环境事件", TitleEN: "Environmental emergencies"}
	rows, err := b.q("incidents/counts.sql")
	if err != nil {
		return sec, err
	}
	mk := func(id, title, titleEN, header, headerEN string) Table {
		return Table{ID: id, Title: title, TitleEN: titleEN, Key: []string{"category"},
			Columns: []Column{
				{Key: "category", Header: header, HeaderEN: headerEN, Type: Text},
				{Key: "count", Header: "事件数", HeaderEN: "Incidents", Type: Int, Unit: "起"},
			},
			Notes: []string{"仅统计已公开（去标识化）的事件记录；级别为公开级别（有认定级别的用认定级别，否则按 GB/T 标准分级推算）。"}}
	}
	tables := map[string]*Table{}
	tl := mk("incident_level", "突发环境事件按级别统计", "Incidents by level", "事件级别", "Level")
	tc := mk("incident_county", "突发环境事件按区县统计", "Incidents by county", "区县", "County")
	tt := mk("incident_type", "突发环境事件按类型统计", "Incidents by type", "事件类型", "Type")
	tables["level"], tables["county"], tables["type"] = &tl, &tc, &tt
	var total int64
	var parts []string
	for _, r := range rows {
		t := tables[r.str("dimension")]
		if t == nil {
			continue
		}
		n, _ := r.int("count")
		if r.str("dimension") == "county" {
			total += n
		}
		if r.str("dimension") == "level" && n > 0 {
			parts = append(parts, fmt.Sprintf("%s%d起", r.str("category"), n))
		}
		t.Rows = append(t.Rows, []Cell{textCell(r.str("category")), intValue(n)})
	}
	sec.Tables = []Table{tl, tc, tt}
	sec.Charts = []Chart{
		{ID: "incident_level_pie", Kind: "pie", Title: "事件级别构成", TitleEN: "Incidents by level", Table: "incident_level", X: "category", Series: []string{"count"}},
		{ID: "incident_type_bar", Kind: "bar", Title: "事件类型", TitleEN: "Incidents by type", Table: "incident_type", X: "category", Series: []string{"count"}},
	}
	if total == 0 {
		sec.Text = []string{b.periodWord() + "未发生突发环境事件。"}
	} else {
		sec.Text = []string{fmt.Sprintf("%s共发生突发环境事件%d起，其中%s。", b.periodWord(), total, strings.Join(parts, "，"))}
	}
	return sec, nil
}

// ---------------------------------------------------------------- meta

var completenessNote = map[string]string{
	"air":       "站点小时数：应有 = 期内在册站点数 × 期内小时数；实有 = 已接收的站点小时记录（含缺测项）。",
	"water":     "断面月数：应有 = 期内在册且近12个月有监测的断面数 × 月数；实有 = 有监测数据的断面月数。",
	"polluters": "排放口污染物小时数：应有 = 有限值的排放口污染物日数 × 24；实有 = 已接收的小时记录（含各类标记）。",
	"incidents": "事件记录：应有 = 登记的事件数；实有 = 已生成公开（去标识化）记录的事件数。",
}

func (b *builder) meta() (Meta, error) {
	var m Meta
	want := map[string]bool{}
	order := productDatasets(b.p.Product)
	for _, d := range order {
		want[d] = true
	}
	rows, err := b.q("meta/completeness.sql")
	if err != nil {
		return m, err
	}
	byDS := map[string]row{}
	for _, r := range rows {
		byDS[r.str("dataset")] = r
	}
	for _, d := range order {
		r := byDS[d]
		e, _ := r.int("expected")
		p, _ := r.int("present")
		c := Completeness{Dataset: d, Expected: e, Present: p, Note: completenessNote[d]}
		if e > 0 {
			c.Share = round8170(float64(p)/float64(e), 4)
		}
		m.Completeness = append(m.Completeness, c)
	}
	rows, err = b.q("meta/standards.sql")
	if err != nil {
		return m, err
	}
	seen := map[string]bool{}
	m.Standards = []string{}
	for _, r := range rows {
		v := r.str("version")
		if want[r.str("dataset")] && !seen[v] {
			seen[v] = true
			m.Standards = append(m.Standards, v)
		}
	}
	sort.Strings(m.Standards)
	rows, err = b.q("meta/input_files.sql")
	if err != nil {
		return m, err
	}
	ids := map[int64]bool{}
	m.InputFiles = []int64{}
	for _, r := range rows {
		id, ok := r.int("file_id")
		if ok && want[r.str("dataset")] && !ids[id] {
			ids[id] = true
			m.InputFiles = append(m.InputFiles, id)
		}
	}
	sort.Slice(m.InputFiles, func(i, j int) bool { return m.InputFiles[i] < m.InputFiles[j] })
	return m, nil
}
