package redact

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus.jsonl and testdata/clean.jsonl from the generator")

// planted is one piece of personal data put into a corpus line.
type planted struct {
	Kind  Kind   `json:"kind"`
	Value string `json:"value"`
	Given string `json:"given,omitempty"` // person_name: the given name
}

type corpusLine struct {
	ID      string    `json:"id"`
	Text    string    `json:"text"`
	Planted []planted `json:"planted"`
	Note    string    `json:"note,omitempty"`
}

// ---- generator (deterministic seed, own templates and vocabulary) ----

var (
	genCounties = strings.Fields("银川市兴庆区 银川市金凤区 银川市西夏区 永宁县 贺兰县 灵武市 石嘴山市大武口区 石嘴山市惠农区 平罗县 吴忠市利通区 红寺堡区 盐池县 同心县 青铜峡市 固原市原州区 西吉县 隆德县 泾源县 彭阳县 中卫市沙坡头区 中宁县 海原县 兰州市西固区 包头市九原区 榆林市神木市 太原市清徐县 岳阳市临湘市 宜昌市猇亭区 南通市如东县 鄂尔多斯市准格尔旗")
	genTowns    = strings.Fields("望远镇 杨和镇 习岗镇 立岗镇 宁东镇 临河镇 崇兴镇 金积镇 高闸镇 大坝镇 宣和镇 兴仁镇 王团镇 七营镇 黄铎堡镇 红耀乡 姚伏镇 通伏乡 宝丰镇 惠安堡镇")
	genVillages = strings.Fields("纳家户村 通贵村 星火村 金星村 团结村 永丰村 新华村 红星村 东方红村 马家湾村 李岗村 张亮村 高仁村 胜利村 双桥村")
	genRivers   = strings.Fields("黄河 清水河 苦水河 典农河 葫芦河 泾河 渝河 第二排水沟 银新干沟 西大滩排水沟 红柳沟 茹河 都思兔河 扬水渠")
	genCompany  = strings.Fields("宁夏宝丰能源集团股份有限公司 宁夏马氏化工有限公司 银川王记建材有限公司 吴忠市李氏养殖专业合作社 宁夏金昱元化工集团有限公司 宁夏英力特化工股份有限公司 宁东某煤化工企业 中卫市美利纸业有限公司 宁夏瑞泰科技股份有限公司 石嘴山市张氏焦化有限责任公司 青铜峡市周记洗煤厂 宁夏天元锰业集团有限公司 灵武市高氏塑料制品厂")
	genChems    = strings.Fields("浓硫酸 液碱 甲醇 柴油 苯乙烯 盐酸 煤焦油 液氨 二氯甲烷 次氯酸钠 汽油 硝酸 含铬废液 废矿物油 电石渣浆")
	genSurnames = strings.Fields("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 田 董 袁 潘 蒋 蔡 杜 叶 程 苏 魏 丁 沈 姚 卢 崔 钟 汪 金 石 贾 夏 付 方 白 邹 孟 秦 纳 海 拜 欧阳 司马 诸葛 上官 皇甫")
	genGiven    = strings.Fields("建国 秀英 玉兰 海波 志强 春梅 伟 芳 娜 军 敏 静 磊 洋 勇 艳 杰 涛 超 斌 玉海 文斌 晓燕 德福 宝山 桂花 红霞 立新 永刚 凤英 国庆 学军 云飞 小龙 金花 树林 长江 淑珍 振华 明亮 雪梅 俊杰 子涵 浩然 翠兰 福成 有才 占林 万福 正义")
	genPost     = []string{"称", "报告", "反映", "表示", "驾驶", "拨打", "介绍"}
)

type gen struct {
	r     *rand.Rand
	clean bool
	out   []planted
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) digits(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}

func (g *gen) name() (string, string, string) {
	s, gv := g.pick(genSurnames), g.pick(genGiven)
	return s + gv, s, gv
}

func (g *gen) person(cue string) string {
	full, s, gv := g.name()
	if g.clean {
		return cue + s + "某"
	}
	g.out = append(g.out, planted{Kind: PersonName, Value: full, Given: gv})
	return cue + full
}

