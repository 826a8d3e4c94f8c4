package stationlist

import (
	"math"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func nan() float64 { return math.NaN() }
