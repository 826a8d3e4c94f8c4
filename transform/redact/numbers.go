package redact

// Replacement texts.
const (
	replPhone  = "[电话已隐去]"
	replID     = "[身份证号已隐去]"
	replBank   = "[银行卡号已隐去]"
	replNumber = "[号码已隐去]"
	replEmail  = "[邮箱已隐去]"
)

// Priorities on overlap (lower wins).
const (
	prioEmail = iota
	prioNumber
	prioPlate
	prioAddress
	prioName
)

func isNumSep(c rune) bool {
	switch c {
	case ' ', '-', '－', '‐', '–', '—', '\u00a0', '\u3000', ')', '）', '\uFFFD':
		return true
	}
	return false
}

// digitRunLen counts the digits starting at rune i.
func digitRunLen(t *text, i int) int {
	n := 0
	for i+n < len(t.r) && isDigit(t.r[i+n]) {
		n++
	}
	return n
}

// findNumbers finds phones, ID numbers, bank cards and other long numbers.
func findNumbers(t *text, tb *tables, cs []cand) []cand {
	var digits []byte
	for i := 0; i < len(t.r); {
		if !isDigit(t.r[i]) {
			i++
			continue
		}
		start := i
		digits = digits[:0]
		j := i
		for {
			g := digitRunLen(t, j)
			for k := 0; k < g; k++ {
				d, _ := digitVal(t.r[j+k])
				digits = append(digits, d)
			}
			j += g
			// Try to join the next group: up to two separators, both
			// groups at least 2 digits long.
			if g < 2 {
				break
			}
			k := j
			for k < len(t.r) && k-j < 2 && isNumSep(t.r[k]) {
				k++
			}
			if k == j || k >= len(t.r) || digitRunLen(t, k) < 2 {
				break
			}
			j = k
		}
		end := j
		n := len(digits)
		hasX := false
		if n == 17 && end < len(t.r) {
			switch t.r[end] {
			case 'X', 'x', 'Ｘ', 'ｘ':
				hasX = true
				end++
			}
		}
		// Leading '+' (country code) and opening bracket (area code).
		spanStart := start
		if p := t.at(start - 1); p == '+' || p == '＋' || p == '(' || p == '（' {
			spanStart = start - 1
		}
		kind, repl := classifyDigits(digits, hasX)
		if kind == "" && n >= 7 && phoneCueBefore(t, tb, spanStart) {
			kind, repl = Phone, replPhone
		}
		if kind != "" {
			cs = append(cs, cand{kind: kind, i: spanStart, j: end, repl: repl, priority: prioNumber})
		}
		i = end
		if i == start {
			i++
		}
	}
	return cs
}

func classifyDigits(d []byte, hasX bool) (Kind, string) {
	n := len(d)
	switch {
	case hasX:
		return IDCard, replID
	case n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9':
		return Phone, replPhone
	case n == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1':
		return Phone, replPhone
	case n == 15 && string(d[:4]) == "0086" && d[4] == '1':
		return Phone, replPhone
	case d[0] == '0' && n >= 10 && n <= 16:
		return Phone, replPhone // landline with area code (and extension)
	case n == 18:
		if idChecksumOK(d) {
			return IDCard, replID
		}
		if luhnOK(d) {
			return BankCard, replBank
		}
		return IDCard, replID // look-alike: redact anyway
	case n == 15:
		return IDCard, replID
	case n >= 16 && n <= 19 && luhnOK(d):
		return BankCard, replBank
	case n >= 11:
		return Number, replNumber
	}
	return "", ""
}

// idChecksumOK validates the ISO 7064 MOD 11-2 check character of an
// 18-character ID number (last digit given; 'X' handled by the caller).
func idChecksumOK(d []byte) bool {
	if len(d) != 18 {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for k := 0; k < 17; k++ {
		sum += int(d[k]-'0') * weights[k]
	}
	return "10X98765432"[sum%11] == d[17]
}

// IDChecksum returns the check character of the first 17 digits of an ID
// number (for test data).
func IDChecksum(first17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for k := 0; k < 17 && k < len(first17); k++ {
		sum += int(first17[k]-'0') * weights[k]
	}
	return "10X98765432"[sum%11]
}

func luhnOK(d []byte) bool {
	sum := 0
	double := false
	for k := len(d) - 1; k >= 0; k-- {
		v := int(d[k] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// phoneCueBefore reports whether a phone cue ends just before rune i
// (allowing a colon, spaces, 为 or 是 in between).
func phoneCueBefore(t *text, tb *tables, i int) bool {
	k := i
	for n := 0; n < 3 && k > 0; n++ {
		switch t.r[k-1] {
		case ':', '：', ' ', '\u3000', '为', '是', '(', '（':
			k--
			continue
		}
		break
	}
	return wordEndsAt(t, tb.phoneCues, k) != nil
}

// findEmails finds addresses of the form local@domain.tld (ASCII).
func findEmails(t *text, cs []cand) []cand {
	for i := 0; i < len(t.r); i++ {
		if t.r[i] != '@' && t.r[i] != '＠' {
			continue
		}
		a := i
		for a > 0 && isEmailLocal(t.r[a-1]) {
			a--
		}
		if a == i {
			continue
		}
		b := i + 1
		lastDot := -1
		for b < len(t.r) && (isASCIIAlnum(t.r[b]) || t.r[b] == '-' || t.r[b] == '.') {
			if t.r[b] == '.' {
				lastDot = b
			}
			b++
		}
		// Trim a trailing dot (end of sentence).
		for b > i+1 && t.r[b-1] == '.' {
			b--
			lastDot = -1
			for k := i + 1; k < b; k++ {
				if t.r[k] == '.' {
					lastDot = k
				}
			}
		}
		if lastDot < 0 || b-lastDot-1 < 2 || lastDot == i+1 {
			continue
		}
		cs = append(cs, cand{kind: Email, i: a, j: b, repl: replEmail, priority: prioEmail})
		i = b - 1
	}
	return cs
}

func isEmailLocal(c rune) bool {
	return isASCIIAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}
