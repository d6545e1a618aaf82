package news

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/verso-news/verso/news/gazetteer"
)

// tokKind classifies a token for the analysers.
type tokKind uint8

const (
	tokWord  tokKind = iota // letters or digits, with inner hyphens, apostrophes, abbreviation dots
	tokQuote                // a quotation mark of any style
	tokPunct                // any other punctuation
)

// token is one word or mark of a paragraph; S and E are code-point offsets
// (E exclusive) so that mentions and quotes can be reported in the units the
// Article contract uses. T is a substring of the paragraph's text starting
// at byte B, so that tokens and the names made of them cost no allocation.
type token struct {
	T    string
	S, E int
	B    int // byte offset of T in the paragraph text
	sent int // index of the sentence within the paragraph

	// What the gazetteer knows of the token, looked up on first use: the
	// recogniser asks whether one token is a name, and whether it is an
	// ordinary word, many times over, and each hash lookup costs as much as
	// the rest of the question. The tokens belong to one Analyze call, so
	// the cache is per call.
	entry gazetteer.Entry // gz.Lookup(T), when gzKnown

	// the small fields last, together, so that they share one word
	Kind  tokKind
	name  bool // a word that may be (part of) a name: nameWord, set by newParas
	gz    gzFlags
	lists wordList // the fixed word lists T is in, once asked (token.in)
}

// gzFlags records which of a token's gazetteer questions were asked, and
// their answers.
type gzFlags uint8

const (
	gzLooked     gzFlags = 1 << iota // entry and gzKnown are set
	gzKnown                          // T is a name of the gazetteer
	gzWordyAsked                     // gzWordy is set
	gzWordy                          // T lower-cased is an ordinary word
)

// lookup returns gz.Lookup(t.T), looking it up once per token.
func (t *token) lookup(gz *gazetteer.Table) (gazetteer.Entry, bool) {
	if t.gz&gzLooked == 0 {
		e, ok := gz.Lookup(t.T)
		t.entry, t.gz = e, t.gz|gzLooked
		if ok {
			t.gz |= gzKnown
		}
	}
	return t.entry, t.gz&gzKnown != 0
}

// known reports whether the gazetteer knows t.T as a name.
func (t *token) known(gz *gazetteer.Table) bool {
	_, ok := t.lookup(gz)
	return ok
}

// isWordy reports a capitalised ordinary English word (Police, Earlier):
// t.T lower-cased is in gz's word list. It asks gz once per token.
func (t *token) isWordy(gz *gazetteer.Table) bool {
	if t.gz&gzWordyAsked == 0 {
		t.gz |= gzWordyAsked
		var buf [32]byte
		var wordy bool
		if b, ok := lowerASCII(buf[:], t.T); ok {
			wordy = gz.IsWord(string(b))
		} else {
			wordy = gz.IsWord(strings.ToLower(t.T))
		}
		if wordy {
			t.gz |= gzWordy
		}
	}
	return t.gz&gzWordy != 0
}

// abbrevs are words that take a full stop without ending a sentence. Keys
// are without the dot.
var abbrevs = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "Gen": true, "Sen": true,
	"Rep": true, "Gov": true, "Lt": true, "Col": true, "Sgt": true, "Capt": true, "Cpt": true,
	"Maj": true, "Adm": true, "Cmdr": true, "Gens": true, "St": true, "Jr": true, "Sr": true,
	"Rev": true, "Fr": true, "Hon": true, "Pres": true, "Supt": true, "Insp": true, "Det": true,
	"Inc": true, "Co": true, "Corp": true, "Ltd": true, "Bros": true, "Mt": true, "Ft": true,
	"vs": true, "etc": true, "No": true, "Nos": true, "Jan": true, "Feb": true, "Mar": true,
	"Apr": true, "Jun": true, "Jul": true, "Aug": true, "Sep": true, "Sept": true, "Oct": true,
	"Nov": true, "Dec": true, "approx": true, "Ave": true, "Blvd": true, "Rd": true, "Dept": true,
	"Univ": true, "Assn": true, "Fig": true, "al": true, "e.g": true, "i.e": true, "cf": true,
}

// nonFinalAbbrevs never end a sentence: a title is always followed by its name.
var nonFinalAbbrevs = map[string]bool{
	"Mr.": true, "Mrs.": true, "Ms.": true, "Dr.": true, "Prof.": true, "Gen.": true, "Sen.": true,
	"Rep.": true, "Gov.": true, "Lt.": true, "Col.": true, "Sgt.": true, "Capt.": true, "Maj.": true,
	"Adm.": true, "St.": true, "Rev.": true, "Fr.": true, "Hon.": true, "Pres.": true, "Mt.": true,
	"No.": true, "vs.": true, "e.g.": true, "i.e.": true, "cf.": true,
}

