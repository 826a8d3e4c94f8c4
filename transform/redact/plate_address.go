package redact

import "strings"

func isPlateSep(c rune) bool {
	switch c {
	case '·', '•', '・', '.', '-', ' ':
		return true
	}
	return false
}

func isPlateChar(c rune) bool {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		(c >= 'Ａ' && c <= 'Ｚ') || (c >= '０' && c <= '９')
}

// findPlates finds licence plates: province abbreviation, issuing-office
// letter, optional separator, 4–6 letters/digits (at least one digit),
// optional 挂/学/警/领/试/超/港/澳 suffix.
func findPlates(t *text, tb *tables, cs []cand) []cand {
	for i := 0; i+5 < len(t.r)+1; i++ {
		if !tb.plateProvince.has(t.r[i]) {
			continue
		}
		l := t.at(i + 1)
		if !((l >= 'A' && l <= 'Z') || (l >= 'Ａ' && l <= 'Ｚ') || (l >= 'a' && l <= 'z')) {
			continue
		}
		k := i + 2
		if k < len(t.r) && isPlateSep(t.r[k]) {
			k++
		}
		body := k
		digits := 0
		for k < len(t.r) && isPlateChar(t.r[k]) && k-body < 7 {
			if isDigit(t.r[k]) {
				digits++
			}
			k++
		}
		n := k - body
		suffix := false
		if n >= 4 && n <= 6 && k < len(t.r) && strings.ContainsRune("挂学警领试超港澳", t.r[k]) {
			suffix = true
		}
		if digits == 0 || n < 4 || n > 6 || (n == 4 && !suffix) {
			continue
		}
		if suffix {
			k++
		}
		// Right boundary: not followed by another letter/digit.
		if k < len(t.r) && isPlateChar(t.r[k]) {
			continue
		}
		repl := string(t.r[i]) + string(l) + "·" + strings.Repeat("*", k-body)
		cs = append(cs, cand{kind: Plate, i: i, j: k, repl: repl, priority: prioPlate})
		i = k - 1
	}
	return cs
}

// Chinese numerals accepted in house numbers.
func isNumeral(c rune) bool {
	return isDigit(c) || strings.ContainsRune("一二三四五六七八九十百零〇两甲乙丙之-－", c)
}

// numeralRun returns the end of a run of numerals starting at i.
func numeralRun(t *text, i int) int {
	k := i
	for k < len(t.r) && k-i < 8 && isNumeral(t.r[k]) {
		k++
	}
	return k
}

// findAddresses finds exact home addresses:
//
//	<road name>(路|街|巷|弄|道) <n>号 [<n>(栋|幢|号楼|单元|楼|层|室|户)]...
//
// redacted when a building/unit/room part follows the house number or a
// residence cue (家住、住址…) precedes the road, and village addresses
// 村<n>组<n>号.
func findAddresses(t *text, tb *tables, cs []cand) []cand {
	for i := 0; i < len(t.r); i++ {
		c := t.r[i]
		switch {
		case c == '路' || c == '街' || c == '巷' || c == '弄' || c == '道':
			k := i + 1
			e := numeralRun(t, k)
			if e == k || t.at(e) != '号' {
				continue
			}
			// Road name start: up to 6 Han characters or numerals back,
			// stopping at administrative-area suffixes and cue characters.
			a := i
			for a > 0 && i-a < 6 {
				p := t.r[a-1]
				if !(isHan(p) || isDigit(p)) || tb.addrStop.has(p) {
					break
				}
				a--
			}
			parts := []string{"XX" + string(c), "XX号"}
			k = e + 1
			units := 0
			for {
				e2 := numeralRun(t, k)
				if e2 == k {
					break
				}
				u := unitAt(t, e2)
				if u == "" {
					break
				}
				parts = append(parts, "XX"+u)
				k = e2 + len([]rune(u))
				units++
			}
			if units == 0 && !residenceCueBefore(t, tb, a) {
				continue
			}
			if a == i { // no road name: keep the suffix only
				parts[0] = string(c)
			}
			cs = append(cs, cand{kind: Address, i: a, j: k, repl: strings.Join(parts, ""), priority: prioAddress})
			i = k - 1
		case c == '村':
			k := i + 1
			e := numeralRun(t, k)
			if e == k {
				continue
			}
			g := t.at(e)
			if g != '组' && g != '社' && g != '队' {
				continue
			}
			e2 := numeralRun(t, e+1)
			if e2 == e+1 || t.at(e2) != '号' {
				continue
			}
			cs = append(cs, cand{kind: Address, i: k, j: e2 + 1, repl: "XX" + string(g) + "XX号", priority: prioAddress})
			i = e2
		}
	}
	return cs
}

func unitAt(t *text, i int) string {
	c := t.at(i)
	switch c {
	case '号':
		if t.at(i+1) == '楼' {
			return "号楼"
		}
	case '单':
		if t.at(i+1) == '元' {
			return "单元"
		}
	case '栋', '幢', '楼', '层', '室', '户', '座':
		return string(c)
	}
	return ""
}

func residenceCueBefore(t *text, tb *tables, a int) bool {
	for back := 0; back <= 12 && a-back >= 0; back++ {
		if wordEndsAt(t, tb.residenceCues, a-back) != nil {
			return true
		}
	}
	return false
}
