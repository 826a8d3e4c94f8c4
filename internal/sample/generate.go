package sample

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The demo needs data that no public source offers as raw files: monthly
// samples of drinking-water sources and river sections of one prefecture,
// and environmental incidents. The generators below write them as the
// files a bureau would receive (Chinese headers, lab notation for values
// below the detection limit, µg/L for trace metals), and the demo ingests
// them with the ledger source "generated", so every page built from them
// says that the data are generated. Deterministic for a seed.

// waterSite is one generated site of the sample prefecture (银川市).
type waterSite struct {
	code, name, county, basin, body string
	drinking                        string // "", 地级, 县级, 乡镇
	assessed                        bool
	target                          string
	quality                         float64 // 1 = clean, larger = more polluted
	lon, lat                        float64
}

var demoSites = []waterSite{
	{"YC-DW01", "西郊水库水源地", "西夏区", "黄河流域", "湖库", "地级", true, "Ⅱ", 0.7, 105.98, 38.49},
	{"YC-DW02", "东湖水源地", "兴庆区", "黄河流域", "湖库", "地级", true, "Ⅱ", 0.9, 106.36, 38.47},
	{"YC-DW03", "永宁县城水源地", "永宁县", "黄河流域", "湖库", "县级", true, "Ⅲ", 1.0, 106.25, 38.28},
	{"YC-DW04", "贺兰县城水源地", "贺兰县", "黄河流域", "湖库", "县级", true, "Ⅲ", 1.1, 106.35, 38.55},
	{"YC-DW05", "灵武市水源地", "灵武市", "黄河流域", "河流", "县级", true, "Ⅲ", 1.0, 106.34, 38.10},
	{"YC-DW06", "望洪镇水源地", "永宁县", "黄河流域", "河流", "乡镇", false, "Ⅲ", 1.3, 106.20, 38.20},
	{"YC-DW07", "立岗镇水源地", "贺兰县", "黄河流域", "河流", "乡镇", false, "Ⅲ", 1.2, 106.40, 38.65},
	{"YC-RV01", "黄河东桥断面", "兴庆区", "黄河流域", "河流", "", true, "Ⅱ", 1.1, 106.45, 38.45},
	{"YC-RV02", "典农河入黄口", "金凤区", "黄河流域", "河流", "", true, "Ⅳ", 2.6, 106.30, 38.60},
	{"YC-RV03", "艾依河贺兰段", "贺兰县", "黄河流域", "河流", "", true, "Ⅲ", 1.8, 106.33, 38.58},
	{"YC-RV04", "灵武东干渠", "灵武市", "黄河流域", "河流", "", false, "Ⅲ", 1.6, 106.36, 38.12},
	{"YC-LK01", "阅海湖心", "金凤区", "黄河流域", "湖库", "", true, "Ⅲ", 1.5, 106.21, 38.52},
}

// waterItem generates one parameter: base level for a clean site (scaled by
// the site's quality), seasonal amplitude, noise, the detection limit (0 =
// always detected), the unit it is reported in and the decimals.
type waterItem struct {
	name, unit string
	base, amp  float64
	noise      float64
	dl         float64 // in the reported unit
	decimals   int
	inverse    bool // DO: worse sites have less
	drinkOnly  bool // GB 3838 Table 2 items
}

var demoItems = []waterItem{
	{"水温", "℃", 13, 10, 1, 0, 1, false, false},
	{"pH", "无量纲", 7.9, 0.15, 0.15, 0, 2, false, false},
	{"溶解氧", "mg/L", 8.6, -1.4, 0.5, 0, 2, true, false},
	{"高锰酸盐指数", "mg/L", 2.2, 0.5, 0.35, 0.5, 2, false, false},
	{"化学需氧量", "mg/L", 9, 2, 1.5, 4, 1, false, false},
	{"五日生化需氧量", "mg/L", 1.8, 0.4, 0.3, 0.5, 1, false, false},
	{"氨氮", "mg/L", 0.18, 0.06, 0.06, 0.025, 3, false, false},
	{"总磷", "mg/L", 0.035, 0.012, 0.01, 0.01, 3, false, false},
	{"总氮", "mg/L", 0.9, 0.2, 0.15, 0.05, 2, false, false},
	{"铜", "μg/L", 3, 1, 1, 1, 1, false, false},
	{"锌", "mg/L", 0.02, 0.005, 0.01, 0.05, 3, false, false},
	{"氟化物", "mg/L", 0.45, 0.05, 0.08, 0.05, 2, false, false},
	{"硒", "μg/L", 0.5, 0, 0.3, 0.4, 1, false, false},
	{"砷", "μg/L", 1.5, 0.3, 0.5, 0.3, 1, false, false},
	{"汞", "μg/L", 0.03, 0, 0.02, 0.04, 2, false, false},
	{"镉", "μg/L", 0.08, 0, 0.05, 0.1, 2, false, false},
	{"铬(六价)", "mg/L", 0.003, 0, 0.002, 0.004, 3, false, false},
	{"铅", "μg/L", 0.8, 0, 0.5, 1, 1, false, false},
	{"氰化物", "mg/L", 0.002, 0, 0.001, 0.004, 3, false, false},
	{"挥发酚", "mg/L", 0.0003, 0, 0.0002, 0.0003, 4, false, false},
	{"石油类", "mg/L", 0.01, 0.004, 0.006, 0.01, 2, false, false},
	{"阴离子表面活性剂", "mg/L", 0.04, 0.01, 0.02, 0.05, 2, false, false},
	{"硫化物", "mg/L", 0.004, 0, 0.003, 0.005, 3, false, false},
	{"粪大肠菌群", "个/L", 220, 160, 120, 0, 0, false, false},
	{"硫酸盐", "mg/L", 95, 15, 10, 0, 1, false, true},
	{"氯化物", "mg/L", 45, 8, 6, 0, 1, false, true},
	{"硝酸盐氮", "mg/L", 1.1, 0.3, 0.2, 0, 2, false, true},
	{"铁", "mg/L", 0.09, 0.04, 0.03, 0.03, 2, false, true},
	{"锰", "mg/L", 0.035, 0.02, 0.01, 0.01, 3, false, true},
}

