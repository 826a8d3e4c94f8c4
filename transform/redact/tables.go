package redact

import (
	"sort"
	"strings"
)

// tables are the word lists, built once per Redactor and read-only after.
type tables struct {
	surname1       *bitset
	surname2       map[[2]rune]bool
	surname2First  *bitset
	prepSurname    *bitset // surnames that are also prepositions
	preCues        words   // longest first
	postCues       words
	weakPostCues   words
	officialTitles words
	privateOrg     words
	govOrg         words
	honorifics     words // surname + honorific is not a full name
	commonWords    map[[3]rune]bool
	afterName      words // words that typically follow a 2-character name
	givenStop      *bitset
	given3Stop     *bitset
	placeSuffix    *bitset
	orgWords       words
	boundary       *bitset
	listJoin       *bitset
	phoneCues      words
	residenceCues  words
	addrStop       *bitset
	plateProvince  *bitset
}

// Common surnames (百家姓 / census top surnames). Very rare surnames that
// are frequent words (都、平、国、由、但…) are left out on purpose.
const singleSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺闻厉伊仝郜阚权帅屠朴盖练廉禹祖漆巴卿狄宣晋初扈晁芮阙浦戈鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿鲜逯隆茹诸慕亢嵇湛宾戎勾茅揭尉冶斯束檀昝奉尧纳拜海达"

const compoundSurnames = "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 万俟 闻人 呼延 澹台 公冶 太史 申屠 赫连 钟离 宗政 濮阳 淳于 单于 仲孙 东郭 百里 司空 左丘 谷梁 拓跋"

// Person cues before a name.
const preCueWords = "村民 居民 群众 市民 农户 农民 养殖户 种植户 渔民 牧民 司机 驾驶员 驾驶人 押运员 押运人员 车主 船主 船长 船员 负责人 法人 法定代表人 法人代表 实际控制人 实际经营人 经营者 经营户 承包人 承包商 业主 户主 房主 租户 住户 报告人 举报人 投诉人 来电人 信访人 反映人 当事人 受害人 伤者 死者 遇难者 患者 目击者 姓名 联系人 员工 职工 工人 操作工 电焊工 门卫 厂长 矿长 经理 总经理 董事长 老板 店主 场主 个体户 男子 女子 老人 游客 网民 嫌疑人 犯罪嫌疑人 监护人 家属 其子 其女 其妻 其夫 妻子 丈夫 儿子 女儿 父亲 母亲 名为 叫做 名叫"

// Cues after a name.
const postCueWords = "称 说 报告 报称 反映 表示 介绍 驾驶 驾车 拨打 举报 投诉 承认 供述 回忆 讲述 告知 等人 一家 夫妇 家中 家属 本人 （男 (男 （女 (女 ，男 ，女 先生 女士 同志 师傅 驾驶的 报警"

// Weaker cues after a name: accepted only when the candidate does not end
// like a place name (…山、…河).
const weakPostCueWords = "所有 经营 承包 租用 发现后 发现 立即 及时 随即 当即 随后 正在 已经 曾经"

// Titles of public office: a name right after one is an official acting
// in office and is kept.
const officialTitleWords = "副局长 局长 副县长 县长 副市长 市长 副区长 区长 副镇长 镇长 副乡长 乡长 副书记 书记 副厅长 厅长 副处长 处长 副科长 科长 副主任 主任 大队长 支队长 副队长 队长 站长 所长 副部长 部长 主席 秘书长 副指挥长 指挥长 执法人员 检查人员 监测人员 发言人 新闻发言人"

// Words before a title that make it a private (non-public) role.
const privateOrgWords = "公司 有限 集团 厂 企业 车间 村 社区 小区 酒店 宾馆 门店 商店 合作社 养殖场 农场 工地 项目部 加油站 物业 学校"

// Words before a title that make it a public office.
const govOrgWords = "局 政府 人大 政协 委员会 环境 执法 大队 支队 中心 监测站 厅 部 办公室 办 党委 管委会"

const honorificWords = "先生 女士 师傅 老板 老师 总 经理 某 姓 氏 家 记 大爷 大妈 阿姨 奶奶 爷爷"

