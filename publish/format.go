package publish

import (
	"database/sql"
	"strconv"
	"time"
)

// level describes one AQI level of HJ 633 (1..6): the Chinese category, an
// English label and the colours of the standard.
type level struct {
	N        int
	Category string
	English  string
	Color    string // background, HJ 633 Table 2
	Ink      string // readable text colour on Color
}

// levels of HJ 633-2012 (the colours are unchanged in later versions).
func levels() []level {
	return []level{
		{1, "优", "Excellent", "#00E400", "#000000"},
		{2, "良", "Good", "#FFFF00", "#000000"},
		{3, "轻度污染", "Lightly polluted", "#FF7E00", "#000000"},
		{4, "中度污染", "Moderately polluted", "#FF0000", "#FFFFFF"},
		{5, "重度污染", "Heavily polluted", "#99004C", "#FFFFFF"},
		{6, "严重污染", "Severely polluted", "#7E0023", "#FFFFFF"},
	}
}

// levelOf returns the level n (1..6), or ok = false.
func levelOf(n sql.NullInt64) (level, bool) {
	if !n.Valid || n.Int64 < 1 || n.Int64 > 6 {
		return level{}, false
	}
	return levels()[n.Int64-1], true
}

// levelLabels maps region_level values to Chinese and English labels.
func levelLabel(l string) (zh, en string) {
	switch l {
	case "city":
		return "城市", "Cities"
	case "province":
		return "省份", "Provinces"
	case "county":
		return "区县", "Counties"
	}
	return l, l
}

// dash is shown for a missing figure.
const dash = "—"

// num formats v with d decimals, or "" when missing. Rounding is to the
// nearest representable decimal (strconv), which for the values stored by
// the transform (already rounded per GB/T 8170) reproduces them exactly.
func num(v sql.NullFloat64, d int) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatFloat(v.Float64, 'f', d, 64)
}

// signed formats a change in percent with an explicit sign.
func signed(v sql.NullFloat64, d int) string {
	if !v.Valid {
		return ""
	}
	s := strconv.FormatFloat(v.Float64, 'f', d, 64)
	if v.Float64 > 0 && s[0] != '-' {
		s = "+" + s
	}
	return s
}

func integer(v sql.NullInt64) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatInt(v.Int64, 10)
}

func str(v sql.NullString) string {
	if !v.Valid {
		return ""
	}
	return v.String
}

// orDash shows a missing figure as a dash on a page (CSV keeps it empty).
func orDash(s string) string {
	if s == "" {
		return dash
	}
	return s
}

// Times in the database are CST wall clock; they are formatted as stored.
func fmtHour(t time.Time) string  { return t.Format("2006-01-02 15:04") }
func fmtDay(t time.Time) string   { return t.Format(time.DateOnly) }
func fmtMonth(t time.Time) string { return t.Format("2006-01") }

func fmtMonthZH(t time.Time) string {
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月"
}