// GenerateWater writes a site list and monthly samples of the sample
// prefecture for the years from..to (inclusive) into dir.
func GenerateWater(dir string, from, to int, seed uint64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var sites strings.Builder
	sites.WriteString("断面编码,断面名称,省份,城市,区县,流域,水体类型,是否饮用水源地,水源地级别,是否考核断面,目标水质类别,经度,纬度\n")
	for _, s := range demoSites {
		fmt.Fprintf(&sites, "%s,%s,宁夏回族自治区,银川市,%s,%s,%s,%s,%s,%s,%s,%.2f,%.2f\n", s.code, s.name, s.county, s.basin, s.body,
			yesNo(s.drinking != ""), s.drinking, yesNo(s.assessed), s.target, s.lon, s.lat)
	}
	sitesPath := filepath.Join(dir, "银川市_水质监测断面_generated.csv")
	if err := os.WriteFile(sitesPath, []byte(sites.String()), 0o644); err != nil {
		return nil, err
	}
	paths := []string{sitesPath}
	rng := rand.New(rand.NewPCG(seed, seed+7))
	for year := from; year <= to; year++ {
		var b strings.Builder
		b.WriteString("site_code,sampled_at,parameter,value,unit,flag\n")
		for m := 1; m <= 12; m++ {
			summer := math.Sin(2 * math.Pi * float64(m-4) / 12) // +1 in July
			at := time.Date(year, time.Month(m), 10, 10, 0, 0, 0, time.UTC).Format("2006-01-02 15:04")
			for _, s := range demoSites {
				for _, it := range demoItems {
					if it.drinkOnly && s.drinking == "" {
						continue
					}
					v := it.base + it.amp*summer + it.noise*rng.NormFloat64()
					switch {
					case it.inverse:
						v = v / math.Sqrt(s.quality)
					case it.name != "pH" && it.name != "水温":
						v *= s.quality
					}
					// Episodes that a bulletin must show: manganese at one
					// county source in late summer, ammonia in the drain
					// river in winter.
					if s.code == "YC-DW04" && it.name == "锰" && (m == 8 || m == 9) {
						v = 0.13 + 0.02*rng.Float64()
					}
					if s.code == "YC-RV02" && it.name == "氨氮" && (m == 1 || m == 2) {
						v = 2.2 + 0.4*rng.Float64()
					}
					val, flag := formatSample(max(v, 0), it)
					fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", s.code, at, it.name, val, it.unit, flag)
				}
			}
		}
		p := filepath.Join(dir, fmt.Sprintf("银川市_地表水月监测_%d_generated.csv", year))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// formatSample writes a value the way lab reports do: below the detection
// limit as "<DL>L" (the national convention), otherwise rounded.
func formatSample(v float64, it waterItem) (value, flag string) {
	if it.dl > 0 && v < it.dl {
		return strconv.FormatFloat(it.dl, 'f', -1, 64) + "L", ""
	}
	return strconv.FormatFloat(v, 'f', it.decimals, 64), ""
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// GenerateIncidents writes a year of environmental incidents of the sample
// prefecture, with the personal data that real reports contain (names of
// residents, phone numbers, plates) so that the published pages show the
// redaction at work.
func GenerateIncidents(dir string, year int, seed uint64) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	rng := rand.New(rand.NewPCG(seed, seed+11))
	counties := []string{"兴庆区", "西夏区", "金凤区", "永宁县", "贺兰县", "灵武市"}
	surnames := []string{"王", "李", "张", "刘", "陈", "杨", "马", "周", "吴", "赵"}
	given := []string{"建国", "秀英", "志强", "海燕", "玉兰", "春生", "文华", "小军", "丽娟", "德明"}
	type kind struct {
		typ, place, cause, measures string
		story                       func(person, phone, plate string, qty int) string
	}
	kinds := []kind{
		{"危化品运输泄漏", "京藏高速银川段", "罐车追尾导致罐体破损", "封堵泄漏点、围堰收集、转移残液，对周边沟渠取样监测",
			func(p, ph, pl string, q int) string {
				return fmt.Sprintf("一辆运输甲醇的罐车（车牌%s）与货车追尾，约%d吨甲醇泄漏，司机%s报警（电话%s）", pl, q, p, ph)
			}},
		{"企业废水超标排放", "%s工业园区排污口", "污水处理设施故障", "责令停产整改，对下游断面加密监测",
			func(p, ph, _ string, _ int) string {
				return fmt.Sprintf("群众%s反映排污口排水发黑发臭（联系电话%s），现场检测化学需氧量超标", p, ph)
			}},
		{"死鱼事件", "%s某鱼塘及相邻沟渠", "上游农田退水含农药", "清理死鱼、截断退水、对沟渠水质采样",
			func(p, ph, _ string, q int) string {
				return fmt.Sprintf("养殖户%s发现鱼塘大面积死鱼，约%d00公斤，报告人电话%s", p, q, ph)
			}},
		{"油品泄漏", "%s加油站", "地下储罐渗漏", "抽排油水混合物，开挖检测土壤",
			func(p, ph, _ string, q int) string {
				return fmt.Sprintf("附近居民%s闻到明显油味后报告（电话%s），现场发现地下储罐渗漏约%d00升", p, ph, q)
			}},
		{"火灾次生污染", "%s某仓储企业", "仓库火灾消防废水外溢", "筑坝拦截消防废水，调配吸附材料",
			func(p, ph, _ string, q int) string {
				return fmt.Sprintf("仓库起火后消防废水流入雨水管网，值班员%s（手机%s）关闭雨水闸门，约%d0立方米废水被截留", p, ph, q)
			}},
		{"饮用水水源地受影响", "%s水源地上游", "上游河道油污带", "启动应急预案，水源地暂停取水并启用备用水源",
			func(p, ph, _ string, q int) string {
				return fmt.Sprintf("巡查员%s发现水源地上游出现油污带（电话%s），取水口暂停取水%d小时", p, ph, 2+q%10)
			}},
	}
	var b strings.Builder
	b.WriteString("事件编号,发生时间,报告时间,区县,地点,事件类型,事件级别,死亡人数,受伤/中毒人数,疏散转移人数,直接经济损失(万元),饮用水水源取水中断,跨界影响,事件原因,处置措施,处置状态,结案时间,事件描述\n")
	n := 0
	for q := 0; q < 4; q++ {
		for i := 0; i < 5+rng.IntN(3); i++ {
			n++
			k := kinds[rng.IntN(len(kinds))]
			county := counties[rng.IntN(len(counties))]
			month := 3*q + 1 + rng.IntN(3)
			occurred := time.Date(year, time.Month(month), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), 0, 0, time.UTC)
			reported := occurred.Add(time.Duration(20+rng.IntN(300)) * time.Minute)
			person := surnames[rng.IntN(len(surnames))] + given[rng.IntN(len(given))]
			phone := fmt.Sprintf("1%d%d%08d", 3+rng.IntN(7), rng.IntN(10), rng.IntN(100000000))
			plate := fmt.Sprintf("宁A%c%04d", 'A'+rune(rng.IntN(20)), rng.IntN(10000))
			qty := 1 + rng.IntN(40)
			story := k.story(person, phone, plate, qty)
			place := k.place
			if strings.Contains(place, "%s") {
				place = fmt.Sprintf(place, county)
			}
			deaths, injured, evacuated, loss := 0, rng.IntN(4), rng.IntN(200), 2+rng.Float64()*80
			level, interruption := "一般", "无"
			switch {
			case n == 7: // a larger one
				injured, evacuated, loss, level = 12, 6200, 760, "较大"
			case n == 15: // reported as 一般 although the numbers say 较大: flagged on the page
				evacuated = 5400
			case k.typ == "饮用水水源地受影响":
				interruption = "乡镇"
			}
			status, closed := "已结案", occurred.Add(time.Duration(3+rng.IntN(20))*24*time.Hour).Format("2006-01-02 15:04")
			if q == 3 && i < 2 {
				status, closed = "处置中", ""
			}
			fmt.Fprintf(&b, "YC-%d-%03d,%s,%s,%s,%s,%s,%s,%d,%d,%d,%.1f,%s,无,%s,%s,%s,%s,%s\n", year, n,
				occurred.Format("2006-01-02 15:04"), reported.Format("2006-01-02 15:04"), county, place, k.typ, level,
				deaths, injured, evacuated, loss, interruption, k.cause, k.measures, status, closed, story)
		}
	}
	p := filepath.Join(dir, fmt.Sprintf("银川市_突发环境事件_%d_generated.csv", year))
	return p, os.WriteFile(p, []byte(b.String()), 0o644)
}
