package water

import (
	"math"
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
	transform "github.com/envdisclose/envdisclose/transform/water"
)

// Site is one row of the site registry. Lon/Lat are NaN when empty;
// TargetClass 0 = none.
type Site struct {
	Code, Name, Province, City, County, Basin, River string
	WaterBody, DrinkingLevel, Network                string
	Drinking, Assessed                               bool
	TargetClass                                      int
	Lon, Lat                                         float64
}

// Sites is a decoded site list. Columns are the registry columns the file
// had (besides site_code and name): the others keep the values of the
// site's latest version (or the schema defaults for a new site).
type Sites struct {
	Sites   []Site
	Columns []string
}

// registryRoles are the optional registry columns, in table order.
var registryRoles = []int{rProvince, rCity, rCounty, rBasin, rRiver, rWaterBody, rDrinking, rDrinkingLevel,
	rAssessed, rTarget, rNetwork, rLon, rLat}

// DecodeSites decodes a site list (site_code and name required; the other
// registry columns optional, Chinese or English names and values). A row
// with any problem is refused whole; a repeated site code is refused.
func DecodeSites(t *obs.Table) (*Sites, *obs.Rejects, error) {
	l, dup := parseLayout(t.Header)
	if dup != "" {
		return nil, nil, &obs.FileError{Reason: obs.ReasonDupColumn, Line: 1, Field: dup}
	}
	for _, r := range []int{rSite, rName} {
		if l.pos[r] < 0 {
			return nil, nil, &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: roleNames[r],
				Value: "header: " + strings.Join(t.Header, ",")}
		}
	}
	out := &Sites{}
	for _, r := range registryRoles {
		if l.pos[r] >= 0 {
			out.Columns = append(out.Columns, roleNames[r])
		}
	}
	if l.pos[rDrinkingLevel] >= 0 && l.pos[rDrinking] < 0 {
		out.Columns = append(out.Columns, roleNames[rDrinking]) // derived from the level
	}
	rj := obs.NewRejects()
	seen := map[string]bool{}
	for i := range t.Rows {
		row := &t.Rows[i]
		if reason, v := t.Check(row); reason != "" {
			rj.Add(row.Line, "", v, reason)
			rj.Unit(1)
			continue
		}
		get := func(r int) string { return l.cell(row.Cells, r) }
		bad := false
		fail := func(r int, v, reason string) {
			rj.Add(row.Line, l.field(r), v, reason)
			bad = true
		}
		s := Site{Code: get(rSite), Name: get(rName), Province: get(rProvince), City: get(rCity),
			County: get(rCounty), Basin: get(rBasin), River: get(rRiver), Assessed: true, Network: "manual"}
		if s.Code == "" {
			fail(rSite, "", obs.ReasonMissingSite)
		}
		if s.Name == "" {
			fail(rName, "", obs.ReasonMissingSiteName)
		}
		var ok bool
		if s.WaterBody, ok = waterBody(get(rWaterBody)); !ok {
			fail(rWaterBody, get(rWaterBody), obs.ReasonWaterBody)
		}
		if s.Drinking, ok = yesNo(get(rDrinking), false); !ok {
			fail(rDrinking, get(rDrinking), obs.ReasonYesNo)
		}
		if s.DrinkingLevel, ok = drinkingLevel(get(rDrinkingLevel)); !ok {
			fail(rDrinkingLevel, get(rDrinkingLevel), obs.ReasonDrinkingLevel)
		}
		if s.DrinkingLevel != "" && l.pos[rDrinking] < 0 {
			s.Drinking = true // a level implies a drinking source
		}
		if !s.Drinking {
			s.DrinkingLevel = ""
		}
		if s.Assessed, ok = yesNo(get(rAssessed), true); !ok {
			fail(rAssessed, get(rAssessed), obs.ReasonYesNo)
		}
		if c := get(rTarget); c != "" && c != "--" && c != "-" {
			k, ok := transform.ParseClass(c)
			if !ok || k > 5 {
				fail(rTarget, c, obs.ReasonWaterClass)
			}
			s.TargetClass = k
		}
		switch strings.ToLower(get(rNetwork)) {
		case "", "manual", "手工", "手工监测":
		case "auto", "automatic", "自动", "自动监测", "自动站":
			s.Network = "auto"
		default:
			fail(rNetwork, get(rNetwork), obs.ReasonNetwork)
		}
		var reason string
		if s.Lon, reason = coord(get(rLon), 180); reason != "" {
			fail(rLon, get(rLon), reason)
		}
		if s.Lat, reason = coord(get(rLat), 90); reason != "" {
			fail(rLat, get(rLat), reason)
		}
		if !bad && seen[s.Code] {
			fail(rSite, s.Code, obs.ReasonDupSite)
		}
		if bad {
			rj.Unit(1)
			continue
		}
		seen[s.Code] = true
		out.Sites = append(out.Sites, s)
	}
	if len(t.Rows) == 0 {
		return nil, nil, &obs.FileError{Reason: obs.ReasonNoRows}
	}
	return out, rj, nil
}

func waterBody(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "", "-", "--":
		return "", true
	case "river", "河流", "河", "江河":
		return "river", true
	case "lake", "reservoir", "湖库", "湖泊", "水库", "湖", "湖泊水库", "湖/库":
		return "lake", true
	}
	return "", false
}

func yesNo(s string, def bool) (bool, bool) {
	switch strings.ToLower(s) {
	case "":
		return def, true
	case "y", "yes", "true", "1", "是", "√":
		return true, true
	case "n", "no", "false", "0", "否", "-", "--":
		return false, true
	}
	return def, false
}

func drinkingLevel(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "", "-", "--":
		return "", true
	case "city", "地级", "地市级", "市级", "设区市", "设区的市", "地级以上", "城市":
		return "city", true
	case "county", "县级", "县", "县级城市", "县城":
		return "county", true
	case "township", "乡镇", "乡镇级", "千吨万人":
		return "township", true
	}
	return "", false
}

func coord(s string, lim float64) (float64, string) {
	if obs.IsMissing([]byte(s)) || s == "--" {
		return math.NaN(), ""
	}
	v, ok := obs.ParseNumber([]byte(s))
	switch {
	case !ok:
		return 0, obs.ReasonNotNumber
	case v < -lim || v > lim:
		return 0, obs.ReasonRange
	}
	return v, ""
}
