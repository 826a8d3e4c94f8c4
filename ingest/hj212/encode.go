package hj212

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Encode returns m as a framed message: "##", length, data segment, CRC,
// CR LF. Header fields are written in the standard order (QN, ST, CN, PW,
// MN, Flag, PNUM, PNO, then Extra), empty strings and zero PNUM/PNO are
// omitted, Flag is written if HasFlag, and CP holds DataTime (if not zero),
// Params and one ';'-separated group per pollutant.
//
// Encode fails with a BadField *[Error] if a string would break the framing
// (e.g. a value containing ';' or ','), and with TooLarge if the data segment
// would exceed 9999 bytes. Numbers are written in the shortest form that
// parses back to the same float64, in plain decimal unless that is very long;
// if the segment is too large that way, Encode retries with the most compact
// form (e.g. "125e10").
//
// Encode(m) parses back to a Message equal to m for every m that [Parse]
// returns.
func Encode(m Message) ([]byte, error) { return AppendEncode(nil, &m) }

// AppendEncode appends the framed encoding of *m to dst; see [Encode]. On
// error it returns dst unchanged.
func AppendEncode(dst []byte, m *Message) ([]byte, error) {
	start := len(dst)
	out, err := appendData(append(dst, "##0000"...), m, false)
	if err == nil && len(out)-start-6 > MaxLengthField {
		out, err = appendData(append(dst[:start], "##0000"...), m, true)
	}
	if err == nil {
		out, err = finishFrame(out, start)
	}
	if err != nil {
		return dst, err
	}
	return out, nil
}

// MustEncode is like Encode but panics on error. It is meant for tests and
// generators whose messages are known to be valid.
func MustEncode(m Message) []byte {
	b, err := Encode(m)
	if err != nil {
		panic(err)
	}
	return b
}

// Frame wraps a raw data segment in "##", its length, its CRC and CR LF.
// It does not check the segment's contents.
func Frame(data []byte) ([]byte, error) { return AppendFrame(nil, data) }

// AppendFrame appends the framed form of the data segment data to dst; see
// [Frame].
func AppendFrame(dst, data []byte) ([]byte, error) {
	out, err := finishFrame(append(append(dst, "##0000"...), data...), len(dst))
	if err != nil {
		return dst, err
	}
	return out, nil
}

// finishFrame fills in the length of the data segment that starts at
// start+6 and appends the CRC and CR LF.
func finishFrame(b []byte, start int) ([]byte, *Error) {
	data := b[start+6:]
	n := len(data)
	if n > MaxLengthField {
		return b[:start], &Error{Kind: TooLarge, Offset: -1,
			Msg: fmt.Sprintf("data segment is %d bytes; the 4-digit length field allows at most %d", n, MaxLengthField)}
	}
	l := b[start+2 : start+6]
	for i := 3; i >= 0; i-- {
		l[i] = byte('0' + n%10)
		n /= 10
	}
	crc := CRC16(data)
	const hex = "0123456789ABCDEF"
	return append(b, hex[crc>>12], hex[crc>>8&0xF], hex[crc>>4&0xF], hex[crc&0xF], '\r', '\n'), nil
}

func encErr(field, msg string) *Error {
	return &Error{Kind: BadField, Field: field, Msg: msg, Offset: -1}
}

// checkText reports an error if s contains one of the bytes in bad.
func checkText(field, what, s, bad string) *Error {
	if i := strings.IndexAny(s, bad); i >= 0 {
		return encErr(field, fmt.Sprintf("%s %s contains %q, which would break the message structure", what, quote(s), s[i]))
	}
	return nil
}

func isHeaderKey(k string) bool {
	switch k {
	case "QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO", "CP":
		return true
	}
	return false
}

func isNumericSub(s string) bool {
	switch s {
	case "Rtd", "Avg", "Min", "Max", "Cou", "ZsRtd", "ZsAvg", "ZsMin", "ZsMax":
		return true
	}
	return false
}

