package redact

// wordEndsAt returns the longest word of ws that ends exactly before rune i.
func wordEndsAt(t *text, ws words, i int) []rune {
	for _, w := range ws.byLast[t.at(i-1)] {
		if t.hasAt(i-len(w), w) {
			return w
		}
	}
	return nil
}

func wordStartsAt(t *text, ws words, i int) []rune {
	for _, w := range ws.byFirst[t.at(i)] {
		if t.hasAt(i, w) {
			return w
		}
	}
	return nil
}

// surnameAt returns the length (1 or 2) of a surname starting at i, or 0.
func (rd *Redactor) surnameAt(t *text, i int) int {
	if i+1 < len(t.r) && rd.t.surname2First.has(t.r[i]) && rd.t.surname2[[2]rune{t.r[i], t.r[i+1]}] {
		return 2
	}
	if rd.t.surname1.has(t.r[i]) {
		return 1
	}
	return 0
}

// preCueBefore reports whether a person cue ends just before i (allowing a
// colon or spaces in between); colon reports whether one was present.
func (rd *Redactor) preCueBefore(t *text, i int) (found, colon bool) {
	k := i
	for n := 0; n < 2 && k > 0; n++ {
		c := t.r[k-1]
		if c == ':' || c == '：' || c == ' ' || c == '\u3000' || c == '\uFFFD' || c == '为' || c == '是' || c == '系' {
			colon = colon || c != ' ' && c != '\u3000'
			k--
			continue
		}
		break
	}
	return wordEndsAt(t, rd.t.preCues, k) != nil, colon
}

// titleBefore reports whether a title ends just before i and whether it is
// a public office (official) or a private role (公司…主任, 村主任).
func (rd *Redactor) titleBefore(t *text, i int) (title, official bool) {
	w := wordEndsAt(t, rd.t.officialTitles, i)
	if w == nil {
		return false, false
	}
	start := i - len(w)
	// The nearest organisation word before the title decides.
	for back := 0; back <= 10 && start-back > 0; back++ {
		e := start - back
		if wordEndsAt(t, rd.t.privateOrg, e) != nil {
			return true, false
		}
		if wordEndsAt(t, rd.t.govOrg, e) != nil {
			return true, true
		}
	}
	return true, true
}

// nameLen decides the given-name length (1 or 2) of a candidate whose
// surname (sl runes) starts at i; 0 = not a name.
func (rd *Redactor) nameLen(t *text, i, sl int) int {
	g1 := i + sl
	if g1 >= len(t.r) {
		return 0
	}
	c1 := t.r[g1]
	if !isHan(c1) || rd.t.givenStop.has(c1) {
		return 0
	}
	if wordStartsAt(t, rd.t.honorifics, g1) != nil {
		return 0
	}
	if sl == 1 {
		if rd.t.commonWords[[3]rune{t.r[i], c1, 0}] {
			return 0
		}
		if g1+1 < len(t.r) && rd.t.commonWords[[3]rune{t.r[i], c1, t.r[g1+1]}] {
			return 0
		}
	}
	g2 := g1 + 1
	// One given character when a typical follow-up word starts right after.
	if g2 >= len(t.r) || !isHan(t.r[g2]) || rd.t.given3Stop.has(t.r[g2]) ||
		wordStartsAt(t, rd.t.afterName, g2) != nil || wordStartsAt(t, rd.t.postCues, g2) != nil ||
		wordStartsAt(t, rd.t.orgWords, g2) != nil {
		return 1
	}
	return 2
}

// rejectAfter reports whether the text after a candidate ending at j shows
// it is a place or organisation.
func (rd *Redactor) rejectAfter(t *text, j int) bool {
	if j >= len(t.r) {
		return false
	}
	if rd.t.placeSuffix.has(t.r[j]) && wordStartsAt(t, rd.t.postCues, j) == nil {
		return true
	}
	return wordStartsAt(t, rd.t.orgWords, j) != nil
}

// postCueAt reports whether a cue that follows names starts at j: a word
// such as 称/驾驶/（男, or a bracketed role such as （职工） (strong), or a
// weak one such as 发现/立即.
func (rd *Redactor) postCueAt(t *text, j int) (found, strong bool) {
	if wordStartsAt(t, rd.t.postCues, j) != nil {
		return true, true
	}
	if c := t.at(j); c == '（' || c == '(' {
		if wordStartsAt(t, rd.t.preCues, j+1) != nil {
			return true, true
		}
	}
	return wordStartsAt(t, rd.t.weakPostCues, j) != nil, false
}

func (rd *Redactor) boundaryBefore(t *text, i int) bool {
	if i == 0 {
		return true
	}
	p := t.r[i-1]
	return !isHan(p) || rd.t.boundary.has(p)
}

// findNames finds person names of private persons (see the package
// documentation for the rule).
func (rd *Redactor) findNames(t *text, cs []cand) []cand {
	type span struct{ i, j, sl int }
	var names []span
	lastEnd := -10
	for i := 0; i < len(t.r); i++ {
		if !isHan(t.r[i]) {
			continue
		}
		sl := rd.surnameAt(t, i)
		if sl == 0 {
			continue
		}
		if sl == 2 && t.at(i+2) == '某' { // 欧阳某: already anonymised
			i += 2
			continue
		}
		gl := rd.nameLen(t, i, sl)
		if gl == 0 && sl == 2 { // compound surname may be a single surname + given
			sl = 1
			gl = rd.nameLen(t, i, sl)
		}
		if gl == 0 {
			continue
		}
		j := i + sl + gl
		title, official := rd.titleBefore(t, i)
		if official {
			i = j - 1
			continue
		}
		pre, colon := rd.preCueBefore(t, i)
		pre = pre || title // a private role such as 村主任
		list := lastEnd == i-1 && rd.t.listJoin.has(t.at(i-1))
		post, strong := rd.postCueAt(t, j)
		accept := false
		switch {
		case rd.t.prepSurname.has(t.r[i]) && sl == 1:
			// 于/向 are prepositions too: need a colon cue or a cue after.
			accept = (pre && (colon || post)) || (list && post) || (post && rd.boundaryBefore(t, i))
		case pre || list:
			accept = !rd.rejectAfter(t, j)
		case post && rd.boundaryBefore(t, i):
			accept = !rd.rejectAfter(t, j) && (strong || !rd.t.placeSuffix.has(t.r[j-1]))
		}
		if !accept {
			continue
		}
		names = append(names, span{i, j, sl})
		lastEnd = j
		i = j - 1
	}
	if len(names) == 0 {
		return cs
	}
	// Other occurrences of the same names: one pass over the text with the
	// names indexed by first rune.
	byFirst := map[rune][]span{}
	seen := map[string]bool{}
	for _, n := range names {
		cs = append(cs, cand{kind: PersonName, i: n.i, j: n.j, repl: string(t.r[n.i:n.i+n.sl]) + "某", priority: prioName})
		if k := string(t.r[n.i:n.j]); !seen[k] {
			seen[k] = true
			byFirst[t.r[n.i]] = append(byFirst[t.r[n.i]], n)
		}
	}
	for i := 0; i < len(t.r); i++ {
		for _, n := range byFirst[t.r[i]] {
			if !t.hasAt(i, t.r[n.i:n.j]) || i == n.i {
				continue
			}
			j := i + n.j - n.i
			if rd.rejectAfter(t, j) {
				continue
			}
			cs = append(cs, cand{kind: PersonName, i: i, j: j, repl: string(t.r[n.i:n.i+n.sl]) + "某", priority: prioName + 1})
			break
		}
	}
	return cs
}