// Common words that begin with a surname character (and so must not be
// read as a name). Bigrams and trigrams.
const commonWordList = "黄河 黄色 黄土 黄沙 高速 高温 高压 高度 高浓度 高锰酸盐 高峰 马路 马上 金属 金额 石油 石化 石灰 石嘴 石料 白色 白天 白银 方向 方面 方式 方案 方法 关于 关闭 关注 关键 安全 安排 安置 万元 万吨 万人 常规 常年 常态 江河 江水 周边 周围 周末 周期 明显 明确 文件 林地 林业 林区 田地 田间 成本 成立 成为 余量 左右 程序 程度 宁夏 宁东 华北 华东 华南 牛羊 龙头 雷雨 雷电 顾客 毛管 钱款 任何 任务 于是 于当 向下 向上 向北 向南 向东 向西 向外 向有关 江面 湖面 蓝色 房屋 房间 严重 严格 严禁 陆续 陆地 陆域 解决 解除 车辆 车间 车主 车上 车厢 车载 管道 管网 管理 管线 管控 应急 司机 强化 包括 包装 谷地 沙漠 沙土 沙坡 海原 海拔 海水 海域 贺兰 彭阳 吴忠 固原 温度 温室 康复 施工 文化 文明 武装 鲁南 齐全 易燃 乔木 庄稼 章程 岳阳 殷实 欧洲 关停 兰州 焦炭 左侧 柳树 甘肃 包头 尚未 符合 舒适 柯桥 纪律 梅雨 童装 凌晨 毕竟 单位 单元 季度 霍乱 盛夏 曲线 翁源 冉冉 骆驼 蓝天 路面 路段 路口 路边 辛苦 管护 柴油 蒙古 鲍鱼 华西 祁连 蒲公 屈原 饶阳 艾草 尤其 阳光 阳台 穆斯 农业 农药 农田 农村 司法 卓越 古城 吉林 简单 项目 连续 连接 芦苇 麦田 戚墅 景区 党委 党员 宫殿 费用 卜算 冷却 冷水 晏城 席位 卫生 卫星 米粮 柏油 宗教 桂林 苟且 边坡 边界 卞庄 师范 仇恨 商户 商铺 沙子 荣誉 巫山 桑园 郎中 甄别 丛林 仲裁 虞城 敖汉 巩固 池塘 查明 查看 查处 查封 查找 麻烦 苑囿 迟缓 官方 封堵 封闭 谈话 匡算 惠农 荆州 乐观 冀中 郁闭 胥口 班组 储罐 储存 栗子 燕子 楚雄 劳动 皮肤 粟米 闻讯 厉行 伊犁 权限 帅气 屠宰 朴素 盖子 练习 廉洁 禹州 祖国 漆料 巴士 卿云 狄道 宣传 晋城 初步 初期 扈从 鹿角 薄膜 雍正 羊只 乌海 母亲 修复 赫然 杭州 况且 宿舍 鲜活 隆德 茹毛 诸多 慕名 湛江 宾馆 戎装 茅草 揭阳 尉氏 斯里 束手 檀香 奉命 纳入 纳污 拜访 海河 达到 达标 董事 杜绝 叶片 叶子 吕梁 丁字 沈阳 卢沟 姜黄 钟点 汪洋 范围 范畴 夏季 夏天 韦州 付款 付费 邹平 孟加 熊猫 秦岭 段落 侯马 史料 陶瓷 黎明 贺词 顾及 毛病 邵阳 钱塘 武汉 戴上 莫名 孔洞 汤河 葛洲 邢台 安装 安徽 庄园 申请 申报 欧盟 焦化 祝福 梅花 凌空 涂料 涂层 苗木 谷物 盛行 游客 游泳 滕州 牟利 娄底 岑溪 刁难 芮城 阙如 浦东 戈壁 辜负 亢奋 勾兑 冶炼 尧都 王府 王国 张家口 张掖 李庄 刘家峡 陈旧 杨树 杨柳 周口 周至 徐州 胡同 胡杨 何时 何处 何况 何种 高层 高原 林场 罗马 郑州 梁山 谢绝 宋体 唐山 许可 许多 韩国 曹妃 彭湖 曾经 曾任 田野 余下 余额 苏州 苏醒 魏都 丁香 任意 姚安 江苏 江西 江南 江北 金川 金凤 金沙 石家庄 白塔 方可 高新 黄渠 常州 包兰 温州 康乐 文物 柳州 贾汪 夏令 韦伯 钟楼 龙口 龙门 龙潭 龙王 向阳"

// Words that typically follow a 2-character name: if one starts at the
// third character, the name has one given character.
const afterNameWords = "轻伤 重伤 受伤 死亡 遇难 中毒 送医 身亡 失踪 发现 驾驶 报告 反映 表示 介绍 拨打 到达 前往 使用 经营 承包 所有 驾车 居住 家中 一家 等人 立即 及时 随即 当即 当场 随后 马上 正在 已经 曾经 多次 因为 因故 于是 在家 在场 的 了 等 及 和 与 在 于 向 从 到 是 为 被 将 把 对 所 已 因 也 都 就 称 说 讲 称其 报警 未 不 没 自 私 擅 违 非 系 现 驾 带 领 将其 称其 等3 等2 等4 打 拨 向其 通过 利用 用 把 将车 在其 联系 电话 手机 的车 家 住 年 岁 男 女 同志 先生 女士 师傅 夫妇 本人 户 请 让 告 供 承 回 知 一 二 两 三 共 后 前 时 处 地 内 外 上 下 中"