func (g *gen) phone() string {
	if g.clean {
		return "12369"
	}
	var v string
	m := "1" + string("3456789"[g.r.IntN(7)]) + g.digits(9)
	switch g.r.IntN(7) {
	case 0:
		v = m
	case 1:
		v = m[:3] + " " + m[3:7] + " " + m[7:]
	case 2:
		v = m[:3] + "-" + m[3:7] + "-" + m[7:]
	case 3:
		v = "+86 " + m[:3] + " " + m[3:7] + " " + m[7:]
	case 4:
		v = "+86-" + m
	case 5:
		v = "0951-" + string("5678"[g.r.IntN(4)]) + g.digits(6)
	default:
		v = "(0" + string("9"[0]) + "5" + string("1234"[g.r.IntN(4)]) + ")" + string("5678"[g.r.IntN(4)]) + g.digits(6)
	}
	g.out = append(g.out, planted{Kind: Phone, Value: v})
	return v
}

func (g *gen) idNumber() string {
	if g.clean {
		return "（已核实）"
	}
	regions := []string{"640104", "640121", "640122", "640181", "640202", "640302", "640402", "640502", "620102", "610802"}
	y := 1950 + g.r.IntN(55)
	first := fmt.Sprintf("%s%04d%02d%02d%s", g.pick(regions), y, 1+g.r.IntN(12), 1+g.r.IntN(28), g.digits(3))
	var v string
	switch g.r.IntN(6) {
	case 0: // old 15-digit
		v = first[:6] + first[8:14] + first[14:17]
	case 1: // lower-case x when the check character is X, else a look-alike
		c := IDChecksum(first)
		if c == 'X' {
			v = first + "x"
		} else {
			v = first + string(rune('0'+(int(c-'0')+1)%10))
		}
	default:
		v = first + string(IDChecksum(first))
	}
	g.out = append(g.out, planted{Kind: IDCard, Value: v})
	return v
}

func (g *gen) plate() string {
	if g.clean {
		return "一辆"
	}
	provs := []rune("宁宁宁甘陕蒙晋青新豫")
	p := string(provs[g.r.IntN(len(provs))]) + string(rune('A'+g.r.IntN(5)))
	letters := "ABCDEFGHJKLMNPQRSTUVWXYZ"
	var v string
	switch g.r.IntN(5) {
	case 0:
		v = p + g.digits(5)
	case 1:
		v = p + "·" + string(letters[g.r.IntN(len(letters))]) + g.digits(4)
	case 2:
		v = p + string(letters[g.r.IntN(len(letters))]) + g.digits(4)
	case 3:
		v = p + "·D" + g.digits(5) // new-energy
	default:
		v = p + g.digits(4) + "挂"
	}
	g.out = append(g.out, planted{Kind: Plate, Value: v})
	return v
}

func (g *gen) address() string {
	county := g.pick(genCounties)
	if g.clean {
		return county + "某小区"
	}
	roads := []string{"解放东街", "北京中路", "文化西街", "民族北街", "利民巷", "清和南街", "黄河东路", "正源北街", "银古路", "友爱巷"}
	var v string
	if g.r.IntN(3) == 0 {
		v = g.pick(genVillages) + fmt.Sprintf("%d组%d号", 1+g.r.IntN(9), 1+g.r.IntN(80))
		g.out = append(g.out, planted{Kind: Address, Value: v[strings.Index(v, "村")+len("村"):]})
		return county + g.pick(genTowns) + v
	}
	v = g.pick(roads) + fmt.Sprintf("%d号%d栋%d单元%d室", 1+g.r.IntN(300), 1+g.r.IntN(30), 1+g.r.IntN(6), 101+g.r.IntN(1800))
	g.out = append(g.out, planted{Kind: Address, Value: v})
	return county + v
}

func (g *gen) email() string {
	if g.clean {
		return "本局公开邮箱"
	}
	locals := []string{"zhangjg", "li.wei", "mahaibo1978", "wang_xiuying", "nx.chenlei", "gaozq", "liuf2020", "sunmin.nx"}
	doms := []string{"163.com", "qq.com", "126.com", "sina.com", "foxmail.com"}
	v := g.pick(locals) + fmt.Sprintf("%d", g.r.IntN(100)) + "@" + g.pick(doms)
	g.out = append(g.out, planted{Kind: Email, Value: v})
	return v
}

func (g *gen) bank() string {
	if g.clean {
		return "指定账户"
	}
	body := "622202" + g.digits(12)
	// Luhn check digit.
	for c := byte('0'); c <= '9'; c++ {
		if luhnOK([]byte(body + string(c))) {
			body += string(c)
			break
		}
	}
	g.out = append(g.out, planted{Kind: BankCard, Value: body})
	return body
}

