package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// snippetWords is how many words a snippet shows.
const snippetWords = 24

// matcher holds the positive words of a query, folded as the FTS5
// tokenizer folds them (lower case, no diacritics), for highlighting.
type matcher struct {
	words    map[string]bool
	prefixes []string
}

func newMatcher(q *Query) *matcher {
	m := &matcher{words: map[string]bool{}}
	for _, clause := range q.Clauses {
		for _, t := range clause {
			if t.Neg || !t.isText() || t.Field == "by" {
				continue
			}
			toks := tokens(t.Value)
			for i, w := range toks {
				if t.Prefix && i == len(toks)-1 {
					m.prefixes = append(m.prefixes, w)
				} else {
					m.words[w] = true
				}
			}
		}
	}
	return m
}

func (m *matcher) match(w string) bool {
	if m.words[w] {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// fold lower-cases a word and strips its diacritics.
func fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokens splits text into folded words as the unicode61 tokenizer does.
func tokens(s string) []string {
	var out []string
	for _, sp := range wordSpans(s) {
		out = append(out, fold(s[sp[0]:sp[1]]))
	}
	return out
}

// wordSpans returns the byte ranges of the words of s.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// matches reports whether any word of text is one the query looks for.
func (m *matcher) matches(text string) bool {
	for _, sp := range wordSpans(text) {
		if m.match(fold(text[sp[0]:sp[1]])) {
			return true
		}
	}
	return false
}

// snippet cuts the window of snippetWords words of body with the most
// query words and wraps those in HighlightStart/HighlightEnd. With no match
// it returns the opening words.
func (m *matcher) snippet(body string) string {
	body = strings.ReplaceAll(body, paraSep, " ")
	spans := wordSpans(body)
	if len(spans) == 0 {
		return ""
	}
	hit := make([]bool, len(spans))
	for i, sp := range spans {
		hit[i] = m.match(fold(body[sp[0]:sp[1]]))
	}
	best, bestN, n := 0, -1, 0
	for i := range spans {
		if hit[i] {
			n++
		}
		if i >= snippetWords && hit[i-snippetWords] {
			n--
		}
		if start := max(0, i-snippetWords+1); n > bestN {
			best, bestN = start, n
		}
	}
	// Start a little before the first match in the window, for context.
	for i := best; i < min(len(spans), best+snippetWords); i++ {
		if hit[i] {
			best = max(0, min(i-4, len(spans)-snippetWords))
			break
		}
	}
	end := min(len(spans), best+snippetWords)
	var b strings.Builder
	if best > 0 {
		b.WriteString("… ")
	}
	from := spans[best][0]
	for i := best; i < end; i++ {
		b.WriteString(body[from:spans[i][0]])
		w := body[spans[i][0]:spans[i][1]]
		if hit[i] {
			b.WriteString(HighlightStart + w + HighlightEnd)
		} else {
			b.WriteString(w)
		}
		from = spans[i][1]
	}
	if end < len(spans) {
		// Keep punctuation that closes the last word (a quote, a full stop).
		tail := body[from:spans[end][0]]
		b.WriteString(strings.TrimRightFunc(tail, unicode.IsSpace))
		b.WriteString(" …")
	} else {
		b.WriteString(body[from:])
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
