package news

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/text/unicode/norm"
)

// diffTimeout bounds one word diff; past it go-diff returns a coarser but
// still exact diff, so hostile input cannot stall an import or a screen.
const diffTimeout = 200 * time.Millisecond

// sentenceAnchor is the Dice similarity at which two sentences of an edited
// paragraph are taken as the same sentence, so words are only compared
// within it.
const sentenceAnchor = 0.4

// maxSentenceCells bounds the sentence alignment table of one paragraph
// pair; a "paragraph" with thousands of sentences (a whole book on one
// line) is diffed by tokens alone.
const maxSentenceCells = 1 << 20

// diffWords diffs two texts word by word. Sentences are aligned first so
// that common words never pair across unrelated sentences; between aligned
// sentences the leftover text is diffed as one run, which shows a rewritten
// sentence as replaced words and an added one as an insertion.
func diffWords(a, b string) []WordOp {
	if a == b {
		if a == "" {
			return []WordOp{}
		}
		return []WordOp{{Op: OpEqual, Text: a}}
	}
	sa, sb := diffSentences(a), diffSentences(b)
	var ops []WordOp
	if len(sa) < 2 || len(sb) < 2 || len(sa)*len(sb) > maxSentenceCells {
		ops = diffTokens(a, b)
	} else {
		ops = diffSentenceRuns(sa, sb)
	}
	return tidyWordOps(ops)
}

func diffSentenceRuns(sa, sb []string) []WordOp {
	words := newWordInterner()
	ba := make([]paraBag, len(sa))
	bb := make([]paraBag, len(sb))
	for i, s := range sa {
		ba[i] = words.bag(s)
	}
	for j, s := range sb {
		bb[j] = words.bag(s)
	}
	n, m := len(sa), len(sb)
	score := make([]float32, (n+1)*(m+1))
	sim := func(i, j int) float32 {
		if sa[i] == sb[j] {
			return 1
		}
		if len(ba[i]) == 0 || len(bb[j]) == 0 {
			return 0
		}
		return float32(bagDice(ba[i], bb[j]))
	}
	at := func(x, y int) int { return x*(m+1) + y }
	for x := 1; x <= n; x++ {
		for y := 1; y <= m; y++ {
			best := max(score[at(x-1, y)], score[at(x, y-1)])
			if s := sim(x-1, y-1); s >= sentenceAnchor {
				best = max(best, score[at(x-1, y-1)]+s)
			}
			score[at(x, y)] = best
		}
	}
	var pairs [][2]int
	for x, y := n, m; x > 0 && y > 0; {
		s := sim(x-1, y-1)
		switch {
		case s >= sentenceAnchor && score[at(x, y)] == score[at(x-1, y-1)]+s:
			pairs = append(pairs, [2]int{x - 1, y - 1})
			x--
			y--
		case score[at(x, y)] == score[at(x-1, y)]:
			x--
		default:
			y--
		}
	}
	var ops []WordOp
	i, j := 0, 0
	gap := func(i1, j1 int) {
		ops = append(ops, diffTokens(strings.Join(sa[i:i1], ""), strings.Join(sb[j:j1], ""))...)
	}
	for k := len(pairs) - 1; k >= 0; k-- {
		p := pairs[k]
		gap(p[0], p[1])
		ops = append(ops, diffTokens(sa[p[0]], sb[p[1]])...)
		i, j = p[0]+1, p[1]+1
	}
	gap(n, m)
	return ops
}

