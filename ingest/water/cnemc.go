package water

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/envdisclose/envdisclose/ingest/obs"
	transform "github.com/envdisclose/envdisclose/transform/water"
)

// CNEMCPrefix starts the derived site code of a CNEMC automatic station:
// the data has no code, so a station is identified by province and name:
// "cnemc:" + province + ":" + name.
const CNEMCPrefix = "cnemc:"

// CNEMCSiteCode is the registry code of a CNEMC automatic station.
func CNEMCSiteCode(province, name string) string {
	return CNEMCPrefix + province + ":" + name
}

// CNEMCColumns are the registry columns a CNEMC file sets (the others, e.g.
// water_body or a drinking-source flag from a site list, are kept).
var CNEMCColumns = []string{"province", "basin", "network"}

// DecodeCNEMC decodes the CNEMC automatic-station layout (CSV flattening
// or the per-province workbooks): 省份, 流域, 断面名称, 监测时间, 水质类别
// and one column per parameter, named with its unit ("溶解氧(mg/L)"). "--"
// is missing. Columns that are not parameters (id, 站点情况, the crawler's
// geocoded_lat / geocoded_lon — not official coordinates, never stored) are
// ignored. A bad cell is refused alone; a bad line (site, time, class,
// duplicate station-time) is refused whole. Every station-time gets its
// published class (reported_class NULL for "--"), and its registry row.
func DecodeCNEMC(t *obs.Table, chk Check) (*Samples, *obs.Rejects, []string, error) {
	l, dup := parseLayout(t.Header)
	if dup != "" {
		return nil, nil, nil, &obs.FileError{Reason: obs.ReasonDupColumn, Line: 1, Field: dup}
	}
	for _, r := range []int{rProvince, rName, rTime} {
		if l.pos[r] < 0 {
			return nil, nil, nil, &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: roleNames[r],
				Value: "header: " + strings.Join(t.Header, ",")}
		}
	}
	type pcol struct {
		pos int
		col Column
	}
	var params []pcol
	var ignored []string
	for _, i := range l.other {
		h := t.Header[i]
		c, reason, detail := chk.Std.Resolve(h, "")
		switch reason {
		case "":
			params = append(params, pcol{i, c})
		case obs.ReasonUnknownParameter:
			if h != "" {
				ignored = append(ignored, h)
			}
		default: // a known parameter with a bad unit: the whole file is suspect
			return nil, nil, nil, &obs.FileError{Reason: reason, Line: 1, Field: h, Value: detail}
		}
	}
	if len(params) == 0 {
		return nil, nil, nil, &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: "parameter columns",
			Value: "header: " + strings.Join(t.Header, ",")}
	}
	out, rj := newSamples(), obs.NewRejects()
	out.Sites = &Sites{Columns: CNEMCColumns}
	seenSite := map[string]bool{}
	seen := map[[2]any]bool{}
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
		prov, name := get(rProvince), get(rName)
		if prov == "" {
			fail(rProvince, "", obs.ReasonMissingSite)
		}
		if name == "" {
			fail(rName, "", obs.ReasonMissingSiteName)
		}
		ts, reason := cnemcTime(get(rTime), t.Serial, chk)
		if reason != "" {
			fail(rTime, get(rTime), reason)
		}
		class := 0
		if c := get(rClass); c != "" && c != "--" && !obs.IsMissing([]byte(c)) {
			k, ok := transform.ParseClass(c)
			if !ok {
				fail(rClass, c, obs.ReasonWaterClass)
			}
			class = k
		}
		code := CNEMCSiteCode(prov, name)
		if !bad && seen[[2]any{code, ts}] {
			fail(rName, prov+" "+name+" "+get(rTime), obs.ReasonDupSiteTime)
		}
		if bad {
			rj.Unit(1)
			continue
		}
		seen[[2]any{code, ts}] = true
		if !seenSite[code] {
			seenSite[code] = true
			out.Sites.Sites = append(out.Sites.Sites, Site{Code: code, Name: name, Province: prov, Basin: get(rBasin),
				Network: "auto", Assessed: true, Lon: math.NaN(), Lat: math.NaN()})
		}
		out.Reported = append(out.Reported, Reported{Site: code, Time: ts, Class: class})
		for _, p := range params {
			cell := ""
			if p.pos < len(row.Cells) {
				cell = row.Cells[p.pos]
			}
			v, missing, reason, detail := parseValue(cell, "", "")
			if reason == "" && !missing {
				reason = finishValue(&v, p.col, chk.Std)
				detail = cell
			}
			if reason != "" {
				rj.Add(row.Line, t.Header[p.pos], detail, reason)
				rj.Unit(1)
				continue
			}
			if !missing {
				out.add(code, ts, p.col.Parameter, p.col.Unit, v)
			}
		}
	}
	if len(t.Rows) == 0 {
		return nil, nil, nil, &obs.FileError{Reason: obs.ReasonNoRows}
	}
	return out, rj, ignored, nil
}

// cnemcTime parses 监测时间: "MM-DD HH:MM" (the year from chk.Year, else
// the latest year that puts the time no later than one day after now) or a
// full date-time.
func cnemcTime(s string, serial bool, chk Check) (int64, string) {
	var mo, d, h, mi int
	var tail string
	if n, _ := fmt.Sscanf(s, "%d-%d %d:%d%s", &mo, &d, &h, &mi, &tail); n == 4 && len(s) <= 11 {
		if h < 0 || h > 23 || mi < 0 || mi > 59 {
			return 0, obs.ReasonBadTime
		}
		years := []int{chk.Year}
		if chk.Year == 0 {
			y := time.UnixMicro(chk.NowMicros).UTC().Year()
			years = []int{y + 1, y, y - 1, y - 2, y - 3, y - 4} // 02-29 may need a few years back
		}
		for _, y := range years {
			if !obs.ValidDate(y, mo, d) {
				continue
			}
			ts := obs.WallMicros(y, mo, d, h) + int64(mi)*60e6
			if chk.Year != 0 || ts <= chk.NowMicros+86400e6 {
				if ts > chk.NowMicros {
					return 0, obs.ReasonFuture
				}
				return ts, ""
			}
		}
		return 0, obs.ReasonBadTime
	}
	ts, ok := obs.ParseWall(s, serial)
	switch {
	case !ok:
		return 0, obs.ReasonBadTime
	case ts > chk.NowMicros:
		return 0, obs.ReasonFuture
	}
	return ts, ""
}
