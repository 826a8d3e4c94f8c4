package hj212

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxLengthField is the largest data-segment length the 4-digit length
// field can express.
const MaxLengthField = 9999

// StdMaxDataLen is the data-segment limit the standard sets (1024 bytes).
// Devices that report many pollutants exceed it, so [Scanner] defaults to
// the larger [DefaultMaxDataLen].
const StdMaxDataLen = 1024

// Parse decodes one framed message: "##", the 4-digit data-segment length,
// the data segment, the 4-hex-digit CRC and an optional CR LF (or bare LF).
// It checks the length and the CRC, then decodes the fields.
//
// Errors are *[Error]; their Offset counts from the first byte of b.
func Parse(b []byte) (Message, error) {
	var m Message
	n, err := frameHeader(b)
	if err != nil {
		return m, err
	}
	end := 6 + n + 4
	if len(b) < end {
		if e := lengthHint(b, n); e != nil {
			return m, e
		}
		return m, newErr(Truncated, len(b), "",
			fmt.Sprintf("message declares a %d-byte data segment but the input ends after %d bytes of it", n, max(len(b)-6, 0)))
	}
	if err := parseFrame(&m, b[:end], n); err != nil {
		if e := lengthHint(b, n); e != nil {
			return Message{}, e
		}
		return Message{}, err
	}
	switch rest := b[end:]; string(rest) {
	case "", "\r\n", "\n":
	default:
		if e := lengthHint(b, n); e != nil {
			return Message{}, e
		}
		return Message{}, newErr(BadFrame, end, "",
			fmt.Sprintf("unexpected %d byte(s) %s after the CRC; want CR LF", len(rest), quote(string(rest))))
	}
	return m, nil
}