// diffTokens diffs two texts as sequences of tokens (words, spaces,
// punctuation). Tokens are compared by a folded class, so that case,
// spacing, quote style and spelling variants align with each other; each
// such pair is then reported as a one-token replacement, which keeps the
// ops an exact record of both texts.
func diffTokens(a, b string) []WordOp {
	switch {
	case a == b && a == "":
		return nil
	case a == b:
		return []WordOp{{Op: OpEqual, Text: a}}
	case a == "":
		return []WordOp{{Op: OpInsert, Text: b}}
	case b == "":
		return []WordOp{{Op: OpDelete, Text: a}}
	}
	ta, tb := wordTokens(a), wordTokens(b)
	classes := map[string]rune{}
	encode := func(toks []string) ([]rune, bool) {
		out := make([]rune, len(toks))
		for i, t := range toks {
			key := tokenClass(t)
			r, ok := classes[key]
			if !ok {
				r = rune(len(classes) + 1)
				if r >= 0xD800 {
					r += 0x800 // skip surrogates: runes must stay valid
				}
				if r > utf8.MaxRune {
					return nil, false
				}
				classes[key] = r
			}
			out[i] = r
		}
		return out, true
	}
	ra, ok1 := encode(ta)
	rb, ok2 := encode(tb)
	if !ok1 || !ok2 {
		return []WordOp{{Op: OpDelete, Text: a}, {Op: OpInsert, Text: b}}
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	var ops []WordOp
	ia, ib := 0, 0
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if ia+n > len(ta) || ib+n > len(tb) {
				return []WordOp{{Op: OpDelete, Text: a}, {Op: OpInsert, Text: b}}
			}
			for k := 0; k < n; k++ {
				x, y := ta[ia+k], tb[ib+k]
				if x == y {
					ops = append(ops, WordOp{Op: OpEqual, Text: x})
				} else {
					ops = append(ops, WordOp{Op: OpDelete, Text: x}, WordOp{Op: OpInsert, Text: y})
				}
			}
			ia += n
			ib += n
		case diffmatchpatch.DiffDelete:
			if ia+n > len(ta) {
				return []WordOp{{Op: OpDelete, Text: a}, {Op: OpInsert, Text: b}}
			}
			ops = append(ops, WordOp{Op: OpDelete, Text: strings.Join(ta[ia:ia+n], "")})
			ia += n
		case diffmatchpatch.DiffInsert:
			if ib+n > len(tb) {
				return []WordOp{{Op: OpDelete, Text: a}, {Op: OpInsert, Text: b}}
			}
			ops = append(ops, WordOp{Op: OpInsert, Text: strings.Join(tb[ib:ib+n], "")})
			ib += n
		}
	}
	if ia != len(ta) || ib != len(tb) {
		return []WordOp{{Op: OpDelete, Text: a}, {Op: OpInsert, Text: b}}
	}
	return ops
}

// tidyWordOps merges runs so changes read as phrases: within a run of
// changes all deletions come before all insertions (which keeps both texts
// rebuildable), a lone space between two changes joins them, and
// neighbours with the same op are merged.
func tidyWordOps(ops []WordOp) []WordOp {
	// Absorb whitespace-only equal runs sitting between two changes.
	for k := 1; k+1 < len(ops); k++ {
		if ops[k].Op == OpEqual && strings.TrimSpace(ops[k].Text) == "" &&
			ops[k-1].Op != OpEqual && ops[k+1].Op != OpEqual {
			ws := ops[k].Text
			ops[k] = WordOp{Op: OpDelete, Text: ws}
			ops = append(ops[:k+1], append([]WordOp{{Op: OpInsert, Text: ws}}, ops[k+1:]...)...)
			k++
		}
	}
	out := make([]WordOp, 0, len(ops))
	for i := 0; i < len(ops); {
		if ops[i].Op == OpEqual {
			if n := len(out); n > 0 && out[n-1].Op == OpEqual {
				out[n-1].Text += ops[i].Text
			} else if ops[i].Text != "" {
				out = append(out, ops[i])
			}
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(ops) && ops[i].Op != OpEqual; i++ {
			if ops[i].Op == OpDelete {
				del.WriteString(ops[i].Text)
			} else {
				ins.WriteString(ops[i].Text)
			}
		}
		if del.Len() > 0 {
			out = append(out, WordOp{Op: OpDelete, Text: del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, WordOp{Op: OpInsert, Text: ins.String()})
		}
	}
	return out
}

// wordTokens cuts text into words (letters and digits, with inner
// apostrophes, hyphens, periods, commas and a trailing percent: "it's",
// "ex-Soviet", "U.S", "20,000", "85%"), runs of spaces, and single other
// characters. Concatenating the tokens gives the text back.
func wordTokens(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case diffIsWordRune(r) || unicode.Is(unicode.Mn, r):
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if diffIsWordRune(r2) || unicode.Is(unicode.Mn, r2) {
					j += sz
					continue
				}
				if r2 == '%' {
					j += sz
					break
				}
				if strings.ContainsRune("'’-.,:/", r2) && j+sz < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+sz:])
					if diffIsWordRune(r3) {
						j += sz
						continue
					}
				}
				break
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += sz
			}
		}
		toks = append(toks, s[i:j])
		i = j
	}
	return toks
}

