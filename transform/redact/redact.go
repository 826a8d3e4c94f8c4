// Package redact removes personal information from Chinese free text before
// it is published or exported (政府信息公开: personal information of private
// persons is not disclosed).
//
// # What is detected and how it is replaced
//
//	kind         example                         replacement
//	person_name  村民张建国 / 欧阳明华称           张某 / 欧阳某 (surname kept, as in
//	                                               Chinese government notices)
//	phone        138 1234 5678, +86-13812345678,  [电话已隐去]
//	             0951-5012345, (0951)5012345
//	id_card      18-digit (checksum valid or a    [身份证号已隐去]
//	             look-alike, X or x), 15-digit
//	bank_card    16–19 digits passing Luhn        [银行卡号已隐去]
//	number       any other run of >= 11 digits    [号码已隐去]
//	plate        宁A12345, 宁A·D12345, 宁A1234挂   宁A·***** (province and
//	                                               issuing-office letter kept,
//	                                               one * per hidden character)
//	email        zhang@example.com                [邮箱已隐去]
//	address      解放东街128号3栋2单元502室        XX街XX号XX栋XX单元XX室
//	             (road + 号 + building/unit/room, or road + 号 after a
//	             residence cue such as 家住/住址), 某村3组15号 → 某村XX组XX号
//
// Digit groups separated by up to two of space, dash, NBSP, ideographic
// space or a closing bracket are joined before classification, so a phone
// written "138 1234 5678" or "(0951)5012345" is one number. Full-width
// digits count as digits. Every joined run of 11 or more digits is removed
// whatever its shape (privacy first); shorter runs (amounts such as
// 13800000元, dates such as 20240315) are kept unless a phone cue (电话、
// 手机、联系方式、Tel…) directly precedes a run of 7 or more digits.
//
// # Person names: the rule
//
// Only private persons are redacted. A name is a common Chinese surname
// (single or compound, e.g. 欧阳、司马) followed by one or two given-name
// characters, and it is taken only with context:
//
//   - a person cue before it (村民、居民、群众、司机、驾驶员、负责人、法定代表人、
//     业主、户主、报告人、举报人、当事人、姓名：、联系人：…), or
//   - a cue after it (称、报告、反映、驾驶、拨打、（男…、先生、女士、家中、等人…)
//     with a word boundary before it, or
//   - it continues a list started by a detected name (…、王秀英等3人), or
//   - the same name string was detected elsewhere in the text.
//
// A name right after the title of a public office (局长、副县长、镇长、书记、
// 主任、执法大队长…) is a public official acting in office and is kept, unless
// the title belongs to a company, factory, village or community (公司负责人、
// 厂长、村主任… are private persons). Candidates that are common words
// (黄河、高速、安全…), that are followed by a place or organisation suffix
// (县、村、河、公司、化工…) or that are already anonymised (张某、张某某) are
// left alone.
//
// # Offsets
//
// Finding.Start/End are byte offsets into the input. Invalid UTF-8 is first
// replaced by U+FFFD (strings.ToValidUTF8); offsets then refer to that
// sanitised string, and the output is always valid UTF-8.
package redact

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Kind is the category of a redacted item.
type Kind string

// The kinds of personal information detected.
const (
	PersonName Kind = "person_name"
	Phone      Kind = "phone"
	IDCard     Kind = "id_card"
	BankCard   Kind = "bank_card"
	Number     Kind = "number"
	Plate      Kind = "plate"
	Email      Kind = "email"
	Address    Kind = "address"
)

// Kinds lists every kind in a stable order.
func Kinds() []Kind {
	return []Kind{PersonName, Phone, IDCard, BankCard, Number, Plate, Email, Address}
}

// Finding is one redaction: the byte span [Start, End) of the (sanitised)
// input and the text that replaced it. The removed text itself is never
// stored.
type Finding struct {
	Kind        Kind
	Start, End  int
	Replacement string
}

// Counts tallies findings per kind.
func Counts(fs []Finding) map[Kind]int {
	m := make(map[Kind]int, len(fs))
	for _, f := range fs {
		m[f.Kind]++
	}
	return m
}

