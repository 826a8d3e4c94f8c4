package obs

import (
	"strconv"
	"unsafe"
)

// exact powers of ten representable in a float64.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// IsMissing reports whether a trimmed cell means "no value": empty, NA,
// N/A, NULL, NaN, "-" or "—" (the CNEMC feed's dash).
func IsMissing(b []byte) bool {
	switch len(b) {
	case 0:
		return true
	case 1:
		return b[0] == '-'
	case 2:
		return (b[0]|0x20) == 'n' && (b[1]|0x20) == 'a'
	case 3:
		s := string(b)
		return s == "—" || s == "N/A" || s == "n/a" || eqFold(b, "nan")
	case 4:
		return eqFold(b, "null")
	}
	return false
}

func eqFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// ParseNumber parses a decimal number such as 12, -3.5, .7 or 1e3. The
// common short plain decimals are converted exactly without allocating;
// anything else goes through strconv.ParseFloat. Infinities and NaN are
// refused (ok = false).
func ParseNumber(b []byte) (v float64, ok bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i = 1
	}
	var mant uint64
	digits, frac := 0, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if digits >= 15 {
				return slowParse(b)
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return slowParse(b)
		}
	}
	if digits == 0 {
		return 0, false
	}
	v = float64(mant)
	if frac > 0 {
		v /= pow10[frac]
	}
	if neg {
		v = -v
	}
	return v, true
}

func slowParse(b []byte) (float64, bool) {
	v, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	if err != nil || v != v || v > 1.7e308 || v < -1.7e308 {
		return 0, false
	}
	return v, true
}