// Function characters that cannot be part of a given name.
const funcStopChars = "某的了在于和与及等称说是为将被把对向从到因所以也都又还已就但而或并且其之个这那无不没很最更再自此该本各每位名人者员户"

// Characters that cannot be the first given-name character (place and
// organisation characters, honorific starts).
const givenStopChars = "县市区镇乡村省州旗局厂司院所站队委办部处科会路街河江湖山岛港氏记总家先女姓"

// Extra characters that cannot be the second given-name character.
const given3StopChars = "称说报反驾拨等家及和与在于向从到是为被将把对所已因也都就讲表介承供告开驶现车用带领住年岁男女同师夫本户请让回知共后前时处地内外上下中村镇乡县市区路街局厂司院站队委办部处科会公集化库园场矿业氏记某一二三四五六七八九十两"

// Characters that end a place or organisation name: a candidate followed by
// one of them is not a person.
const placeSuffixChars = "村镇乡县市区省州旗路街巷弄河江湖山沟湾渠坝庄屯堡寨营铺店岭峡滩洲岛港口局厂司院站队委办部处科所会园场矿库桥闸塘泉井洞厅馆社校园寺庙氏记"

const orgWordList = "公司 集团 化工 实业 科技 有限 水库 小区 工业 园区 电厂 矿业 煤业 能源 建材 建设 水务 环保 物流 运输 加油 养殖 农业 制药 医院 学校"

const boundaryChars = "由被经据将向对和与及是为系让请叫找给同跟在从把令县区市镇乡旗"

const phoneCueWords = "电话号码 联系电话 电话 手机号码 手机号 手机 联系方式 座机 号码 Tel TEL tel 微信"

const residenceCueWords = "家庭住址 家住 住址 住所 住在 现住 居住 居住地 户籍地 户籍 租住"

// Administrative suffixes and cue characters that end a road name going
// backwards.
const addrStopChars = "省市区县镇乡村州旗盟住址在于：:，,。、 往至到"

const plateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

// bitset is a set of BMP runes (one bit each, 8 KiB).
type bitset [0x10000 / 64]uint64

func (b *bitset) has(c rune) bool {
	return c >= 0 && c < 0x10000 && b[c>>6]&(1<<(uint(c)&63)) != 0
}

func runeSet(s string) *bitset {
	b := new(bitset)
	for _, c := range s {
		if c != ' ' && c < 0x10000 {
			b[c>>6] |= 1 << (uint(c) & 63)
		}
	}
	return b
}

// words is a word list indexed by first and by last rune, each bucket
// longest word first.
type words struct {
	byFirst, byLast map[rune][][]rune
}

func wordList(s string) words {
	f := strings.Fields(s)
	ws := make([][]rune, 0, len(f))
	for _, w := range f {
		ws = append(ws, []rune(w))
	}
	sort.SliceStable(ws, func(a, b int) bool { return len(ws[a]) > len(ws[b]) })
	idx := words{byFirst: map[rune][][]rune{}, byLast: map[rune][][]rune{}}
	for _, w := range ws {
		idx.byFirst[w[0]] = append(idx.byFirst[w[0]], w)
		idx.byLast[w[len(w)-1]] = append(idx.byLast[w[len(w)-1]], w)
	}
	return idx
}

func newTables() *tables {
	t := &tables{
		surname1:       runeSet(singleSurnames),
		surname2:       map[[2]rune]bool{},
		prepSurname:    runeSet("于向"),
		preCues:        wordList(preCueWords),
		postCues:       wordList(postCueWords),
		weakPostCues:   wordList(weakPostCueWords),
		officialTitles: wordList(officialTitleWords),
		privateOrg:     wordList(privateOrgWords),
		govOrg:         wordList(govOrgWords),
		honorifics:     wordList(honorificWords),
		commonWords:    map[[3]rune]bool{},
		afterName:      wordList(afterNameWords),
		givenStop:      runeSet(funcStopChars + givenStopChars),
		given3Stop:     runeSet(funcStopChars + given3StopChars),
		placeSuffix:    runeSet(placeSuffixChars),
		orgWords:       wordList(orgWordList),
		boundary:       runeSet(boundaryChars),
		listJoin:       runeSet("、和与及"),
		phoneCues:      wordList(phoneCueWords),
		residenceCues:  wordList(residenceCueWords),
		addrStop:       runeSet(addrStopChars),
		plateProvince:  runeSet(plateProvinces),
	}
	t.surname2First = runeSet(compoundSurnames)
	for _, w := range strings.Fields(compoundSurnames) {
		r := []rune(w)
		t.surname2[[2]rune{r[0], r[1]}] = true
	}
	for _, w := range strings.Fields(commonWordList) {
		var k [3]rune
		copy(k[:], []rune(w))
		t.commonWords[k] = true
	}
	return t
}
