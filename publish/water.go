package publish

// Surface water pages (水环境质量月报): one page per month with the
// drinking-water source compliance, the class distribution and CWQI ranking
// of the regions and the list of sections, and one page per site with the
// monthly means against the class limits and its samples. They read the
// results of transform/water (water_site_month, water_site_month_item,
// water_region_month, water_sample_class) and never fail on empty tables:
// a bureau without water data gets a "暂无数据 / No data yet" index.

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

type waterSiteMonth struct {
	Code                                string
	Month                               time.Time
	Name, Province, City, County, Basin string
	River, WaterBody, Network           string
	NSamples                            int64
	Class                               sql.NullInt64
	ClassLabel, Status, WorstItems      string
	ExceedBasis                         int64
	Exceeding                           string
	MeetsTarget                         sql.NullBool
	Assessed                            bool
	Target                              sql.NullInt64
	Drinking                            bool
	DrinkingLevel                       string
	DrinkingOK                          sql.NullBool
	CWQI                                sql.NullFloat64
	Rank                                sql.NullInt64
	CWQILast, Change                    sql.NullFloat64
	Valid                               bool
	Std                                 string
}

type waterSite struct {
	Code, Name, Province, City, County, Basin, River, WaterBody string
	Drinking                                                    bool
	DrinkingLevel                                               string
	Assessed                                                    bool
	Target                                                      sql.NullInt64
	Network                                                     string
}

type waterRegionMonth struct {
	Level, Region, Province string
	Month                   time.Time
	NSites, N13, N45, N6    int64
	S13, S45, S6            sql.NullFloat64
	Method                  string
	Class                   sql.NullInt64
	Status                  string
	NDrinking, NDrinkingOK  int64
	DrinkingShare, CWQI     sql.NullFloat64
	Rank                    sql.NullInt64
	CWQILast, Change        sql.NullFloat64
	Std                     string
}

type waterItem struct {
	Month     time.Time
	Param     string
	N, NBelow int64
	Mean      sql.NullFloat64
	AllBelow  bool
	Class     sql.NullInt64
	Exceeds   sql.NullBool
}

type waterSample struct {
	At                time.Time
	Class             sql.NullInt64
	Label, Worst      string
	NItems, NExpected int64
	Reported          sql.NullInt64
	Exceeding         string
}

type waterLimit struct {
	Std, Param, Body string
	Class            int64
	Dir              string
	Lo, Hi           sql.NullFloat64
}

type waterParam struct {
	Code, ZH, EN, Unit string
	Decimals           int
}

// waterData is everything the water pages show, read in a few bulk queries.
type waterData struct {
	Months     []time.Time                   // newest first
	ByMonth    map[string][]waterSiteMonth   // "2006-01" -> sites of the month
	BySite     map[string][]waterSiteMonth   // site -> months, oldest first
	Regions    map[string][]waterRegionMonth // "2006-01" -> regions
	Sites      []waterSite
	Items      map[string][]waterItem   // site -> items, by month then parameter
	Samples    map[string][]waterSample // site -> samples, newest first
	Limits     []waterLimit
	Params     map[string]waterParam
	GenSite    map[string]bool // site with generated (demo) rows
	GenMonth   map[string]bool // month with generated (demo) rows
	GenSiteMon map[string]bool // site + "|" + month
}