// sentenceStarters are capitalised words that, after an initialism such as
// "U.S.", show that a new sentence began.
var sentenceStarters = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true, "They": true,
	"We": true, "I": true, "You": true, "This": true, "That": true, "These": true, "Those": true,
	"But": true, "And": true, "In": true, "On": true, "At": true, "As": true, "If": true,
	"His": true, "Her": true, "Their": true, "Its": true, "Our": true, "There": true,
	"However": true, "Meanwhile": true, "When": true, "While": true, "After": true, "Before": true,
	"My": true, "Your": true, "Some": true, "Many": true, "Most": true, "Officials": true, "According": true,
}

func isQuoteRune(r rune) bool {
	switch r {
	case '"', '\'', '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '\u201f',
		'\u00ab', '\u00bb', '\u2039', '\u203a', '`', '\u00b4', '\u2032', '\u2033':
		return true
	}
	return false
}

// isWordRune reports a letter, digit or combining mark, which continue a
// word. ASCII has no marks, and unicode.IsMark searches a table even for
// ASCII, which the tokenizer asks about at the end of every word.
// ASCII is answered from a table in a function small enough to inline,
// since the tokenizer asks about every code point of every word.
func isWordRune(c rune) bool {
	if c < utf8.RuneSelf {
		return asciiWord[c]
	}
	return isWordRuneUnicode(c)
}

func isWordRuneUnicode(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c)
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isApos(r rune) bool { return r == '\'' || r == '\u2019' }

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// validText returns text when it is valid UTF-8 and otherwise string(rs),
// its code points re-encoded (each invalid byte becomes U+FFFD). Tokens are
// substrings of the result, so they read exactly as string(rs[i:j]) would.
func validText(text string, rs []rune) string {
	if utf8.ValidString(text) {
		return text
	}
	return string(rs)
}

// runesLen is the length in bytes of rs encoded as UTF-8.
// ASCII is counted without calling utf8.RuneLen, which is not inlined.
func runesLen(rs []rune) int {
	n := 0
	for _, r := range rs {
		if 0 <= r && r < utf8.RuneSelf {
			n++
		} else {
			n += utf8.RuneLen(r)
		}
	}
	return n
}

// tokenizeRunes splits a paragraph, already decoded to code points, into
// tokens and numbers their sentences:
// text must be string(rs) byte for byte (see validText). The tokens are
// written into buf's spare capacity (buf may be nil): so that the
// paragraphs of an article can share one allocation, it returns the
// paragraph's tokens, capped at their length, and rest, the unused tail of
// the (possibly grown) array for the next paragraph.
func tokenizeRunes(text string, rs []rune, buf []token) (toks, rest []token) {
	if cap(buf) == 0 {
		buf = make([]token, 0, len(rs)/5+1)
	}
	toks = buf[:0]
	n := len(rs)
	b := 0 // byte offset of rs[i] in text
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case r == ' ' || unicode.IsSpace(r): // the commonest first: IsSpace is a call
			b += utf8.RuneLen(r)
			i++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + 1
			for j < n {
				c := rs[j]
				if isWordRune(c) {
					j++
					continue
				}
				if isHyphen(c) && j+1 < n && (unicode.IsLetter(rs[j+1]) || unicode.IsDigit(rs[j+1])) {
					j++
					continue
				}
				if isApos(c) && j+1 < n && unicode.IsLetter(rs[j+1]) && unicode.IsLetter(rs[j-1]) {
					// possessive 's splits off; contractions and O'Brien stay whole
					if (rs[j+1] == 's' || rs[j+1] == 'S') && (j+2 >= n || !unicode.IsLetter(rs[j+2])) {
						break
					}
					j++
					continue
				}
				if (c == '.' || c == ',') && unicode.IsDigit(rs[j-1]) && j+1 < n && unicode.IsDigit(rs[j+1]) {
					j++
					continue
				}
				if c == '.' {
					word := text[b : b+runesLen(rs[i:j])]
					// U.S., D.C., e.g.: letter-dot-letter-dot initialisms
					if j+2 < n && unicode.IsLetter(rs[j+1]) && rs[j+2] == '.' && (j-i == 1 || rs[j-2] == '.') {
						j += 2
						continue
					}
					if j-i >= 3 && rs[j-2] == '.' {
						j++ // final dot of an initialism
						break
					}
					if abbrevs[word] || (j-i == 1 && unicode.IsUpper(rs[i])) {
						j++
					}
				}
				break
			}
			e := b + runesLen(rs[i:j])
			toks = append(toks, token{T: text[b:e], S: i, E: j, B: b, Kind: tokWord})
			i, b = j, e
		case isQuoteRune(r):
			if isApos(r) && i+1 < n && (rs[i+1] == 's' || rs[i+1] == 'S') && i > 0 && unicode.IsLetter(rs[i-1]) &&
				(i+2 >= n || !unicode.IsLetter(rs[i+2])) {
				e := b + utf8.RuneLen(r) + 1 // the s is one byte
				toks = append(toks, token{T: text[b:e], S: i, E: i + 2, B: b, Kind: tokWord})
				i, b = i+2, e
				continue
			}
			e := b + utf8.RuneLen(r)
			toks = append(toks, token{T: text[b:e], S: i, E: i + 1, B: b, Kind: tokQuote})
			i, b = i+1, e
		default:
			e := b + utf8.RuneLen(r)
			toks = append(toks, token{T: text[b:e], S: i, E: i + 1, B: b, Kind: tokPunct})
			i, b = i+1, e
		}
	}
	toks, rest = toks[:len(toks):len(toks)], toks[len(toks):]
	splitSentences(toks)
	return toks, rest
}

