package news

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MarshalJSON writes an unresolved speaker as null rather than "", so that
// scripts can tell "unknown" from a name.
func (q Quote) MarshalJSON() ([]byte, error) {
	type plain Quote
	var speaker *string
	if q.Speaker != "" {
		speaker = &q.Speaker
	}
	return json.Marshal(struct {
		plain
		Speaker *string `json:"speaker"`
	}{plain(q), speaker})
}

// UnmarshalJSON reads what MarshalJSON writes (null speaker -> "").
func (q *Quote) UnmarshalJSON(b []byte) error {
	type plain Quote
	var v struct {
		plain
		Speaker *string `json:"speaker"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*q = Quote(v.plain)
	if v.Speaker != nil {
		q.Speaker = *v.Speaker
	}
	return nil
}

// cueWords are the verbs (and "according to") that attribute speech. The
// value says whether the cue also attributes a short partial quote
// ("blamed the "hasty withdrawal"").
var cueWords = map[string]bool{
	"said": true, "says": true, "say": true, "saying": true, "told": true, "tells": true, "tell": true,
	"added": true, "adds": true, "warned": true, "warns": true, "explained": true, "explains": true,
	"noted": true, "notes": true, "stated": true, "states": true, "asked": true, "asks": true,
	"replied": true, "replies": true, "responded": true, "wrote": true, "writes": true, "tweeted": true,
	"posted": true, "insisted": true, "insists": true, "argued": true, "argues": true, "claimed": true,
	"claims": true, "declared": true, "declares": true, "announced": true, "stressed": true,
	"emphasised": true, "emphasized": true, "acknowledged": true, "admitted": true, "conceded": true,
	"continued": true, "recalled": true, "remarked": true, "observed": true, "suggested": true,
	"predicted": true, "complained": true, "confirmed": true, "denied": true, "commented": true,
	"concluded": true, "agreed": true, "joked": true, "cautioned": true, "urged": true, "urges": true,
	"blamed": true, "blames": true, "described": true, "describes": true, "called": true, "calls": true,
	"dubbed": true, "termed": true, "denounced": true, "condemned": true, "criticised": true,
	"criticized": true, "praised": true, "accused": true, "vowed": true, "pledged": true,
	"promised": true, "demanded": true, "reiterated": true, "announces": true, "thinks": true,
	"believes": true, "believed": true, "thought": true, "felt": true, "feels": true, "hopes": true,
	"hoped": true, "according": true, "quoted": true, "quipped": true, "exclaimed": true,
	"shouted": true, "whispered": true, "testified": true, "assured": true, "boasted": true,
	"lamented": true, "mused": true, "pointed": true, "elaborated": true, "reported": true,
	"reports": true, "answered": true, "answers": true, "wondered": true, "maintained": true,
	"maintains": true, "alleged": true, "alleges": true, "proclaimed": true, "speaking": true,
	"spoke": true, "adding": true, "telling": true, "warning": true, "noting": true, "insisting": true,
	"arguing": true, "claiming": true, "describing": true, "calling": true, "indicated": true, "estimated": true, "countered": true, "retorted": true,
}

// judgementCues attribute a short quoted term by judging something
// ("blamed the "hasty withdrawal"", "called it "a farce""), not by
// reporting speech: the words are a person's or an organisation's, so a
// place as their subject ("Russia blamed") gives no speaker.
var judgementCues = map[string]bool{
	"blamed": true, "blames": true, "described": true, "describes": true, "called": true, "calls": true,
	"dubbed": true, "termed": true, "denounced": true, "condemned": true, "criticised": true,
	"criticized": true, "praised": true, "accused": true, "describing": true, "calling": true,
}

// attributionSkip are words that may stand between a speaker and the cue
// verb ("Lavrov earlier blamed", "Russia on Friday said").
var attributionSkip = map[string]bool{
	"also": true, "earlier": true, "later": true, "then": true, "had": true, "has": true, "have": true,
	"was": true, "is": true, "on": true, "last": true, "this": true, "week": true, "month": true,
	"year": true, "reportedly": true, "previously": true, "once": true, "again": true, "recently": true,
	"yesterday": true, "today": true, "tonight": true, "further": true, "publicly": true, "repeatedly": true,
	"would": true, "will": true, "now": true, "Monday": true, "Tuesday": true,
	"Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
	"first": true, "separately": true, "similarly": true, "however": true, ",": false,
	"simply": true, "just": true, "flatly": true, "bluntly": true, "angrily": true, "quietly": true,
	"who": true, "morning": true, "evening": true, "night": true, "afternoon": true,
}

// qmark is a quotation mark (or a run of them, as in broken ""text).
type qmark struct {
	tok    int // index of its first token
	last   int // index of its last token
	S, E   int
	double bool
	open   bool // can open: space or start before, a word after
	close  bool // can close: a word or punctuation before, space, punctuation or end after
}

func isDoubleMark(s string) bool {
	switch s {
	case "\"", "\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb", "\u2033":
		return true
	}
	return false
}

// marks finds the quotation marks of a paragraph, joining adjacent marks
// (” and "" as one double mark) and judging from the characters around
// each whether it can open or close.
func marks(text []rune, toks []token) []qmark {
	var out []qmark
	for i := 0; i < len(toks); i++ {
		if toks[i].Kind != tokQuote {
			continue
		}
		m := qmark{tok: i, last: i, S: toks[i].S, E: toks[i].E, double: isDoubleMark(toks[i].T)}
		for i+1 < len(toks) && toks[i+1].Kind == tokQuote && toks[i+1].S == m.E {
			i++
			m.last, m.E = i, toks[i].E
			m.double = true // '' or "" or "' all read as one double mark
		}
		before, after := rune(' '), rune(' ')
		if m.S > 0 {
			before = text[m.S-1]
		}
		if m.E < len(text) {
			after = text[m.E]
		}
		spaceBefore := unicode.IsSpace(before) || strings.ContainsRune("([{—–-/:", before) || m.S == 0
		spaceAfter := unicode.IsSpace(after) || strings.ContainsRune(".,;:!?)]}—–-/", after) || m.E == len(text)
		m.open = spaceBefore && !unicode.IsSpace(after)
		m.close = !spaceBefore && spaceAfter
		if spaceBefore && spaceAfter {
			m.open, m.close = true, true
		}
		if !spaceBefore && !spaceAfter {
			m.open, m.close = true, true
		}
		switch toks[m.tok].T {
		case "\u201c", "\u201e", "\u00ab", "\u2018":
			if !m.close || spaceBefore {
				m.close = false
				m.open = true
			}
		case "\u201d", "\u00bb":
			if !spaceBefore || !m.open {
				m.open = false
				m.close = true
			}
		}
		out = append(out, m)
	}
	return out
}

// rawQuote is a quoted stretch before attribution.
type rawQuote struct {
	p0, t0, s0 int // paragraph, opening-mark token index, start offset
	p1, t1, e1 int // paragraph, closing-mark token index (-1 when unclosed), end offset
}

// findQuotes pairs quotation marks over the whole article. A paragraph that
// ends inside a quotation continues it when the next paragraph opens with a
// quotation mark (the newspaper convention); otherwise the quotation ends at
// the paragraph's end, or at a stray closing single mark (countries,' he
// said) left by a broken conversion.
func findQuotes(paras []paraTokens) []rawQuote {
	var out []rawQuote
	var cur *rawQuote
	var curDouble bool
	for p := range paras {
		text := paras[p].runes
		ms := marks(text, paras[p].toks)
		for mi := 0; mi < len(ms); mi++ {
			m := ms[mi]
			if cur != nil && cur.p0 != p && mi == 0 && m.open && m.S == firstNonSpace(text) {
				continue // continuation mark of a multi-paragraph quotation
			}
			if cur == nil {
				if !m.open || (!m.double && !m.close && !opensSingle(text, m)) {
					continue
				}
				if !m.double && !opensSingle(text, m) {
					continue
				}
				cur = &rawQuote{p0: p, t0: m.tok, s0: m.S}
				curDouble = m.double
				continue
			}
			closes := m.close && m.double == curDouble
			if !closes && m.close && curDouble && !m.double && strings.ContainsRune(",.!?", prevRune(text, m.S)) {
				// a broken closing mark: accept it when no double mark closes later
				closes = !laterDoubleClose(ms[mi+1:])
			}
			if closes {
				cur.p1, cur.t1, cur.e1 = p, m.last, m.E
				out = append(out, *cur)
				cur = nil
			}
		}
		if cur != nil {
			// still open at the paragraph end
			next := p + 1
			if next < len(paras) && startsWithMark(paras[next]) {
				continue
			}
			cur.p1, cur.t1, cur.e1 = p, -1, len(text)
			out = append(out, *cur)
			cur = nil
		}
	}
	return out
}

func firstNonSpace(text []rune) int {
	for i, r := range text {
		if !unicode.IsSpace(r) {
			return i
		}
	}
	return len(text)
}

func prevRune(text []rune, i int) rune {
	if i > 0 {
		return text[i-1]
	}
	return ' '
}

// opensSingle accepts a single mark as an opening quote only before a word
// and after a space: apostrophes inside words were already taken by the
// tokenizer.
func opensSingle(text []rune, m qmark) bool {
	return (m.S == 0 || unicode.IsSpace(text[m.S-1]) || strings.ContainsRune("([{—–", text[m.S-1])) &&
		m.E < len(text) && (unicode.IsLetter(text[m.E]) || unicode.IsDigit(text[m.E]))
}

func laterDoubleClose(ms []qmark) bool {
	for _, m := range ms {
		if m.double && m.close {
			return true
		}
	}
	return false
}

func startsWithMark(pt paraTokens) bool {
	return len(pt.toks) > 0 && pt.toks[0].Kind == tokQuote
}

// personRef is a resolved entity mention in document order, for attribution.
type personRef struct {
	para, ti, tj int
	name         string
	typ          EntityType
	subject      bool // first mention of its sentence
	quoted       bool // inside a quotation: someone else's words, not the narrative's
}

// quoteFinder attributes quotations using the entity spans of one article.
type quoteFinder struct {
	paras []paraTokens
	refs  []personRef
	// byTok finds the ref covering a token: byTok[p][t] is its index, or
	// -1. Slices over the article's tokens rather than a map keyed by
	// (paragraph, token): one allocation, and no hashing on every lookup.
	byTok    [][]int32
	speakers []bool // per ref: it was a quote speaker
}

func newQuoteFinder(paras []paraTokens, spans []span, sc *scratch) *quoteFinder {
	qf := &quoteFinder{paras: paras, refs: make([]personRef, 0, len(spans))}
	for _, s := range spans {
		if s.generic {
			continue // "Palestinians said": a people, not one speaker
		}
		qf.refs = append(qf.refs, personRef{para: s.para, ti: s.ti, tj: s.tj, name: s.canon, typ: s.typ})
	}
	// spans come in paragraph order but not always token order within one
	sortRefs(qf.refs)
	// the first person named in a sentence stands for its subject ("The
	// Taliban's spokesman, Zabihullah Mujahid, dismissed ..."); refs are
	// sorted by paragraph and token, so sentences come in order and a
	// sentence already seen is the last one seen
	last := [2]int{-1, -1}
	for i, r := range qf.refs {
		if r.typ != Person || leadsOffice(paras[r.para].toks, r.tj) {
			continue // "the Obama administration" is not Obama acting
		}
		key := [2]int{r.para, paras[r.para].toks[r.ti].sent}
		if key != last {
			last = key
			qf.refs[i].subject = true
		}
	}
	qf.speakers = make([]bool, len(qf.refs))
	ntok := 0
	for _, pt := range paras {
		ntok += len(pt.toks)
	}
	if cap(sc.refs) < ntok {
		sc.refs = make([]int32, ntok)
	}
	all := sc.refs[:ntok]
	for i := range all {
		all[i] = -1
	}
	qf.byTok = make([][]int32, len(paras))
	for p, pt := range paras {
		qf.byTok[p], all = all[:len(pt.toks):len(pt.toks)], all[len(pt.toks):]
	}
	for i, r := range qf.refs {
		for t := r.ti; t < r.tj; t++ {
			qf.byTok[r.para][t] = int32(i) // a later ref covering the token wins, as before
		}
	}
	return qf
}

func sortRefs(refs []personRef) {
	for i := 1; i < len(refs); i++ {
		for j := i; j > 0 && (refs[j].para < refs[j-1].para || refs[j].para == refs[j-1].para && refs[j].ti < refs[j-1].ti); j-- {
			refs[j], refs[j-1] = refs[j-1], refs[j]
		}
	}
}

func (qf *quoteFinder) refAt(p, t int) (int, bool) {
	if p < 0 || p >= len(qf.byTok) || t < 0 || t >= len(qf.byTok[p]) {
		return 0, false
	}
	i := qf.byTok[p][t]
	return int(i), i >= 0
}

// quotes returns the attributed quotations of the article, dropping scare
// quotes and titles.
func (qf *quoteFinder) quotes() []Quote {
	raws := findQuotes(qf.paras)
	qf.markQuoted(raws)
	var out []Quote
	prevSpeaker := map[int]string{} // paragraph -> last speaker of a quote in it
	for _, rq := range raws {
		q := qf.build(rq)
		inner := strings.TrimSpace(strings.Trim(q.Text, " "))
		nw := countWords(inner)
		if nw == 0 {
			continue
		}
		speakerRef, cue, dist := qf.attribute(rq)
		if speakerRef >= 0 && qf.refs[speakerRef].typ == Place && nw <= 4 && judgementCues[cue] {
			speakerRef = -2 // "Russia blamed the "hasty withdrawal"": a term, no one's words
		}
		if speakerRef >= 0 {
			q.Speaker = qf.refs[speakerRef].name
			qf.speakers[speakerRef] = true
		} else if speakerRef == -2 {
			q.Speaker = ""
		}
		q.Cue = cue
		// a term of four words or fewer ("hasty withdrawal") is a partial
		// quotation only next to its cue; otherwise it is a scare quote, a
		// name or a title. A full stop inside the marks does not make it
		// speech: American style puts it there anyway.
		short := nw <= 4 && !strings.HasSuffix(inner, "?") && !strings.HasSuffix(inner, "!")
		maxDist := 8
		if nw == 1 {
			maxDist = 3
		}
		if short && (dist > maxDist || qf.paras[rq.p0].headline) {
			cue, speakerRef, q.Speaker = "", -1, "" // a cue far off in the sentence does not make a term a quotation
		}
		if cue == "" {
			if short || titleCase(inner) || qf.paras[rq.p0].headline || citation(qf.paras[rq.p0].runes) {
				continue // scare quote, title or term
			}
			if !endsWithPunct(inner) && !firstPerson(inner) && nw < 10 {
				continue // a title or a phrase held at arm's length, not speech
			}
			if sp, ok := prevSpeaker[rq.p0]; ok {
				q.Speaker = sp // "A," he said. "B." – same speaker, same paragraph
			}
		}
		q.Partial = short || qf.midSentence(rq)
		if q.Speaker != "" {
			prevSpeaker[rq.p1] = q.Speaker
		}
		// A comma before the closing mark ("…in Afghanistan," he said)
		// belongs to the sentence around the quotation, not to what was
		// said; it is cut only now, as it marks speech for the tests above.
		q.Text = strings.TrimRight(strings.TrimSuffix(q.Text, ","), " ")
		out = append(out, q)
	}
	return out
}

// midSentence reports whether the quotation opens inside a sentence of the
// narrative (a partial quote) rather than at its start.
func (qf *quoteFinder) midSentence(rq rawQuote) bool {
	toks := qf.paras[rq.p0].toks
	return !sentenceInitial(toks, rq.t0) && rq.t0 > 0 && toks[rq.t0-1].T != ":"
}

// citation reports a paragraph that is an entry of a reference list, as
// Wikipedia's open with a caret ("^ Frias, Lauren (2021-05-06). "An
// Oscar-winning filmmaker …". Business Insider. Retrieved …"): what it
// quotes are titles.
func citation(p []rune) bool {
	return len(p) > 1 && p[0] == '^' && (p[1] == ' ' || p[1] == '\u00a0')
}

func endsWithPunct(s string) bool {
	s = strings.TrimRight(s, " ")
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s) // U+FFFD for an invalid byte, as []rune(s) gives
	return strings.ContainsRune(".,!?…;:", r)
}

// countWords is len(strings.Fields(s)) without building the slice.
func countWords(s string) int {
	n := 0
	for range strings.FieldsSeq(s) {
		n++
	}
	return n
}

func titleCase(s string) bool {
	n, long, caps := 0, 0, 0
	for w := range strings.FieldsSeq(s) {
		n++
		if len(w) < 4 {
			continue
		}
		long++
		if isCapitalised(w) {
			caps++
		}
	}
	return n >= 2 && long > 0 && caps == long
}

func (qf *quoteFinder) build(rq rawQuote) Quote {
	var b strings.Builder
	for p := rq.p0; p <= rq.p1; p++ {
		text := qf.paras[p].runes
		s, e := 0, len(text)
		if p == rq.p0 {
			s = rq.s0
		}
		if p == rq.p1 {
			e = rq.e1
		}
		if s > e || e > len(text) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimSpace(trimMarks(string(text[s:e]))))
	}
	return Quote{Text: b.String(), Paragraph: rq.p0, Start: rq.s0, End: rq.e1, EndParagraph: rq.p1}
}

// trimMarks drops the quotation marks around a quotation and any broken
// leading continuation marks.
func trimMarks(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return isQuoteRune(r) || unicode.IsSpace(r) })
}

// attribute finds the cue and speaker of a quotation: first after it
// ("...," he said / said Lavrov), then before it (Lavrov said: "...", which
// he said had reached "..."). It returns the index of the speaker's ref, or
// -1 (no speaker found) / -2 (a speaker that is not a named entity).
func (qf *quoteFinder) attribute(rq rawQuote) (int, string, int) {
	if rq.t1 >= 0 {
		if ref, cue, ok := qf.after(rq.p1, rq.t1); ok {
			return ref, cue, 0
		}
	}
	if ref, cue, c, ok := qf.before(rq.p0, rq.t0); ok {
		return ref, cue, rq.t0 - c
	}
	return -1, "", 0
}

// after looks at the words following a closing mark, up to the next
// quotation mark or the end of the sentence after next.
func (qf *quoteFinder) after(p, t int) (int, string, bool) {
	toks := qf.paras[p].toks
	limit := t + 1 + 12
	if limit > len(toks) {
		limit = len(toks)
	}
	for c := t + 1; c < limit && c <= t+9; c++ {
		tk := toks[c]
		if tk.Kind == tokQuote {
			break
		}
		if tk.Kind == tokPunct && (tk.T == "." || tk.T == "!" || tk.T == "?") && c > t+1 {
			break
		}
		if !cueWords[tk.T] {
			continue
		}
		if tk.sent != toks[t].sent && !shortSentenceEnd(toks, c) {
			break // the cue belongs to a new sentence of its own
		}
		cue := qf.cueText(toks, c)
		if c == t+1 || (c == t+2 && toks[t+1].Kind == tokPunct) {
			// "...," said Lavrov
			if ref, ok := qf.mentionAfter(p, c+1, limit); ok {
				return ref, cue, true
			}
			if cue == "according to" {
				return -2, cue, true
			}
		}
		ref := qf.subjectBefore(p, c, t+1)
		return ref, cue, true
	}
	return -1, "", false
}

// before looks back from an opening mark for the nearest cue in the same
// sentence.
func (qf *quoteFinder) before(p, t int) (int, string, int, bool) {
	toks := qf.paras[p].toks
	if t >= len(toks) {
		return -1, "", 0, false
	}
	sent := toks[t].sent
	lo := t - 30
	if lo < 0 {
		lo = 0
	}
	for c := t - 1; c >= lo; c-- {
		tk := toks[c]
		if tk.sent != sent && !(c == t-1 && tk.T == ":") {
			// a colon-introduced quotation may start a new sentence
			if !(c+1 < len(toks) && toks[c+1].T == ":") {
				break
			}
		}
		if tk.Kind == tokQuote {
			break
		}
		if !cueWords[tk.T] {
			continue
		}
		if strings.HasSuffix(tk.T, "ing") && tk.T != "according" && c+1 < len(toks) &&
			toks[c+1].T != "that" && toks[c+1].T != ":" && toks[c+1].T != "," && toks[c+1].Kind != tokQuote {
			continue // "adding the words": a participle reports speech only as "adding that", "saying:"
		}
		cue := qf.cueText(toks, c)
		if cue == "according to" {
			if ref, ok := qf.mentionAfter(p, c+2, t); ok {
				return ref, cue, c, true
			}
			return -2, cue, c, true
		}
		ref := qf.subjectBefore(p, c, 0)
		if strings.HasSuffix(tk.T, "ing") && c > 0 && toks[c-1].T == "," {
			// "he wrote on Twitter, adding that ...": the participle's
			// subject is that of the cue before it
			for c2 := c - 2; c2 >= lo && toks[c2].sent == sent; c2-- {
				if toks[c2].Kind == tokQuote {
					break
				}
				if cueWords[toks[c2].T] {
					ref = qf.subjectBefore(p, c2, 0)
					break
				}
			}
		}
		if ref == -2 && c+1 < t {
			// "said Lavrov:" or "told by X"
			if r2, ok := qf.mentionAfter(p, c+1, t); ok {
				return r2, cue, c, true
			}
		}
		return ref, cue, c, true
	}
	return -1, "", 0, false
}

// cueText returns the cue as written: the verb, "according to", or "told
// reporters".
func (qf *quoteFinder) cueText(toks []token, c int) string {
	w := strings.ToLower(toks[c].T)
	if w == "according" && c+1 < len(toks) && toks[c+1].T == "to" {
		return "according to"
	}
	if w == "told" || w == "tells" || w == "tell" {
		if c+1 < len(toks) {
			switch toks[c+1].T {
			case "reporters", "journalists", "correspondents", "parliament", "lawmakers", "supporters":
				return w + " " + toks[c+1].T
			}
		}
	}
	if w == "pointed" && c+1 < len(toks) && toks[c+1].T == "out" {
		return "pointed out"
	}
	return w
}

// subjectPrepositions put the name after them out of a cue's subject
// position ("Senator Mitch McConnell of Kentucky called").
var subjectPrepositions = map[string]bool{
	"of": true, "on": true, "in": true, "from": true, "at": true, "for": true, "with": true, "about": true,
}

// subjectBefore walks back from the cue at c over adverbs and time words to
// the speaker: a named entity, or a pronoun resolved to the last person
// named as speaker or subject. It returns -2 when the subject is something
// else ("a spokesman said").
func (qf *quoteFinder) subjectBefore(p, c, lo int) int {
	toks := qf.paras[p].toks
	steps := 0
	for x := c - 1; x >= lo && steps < 10; x-- {
		tk := toks[x]
		if tk.Kind == tokQuote {
			break
		}
		if ref, ok := qf.refAt(p, x); ok {
			r := qf.refs[ref]
			if r.ti-1 > lo && subjectPrepositions[toks[r.ti-1].T] {
				// The object of a preposition is not the subject: "Mitch
				// McConnell of Kentucky called", "a lawyer for Boris
				// Johnson said". Only an organisation or place right after
				// a common noun speaks through it: "a spokesman for Apple
				// said" is Apple.
				if _, named := qf.refAt(p, r.ti-2); named || r.typ == Person {
					x = r.ti - 1
					steps++
					continue
				}
			}
			if r.typ == Person || r.typ == Organization || r.typ == Place {
				return ref
			}
		}
		if personPronouns[tk.T] {
			return qf.resolvePronoun(p, x)
		}
		if tk.T == "they" || tk.T == "They" || tk.T == "it" || tk.T == "It" || tk.T == "I" || tk.T == "we" || tk.T == "We" {
			return -2
		}
		if tk.T == "'s" || tk.T == "’s" {
			steps++
			continue
		}
		if tk.T == "," {
			// appositive: "Jane Doe, the minister, said"
			for y := x - 1; y >= lo && y >= x-12; y-- {
				if toks[y].T == "," {
					if ref, ok := qf.refAt(p, y-1); ok && y > lo && qf.refs[ref].typ == Person {
						return ref
					}
					break
				}
			}
		}
		if attributionSkip[tk.T] || tk.T == "," && steps > 0 || (tk.Kind == tokWord && x > 0 && attributionSkip[toks[x-1].T] && isCapitalised(tk.T)) {
			steps++
			continue
		}
		if tk.Kind == tokWord && !isCapitalised(tk.T) {
			// a common-noun subject ("the ministry said", "officials said"):
			// keep walking only through its determiners and adjectives
			if x > lo {
				return qf.npEntity(p, x, lo)
			}
		}
		steps++
	}
	return -2
}

// npEntity looks inside a short noun phrase ending at x for a named entity
// that owns it ("Russia's defense ministry said" -> Russia). It returns -2
// when there is none.
func (qf *quoteFinder) npEntity(p, x, lo int) int {
	toks := qf.paras[p].toks
	for y := x - 1; y >= lo && y >= x-4; y-- {
		if toks[y].Kind != tokWord {
			return -2
		}
		if ref, ok := qf.refAt(p, y); ok && y+1 < len(toks) && (toks[y+1].T == "'s" || toks[y+1].T == "’s") {
			if qf.refs[ref].typ != Person {
				return ref
			}
			return -2
		}
		switch strings.ToLower(toks[y].T) {
		case "the", "a", "an", "whose", "which", "that", "and", "but":
			return -2
		}
	}
	return -2
}

// markQuoted marks the refs inside quotations: a name someone quoted
// says nothing of who "she" is in the narrative ("[Eloise] never
// understood ...," she said: she is the mother speaking, not Eloise).
func (qf *quoteFinder) markQuoted(raws []rawQuote) {
	for i := range qf.refs {
		r := &qf.refs[i]
		for _, q := range raws {
			after := r.para > q.p0 || r.para == q.p0 && r.ti > q.t0
			before := q.t1 < 0 && r.para <= q.p1 || r.para < q.p1 || r.para == q.p1 && r.ti < q.t1
			if after && before {
				r.quoted = true
				break
			}
		}
	}
}

// resolvePronoun returns the last person before (p, t) who was a quote
// speaker or the subject of a sentence, outside quotations.
func (qf *quoteFinder) resolvePronoun(p, t int) int {
	best := -1
	for i, r := range qf.refs {
		if r.para > p || (r.para == p && r.ti >= t) {
			break
		}
		if r.typ != Person || r.quoted {
			continue
		}
		if r.subject || qf.speakers[i] {
			best = i
		}
	}
	if best < 0 {
		return -2
	}
	return best
}

// mentionAfter finds a named entity starting within a few words after c
// ("said Russian Foreign Minister Sergei Lavrov").
func (qf *quoteFinder) mentionAfter(p, c, limit int) (int, bool) {
	toks := qf.paras[p].toks
	for x := c; x < limit && x < c+6 && x < len(toks); x++ {
		if ref, ok := qf.refAt(p, x); ok {
			return ref, true
		}
		if toks[x].Kind == tokQuote || toks[x].T == "." {
			break
		}
	}
	return 0, false
}

// shortSentenceEnd reports whether the sentence holding the cue at c ends
// within a few words ("Lavrov said." after a closed quotation).
func shortSentenceEnd(toks []token, c int) bool {
	for x := c + 1; x < len(toks) && x <= c+4; x++ {
		if toks[x].sent != toks[c].sent {
			return true
		}
		if toks[x].T == "." || toks[x].T == "!" || toks[x].T == "?" {
			return true
		}
	}
	return c+1 >= len(toks)
}

// firstPerson reports speech-like text: a first- or second-person pronoun.
func firstPerson(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		switch strings.ToLower(w) {
		case "i", "i'm", "i’m", "i've", "i'd", "i'll", "me", "my", "we", "we're", "we’re", "us", "our", "you", "your", "you're", "you’re":
			return true
		}
	}
	return false
}