func loadWater(ctx context.Context, db *sql.DB) (*waterData, error) {
	w := &waterData{
		ByMonth: map[string][]waterSiteMonth{}, BySite: map[string][]waterSiteMonth{},
		Regions: map[string][]waterRegionMonth{}, Items: map[string][]waterItem{},
		Samples: map[string][]waterSample{}, Params: map[string]waterParam{},
		GenSite: map[string]bool{}, GenMonth: map[string]bool{}, GenSiteMon: map[string]bool{},
	}
	months := map[string]time.Time{}
	if err := queryRows(ctx, db, "water_site_months", nil, func(r *sql.Rows) error {
		var m waterSiteMonth
		if err := r.Scan(&m.Code, &m.Month, &m.Name, &m.Province, &m.City, &m.County, &m.Basin, &m.River,
			&m.WaterBody, &m.Network, &m.NSamples, &m.Class, &m.ClassLabel, &m.Status, &m.WorstItems, &m.ExceedBasis,
			&m.Exceeding, &m.MeetsTarget, &m.Assessed, &m.Target, &m.Drinking, &m.DrinkingLevel, &m.DrinkingOK,
			&m.CWQI, &m.Rank, &m.CWQILast, &m.Change, &m.Valid, &m.Std); err != nil {
			return err
		}
		k := fmtMonth(m.Month)
		months[k] = m.Month
		w.ByMonth[k] = append(w.ByMonth[k], m)
		w.BySite[m.Code] = append(w.BySite[m.Code], m)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "water_region_months", nil, func(r *sql.Rows) error {
		var g waterRegionMonth
		if err := r.Scan(&g.Level, &g.Region, &g.Province, &g.Month, &g.NSites, &g.N13, &g.N45, &g.N6,
			&g.S13, &g.S45, &g.S6, &g.Method, &g.Class, &g.Status, &g.NDrinking, &g.NDrinkingOK, &g.DrinkingShare,
			&g.CWQI, &g.Rank, &g.CWQILast, &g.Change, &g.Std); err != nil {
			return err
		}
		k := fmtMonth(g.Month)
		months[k] = g.Month
		w.Regions[k] = append(w.Regions[k], g)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, m := range months {
		w.Months = append(w.Months, m)
	}
	slices.SortFunc(w.Months, func(a, b time.Time) int { return b.Compare(a) })
	if err := queryRows(ctx, db, "water_sites", nil, func(r *sql.Rows) error {
		var s waterSite
		if err := r.Scan(&s.Code, &s.Name, &s.Province, &s.City, &s.County, &s.Basin, &s.River, &s.WaterBody,
			&s.Drinking, &s.DrinkingLevel, &s.Assessed, &s.Target, &s.Network); err != nil {
			return err
		}
		w.Sites = append(w.Sites, s)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "water_site_items", nil, func(r *sql.Rows) error {
		var code string
		var it waterItem
		if err := r.Scan(&code, &it.Month, &it.Param, &it.N, &it.NBelow, &it.Mean, &it.AllBelow, &it.Class, &it.Exceeds); err != nil {
			return err
		}
		w.Items[code] = append(w.Items[code], it)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "water_samples", nil, func(r *sql.Rows) error {
		var code string
		var s waterSample
		if err := r.Scan(&code, &s.At, &s.Class, &s.Label, &s.Worst, &s.NItems, &s.NExpected, &s.Reported, &s.Exceeding); err != nil {
			return err
		}
		w.Samples[code] = append(w.Samples[code], s)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "water_limits", nil, func(r *sql.Rows) error {
		var l waterLimit
		if err := r.Scan(&l.Std, &l.Param, &l.Body, &l.Class, &l.Dir, &l.Lo, &l.Hi); err != nil {
			return err
		}
		w.Limits = append(w.Limits, l)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "water_parameters", nil, func(r *sql.Rows) error {
		var p waterParam
		if err := r.Scan(&p.Code, &p.ZH, &p.EN, &p.Unit, &p.Decimals); err != nil {
			return err
		}
		w.Params[p.Code] = p
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryRows(ctx, db, "water_generated", nil, func(r *sql.Rows) error {
		var code string
		var m time.Time
		if err := r.Scan(&code, &m); err != nil {
			return err
		}
		w.GenSite[code] = true
		w.GenMonth[fmtMonth(m)] = true
		w.GenSiteMon[code+"|"+fmtMonth(m)] = true
		return nil
	}); err != nil {
		return nil, err
	}
	return w, nil
}

// --- water classes -----------------------------------------------------------

// waterClass is a GB 3838 class (1..6, 6 = 劣Ⅴ) with the status word of the
// 2011 evaluation method. The colours (assets/style.css .wc1…wc6) follow
// the conventional blue / green / yellow / orange / red of the class maps,
// chosen so that the text on them has a contrast of at least 4.5:1.
type waterClass struct {
	N                int
	Label, LabelEN   string
	Status, StatusEN string
	Color, Ink       string
}

func waterClasses() []waterClass {
	return []waterClass{
		{1, "Ⅰ", "Class I", "优", "Excellent", "#1565C0", "#FFFFFF"},
		{2, "Ⅱ", "Class II", "优", "Excellent", "#64B5F6", "#000000"},
		{3, "Ⅲ", "Class III", "良好", "Good", "#43A047", "#000000"},
		{4, "Ⅳ", "Class IV", "轻度污染", "Lightly polluted", "#FDD835", "#000000"},
		{5, "Ⅴ", "Class V", "中度污染", "Moderately polluted", "#FB8C00", "#000000"},
		{6, "劣Ⅴ", "Worse than class V", "重度污染", "Heavily polluted", "#C62828", "#FFFFFF"},
	}
}

// waterClassOf returns the class n, or nil when unknown.
func waterClassOf(n sql.NullInt64) *waterClass {
	if !n.Valid || n.Int64 < 1 || n.Int64 > 6 {
		return nil
	}
	c := waterClasses()[n.Int64-1]
	return &c
}

// statusClass maps a status word (of a site or a region) to the class whose
// colour it is shown in: 优 blue, 良好 green, then yellow, orange, red.
func statusClass(s string) int {
	switch s {
	case "优":
		return 2
	case "良好":
		return 3
	case "轻度污染":
		return 4
	case "中度污染":
		return 5
	case "重度污染":
		return 6
	}
	return 0
}

func statusEN(s string) string {
	for _, c := range waterClasses() {
		if c.Status == s {
			return c.StatusEN
		}
	}
	return ""
}

func classLabel(n sql.NullInt64) string {
	if c := waterClassOf(n); c != nil {
		return c.Label
	}
	return ""
}

func drinkingLevelLabel(l string) (zh, en string) {
	switch l {
	case "city":
		return "地级城市", "City"
	case "county":
		return "县级城市", "County"
	case "township":
		return "乡镇", "Township"
	}
	return l, l
}

func waterBodyLabel(b string) (zh, en string) {
	switch b {
	case "river":
		return "河流", "River"
	case "lake":
		return "湖库", "Lake / reservoir"
	}
	return "", ""
}

func yesNo(b sql.NullBool) string {
	if !b.Valid {
		return ""
	}
	if b.Bool {
		return "是"
	}
	return "否"
}

// paramOrder is the display order of the common items; others follow by code.
var paramOrder = []string{"water_temp", "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "cu", "zn", "fluoride",
	"se", "as", "hg", "cd", "cr6", "pb", "cyanide", "phenol", "petroleum", "las", "sulfide", "fecal_coliform"}

func sortParams(ps []string) {
	pos := func(p string) int {
		if i := slices.Index(paramOrder, p); i >= 0 {
			return i
		}
		return len(paramOrder)
	}
	slices.SortFunc(ps, func(a, b string) int {
		if c := cmp.Compare(pos(a), pos(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
}

func (w *waterData) param(code string) waterParam {
	if p, ok := w.Params[code]; ok {
		return p
	}
	return waterParam{Code: code, ZH: code, EN: code, Decimals: 3}
}

// itemNames turns "tp,nh3n" into "总磷、氨氮".
func (w *waterData) itemNames(codes string) string {
	if codes == "" {
		return ""
	}
	var out []string
	for _, c := range strings.Split(codes, ",") {
		out = append(out, w.param(strings.TrimSpace(c)).ZH)
	}
	return strings.Join(out, "、")
}

// limit returns the class limit row for a parameter, water body and class.
func (w *waterData) limit(std, param, body string, class int64) (waterLimit, bool) {
	if body == "" {
		body = "river"
	}
	for _, l := range w.Limits {
		if l.Std == std && l.Param == param && l.Class == class && (l.Body == "any" || l.Body == body) {
			return l, true
		}
	}
	return waterLimit{}, false
}

// --- paths -------------------------------------------------------------------

func waterMonthPath(m time.Time) string { return "water/" + fmtMonth(m) + ".html" }
func waterSitePath(code string) string  { return "water/site/" + stationFile(code) + ".html" }

// --- views -------------------------------------------------------------------

type waterMonthView struct {
	Month, MonthZH, MonthEN string
	Months                  []link
	Demo                    bool
	Legend                  []waterClass
	Drinking                []drinkingGroup
	DrinkingCSV             csvLink
	Levels                  []waterLevelView
	RegionsCSV              csvLink
	Sites                   []waterSiteLine
	SitesCSV                csvLink
	Invalid                 int
	Std                     string
}

type drinkingGroup struct {
	County string
	N, NOK int
	Rows   []drinkingLine
}

type drinkingLine struct {
	Name, Href, Code, LevelZH, LevelEN string
	Class                              *waterClass
	Compliant                          string // 是 / 否 / ""
	Exceeding                          string
	Valid                              bool
}

type waterLevelView struct {
	Level, LevelZH, LevelEN string
	Dist                    []waterDistLine
	DistChart               chartHTML
	Ranking                 []waterRankLine
	RankChart               chartHTML
}

type waterDistLine struct {
	Region, Province     string
	NSites, N13, N45, N6 int64
	S13, S45, S6         string
	Method               string
	Class                *waterClass
	Status, StatusEN     string
	StatusClass          int
	Drinking             string
}

type waterRankLine struct {
	Rank, Region, Province, CWQI, Last, Change, ChangeClass string
}

type waterSiteLine struct {
	Code, Name, Href, County, River, Body, Target string
	Class                                         *waterClass
	Status, StatusEN                              string
	StatusClass                                   int
	Meets, Exceeding, CWQI, Rank                  string
	Drinking                                      bool
	Valid                                         bool
}

type waterIndexView struct {
	Months []waterIndexMonth
	Sites  []waterSiteLine
	Legend []waterClass
}

type waterIndexMonth struct {
	Href, MonthZH, MonthEN string
	NSites, NGood, NBad    int
	Demo                   bool
}

var waterLevelOrder = map[string]int{"city": 0, "county": 1, "province": 2, "basin": 3}

func waterLevelLabel(l string) (zh, en string) {
	if l == "basin" {
		return "流域", "Basins"
	}
	return levelLabel(l)
}

// water renders the water pages and the water index (last, it links them).
func (s *site) water() error {
	w := s.data.Water
	for _, m := range w.Months {
		if err := s.waterMonth(m); err != nil {
			return err
		}
		s.rep.WaterMonths++
	}
	for _, st := range w.Sites {
		if err := s.waterSite(st); err != nil {
			return err
		}
		s.rep.WaterSites++
	}
	const p = "water/index.html"
	root := s.root(p)
	v := waterIndexView{Legend: waterClasses()}
	for _, m := range w.Months {
		im := waterIndexMonth{Href: root + waterMonthPath(m), MonthZH: fmtMonthZH(m), MonthEN: m.Format("January 2006"),
			Demo: w.GenMonth[fmtMonth(m)]}
		for _, sm := range w.ByMonth[fmtMonth(m)] {
			if !sm.Valid || !sm.Class.Valid {
				continue
			}
			im.NSites++
			if sm.Class.Int64 <= 3 {
				im.NGood++
			}
			if sm.Class.Int64 == 6 {
				im.NBad++
			}
		}
		v.Months = append(v.Months, im)
	}
	for _, st := range w.Sites {
		l := waterSiteLine{Code: st.Code, Name: st.Name, Href: root + waterSitePath(st.Code), County: st.County,
			River: st.River, Target: classLabel(st.Target), Drinking: st.Drinking, Valid: true}
		l.Body, _ = waterBodyLabel(st.WaterBody)
		if ms := w.BySite[st.Code]; len(ms) > 0 {
			last := ms[len(ms)-1]
			l.Class = waterClassOf(last.Class)
			l.Status = last.Status
			l.StatusClass = statusClass(last.Status)
			l.Valid = last.Valid
			l.Meets = fmtMonthZH(last.Month)
		}
		v.Sites = append(v.Sites, l)
	}
	return s.page(p, "water_index", "水环境质量", "Surface water quality", "water", false, v)
}

func (s *site) waterMonth(m time.Time) error {
	w := s.data.Water
	p := waterMonthPath(m)
	root := s.root(p)
	key := fmtMonth(m)
	v := waterMonthView{Month: key, MonthZH: fmtMonthZH(m), MonthEN: m.Format("January 2006"),
		Demo: w.GenMonth[key], Legend: waterClasses()}
	for _, o := range w.Months {
		v.Months = append(v.Months, link{Href: root + waterMonthPath(o), Text: fmtMonthZH(o), TextEN: o.Format("Jan 2006"), Current: o.Equal(m)})
	}
	sites := w.ByMonth[key]
	var stds []string
	addStd := func(std string) {
		if std != "" && !slices.Contains(stds, std) {
			stds = append(stds, std)
		}
	}

	// Drinking-water sources, grouped by county.
	var drows [][]string
	for _, sm := range sites {
		if !sm.Drinking {
			continue
		}
		addStd(sm.Std)
		if len(v.Drinking) == 0 || v.Drinking[len(v.Drinking)-1].County != sm.County {
			v.Drinking = append(v.Drinking, drinkingGroup{County: sm.County})
		}
		g := &v.Drinking[len(v.Drinking)-1]
		lz, le := drinkingLevelLabel(sm.DrinkingLevel)
		dl := drinkingLine{Name: sm.Name, Href: root + waterSitePath(sm.Code), Code: sm.Code, LevelZH: lz, LevelEN: le,
			Class: waterClassOf(sm.Class), Compliant: yesNo(sm.DrinkingOK), Exceeding: sm.Exceeding, Valid: sm.Valid}
		g.Rows = append(g.Rows, dl)
		g.N++
		if sm.DrinkingOK.Valid && sm.DrinkingOK.Bool {
			g.NOK++
		}
		drows = append(drows, []string{key, sm.County, sm.Code, sm.Name, lz, classLabel(sm.Class), dl.Compliant,
			sm.Exceeding, validZH(sm.Valid)})
	}
	var err error
	if v.DrinkingCSV, err = s.writeCSV("data/water/"+key+"-drinking.csv", v.MonthZH+"集中式饮用水水源地水质达标情况",
		"Drinking-water sources, compliance, "+v.MonthEN, p,
		[]string{"月份(Month)", "区县(County)", "点位编码(Site code)", "水源地(Source)", "级别(Level)", "水质类别(Class)",
			"是否达标(Compliant)", "超标项目及倍数(Exceeding items, multiple)", "有效性(Validity)"}, drows); err != nil {
		return err
	}

	// Region statistics per level: class shares and CWQI ranking.
	regions := slices.Clone(w.Regions[key])
	slices.SortStableFunc(regions, func(a, b waterRegionMonth) int {
		la, ok := waterLevelOrder[a.Level]
		if !ok {
			la = 9
		}
		lb, ok := waterLevelOrder[b.Level]
		if !ok {
			lb = 9
		}
		return cmp.Compare(la, lb)
	})
	var rrows [][]string
	for _, g := range regions {
		addStd(g.Std)
		if len(v.Levels) == 0 || v.Levels[len(v.Levels)-1].Level != g.Level {
			zh, en := waterLevelLabel(g.Level)
			v.Levels = append(v.Levels, waterLevelView{Level: g.Level, LevelZH: zh, LevelEN: en})
		}
		lv := &v.Levels[len(v.Levels)-1]
		d := waterDistLine{Region: g.Region, Province: g.Province, NSites: g.NSites, N13: g.N13, N45: g.N45, N6: g.N6,
			S13: num(g.S13, 1), S45: num(g.S45, 1), S6: num(g.S6, 1), Class: waterClassOf(g.Class),
			Status: g.Status, StatusEN: statusEN(g.Status), StatusClass: statusClass(g.Status)}
		switch g.Method {
		case "shares":
			d.Method = "断面比例法"
		case "mean":
			d.Method = "均值法"
		default:
			d.Method = g.Method
		}
		if g.NDrinking > 0 {
			d.Drinking = fmt.Sprintf("%d/%d", g.NDrinkingOK, g.NDrinking)
			if g.DrinkingShare.Valid {
				d.Drinking += "（" + num(g.DrinkingShare, 1) + "%）"
			}
		}
		lv.Dist = append(lv.Dist, d)
		if g.CWQI.Valid {
			r := waterRankLine{Rank: integer(g.Rank), Region: g.Region, Province: g.Province, CWQI: num(g.CWQI, 2),
				Last: num(g.CWQILast, 2), Change: signed(g.Change, 1)}
			switch {
			case g.Change.Valid && g.Change.Float64 < 0:
				r.ChangeClass = "better"
			case g.Change.Valid && g.Change.Float64 > 0:
				r.ChangeClass = "worse"
			}
			lv.Ranking = append(lv.Ranking, r)
		}
		rrows = append(rrows, []string{key, g.Level, g.Region, g.Province, formatInt(g.NSites), formatInt(g.N13),
			formatInt(g.N45), formatInt(g.N6), d.S13, d.S45, d.S6, g.Method, classLabel(g.Class), g.Status,
			formatInt(g.NDrinking), formatInt(g.NDrinkingOK), num(g.DrinkingShare, 1),
			num(g.CWQI, 4), integer(g.Rank), num(g.CWQILast, 4), signed(g.Change, 1)})
	}
	if v.RegionsCSV, err = s.writeCSV("data/water/"+key+"-regions.csv", v.MonthZH+"各地区地表水水质类别比例及CWQI排名",
		"Water quality by region: class shares and CWQI ranking, "+v.MonthEN, p,
		[]string{"月份(Month)", "区域级别(Region level)", "地区(Region)", "省份(Province)", "断面数(Sites)",
			"Ⅰ–Ⅲ类断面数(Class I–III)", "Ⅳ–Ⅴ类断面数(Class IV–V)", "劣Ⅴ类断面数(Worse than V)",
			"Ⅰ–Ⅲ类比例(Share I–III %)", "Ⅳ–Ⅴ类比例(Share IV–V %)", "劣Ⅴ类比例(Share worse than V %)",
			"评价方法(Method)", "水质类别(Class, mean method)", "水质状况(Status)", "饮用水水源地数(Drinking sources)",
			"达标水源地数(Compliant sources)", "水源地达标率(Compliance %)", "CWQI", "CWQI排名(Rank)",
			"上年同期CWQI(CWQI a year earlier)", "同比变化(Change vs last year %)"}, rrows); err != nil {
		return err
	}
	for i := range v.Levels {
		lv := &v.Levels[i]
		if lv.DistChart, err = waterDistChart("chart_water_classes_"+lv.Level, root, lv.Dist); err != nil {
			return err
		}
		lv.DistChart.Caption = v.MonthZH + lv.LevelZH + "地表水水质类别比例（%）"
		lv.DistChart.CaptionEN = "Share of sections by class, " + strings.ToLower(lv.LevelEN) + ", " + v.MonthEN
		if len(lv.Ranking) > 0 {
			if lv.RankChart, err = waterCWQIChart("chart_water_cwqi_"+lv.Level, root, lv.Ranking); err != nil {
				return err
			}
			lv.RankChart.Caption = v.MonthZH + lv.LevelZH + "水质指数（CWQI，越小越好）"
			lv.RankChart.CaptionEN = "Water quality index (CWQI, lower is better), " + v.MonthEN
		}
	}

	// Sections.
	var srows [][]string
	for _, sm := range sites {
		addStd(sm.Std)
		l := waterSiteLine{Code: sm.Code, Name: sm.Name, Href: root + waterSitePath(sm.Code), County: sm.County,
			River: sm.River, Target: classLabel(sm.Target), Class: waterClassOf(sm.Class), Status: sm.Status,
			StatusEN: statusEN(sm.Status), StatusClass: statusClass(sm.Status), Meets: yesNo(sm.MeetsTarget),
			Exceeding: sm.Exceeding, CWQI: num(sm.CWQI, 2), Rank: integer(sm.Rank), Drinking: sm.Drinking, Valid: sm.Valid}
		l.Body, _ = waterBodyLabel(sm.WaterBody)
		if !sm.Valid {
			v.Invalid++
		}
		v.Sites = append(v.Sites, l)
		srows = append(srows, []string{key, sm.County, sm.Code, sm.Name, sm.Basin, sm.River, l.Body, l.Target,
			classLabel(sm.Class), sm.Status, l.Meets, sm.Exceeding, num(sm.CWQI, 4), l.Rank, formatInt(sm.NSamples),
			validZH(sm.Valid)})
	}
	if v.SitesCSV, err = s.writeCSV("data/water/"+key+"-sites.csv", v.MonthZH+"地表水监测断面水质",
		"Water quality by section, "+v.MonthEN, p,
		[]string{"月份(Month)", "区县(County)", "点位编码(Site code)", "断面名称(Section)", "流域(Basin)", "河流/湖库(River / lake)",
			"水体类型(Water body)", "水质目标(Target class)", "水质类别(Class)", "水质状况(Status)", "是否达标(Meets target)",
			"超标项目及倍数(Exceeding items, multiple)", "CWQI", "CWQI排名(Rank)", "监测次数(Samples)", "有效性(Validity)"}, srows); err != nil {
		return err
	}
	v.Std = strings.Join(stds, "、")
	return s.page(p, "water_month", v.MonthZH+"水环境质量月报", "Monthly surface water quality report, "+v.MonthEN, "water", true, v)
}

// --- site page ---------------------------------------------------------------

type waterSiteView struct {
	Code, Name, Province, City, County, Basin, River string
	BodyZH, BodyEN, Target, NetworkZH, NetworkEN     string
	Drinking                                         bool
	DrinkingZH, DrinkingEN                           string
	Demo                                             bool
	Charts                                           []chartHTML
	Params                                           []waterParam
	Months                                           []waterSiteMonthLine
	MonthsCSV                                        csvLink
	Samples                                          []waterSampleLine
	SamplesCSV                                       csvLink
	SamplesShown, SamplesTotal                       int
}

type waterSiteMonthLine struct {
	MonthZH, Href    string
	Values           []string
	Class            *waterClass
	Status           string
	StatusClass      int
	Meets, Exceeding string
	CWQI             string
	Valid            bool
}

type waterSampleLine struct {
	Time      string
	Class     *waterClass
	Worst     string
	Items     string
	Reported  string
	Exceeding string
}

// maxSamplesShown caps the sample table of a site page (the CSV has all).
const maxSamplesShown = 200

// trendParams are always charted when measured; any other item only when it
// exceeded its limit in one of the months.
var trendParams = []string{"ph", "do", "codmn", "nh3n", "tp"}

func (s *site) waterSite(st waterSite) error {
	w := s.data.Water
	p := waterSitePath(st.Code)
	root := s.root(p)
	v := waterSiteView{Code: st.Code, Name: st.Name, Province: st.Province, City: st.City, County: st.County,
		Basin: st.Basin, River: st.River, Target: classLabel(st.Target), Drinking: st.Drinking, Demo: w.GenSite[st.Code]}
	v.BodyZH, v.BodyEN = waterBodyLabel(st.WaterBody)
	switch st.Network {
	case "auto":
		v.NetworkZH, v.NetworkEN = "自动监测", "automatic"
	case "manual":
		v.NetworkZH, v.NetworkEN = "手工监测", "manual"
	default:
		v.NetworkZH, v.NetworkEN = st.Network, st.Network
	}
	if st.Drinking {
		v.DrinkingZH, v.DrinkingEN = drinkingLevelLabel(st.DrinkingLevel)
	}
	months := w.BySite[st.Code]
	items := w.Items[st.Code]

	// Parameters of the site, monthly means by month.
	byMonth := map[string]map[string]waterItem{}
	var params []string
	exceeded := map[string]bool{}
	var itemMonths []time.Time
	for _, it := range items {
		k := fmtMonth(it.Month)
		if byMonth[k] == nil {
			byMonth[k] = map[string]waterItem{}
			itemMonths = append(itemMonths, it.Month)
		}
		byMonth[k][it.Param] = it
		if !slices.Contains(params, it.Param) {
			params = append(params, it.Param)
		}
		if it.Exceeds.Valid && it.Exceeds.Bool {
			exceeded[it.Param] = true
		}
	}
	sortParams(params)
	for _, c := range params {
		v.Params = append(v.Params, w.param(c))
	}
	fmtVal := func(it waterItem, ok bool, pm waterParam) string {
		if !ok || !it.Mean.Valid {
			return ""
		}
		return strconv.FormatFloat(it.Mean.Float64, 'f', pm.Decimals, 64)
	}

	// Trend charts against the class limits.
	std, body := "", st.WaterBody
	if len(months) > 0 {
		std, body = months[len(months)-1].Std, months[len(months)-1].WaterBody
	}
	x := make([]string, len(itemMonths))
	for i, m := range itemMonths {
		x[i] = fmtMonth(m)
	}
	for _, c := range params {
		if !slices.Contains(trendParams, c) && !exceeded[c] {
			continue
		}
		pm := w.param(c)
		vals := make([]string, len(itemMonths))
		for i, m := range itemMonths {
			it, ok := byMonth[fmtMonth(m)][c]
			vals[i] = fmtVal(it, ok, pm)
		}
		var lines []limitLine
		if l, ok := w.limit(std, c, body, 3); ok {
			lines = append(lines, limitLines(l, "Ⅲ类", "#C62828")...)
		}
		if st.Target.Valid && st.Target.Int64 != 3 {
			if l, ok := w.limit(std, c, body, st.Target.Int64); ok && l.Dir != "range" {
				lines = append(lines, limitLines(l, "目标"+classLabel(st.Target)+"类", "#6A1B9A")...)
			}
		}
		ch, err := waterTrendChart("chart_water_"+chartSafe(c), root, pm, x, vals, lines)
		if err != nil {
			return err
		}
		ch.Caption = pm.ZH + "月均值及水质类别限值"
		ch.CaptionEN = "Monthly mean of " + pm.EN + " against the class limits"
		if pm.Unit != "" && pm.Unit != "无量纲" {
			ch.Caption += "（" + pm.Unit + "）"
			ch.CaptionEN += " (" + pm.Unit + ")"
		}
		v.Charts = append(v.Charts, ch)
	}

	// Monthly table (newest first) and CSV (oldest first).
	monthRow := map[string]waterSiteMonth{}
	allMonths := slices.Clone(itemMonths)
	for _, m := range months {
		monthRow[fmtMonth(m.Month)] = m
		if !slices.ContainsFunc(allMonths, func(t time.Time) bool { return t.Equal(m.Month) }) {
			allMonths = append(allMonths, m.Month)
		}
	}
	slices.SortFunc(allMonths, func(a, b time.Time) int { return a.Compare(b) })
	var mrows [][]string
	for _, m := range allMonths {
		k := fmtMonth(m)
		sm, has := monthRow[k]
		ml := waterSiteMonthLine{MonthZH: fmtMonthZH(m), Valid: !has || sm.Valid}
		if has {
			ml.Class = waterClassOf(sm.Class)
			ml.Status = sm.Status
			ml.StatusClass = statusClass(sm.Status)
			ml.Meets = yesNo(sm.MeetsTarget)
			ml.Exceeding = sm.Exceeding
			ml.CWQI = num(sm.CWQI, 2)
			ml.Href = root + waterMonthPath(m)
		}
		row := []string{k}
		for _, pm := range v.Params {
			it, ok := byMonth[k][pm.Code]
			val := fmtVal(it, ok, pm)
			ml.Values = append(ml.Values, val)
			row = append(row, val)
		}
		row = append(row, classLabel(sm.Class), sm.Status, ml.Meets, ml.Exceeding, num(sm.CWQI, 4), validZH(ml.Valid))
		v.Months = append([]waterSiteMonthLine{ml}, v.Months...)
		mrows = append(mrows, row)
	}
	header := []string{"月份(Month)"}
	for _, pm := range v.Params {
		h := pm.ZH + "(" + pm.EN
		if pm.Unit != "" && pm.Unit != "无量纲" {
			h += ", " + pm.Unit
		}
		header = append(header, h+")")
	}
	header = append(header, "水质类别(Class)", "水质状况(Status)", "是否达标(Meets target)",
		"超标项目及倍数(Exceeding items, multiple)", "CWQI", "有效性(Validity)")
	var err error
	file := stationFile(st.Code)
	if v.MonthsCSV, err = s.writeCSV("data/water/site/"+file+"-monthly.csv", st.Name+"（"+st.Code+"）逐月水质",
		"Monthly water quality, site "+st.Code, p, header, mrows); err != nil {
		return err
	}

	// Samples.
	samples := w.Samples[st.Code]
	var srows [][]string
	for i, sa := range samples {
		sl := waterSampleLine{Time: fmtHour(sa.At), Class: waterClassOf(sa.Class), Worst: w.itemNames(sa.Worst),
			Items: fmt.Sprintf("%d/%d", sa.NItems, sa.NExpected), Reported: classLabel(sa.Reported), Exceeding: sa.Exceeding}
		if i < maxSamplesShown {
			v.Samples = append(v.Samples, sl)
		}
		srows = append(srows, []string{sl.Time, st.Code, classLabel(sa.Class), sl.Worst, formatInt(sa.NItems),
			formatInt(sa.NExpected), sl.Reported, sa.Exceeding})
	}
	v.SamplesShown, v.SamplesTotal = len(v.Samples), len(samples)
	if v.SamplesCSV, err = s.writeCSV("data/water/site/"+file+"-samples.csv", st.Name+"（"+st.Code+"）监测样品水质类别",
		"Samples and their class, site "+st.Code, p,
		[]string{"采样时间(Sampled at)", "点位编码(Site code)", "水质类别(Class)", "定类项目(Items setting the class)",
			"评价项目数(Items evaluated)", "应评价项目数(Items expected)", "发布类别(Class published by the source)",
			"超标项目及倍数(Exceeding items, multiple)"}, srows); err != nil {
		return err
	}
	return s.page(p, "water_site", st.Name+"水质", "Water quality, site "+st.Code, "water", len(v.Charts) > 0, v)
}

func chartSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// --- charts ------------------------------------------------------------------

type limitLine struct {
	Name  string
	Value float64
	Color string
}

// limitLines are the horizontal lines of a limit: the upper limit (max),
// the lower limit (min, DO) or both ends of a range (pH).
func limitLines(l waterLimit, name, color string) []limitLine {
	var out []limitLine
	if l.Lo.Valid && (l.Dir == "min" || l.Dir == "range") {
		out = append(out, limitLine{name + "下限", l.Lo.Float64, color})
	}
	if l.Hi.Valid && (l.Dir == "max" || l.Dir == "range") {
		n := name
		if l.Dir == "range" {
			n += "上限"
		}
		out = append(out, limitLine{n, l.Hi.Float64, color})
	}
	return out
}

// markLineItem is one ECharts markLine datum with its own style.
type markLineItem struct {
	Name      string          `json:"name"`
	YAxis     float64         `json:"yAxis"`
	LineStyle *opts.LineStyle `json:"lineStyle,omitempty"`
	Label     *opts.Label     `json:"label,omitempty"`
}

func withLimitLines(lines []limitLine) charts.SeriesOpts {
	return func(s *charts.SingleSeries) {
		if len(lines) == 0 {
			return
		}
		ml := &opts.MarkLines{MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"}}}
		for _, l := range lines {
			ml.Data = append(ml.Data, markLineItem{Name: l.Name, YAxis: l.Value,
				LineStyle: &opts.LineStyle{Color: l.Color, Type: "dashed", Width: 1.5},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b} {c}", Position: "insideEndTop", Color: l.Color}})
		}
		s.MarkLines = ml
	}
}

// niceCeil rounds x up to 1, 2, 2.5 or 5 times a power of ten.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= x*(1-1e-12) {
			return f * p
		}
	}
	return 10 * p
}

func waterTrendChart(id, root string, pm waterParam, x, vals []string, lines []limitLine) (chartHTML, error) {
	top := 0.0
	for _, v := range vals {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			top = max(top, f)
		}
	}
	for _, l := range lines {
		top = max(top, l.Value)
	}
	y := opts.YAxis{Type: "value", Name: pm.Unit, Min: 0, Max: niceCeil(top * 1.1)}
	if pm.Code == "ph" {
		y.Name, y.Min, y.Max = "", 5, 10
	}
	line := charts.NewLine()
	line.SetGlobalOptions(append(baseOpts(chartInit(id, root, "280px"), true),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(y),
		charts.WithColorsOpts(opts.Colors{"#0B5394"}),
	)...)
	line.SetXAxis(x)
	data := make([]opts.LineData, len(vals))
	for i, v := range vals {
		if v == "" {
			v = "-"
		}
		data[i] = opts.LineData{Value: v}
	}
	line.AddSeries(pm.ZH+" "+pm.EN, data, withLimitLines(lines))
	return snippet(id, line)
}

// waterDistChart is a stacked horizontal bar of the class shares per region.
func waterDistChart(id, root string, rows []waterDistLine) (chartHTML, error) {
	names := make([]string, 0, len(rows))
	var good, mid, bad []opts.BarData
	val := func(s string) opts.BarData {
		if s == "" {
			return opts.BarData{Value: "-"}
		}
		return opts.BarData{Value: s}
	}
	for _, r := range rows {
		names = append(names, r.Region)
		good = append(good, val(r.S13))
		mid = append(mid, val(r.S45))
		bad = append(bad, val(r.S6))
	}
	height := fmt.Sprintf("%dpx", max(140, 80+30*len(rows)))
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(chartInit(id, root, height), true),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		charts.WithColorsOpts(opts.Colors{"#43A047", "#FB8C00", "#C62828"}),
	)...)
	stack := charts.WithBarChartOpts(opts.BarChart{Stack: "share"})
	bar.SetXAxis(names).
		AddSeries("Ⅰ–Ⅲ类 Class I–III", good, stack).
		AddSeries("Ⅳ–Ⅴ类 Class IV–V", mid, stack).
		AddSeries("劣Ⅴ类 Worse than V", bad, stack)
	bar.XYReversal()
	return snippet(id, bar)
}

// waterCWQIChart is a horizontal bar of the CWQI, rank 1 at the top.
func waterCWQIChart(id, root string, rows []waterRankLine) (chartHTML, error) {
	names := make([]string, 0, len(rows))
	data := make([]opts.BarData, 0, len(rows))
	for _, r := range rows {
		names = append(names, r.Region)
		data = append(data, opts.BarData{Name: r.Region, Value: r.CWQI})
	}
	height := fmt.Sprintf("%dpx", max(120, 60+26*len(rows)))
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(chartInit(id, root, height), false),
		charts.WithXAxisOpts(opts.XAxis{Type: "value"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		charts.WithColorsOpts(opts.Colors{"#0B5394"}),
	)...)
	bar.SetXAxis(names).AddSeries("CWQI", data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	bar.XYReversal()
	return snippet(id, bar)
}