func appendData(b []byte, m *Message, compact bool) ([]byte, *Error) {
	for _, f := range [...]struct{ k, v string }{{"QN", m.QN}, {"ST", m.ST}, {"CN", m.CN}, {"PW", m.PW}, {"MN", m.MN}} {
		if f.v == "" {
			continue
		}
		if err := checkText(f.k, "value", f.v, ";"); err != nil {
			return b, err
		}
		b = append(b, f.k...)
		b = append(b, '=')
		b = append(b, f.v...)
		b = append(b, ';')
	}
	for _, f := range [...]struct {
		k  string
		v  int
		on bool
	}{{"Flag", m.Flag, m.HasFlag}, {"PNUM", m.PNUM, m.PNUM != 0}, {"PNO", m.PNO, m.PNO != 0}} {
		if !f.on {
			continue
		}
		if f.v < 0 || f.v > 999999999 {
			return b, encErr(f.k, fmt.Sprintf("%s %d is out of range 0..999999999", f.k, f.v))
		}
		b = append(b, f.k...)
		b = append(b, '=')
		b = strconv.AppendInt(b, int64(f.v), 10)
		b = append(b, ';')
	}
	for _, p := range m.Extra {
		if p.Key == "" || isHeaderKey(p.Key) {
			return b, encErr(p.Key, fmt.Sprintf("extra header key %s is empty or a standard field", quote(p.Key)))
		}
		if err := checkText(p.Key, "header key", p.Key, ";="); err != nil {
			return b, err
		}
		if err := checkText(p.Key, "value", p.Value, ";"); err != nil {
			return b, err
		}
		b = append(b, p.Key...)
		b = append(b, '=')
		b = append(b, p.Value...)
		b = append(b, ';')
	}
	b = append(b, "CP=&&"...)
	sep := false
	item := func() {
		if sep {
			b = append(b, ';')
		}
		sep = true
	}
	if !m.DataTime.IsZero() {
		t := m.DataTime.In(CST)
		if t.Year() < 0 || t.Year() > 9999 {
			return b, encErr("DataTime", fmt.Sprintf("DataTime year %d does not fit YYYY", t.Year()))
		}
		item()
		b = append(b, "DataTime="...)
		b = appendTime14(b, t)
	}
	for _, p := range m.Params {
		if p.Key == "" || p.Key == "DataTime" {
			return b, encErr(p.Key, fmt.Sprintf("CP parameter key %s is empty or DataTime (use Message.DataTime)", quote(p.Key)))
		}
		if d := strings.LastIndexByte(p.Key, '-'); d > 0 && d < len(p.Key)-1 {
			return b, encErr(p.Key, fmt.Sprintf("CP parameter key %s looks like a pollutant field (code-Field); use Pollutants", quote(p.Key)))
		}
		if err := checkText(p.Key, "CP key", p.Key, ";,="); err != nil {
			return b, err
		}
		if err := checkText(p.Key, "value", p.Value, ";,"); err != nil {
			return b, err
		}
		item()
		b = append(b, p.Key...)
		b = append(b, '=')
		b = append(b, p.Value...)
	}
	for i := range m.Pollutants {
		p := &m.Pollutants[i]
		if p.Code == "" {
			return b, encErr("", "pollutant with empty code")
		}
		if err := checkText(p.Code, "pollutant code", p.Code, ";,="); err != nil {
			return b, err
		}
		item()
		n := 0
		field := func(sub string) {
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = append(b, p.Code...)
			b = append(b, '-')
			b = append(b, sub...)
			b = append(b, '=')
		}
		for _, v := range [...]struct {
			sub string
			v   Value
		}{{"Rtd", p.Rtd}, {"Avg", p.Avg}, {"Min", p.Min}, {"Max", p.Max}, {"Cou", p.Cou},
			{"ZsRtd", p.ZsRtd}, {"ZsAvg", p.ZsAvg}, {"ZsMin", p.ZsMin}, {"ZsMax", p.ZsMax}} {
			if v.v.Valid {
				if math.IsInf(v.v.V, 0) || math.IsNaN(v.v.V) {
					return b, encErr(p.Code+"-"+v.sub, fmt.Sprintf("value %v is not finite", v.v.V))
				}
				field(v.sub)
				b = appendNum(b, v.v.V, compact)
			}
		}
		for _, f := range [...]struct{ sub, v string }{{"Flag", p.Flag}, {"EFlag", p.EFlag}} {
			if f.v == "" {
				continue
			}
			if err := checkText(p.Code+"-"+f.sub, "value", f.v, ";,"); err != nil {
				return b, err
			}
			field(f.sub)
			b = append(b, f.v...)
		}
		for _, x := range p.Extra {
			name := p.Code + "-" + x.Key
			if x.Key == "" || x.Key == "Flag" || x.Key == "EFlag" {
				return b, encErr(name, fmt.Sprintf("extra pollutant field name %s is empty or Flag/EFlag (use the fields)", quote(x.Key)))
			}
			if err := checkText(name, "field name", x.Key, ";,=-"); err != nil {
				return b, err
			}
			if err := checkText(name, "value", x.Value, ";,"); err != nil {
				return b, err
			}
			if _, ok := parseNum(x.Value); ok && isNumericSub(x.Key) {
				return b, encErr(name, fmt.Sprintf("numeric value %s of %s belongs in the %s field, not Extra", quote(x.Value), x.Key, x.Key))
			}
			field(x.Key)
			b = append(b, x.Value...)
		}
		if n == 0 {
			// Keep a pollutant with no values (e.g. from "a21026-Flag=")
			// so that it survives a round trip.
			field("Flag")
		}
	}
	b = append(b, "&&"...)
	return b, nil
}