// tokenClass folds a token to what it must equal to be the same word:
// spaces are all alike, quote marks of one kind alike, words compared
// without case, diacritics or British/American spelling differences.
func tokenClass(t string) string {
	r, _ := utf8.DecodeRuneInString(t)
	switch {
	case unicode.IsSpace(r):
		return " "
	case strings.ContainsRune("\"“”„«»", r):
		return "\""
	case strings.ContainsRune("'‘’‚", r):
		return "'"
	case diffIsWordRune(r):
		var b strings.Builder
		for _, c := range norm.NFKD.String(t) {
			if !unicode.Is(unicode.Mn, c) {
				b.WriteRune(unicode.ToLower(c))
			}
		}
		return "w" + foldSpelling(b.String())
	}
	return t
}

// abbreviations that end in a period without ending a sentence.
var sentenceAbbrev = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "gen": true, "sen": true,
	"rep": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true, "jr": true, "sr": true,
	"no": true, "vs": true, "etc": true, "inc": true, "co": true, "corp": true, "ltd": true, "jan": true,
	"feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "fig": true, "approx": true, "est": true, "mt": true, "ft": true,
}

// diffSentences cuts text into sentences, each keeping its trailing spaces,
// so that concatenating them gives the text back. A sentence ends at . ! ?
// or …, after any closing quotes and brackets, when a space and then a
// capital, a digit or an opening quote follow, unless the period closes an
// initial ("U.S.") or a known abbreviation ("Mr.").
func diffSentences(s string) []string {
	var out []string
	start := 0
	// Decode by hand rather than with []rune(s): an invalid byte is one
	// byte in s but three in the UTF-8 of its replacement rune, and the
	// offsets must index s.
	rs := make([]rune, 0, len(s))
	offs := make([]int, 0, len(s)+1)
	for pos := 0; pos < len(s); {
		r, size := utf8.DecodeRuneInString(s[pos:])
		rs = append(rs, r)
		offs = append(offs, pos)
		pos += size
	}
	offs = append(offs, len(s))
	for k := 0; k < len(rs); k++ {
		r := rs[k]
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		e := k + 1
		for e < len(rs) && strings.ContainsRune("\"'”’»)]", rs[e]) {
			e++
		}
		if e >= len(rs) || !unicode.IsSpace(rs[e]) {
			continue
		}
		n := e
		for n < len(rs) && unicode.IsSpace(rs[n]) {
			n++
		}
		if n >= len(rs) {
			break
		}
		next := rs[n]
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"'“‘«(", next)) {
			continue
		}
		if r == '.' {
			w := k
			for w > 0 && unicode.IsLetter(rs[w-1]) {
				w--
			}
			word := strings.ToLower(string(rs[w:k]))
			if utf8.RuneCountInString(word) == 1 && unicode.IsUpper(rs[w]) || sentenceAbbrev[word] {
				continue
			}
		}
		out = append(out, s[offs[start]:offs[n]])
		start = n
		k = n - 1
	}
	if offs[start] < len(s) {
		out = append(out, s[offs[start]:])
	}
	return out
}