// Redactor holds the lookup tables. It is immutable after New and safe for
// concurrent use.
type Redactor struct {
	t *tables
}

// New builds a Redactor (the tables are built once per value).
func New() *Redactor { return &Redactor{t: newTables()} }

// defaultRedactor is built on first use and never modified afterwards.
var defaultRedactor = sync.OnceValue(New)

// Text redacts s with the default tables. See Redactor.Text.
func Text(s string) (string, []Finding) { return defaultRedactor().Text(s) }

// text is the decoded input: runes and the byte offset of each rune
// (off[len(r)] == len(s)).
type text struct {
	s   string
	r   []rune
	off []int
}

func decode(s string) text {
	n := utf8.RuneCountInString(s)
	t := text{s: s, r: make([]rune, 0, n), off: make([]int, 0, n+1)}
	for i, c := range s {
		t.r = append(t.r, c)
		t.off = append(t.off, i)
	}
	t.off = append(t.off, len(s))
	return t
}

func (t *text) at(i int) rune {
	if i < 0 || i >= len(t.r) {
		return 0
	}
	return t.r[i]
}

// hasAt reports whether the word w starts at rune index i.
func (t *text) hasAt(i int, w []rune) bool {
	if i < 0 || i+len(w) > len(t.r) {
		return false
	}
	for k, c := range w {
		if t.r[i+k] != c {
			return false
		}
	}
	return true
}

// cand is a candidate redaction in rune indices.
type cand struct {
	kind     Kind
	i, j     int // rune span [i, j)
	repl     string
	priority int // lower wins on overlap
}

// Text returns s with personal information replaced and the findings in
// order of position.
func (rd *Redactor) Text(s string) (string, []Finding) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if s == "" {
		return s, nil
	}
	t := decode(s)
	var cs []cand
	cs = findEmails(&t, cs)
	cs = findNumbers(&t, rd.t, cs)
	cs = findPlates(&t, rd.t, cs)
	cs = findAddresses(&t, rd.t, cs)
	cs = rd.findNames(&t, cs)
	if len(cs) == 0 {
		return s, nil
	}
	acc := resolve(cs)
	var b strings.Builder
	b.Grow(len(s))
	fs := make([]Finding, 0, len(acc))
	last := 0
	for _, c := range acc {
		start, end := t.off[c.i], t.off[c.j]
		b.WriteString(s[last:start])
		b.WriteString(c.repl)
		last = end
		fs = append(fs, Finding{Kind: c.kind, Start: start, End: end, Replacement: c.repl})
	}
	b.WriteString(s[last:])
	return b.String(), fs
}

// resolve keeps non-overlapping candidates, preferring lower priority
// values, then longer spans, and returns them sorted by position.
func resolve(cs []cand) []cand {
	sort.SliceStable(cs, func(a, b int) bool {
		if cs[a].priority != cs[b].priority {
			return cs[a].priority < cs[b].priority
		}
		return cs[a].j-cs[a].i > cs[b].j-cs[b].i
	})
	acc := make([]cand, 0, len(cs))
	for _, c := range cs {
		if c.j <= c.i {
			continue
		}
		// acc is kept sorted by start; find the insertion point.
		k := sort.Search(len(acc), func(x int) bool { return acc[x].i >= c.i })
		if k > 0 && acc[k-1].j > c.i {
			continue
		}
		if k < len(acc) && acc[k].i < c.j {
			continue
		}
		acc = append(acc, cand{})
		copy(acc[k+1:], acc[k:])
		acc[k] = c
	}
	return acc
}

// Character classes.

func isHan(c rune) bool {
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FA1F)
}

func digitVal(c rune) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return byte(c), true
	case c >= '０' && c <= '９':
		return byte('0' + c - '０'), true
	}
	return 0, false
}

func isDigit(c rune) bool { _, ok := digitVal(c); return ok }

func isASCIILetter(c rune) bool { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') }

func isASCIIAlnum(c rune) bool { return isASCIILetter(c) || (c >= '0' && c <= '9') }