func (g *gen) when() string {
	return fmt.Sprintf("%d年%d月%d日%d时%d分", 2019+g.r.IntN(7), 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60))
}

func (g *gen) n(a, b int) int { return a + g.r.IntN(b-a+1) }

// templates: each returns one incident description.
var templates = []func(g *gen) string{
	func(g *gen) string { // 危化品运输车辆侧翻
		return fmt.Sprintf("%s，一辆牌照为%s的危险化学品运输车辆在%s境内G6京藏高速K%d+%d处侧翻，车载%s约%d吨部分泄漏。%s驾驶该车，%s轻伤，已送医救治。接报后，%s生态环境局立即启动应急响应，在下游%s设置%d个监测断面，筑坝拦截，泄漏物已全部收集，%s水质未受影响。",
			g.when(), g.plate(), g.pick(genCounties), g.n(1000, 1500), g.n(100, 999), g.pick(genChems), g.n(5, 35), g.person("驾驶员"), g.person("押运员"), g.pick(genCounties), g.pick(genRivers), g.n(2, 6), g.pick(genRivers))
	},
	func(g *gen) string { // 企业废水超标排放
		return fmt.Sprintf("%s，%s%s%s反映%s出现异味、水体发黑，联系电话%s。经查，%s污水处理设施故障，未经处理的废水经雨水管网排入%s，COD最高浓度%d毫克/升。%s称已停产整改。执法人员已对该企业立案调查。",
			g.when(), g.pick(genCounties), g.pick(genTowns), g.person("村民"), g.pick(genRivers), g.phone(), g.pick(genCompany), g.pick(genRivers), g.n(120, 2400), g.person("企业负责人"))
	},
	func(g *gen) string { // 尾矿库渗漏
		return fmt.Sprintf("%s%s一尾矿库发生渗漏，渗滤液进入%s支沟，影响长度约%d米。尾矿库业主%s（身份证号%s）未按要求落实防渗措施。现场监测显示总锰、氨氮超标，已采取截流、回抽措施，下游无饮用水取水口。",
			g.pick(genCounties), g.pick(genTowns), g.pick(genRivers), g.n(200, 3000), g.person(""), g.idNumber())
	},
	func(g *gen) string { // 油品泄漏
		return fmt.Sprintf("%s，%s一加油站地下储罐发生泄漏，约%d升%s渗入周边土壤。报告人%s（男，%d岁）拨打%s报告。该站已停业，污染土壤%d立方米已清挖外运处置。",
			g.when(), g.pick(genCounties), g.n(200, 5000), g.pick([]string{"汽油", "柴油"}), g.person(""), g.n(25, 70), g.phone(), g.n(30, 600))
	},
	func(g *gen) string { // 饮用水源地受污染停水
		return fmt.Sprintf("%s，%s%s集中式饮用水水源地受上游%s泄漏影响，取水口停止取水%d小时，约%d人用水受到影响。%s组织送水车%d辆，并开展加密监测。居民%s家住%s，反映自来水有异味，电话%s。",
			g.when(), g.pick(genCounties), g.pick(genTowns), g.pick(genChems), g.n(6, 72), g.n(3000, 60000), g.pick(genCounties), g.n(3, 20), g.person(""), g.address(), g.phone())
	},
	func(g *gen) string { // 火灾次生污染
		return fmt.Sprintf("%s，%s仓库发生火灾，消防废水约%d立方米经厂区雨水口外溢，进入%s。现场指挥部要求封堵雨水排口，启用应急池。%s称火灾系电气线路老化引起，直接经济损失约%d万元。",
			g.when(), g.pick(genCompany), g.n(100, 3000), g.pick(genRivers), g.person("法定代表人"), g.n(30, 3000))
	},
	func(g *gen) string { // 死鱼事件
		return fmt.Sprintf("%s，%s向12369举报%s%s段出现大量死鱼，死鱼约%d公斤。举报人邮箱%s。经监测，溶解氧%0.1f毫克/升，初步判断为高温天气导致缺氧，排除人为污染。",
			g.when(), g.person("群众"), g.pick(genCounties), g.pick(genRivers), g.n(50, 2000), g.email(), float64(g.n(5, 30))/10)
	},
	func(g *gen) string { // 偷排
		return fmt.Sprintf("接群众举报，%s%s有车辆夜间向%s倾倒不明液体。经调查，%s驾驶%s罐车受%s雇佣倾倒废酸约%d吨，涉嫌污染环境罪，已移送公安机关。当事人家住%s。",
			g.pick(genCounties), g.pick(genVillages), g.pick(genRivers), g.person("司机"), g.plate(), g.pick(genCompany), g.n(3, 40), g.address())
	},
	func(g *gen) string { // 气体泄漏
		return fmt.Sprintf("%s，%s发生%s泄漏，周边%d名群众出现头晕、恶心症状，其中%s、%s等人送医观察。现场疏散群众%d人，%d时%d分泄漏点封堵完毕，空气中特征污染物浓度恢复正常。",
			g.when(), g.pick(genCompany), g.pick([]string{"液氨", "氯气", "硫化氢", "一氧化碳"}), g.n(2, 60), g.person("村民"), g.person(""), g.n(50, 12000), g.n(0, 23), g.n(0, 59))
	},
	func(g *gen) string { // 短报
		return fmt.Sprintf("%s%s%s发现%s水面漂浮油污，报告后由%s调查处置。联系人：%s，手机：%s。",
			g.pick(genCounties), g.pick(genTowns), g.person("养殖户"), g.pick(genRivers), g.pick(genCounties)+"生态环境分局", g.person(""), g.phone())
	},
	func(g *gen) string { // 赔偿
		return fmt.Sprintf("%s涉及的%s%s等%d户农田灌溉受影响，%s已向受损农户支付赔偿款，其中%s的赔偿款已转入其银行卡%s。后续将开展生态环境损害评估。",
			g.pick(genRivers), g.pick(genVillages), g.person("户主"), g.n(3, 40), g.pick(genCompany), g.person("户主"), g.bank())
	},
	func(g *gen) string { // 长报告
		return fmt.Sprintf("%s，%s化工园区内%s一反应釜发生爆炸并引发火灾，造成%d人死亡、%d人受伤，疏散周边群众%d人。爆炸产生的废气经监测，苯系物、氯化氢浓度一度超标，事故废水全部截留在园区事故池内，未进入%s。事故发生后，%s生态环境局按程序启动应急预案，在厂界及下风向%d公里范围布设%d个大气监测点位。%s（职工）称听到巨响后看到浓烟。%s驾驶%s槽车在厂区门口等待装货时受轻伤。伤员家属%s反映情况，联系电话%s。事故原因正在调查中。",
			g.when(), g.pick(genCounties), g.pick(genCompany), g.n(0, 12), g.n(0, 60), g.n(0, 20000), g.pick(genRivers), g.pick(genCounties), g.n(1, 5), g.n(4, 15), g.person(""), g.person("司机"), g.plate(), g.person(""), g.phone())
	},
	func(g *gen) string { // 后缀线索
		full, s, gv := g.name()
		if g.clean {
			full = s + "某"
		} else {
			g.out = append(g.out, planted{Kind: PersonName, Value: full, Given: gv})
		}
		return fmt.Sprintf("%s，%s%s%s在%s边发现大面积白色泡沫，随即拨打电话报告。%s生态环境局执法人员到场采样，确认泡沫来源于上游%s，已责令停止排放。",
			g.when(), g.pick(genCounties), full, g.pick(genPost), g.pick(genRivers), g.pick(genCounties), g.pick(genCompany))
	},
	func(g *gen) string { // 噪声/扬尘 with address
		return fmt.Sprintf("%s反映%s附近工地夜间施工扬尘严重。%s住址为%s，身份证号%s。经核实，该工地未落实围挡、洒水措施，已责令整改。",
			g.person("居民"), g.pick(genCounties), g.person("投诉人"), g.address(), g.idNumber())
	},
}

