package obs

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Pollutant indexes of the hourly air columns, in table order.
const (
	PM25 = iota
	PM10
	SO2
	NO2
	O3
	CO
	NPollutants
)

// PollutantNames are the air_hour column names, by index.
var PollutantNames = [NPollutants]string{"pm25", "pm10", "so2", "no2", "o3", "co"}

//go:embed limits.csv
var limitsCSV string

// Limit is the accepted range of one quantity.
type Limit struct {
	Name     string
	Unit     string
	Min, Max float64
}

// Limits are the physical-range limits (limits.csv), per pollutant index,
// plus AQI.
type Limits struct {
	Pollutant [NPollutants]Limit
	AQI       Limit
}

var defaultLimits = sync.OnceValues(func() (*Limits, error) { return ParseLimits(limitsCSV) })

// DefaultLimits returns the limits embedded from limits.csv.
func DefaultLimits() (*Limits, error) { return defaultLimits() }

// ParseLimits reads a limits table: lines "name,unit,min,max", '#' comments.
func ParseLimits(text string) (*Limits, error) {
	l := &Limits{}
	seen := map[string]bool{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) != 4 {
			return nil, fmt.Errorf("limits.csv line %d: want 4 fields, got %d", i+1, len(f))
		}
		lo, err1 := strconv.ParseFloat(f[2], 64)
		hi, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil || lo > hi {
			return nil, fmt.Errorf("limits.csv line %d: bad range %q..%q", i+1, f[2], f[3])
		}
		lim := Limit{Name: f[0], Unit: f[1], Min: lo, Max: hi}
		switch idx := PollutantIndex(f[0]); {
		case f[0] == "aqi":
			l.AQI = lim
		case idx >= 0:
			l.Pollutant[idx] = lim
		default:
			return nil, fmt.Errorf("limits.csv line %d: unknown quantity %q", i+1, f[0])
		}
		seen[f[0]] = true
	}
	for _, n := range append(PollutantNames[:], "aqi") {
		if !seen[n] {
			return nil, fmt.Errorf("limits.csv: no limit for %s", n)
		}
	}
	return l, nil
}

// PollutantIndex returns the index of an air_hour column name, or -1.
func PollutantIndex(name string) int {
	for i, n := range PollutantNames {
		if n == name {
			return i
		}
	}
	return -1
}

// Check validates a parsed value against lim, returning "" or a reason.
func (lim Limit) Check(v float64) string {
	if v < 0 && lim.Min >= 0 {
		return ReasonNegative
	}
	if v < lim.Min || v > lim.Max {
		return ReasonRange
	}
	return ""
}