// frameHeader checks "##" and the length field and returns the declared
// data-segment length.
func frameHeader(b []byte) (int, *Error) {
	switch {
	case len(b) == 0:
		return 0, newErr(Truncated, 0, "", "empty input")
	case b[0] != '#' || (len(b) > 1 && b[1] != '#'):
		return 0, newErr(BadFrame, 0, "", fmt.Sprintf("message starts with %s, not ##", quote(string(b[:min(len(b), 8)]))))
	case len(b) < 6:
		return 0, newErr(Truncated, len(b), "length", "input ends inside the ## header or the length field")
	}
	n := 0
	for i := 2; i < 6; i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, newErr(BadLength, i, "length",
				fmt.Sprintf("length field %s is not 4 decimal digits", quote(string(b[2:6]))))
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// parseFrame checks the CRC of a frame of exactly 6+n+4 bytes and decodes
// its data segment into m.
func parseFrame(m *Message, frame []byte, n int) *Error {
	data := frame[6 : 6+n]
	field := frame[6+n : 6+n+4]
	want, ok := parseHex4(field)
	if !ok {
		return newErr(BadCRC, 6+n, "CRC", fmt.Sprintf("CRC field %s is not 4 hex digits", quote(string(field))))
	}
	if got := CRC16(data); got != want {
		return newErr(BadCRC, 6+n, "CRC", fmt.Sprintf("CRC mismatch: message says %s, computed %04X", field, got))
	}
	return parseData(m, string(data), 6)
}

// lengthHint looks for a well-formed frame ending (4 hex digits with a
// matching CRC, then CR LF, LF or the end of b) that implies a data-segment
// length other than the declared n, and if it finds one returns a
// BadLength error naming both lengths.
func lengthHint(b []byte, n int) *Error {
	r := b
	switch {
	case len(r) >= 2 && r[len(r)-2] == '\r' && r[len(r)-1] == '\n':
		r = r[:len(r)-2]
	case len(r) >= 1 && r[len(r)-1] == '\n':
		r = r[:len(r)-1]
	}
	actual := len(r) - 10
	if actual < 0 || actual == n || actual > MaxLengthField {
		return nil
	}
	want, ok := parseHex4(r[len(r)-4:])
	if !ok || CRC16(r[6:6+actual]) != want {
		return nil
	}
	return newErr(BadLength, 2, "length",
		fmt.Sprintf("length field says %d but the data segment is %d bytes (its CRC checks out)", n, actual))
}

// findCP returns the index of the "CP=&&" that starts a field, or -1.
func findCP(seg string) int {
	for i := 0; i < len(seg); {
		j := strings.Index(seg[i:], "CP=&&")
		if j < 0 {
			return -1
		}
		j += i
		if j == 0 || seg[j-1] == ';' {
			return j
		}
		i = j + 1
	}
	return -1
}

// parseData decodes a data segment. base is the offset of seg in the frame,
// for error messages.
func parseData(m *Message, seg string, base int) *Error {
	cp := findCP(seg)
	if cp < 0 {
		if i := strings.Index(seg, "CP="); i >= 0 && (i == 0 || seg[i-1] == ';') {
			return newErr(BadField, base+i, "CP", "CP is not wrapped in && (want CP=&&...&&)")
		}
		return newErr(BadField, base+len(seg), "CP", "missing CP=&&...&& field")
	}
	end := len(seg) - 2
	if end < cp+5 || seg[end:] != "&&" {
		return newErr(BadField, base+len(seg), "CP", "CP is not closed by && at the end of the data segment")
	}
	if err := parseHeader(m, seg[:cp], base); err != nil {
		return err
	}
	return parseCP(m, seg[cp+5:end], base+cp+5)
}

func parseHeader(m *Message, h string, base int) *Error {
	for i := 0; i < len(h); {
		tok := h[i:]
		next := len(h)
		if j := strings.IndexByte(tok, ';'); j >= 0 {
			tok = tok[:j]
			next = i + j + 1
		}
		if tok != "" {
			eq := strings.IndexByte(tok, '=')
			if eq <= 0 {
				return newErr(BadField, base+i, "", fmt.Sprintf("header field %s is not key=value", quote(tok)))
			}
			key, val := tok[:eq], tok[eq+1:]
			switch key {
			case "QN":
				m.QN = val
			case "ST":
				m.ST = val
			case "CN":
				m.CN = val
			case "PW":
				m.PW = val
			case "MN":
				m.MN = val
			case "Flag", "PNUM", "PNO":
				v, ok := atoiDigits(val)
				if !ok {
					return newErr(BadField, base+i+eq+1, key, fmt.Sprintf("%s %s is not a decimal number of 1 to 9 digits", key, quote(val)))
				}
				switch key {
				case "Flag":
					m.Flag, m.HasFlag = v, true
				case "PNUM":
					m.PNUM = v
				default:
					m.PNO = v
				}
			case "CP":
				return newErr(BadField, base+i, "CP", "CP is not wrapped in && (want CP=&&...&&)")
			default:
				m.Extra = append(m.Extra, Param{key, val})
			}
		}
		i = next
	}
	return nil
}

func parseCP(m *Message, body string, base int) *Error {
	if body == "" {
		return nil
	}
	if m.Pollutants == nil {
		m.Pollutants = make([]Pollutant, 0, strings.Count(body, ";")+1)
	}
	for i := 0; i < len(body); {
		item := body[i:]
		next := len(body)
		for j := 0; j < len(item); j++ {
			if c := item[j]; c == ';' || c == ',' {
				item = item[:j]
				next = i + j + 1
				break
			}
		}
		if item != "" {
			if err := m.parseItem(item, base+i); err != nil {
				return err
			}
		}
		i = next
	}
	if len(m.Pollutants) == 0 {
		m.Pollutants = nil
	}
	return nil
}

func (m *Message) parseItem(item string, off int) *Error {
	eq := strings.IndexByte(item, '=')
	if eq <= 0 {
		return newErr(BadField, off, "", fmt.Sprintf("CP item %s is not key=value", quote(item)))
	}
	key, val := item[:eq], item[eq+1:]
	if key == "DataTime" {
		t, ok := parseTime14(val)
		if !ok {
			return newErr(BadField, off+eq+1, "DataTime", fmt.Sprintf("DataTime %s is not a valid YYYYMMDDhhmmss time", quote(val)))
		}
		m.DataTime = t
		return nil
	}
	dash := strings.LastIndexByte(key, '-')
	if dash <= 0 || dash == len(key)-1 {
		m.Params = append(m.Params, Param{key, val})
		return nil
	}
	p := &m.Pollutants[m.pollutantIndex(key[:dash])]
	sub := key[dash+1:]
	var dst *Value
	switch sub {
	case "Rtd":
		dst = &p.Rtd
	case "Avg":
		dst = &p.Avg
	case "Min":
		dst = &p.Min
	case "Max":
		dst = &p.Max
	case "Cou":
		dst = &p.Cou
	case "ZsRtd":
		dst = &p.ZsRtd
	case "ZsAvg":
		dst = &p.ZsAvg
	case "ZsMin":
		dst = &p.ZsMin
	case "ZsMax":
		dst = &p.ZsMax
	case "Flag":
		p.Flag = val
		return nil
	case "EFlag":
		p.EFlag = val
		return nil
	}
	if dst != nil {
		if f, ok := parseNum(val); ok {
			*dst = Value{V: f, Valid: true}
			return nil
		}
	}
	p.Extra = append(p.Extra, Param{sub, val})
	return nil
}

func (m *Message) pollutantIndex(code string) int {
	ps := m.Pollutants
	if n := len(ps); n > 0 && ps[n-1].Code == code {
		return n - 1
	}
	for i := range ps {
		if ps[i].Code == code {
			return i
		}
	}
	m.Pollutants = append(ps, Pollutant{Code: code})
	return len(m.Pollutants) - 1
}

// parseNum accepts finite decimal numbers with an optional exponent
// ("12.3", "-0.5", "1e-3"); it rejects NaN, Inf, hex floats and underscores
// so that every accepted value re-encodes to an equal value.
func parseNum(s string) (float64, bool) {
	digit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
		default:
			return 0, false
		}
	}
	if !digit {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// atoiDigits parses 1 to 9 decimal digits.
func atoiDigits(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseTime14 parses YYYYMMDDhhmmss in China Standard Time.
func parseTime14(s string) (time.Time, bool) {
	if len(s) != 14 {
		return time.Time{}, false
	}
	var d [14]int
	for i := 0; i < 14; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		d[i] = int(c - '0')
	}
	y := d[0]*1000 + d[1]*100 + d[2]*10 + d[3]
	mo := d[4]*10 + d[5]
	day := d[6]*10 + d[7]
	h := d[8]*10 + d[9]
	mi := d[10]*10 + d[11]
	sec := d[12]*10 + d[13]
	if mo < 1 || mo > 12 || day < 1 || day > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), day, h, mi, sec, 0, CST), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func parseHex4(b []byte) (uint16, bool) {
	if len(b) != 4 {
		return 0, false
	}
	var v uint16
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint16(c)
	}
	return v, true
}

// quote quotes s for an error message, shortening long values.
func quote(s string) string {
	const limit = 40
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "..."
	}
	return strconv.Quote(s)
}