// splitSentences numbers each token's sentence. A sentence ends at . ! ? or
// an ellipsis (plus any closing quotes and brackets) when the next word opens
// a sentence; abbreviations such as "Mr." never end one and initialisms such
// as "U.S." end one only before a typical sentence opener.
func splitSentences(toks []token) {
	sent := 0
	for i := 0; i < len(toks); i++ {
		toks[i].sent = sent
		t := &toks[i] // not a copy: tokens are large and this runs for each
		end := false
		switch {
		case t.Kind == tokPunct && (t.T == "." || t.T == "!" || t.T == "?" || t.T == "…"):
			end = true
		case t.Kind == tokWord && strings.HasSuffix(t.T, ".") && !nonFinalAbbrevs[t.T]:
			// abbreviation or initialism with its dot: ends a sentence only
			// before a clear sentence opener
			if i+1 < len(toks) && sentenceStarters[toks[i+1].T] {
				end = true
			}
		}
		if !end {
			continue
		}
		// closing quotes and brackets belong to the sentence they close
		j := i + 1
		for j < len(toks) && (toks[j].Kind == tokQuote || toks[j].T == ")" || toks[j].T == "]") && closesHere(toks, j) {
			toks[j].sent = sent
			j++
		}
		if j < len(toks) && opensSentence(toks[j]) {
			i = j - 1
			sent++
		} else {
			i = j - 1
		}
	}
}

// closesHere tells a closing quote after a full stop from the opening quote
// of the next sentence: a closing one is followed by space then a non-quote
// or by the end of the paragraph, and is not followed directly by a letter.
func closesHere(toks []token, j int) bool {
	if toks[j].Kind != tokQuote {
		return true
	}
	if j+1 >= len(toks) {
		return true
	}
	// "...end." "Next — the second mark opens; directly followed by a word
	return !(toks[j+1].S == toks[j].E && toks[j+1].Kind == tokWord) || toks[j].S == toks[j-1].E
}

func opensSentence(t token) bool {
	if t.Kind == tokQuote {
		return true
	}
	if t.T == "(" || t.T == "[" {
		return true
	}
	for _, r := range t.T {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

func isCapitalised(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// isAcronym reports an all-capitals word of two or more letters (NATO, TASS,
// U.S.).
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.' || r == '&' || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return letters >= 2
}

// lowerASCII writes s lower-cased into buf and returns it, when s is ASCII
// and fits; ok is false otherwise. For ASCII this is exactly
// strings.ToLower, and a map asked m[string(b)] does not copy the bytes, so
// callers look up a capitalised word's lower-case form without the
// allocation strings.ToLower makes.
func lowerASCII(buf []byte, s string) (b []byte, ok bool) {
	if len(s) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)], true
}

// inLower reports m[strings.ToLower(s)], without allocating for short
// ASCII words.
func inLower(m map[string]bool, s string) bool {
	var buf [32]byte
	if b, ok := lowerASCII(buf[:], s); ok {
		return m[string(b)]
	}
	return m[strings.ToLower(s)]
}