func appendTime14(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	for _, f := range [...]struct{ v, w int }{{y, 4}, {int(mo), 2}, {d, 2}, {h, 2}, {mi, 2}, {s, 2}} {
		b = appendPad(b, f.v, f.w)
	}
	return b
}

func appendPad(b []byte, v, w int) []byte {
	var buf [4]byte
	for i := w - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, buf[:w]...)
}

// appendNum writes f in plain decimal unless that is longer than 21 bytes,
// in which case it uses an exponent. With compact set it writes whichever of
// plain, mantissa-exponent ("1.25e12") or integer-exponent ("125e10") form
// is shortest.
func appendNum(b []byte, f float64, compact bool) []byte {
	var fb [32]byte
	fixed := strconv.AppendFloat(fb[:0], f, 'f', -1, 64)
	if !compact && len(fixed) <= 21 {
		return append(b, fixed...)
	}
	var eb [32]byte
	e := compactExp(strconv.AppendFloat(eb[:0], f, 'e', -1, 64))
	best := fixed
	if len(e) < len(best) {
		best = e
	}
	if compact {
		if ie := intExp(e); len(ie) < len(best) {
			best = ie
		}
	}
	return append(b, best...)
}

// compactExp turns "1.5e+07" into "1.5e7" and "1e-07" into "1e-7".
func compactExp(e []byte) []byte {
	i := strings.IndexByte(string(e), 'e')
	if i < 0 {
		return e
	}
	mant, exp := e[:i+1], e[i+1:]
	neg := false
	if exp[0] == '+' || exp[0] == '-' {
		neg = exp[0] == '-'
		exp = exp[1:]
	}
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	out := append([]byte(nil), mant...)
	if neg {
		out = append(out, '-')
	}
	return append(out, exp...)
}

// intExp rewrites a compact "d.ddde[-]x" as "dddde[-]y" (no decimal point).
func intExp(e []byte) []byte {
	s := string(e)
	i := strings.IndexByte(s, 'e')
	dot := strings.IndexByte(s, '.')
	if i < 0 || dot < 0 || dot > i {
		return e
	}
	x, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return e
	}
	frac := s[dot+1 : i]
	out := make([]byte, 0, len(s))
	out = append(out, s[:dot]...)
	out = append(out, frac...)
	out = append(out, 'e')
	return strconv.AppendInt(out, int64(x-len(frac)), 10)
}
