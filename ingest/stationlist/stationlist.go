// Package stationlist decodes the national air station list (the CNEMC /
// quotsoft 站点列表 layout): 监测点编码,监测点名称,城市,经度,纬度,对照点,
// 省级行政区,地级行政区 and an optional 区县 (county) column, in any order.
package stationlist

import (
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// Column names of the list.
const (
	ColCode       = "监测点编码"
	ColName       = "监测点名称"
	ColCity       = "城市"
	ColLon        = "经度"
	ColLat        = "纬度"
	ColControl    = "对照点"
	ColProvince   = "省级行政区"
	ColPrefecture = "地级行政区"
	ColCounty     = "区县"
)

// Required are the columns every list must have, in the usual order.
var Required = []string{ColCode, ColName, ColCity, ColLon, ColLat, ColControl, ColProvince, ColPrefecture}

// Station is one row of the list. Lon/Lat are NaN when empty.
type Station struct {
	Code, Name, City, Province, Prefecture, County string
	Lon, Lat                                       float64
	Control                                        bool
}

// IsHeader reports whether names look like a station list (it has the
// station code column).
func IsHeader(names []string) bool {
	for _, n := range names {
		if strings.TrimSpace(n) == ColCode {
			return true
		}
	}
	return false
}

// List is a decoded station list.
type List struct {
	Stations  []Station
	HasCounty bool // the file had a county column
}

// Decode parses a station list from UTF-8 CSV text.
func Decode(text []byte) (*List, *obs.Rejects, error) {
	rj := obs.NewRejects()
	out := &List{}
	pos := map[string]int{}
	var ferr error
	nField, rows := 0, 0
	seen := map[string]bool{}
	fields := make([][]byte, 0, 16)
	obs.Lines(text, func(n int64, line []byte) bool {
		var ok bool
		fields, ok = obs.SplitCSV(line, fields)
		if n == 1 {
			if !ok {
				ferr = &obs.FileError{Reason: obs.ReasonQuoting, Line: 1}
				return false
			}
			nField = len(fields)
			for i, f := range fields {
				name := strings.TrimSpace(string(f))
				if _, dup := pos[name]; dup && name != "" {
					ferr = &obs.FileError{Reason: obs.ReasonDupColumn, Line: 1, Field: name}
					return false
				}
				pos[name] = i
			}
			for _, c := range Required {
				if _, ok := pos[c]; !ok {
					ferr = &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: c,
						Value: "header: " + string(line)}
					return false
				}
			}
			_, out.HasCounty = pos[ColCounty]
			return true
		}
		if len(line) == 0 {
			return true
		}
		rows++
		if !ok {
			rj.Add(n, "", string(line[:min(len(line), 80)]), obs.ReasonQuoting)
			rj.Unit(1)
			return true
		}
		if len(fields) != nField {
			rj.Add(n, "", itoa(len(fields))+" fields, header has "+itoa(nField), obs.ReasonColumnCount)
			rj.Unit(1)
			return true
		}
		get := func(c string) string {
			p, ok := pos[c]
			if !ok {
				return ""
			}
			return strings.TrimSpace(string(fields[p]))
		}
		s := Station{Code: get(ColCode), Name: get(ColName), City: get(ColCity),
			Province: get(ColProvince), Prefecture: get(ColPrefecture), County: get(ColCounty)}
		bad := false
		fail := func(field, value, reason string) {
			rj.Add(n, field, value, reason)
			bad = true
		}
		if s.Code == "" {
			fail(ColCode, "", obs.ReasonMissingStation)
		}
		if s.Name == "" {
			fail(ColName, "", obs.ReasonMissingName)
		}
		var reason string
		if s.Lon, reason = coord(get(ColLon), 180); reason != "" {
			fail(ColLon, get(ColLon), reason)
		}
		if s.Lat, reason = coord(get(ColLat), 90); reason != "" {
			fail(ColLat, get(ColLat), reason)
		}
		switch strings.ToUpper(get(ColControl)) {
		case "Y", "是":
			s.Control = true
		case "N", "否", "":
		default:
			fail(ColControl, get(ColControl), obs.ReasonControlFlag)
		}
		if !bad && seen[s.Code] {
			fail(ColCode, s.Code, obs.ReasonDupStation)
		}
		if bad {
			rj.Unit(1)
			return true
		}
		seen[s.Code] = true
		out.Stations = append(out.Stations, s)
		return true
	})
	switch {
	case ferr != nil:
		return nil, nil, ferr
	case nField == 0:
		return nil, nil, &obs.FileError{Reason: obs.ReasonEmpty}
	case rows == 0:
		return nil, nil, &obs.FileError{Reason: obs.ReasonNoRows}
	}
	return out, rj, nil
}

// coord parses a longitude or latitude (|v| <= lim); empty is NaN.
func coord(s string, lim float64) (float64, string) {
	if obs.IsMissing([]byte(s)) {
		return nan(), ""
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