func generate(seed uint64, n int, clean bool) []corpusLine {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	lines := make([]corpusLine, 0, n)
	for k := 0; k < n; k++ {
		g := &gen{r: r, clean: clean}
		tpl := templates[k%len(templates)]
		txt := tpl(g)
		prefix := "gen"
		if clean {
			prefix = "clean"
		}
		lines = append(lines, corpusLine{ID: fmt.Sprintf("%s-%03d", prefix, k+1), Text: txt, Planted: g.out})
	}
	return lines
}

func writeJSONL(path string, lines []corpusLine) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if l.Planted == nil {
			l.Planted = []planted{}
		}
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func readJSONL(t testing.TB, path string) []corpusLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l corpusLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

const (
	corpusSeed = 20260101
	corpusSize = 240
	cleanSeed  = 20260202
	cleanSize  = 120
)

// TestCorpusFiles checks that the committed corpus files match the
// generator (go test -run TestCorpusFiles -update rewrites them).
func TestCorpusFiles(t *testing.T) {
	for _, c := range []struct {
		path  string
		lines []corpusLine
	}{
		{filepath.Join("testdata", "corpus.jsonl"), generate(corpusSeed, corpusSize, false)},
		{filepath.Join("testdata", "clean.jsonl"), generate(cleanSeed, cleanSize, true)},
	} {
		if *update {
			if err := writeJSONL(c.path, c.lines); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got := readJSONL(t, c.path)
		if len(got) != len(c.lines) {
			t.Fatalf("%s: %d lines, generator gives %d (run with -update)", c.path, len(got), len(c.lines))
		}
		for k := range got {
			if got[k].Text != c.lines[k].Text {
				t.Fatalf("%s line %d differs from the generator (run with -update)", c.path, k+1)
			}
		}
	}
}

// leaked returns the planted values that survive in out.
func leaked(out string, ps []planted) []string {
	squash := strings.NewReplacer(" ", "", "-", "", "·", "", "(", "", ")", "", "+", "").Replace
	sq := squash(out)
	var bad []string
	for _, p := range ps {
		switch p.Kind {
		case PersonName:
			if strings.Contains(out, p.Value) || (len([]rune(p.Given)) >= 2 && strings.Contains(out, p.Given)) ||
				strings.Contains(out, "某"+p.Given) {
				bad = append(bad, p.Value)
			}
		case Phone, IDCard, BankCard:
			v := squash(p.Value)
			if strings.Contains(out, p.Value) || strings.Contains(sq, v) ||
				strings.Contains(strings.ToUpper(sq), strings.ToUpper(v[:len(v)-1])) {
				bad = append(bad, p.Value)
			}
		case Plate:
			body := strings.TrimPrefix(string([]rune(p.Value)[2:]), "·")
			if strings.Contains(out, p.Value) || strings.Contains(out, body) {
				bad = append(bad, p.Value)
			}
		default:
			if strings.Contains(out, p.Value) {
				bad = append(bad, p.Value)
			}
		}
	}
	return bad
}

func checkCorpus(t *testing.T, path string) (lines, items int) {
	t.Helper()
	kinds := map[Kind]int{}
	for _, l := range readJSONL(t, path) {
		out, fs := Text(l.Text)
		for k, v := range Counts(fs) {
			kinds[k] += v
		}
		if bad := leaked(out, l.Planted); len(bad) > 0 {
			t.Errorf("%s %s leaks %q\n  in:  %s\n  out: %s", path, l.ID, bad, l.Text, out)
		}
		lines++
		items += len(l.Planted)
	}
	t.Logf("%s: %d lines, %d planted items, redactions by kind %v", path, lines, items, kinds)
	return lines, items
}

func TestCorpusNoLeaks(t *testing.T) {
	n, _ := checkCorpus(t, filepath.Join("testdata", "corpus.jsonl"))
	if n < 200 {
		t.Errorf("corpus has %d lines, want >= 200", n)
	}
	m, _ := checkCorpus(t, filepath.Join("testdata", "tricky.jsonl"))
	if m < 30 {
		t.Errorf("tricky set has %d lines, want >= 30", m)
	}
}

// TestCleanUnchanged measures false positives: lines without personal
// data must come back unchanged.
func TestCleanUnchanged(t *testing.T) {
	var total, changed int
	for _, path := range []string{filepath.Join("testdata", "clean.jsonl"), filepath.Join("testdata", "clean_tricky.jsonl")} {
		for _, l := range readJSONL(t, path) {
			total++
			out, fs := Text(l.Text)
			if out != l.Text {
				changed++
				t.Errorf("false positive in %s %s: %v\n  in:  %s\n  out: %s", path, l.ID, fs, l.Text, out)
			}
		}
	}
	t.Logf("clean set: %d lines, %d changed (false-positive lines)", total, changed)
}
