// Package long decodes the "long" hourly air layout: one row per
// station-hour with the columns station_code, time, pm25, pm10, so2, no2,
// o3, co (any order, names case-insensitive, pm2_5 / pm2.5 accepted for
// pm25) and optional aqi; other columns are ignored. The same rows can
// come as CSV text (DecodeCSV) or as Arrow record batches (DecodeRecords,
// used for Arrow IPC and, through DuckDB, for Parquet).
//
// time is the CST wall-clock END of the averaging hour ("2023-01-20
// 01:00:00" = the mean of 00:00-01:00). A time with an explicit offset
// ("...+08:00", "...Z") is converted to CST.
package long

import (
	"strings"

	"github.com/envdisclose/envdisclose/ingest/obs"
)

// column roles.
const (
	colStation = iota
	colTime
	colPollutant0 // + obs.PM25 ... obs.CO
	colAQI        = colPollutant0 + obs.NPollutants
	nRoles        = colAQI + 1
)

var roleNames = [nRoles]string{"station_code", "time", "pm25", "pm10", "so2", "no2", "o3", "co", "aqi"}

// aliases maps accepted header names (lower case) to roles.
var aliases = map[string]int{
	"station_code": colStation, "stationcode": colStation, "station": colStation,
	"time": colTime, "datetime": colTime, "timestamp": colTime,
	"pm25": colPollutant0 + obs.PM25, "pm2_5": colPollutant0 + obs.PM25, "pm2.5": colPollutant0 + obs.PM25,
	"pm10": colPollutant0 + obs.PM10, "so2": colPollutant0 + obs.SO2, "no2": colPollutant0 + obs.NO2,
	"o3": colPollutant0 + obs.O3, "co": colPollutant0 + obs.CO,
	"aqi": colAQI, "aqi_reported": colAQI,
}

// Layout maps roles to column positions (-1 = absent).
type Layout struct {
	pos    [nRoles]int
	nField int
	names  []string
}

// IsHeader reports whether names look like the long layout: a station
// code column and at least two other known columns (time, pollutants).
// ParseHeader then says what is missing.
func IsHeader(names []string) bool {
	st, other := false, 0
	for _, n := range names {
		key := strings.ToLower(strings.TrimSpace(n))
		r, ok := aliases[key]
		switch {
		case !ok:
		case r == colStation:
			st = st || strings.Contains(key, "station")
		default:
			other++
		}
	}
	return st && other >= 2
}

// ParseHeader maps column names to roles; every role but aqi is required.
func ParseHeader(names []string) (*Layout, error) {
	l := &Layout{nField: len(names), names: names}
	for i := range l.pos {
		l.pos[i] = -1
	}
	for i, n := range names {
		key := strings.ToLower(strings.TrimSpace(n))
		r, ok := aliases[key]
		if !ok {
			continue
		}
		if l.pos[r] >= 0 {
			return nil, &obs.FileError{Reason: obs.ReasonDupColumn, Line: 1, Field: n}
		}
		l.pos[r] = i
	}
	for r := range colAQI {
		if l.pos[r] < 0 {
			return nil, &obs.FileError{Reason: obs.ReasonMissingColumn, Line: 1, Field: roleNames[r],
				Value: "header: " + strings.Join(names, ",")}
		}
	}
	return l, nil
}
