// Package water decodes surface-water files into the rows of water_site,
// water_sample and water_sample_reported (sql/schema/010_water.sql):
//
//   - the site registry (KindSites): site_code, name and optional
//     attributes, Chinese or English headers;
//   - long samples (KindSamples): site_code, sampled_at, parameter, value,
//     unit and optional flag / detection-limit columns;
//   - the CNEMC automatic-station layout (KindCNEMC, 国家地表水水质自动监测
//     实时数据发布系统): one row per station with 省份, 流域, 断面名称, 监测时间
//     (MM-DD HH:MM), 水质类别 and one column per parameter.
//
// Every layout comes as an obs.Table (CSV text or the first sheet of an
// XLSX workbook). Parameter names and units are resolved with the alias and
// unit tables of sql/standards/water (Standards); values are converted to
// the canonical unit. Times are CST wall clock.
package water

import (
	"strings"

	transform "github.com/envdisclose/envdisclose/transform/water"
)

// Layouts (ledger kinds).
const (
	KindSites   = "water-sites"
	KindSamples = "water-samples"
	KindCNEMC   = "water-cnemc-auto"
)

// Expected describes the recognised headers for the unrecognised-header
// message.
const Expected = "water sites (site_code|断面编码,name|断面名称[,province,city,county,basin,water_body,...]); " +
	"water samples (site_code,sampled_at,parameter,value,unit[,flag][,dl]); " +
	"CNEMC automatic stations (省份,流域,断面名称,监测时间,水质类别,<parameters>)"

// Column roles.
const (
	rSite = iota
	rName
	rProvince
	rCity
	rCounty
	rBasin
	rRiver
	rWaterBody
	rDrinking
	rDrinkingLevel
	rAssessed
	rTarget
	rNetwork
	rLon
	rLat
	rTime
	rParameter
	rValue
	rUnit
	rFlag
	rDL
	rClass
	nRoles
)

// roleNames are the canonical (English) column names, by role.
var roleNames = [nRoles]string{"site_code", "name", "province", "city", "county", "basin", "river", "water_body",
	"is_drinking_source", "drinking_level", "is_assessed", "target_class", "network", "lon", "lat",
	"sampled_at", "parameter", "value", "unit", "flag", "dl", "class"}

// headerAliases maps normalised header names (transform.NormalizeName) to
// roles.
var headerAliases = map[string]int{}

func init() {
	for role, names := range map[int][]string{
		rSite:          {"site_code", "sitecode", "site", "site_id", "断面编码", "断面代码", "点位编码", "站点编码", "监测断面编码"},
		rName:          {"name", "site_name", "sitename", "断面名称", "点位名称", "站点名称", "监测断面"},
		rProvince:      {"province", "省份", "省", "所属省份", "省级行政区"},
		rCity:          {"city", "城市", "地市", "所属地市", "地级行政区", "设区市", "所在城市"},
		rCounty:        {"county", "区县", "县区", "所属区县", "所在区县"},
		rBasin:         {"basin", "流域", "所属流域"},
		rRiver:         {"river", "河流", "河流名称", "所在水体", "水体名称", "河流(湖库)名称", "河湖名称"},
		rWaterBody:     {"water_body", "waterbody", "水体类型", "河流/湖库", "断面类型"},
		rDrinking:      {"is_drinking_source", "drinking_source", "drinking", "是否饮用水源地", "饮用水源地", "是否水源地"},
		rDrinkingLevel: {"drinking_level", "水源地级别", "饮用水源地级别", "水源地类型"},
		rAssessed:      {"is_assessed", "assessed", "是否考核断面", "考核断面", "是否评价断面", "是否考核"},
		rTarget:        {"target_class", "target", "目标水质类别", "水质目标", "目标类别", "水质目标类别"},
		rNetwork:       {"network", "监测网络", "监测方式"},
		rLon:           {"lon", "lng", "longitude", "经度"},
		rLat:           {"lat", "latitude", "纬度"},
		rTime:          {"sampled_at", "sample_time", "sampling_time", "time", "datetime", "采样时间", "监测时间", "采样日期", "监测日期"},
		rParameter:     {"parameter", "param", "item", "监测项目", "项目", "监测指标", "指标", "参数"},
		rValue:         {"value", "result", "监测值", "监测结果", "浓度", "测定值", "数值", "结果"},
		rUnit:          {"unit", "单位", "计量单位"},
		rFlag:          {"flag", "qualifier", "标识", "标记", "数据标识", "数据标记"},
		rDL:            {"dl", "detection_limit", "mdl", "检出限", "方法检出限"},
		rClass:         {"水质类别", "class", "water_class", "reported_class"},
	} {
		for _, n := range names {
			headerAliases[transform.NormalizeName(n)] = role
		}
	}
}

// layout maps roles to column positions (-1 = absent).
type layout struct {
	pos   [nRoles]int
	names []string
	other []int // columns of no role (CNEMC: parameter columns)
}

func parseLayout(header []string) (*layout, string) {
	l := &layout{names: header}
	for i := range l.pos {
		l.pos[i] = -1
	}
	for i, h := range header {
		r, ok := headerAliases[transform.NormalizeName(h)]
		if !ok {
			l.other = append(l.other, i)
			continue
		}
		if l.pos[r] >= 0 {
			return nil, h
		}
		l.pos[r] = i
	}
	return l, ""
}

func (l *layout) has(roles ...int) bool {
	for _, r := range roles {
		if l.pos[r] < 0 {
			return false
		}
	}
	return true
}

// Detect returns the water layout (KindSites, KindSamples, KindCNEMC) of a
// header, or "".
func Detect(header []string) string {
	l := &layout{}
	for i := range l.pos {
		l.pos[i] = -1
	}
	for i, h := range header {
		if r, ok := headerAliases[transform.NormalizeName(h)]; ok && l.pos[r] < 0 {
			l.pos[r] = i
		}
	}
	switch {
	case l.has(rSite, rParameter, rValue), l.has(rSite, rTime, rParameter):
		return KindSamples
	case l.has(rName, rTime, rProvince) && l.pos[rSite] < 0 && l.pos[rParameter] < 0:
		return KindCNEMC
	case l.has(rSite, rName):
		return KindSites
	}
	return ""
}

// cell returns the trimmed cell of role r ("" when the column is absent).
func (l *layout) cell(cells []string, r int) string {
	if p := l.pos[r]; p >= 0 && p < len(cells) {
		return strings.TrimSpace(cells[p])
	}
	return ""
}

func (l *layout) field(r int) string {
	if p := l.pos[r]; p >= 0 {
		return l.names[p]
	}
	return roleNames[r]
}
