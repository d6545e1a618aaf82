// Package eval scores verso's entity and quotation analysis against
// annotated corpora (GUM Wikinews, WikiGold) and compares it with a baseline.
// It reads files only; tests in this package print the tables that
// docs/ANALYSIS.md reports.
package eval

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/verso-news/verso/news"
)

// Span is a stretch of one document: Start and End are code-point offsets
// within Paragraph (End exclusive); quotes may end in another paragraph.
type Span struct {
	Para, Start  int
	EndPara, End int
	Type         news.EntityType
	Text         string
	Misc         bool // WikiGold MISC: reported separately
	Named        bool // GUM: a named mention (proper-noun head)
	HasIdentity  bool // GUM: linked to a Wikipedia identity
	ScareQuote   bool // GUM <q> rather than <quote>
}

// Doc is one annotated document.
type Doc struct {
	Name       string
	Title      string
	Paragraphs []string
	Entities   []Span
	Quotes     []Span // <quote> elements, adjacent ones merged
	Scare      []Span // <q> elements
}

// PRF holds counts and derived precision, recall and F1.
type PRF struct {
	TPPred, Pred int // predictions that matched, all predictions
	TPGold, Gold int // gold items that were found, all gold items
}

// P is precision.
func (s PRF) P() float64 { return ratio(s.TPPred, s.Pred) }

// R is recall.
func (s PRF) R() float64 { return ratio(s.TPGold, s.Gold) }

// F1 is the harmonic mean of P and R.
func (s PRF) F1() float64 {
	p, r := s.P(), s.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (s *PRF) add(o PRF) {
	s.TPPred += o.TPPred
	s.Pred += o.Pred
	s.TPGold += o.TPGold
	s.Gold += o.Gold
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Types scored for entities.
var Types = []news.EntityType{news.Person, news.Organization, news.Place}

// EntityScore is the per-type and micro score of one system on one corpus.
type EntityScore struct {
	Lenient, Exact map[news.EntityType]*PRF
}

// Micro sums the per-type counts.
func (e EntityScore) Micro(lenient bool) PRF {
	m := e.Exact
	if lenient {
		m = e.Lenient
	}
	var out PRF
	for _, t := range Types {
		if s := m[t]; s != nil {
			out.add(*s)
		}
	}
	return out
}

func newEntityScore() EntityScore {
	e := EntityScore{Lenient: map[news.EntityType]*PRF{}, Exact: map[news.EntityType]*PRF{}}
	for _, t := range Types {
		e.Lenient[t] = &PRF{}
		e.Exact[t] = &PRF{}
	}
	return e
}

// ScoreEntities compares predicted mentions with gold mentions of the same
// type, per document: lenient counts an overlap, exact an equal span after
// dropping a leading "the" and a trailing possessive "'s". keep selects the
// gold mentions to score (named ones for GUM); with forgive, predictions
// overlapping a gold mention of the same type that is not kept (a
// common-noun mention such as "all-girl Afghan team") or a WikiGold MISC
// name are left out of precision rather than counted wrong.
func ScoreEntities(docs []Doc, predict func(Doc) []Span, keep func(Span) bool, forgive bool) EntityScore {
	sc := newEntityScore()
	for _, d := range docs {
		pred := predict(d)
		var gold, ignored []Span
		for _, g := range d.Entities {
			if keep(g) {
				gold = append(gold, g)
			} else {
				ignored = append(ignored, g)
			}
		}
		for _, t := range Types {
			var gt, pt []Span
			for _, g := range gold {
				if g.Type == t {
					gt = append(gt, normalizeSpan(d, g))
				}
			}
			for _, p := range pred {
				if p.Type != t {
					continue
				}
				p = normalizeSpan(d, p)
				if forgive && !anyOverlap(p, gt, false) && overlapsIgnored(p, ignored, t) {
					continue
				}
				pt = append(pt, p)
			}
			sc.Lenient[t].add(match(pt, gt, false))
			sc.Exact[t].add(match(pt, gt, true))
		}
	}
	return sc
}

// overlapsIgnored reports a prediction that covers a gold mention outside
// the scored set: of the same type but unnamed (GUM "the minister"), or a
// WikiGold MISC name.
func overlapsIgnored(p Span, ignored []Span, t news.EntityType) bool {
	for _, g := range ignored {
		if (g.Type == t || g.Misc) && overlap(p, g) {
			return true
		}
	}
	return false
}

func anyOverlap(p Span, gold []Span, exact bool) bool {
	for _, g := range gold {
		if sameSpan(p, g, exact) {
			return true
		}
	}
	return false
}

func match(pred, gold []Span, exact bool) PRF {
	var s PRF
	s.Pred, s.Gold = len(pred), len(gold)
	for _, p := range pred {
		if anyOverlap(p, gold, exact) {
			s.TPPred++
		}
	}
	for _, g := range gold {
		if anyOverlap(g, pred, exact) {
			s.TPGold++
		}
	}
	return s
}

func sameSpan(a, b Span, exact bool) bool {
	if exact {
		return a.Para == b.Para && a.EndPara == b.EndPara && a.Start == b.Start && a.End == b.End
	}
	return overlap(a, b)
}

func overlap(a, b Span) bool {
	as, ae := [2]int{a.Para, a.Start}, [2]int{a.EndPara, a.End}
	bs, be := [2]int{b.Para, b.Start}, [2]int{b.EndPara, b.End}
	return less(as, be) && less(bs, ae)
}

func less(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }

// normalizeSpan drops a leading "the " and a trailing "'s" from an entity
// span, the only differences the exact score forgives.
func normalizeSpan(d Doc, s Span) Span {
	if s.Para != s.EndPara || s.Para < 0 || s.Para >= len(d.Paragraphs) {
		return s
	}
	rs := []rune(d.Paragraphs[s.Para])
	if s.Start < 0 || s.End > len(rs) || s.Start > s.End {
		return s
	}
	text := string(rs[s.Start:s.End])
	low := strings.ToLower(text)
	if strings.HasPrefix(low, "the ") {
		s.Start += 4
		text = text[4:]
	}
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(text, suf) && len(text) > len(suf) {
			s.End -= len([]rune(suf))
			text = text[:len(text)-len(suf)]
			break
		}
	}
	for s.End > s.Start && unicode.IsSpace(rs[s.End-1]) {
		s.End--
	}
	return s
}

// QuoteScore scores quotation spans.
type QuoteScore struct {
	Lenient PRF // any overlap
	Exact   PRF // same span after trimming marks, spaces and punctuation
	// ScareFP counts predicted quotes that overlap only a <q> (scare quote,
	// title, mention) element.
	ScareFP int
}

// ScoreQuotes compares predicted quotations with gold <quote> spans.
func ScoreQuotes(docs []Doc, predict func(Doc) []Span) QuoteScore {
	var qs QuoteScore
	for _, d := range docs {
		pred := predict(d)
		var gold []Span
		for _, g := range d.Quotes {
			gold = append(gold, trimQuote(d, g))
		}
		var pt []Span
		for _, p := range pred {
			p = trimQuote(d, p)
			pt = append(pt, p)
			if !anyOverlap(p, gold, false) && anyOverlap(p, d.Scare, false) {
				qs.ScareFP++
			}
		}
		qs.Lenient.add(match(pt, gold, false))
		qs.Exact.add(match(pt, gold, true))
	}
	return qs
}

// trimQuote narrows a quotation span past quote marks, spaces and
// punctuation at both ends, so that "a," and a. compare equal.
func trimQuote(d Doc, s Span) Span {
	if s.Para < 0 || s.EndPara >= len(d.Paragraphs) || s.Para > s.EndPara {
		return s
	}
	trim := func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || strings.ContainsRune("\"'`´‘’“”„«»", r)
	}
	rs := []rune(d.Paragraphs[s.Para])
	for s.Start < len(rs) && (s.Para < s.EndPara || s.Start < s.End) && trim(rs[s.Start]) {
		s.Start++
	}
	re := []rune(d.Paragraphs[s.EndPara])
	if s.End > len(re) {
		s.End = len(re)
	}
	for s.End > 0 && (s.Para < s.EndPara || s.End > s.Start) && trim(re[s.End-1]) {
		s.End--
	}
	return s
}

// VersoEntities runs news.Analyze on a document and returns its mentions.
func VersoEntities(d Doc) []Span {
	a := article(d)
	news.Analyze(a)
	var out []Span
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			typ := e.Type
			if m.As != "" {
				typ = m.As // scored by its type in context (metonymy)
			}
			out = append(out, Span{Para: m.Paragraph, Start: m.Start, EndPara: m.Paragraph, End: m.End, Type: typ, Text: m.Text})
		}
	}
	return out
}

// VersoQuotes runs news.Analyze on a document and returns its quotations.
func VersoQuotes(d Doc) []Span {
	a := article(d)
	news.Analyze(a)
	var out []Span
	for _, q := range a.Quotes {
		ep := q.EndParagraph
		if ep < q.Paragraph {
			ep = q.Paragraph
		}
		out = append(out, Span{Para: q.Paragraph, Start: q.Start, EndPara: ep, End: q.End, Text: q.Text})
	}
	return out
}

func article(d Doc) *news.Article {
	return &news.Article{Title: d.Title, Paragraphs: d.Paragraphs}
}

// Table formats entity scores as a Markdown table.
func Table(name string, sc EntityScore) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| %s | lenient P | R | F1 | exact P | R | F1 | gold |\n|---|---|---|---|---|---|---|---|\n", name)
	row := func(label string, l, e PRF) {
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | **%.3f** | %.3f | %.3f | %.3f | %d |\n", label, l.P(), l.R(), l.F1(), e.P(), e.R(), e.F1(), l.Gold)
	}
	for _, t := range Types {
		row(string(t), *sc.Lenient[t], *sc.Exact[t])
	}
	row("micro", sc.Micro(true), sc.Micro(false))
	return b.String()
}

// Errors lists, for inspection, the predictions that matched nothing and the
// gold mentions that were missed (lenient), per type.
func Errors(docs []Doc, predict func(Doc) []Span, keep func(Span) bool, t news.EntityType) (fp, fn []string) {
	for _, d := range docs {
		pred := predict(d)
		var gt []Span
		for _, g := range d.Entities {
			if keep(g) && g.Type == t {
				gt = append(gt, g)
			}
		}
		var all []Span
		for _, g := range d.Entities {
			all = append(all, g)
		}
		for _, p := range pred {
			if p.Type == t && !anyOverlap(p, gt, false) {
				why := "wrong"
				for _, g := range all {
					if overlap(p, g) {
						why = string(g.Type)
						if g.Misc {
							why = "misc"
						}
						if g.Type == t && !keep(g) {
							why = "unnamed"
						}
						break
					}
				}
				fp = append(fp, fmt.Sprintf("%s: %q (%s)  <<%s>>", d.Name, p.Text, why, around(d, p)))
			}
		}
		var pt []Span
		for _, p := range pred {
			if p.Type == t {
				pt = append(pt, p)
			}
		}
		for _, g := range gt {
			// a miss is a gold mention no prediction of its type overlaps;
			// "got" names the type predicted instead, if any
			if !anyOverlap(g, pt, false) {
				got := ""
				for _, p := range pred {
					if overlap(p, g) {
						got = string(p.Type)
					}
				}
				fn = append(fn, fmt.Sprintf("%s: %q %s  <<%s>>", d.Name, spanText(d, g), got, around(d, g)))
			}
		}
	}
	sort.Strings(fp)
	sort.Strings(fn)
	return fp, fn
}

// spanText returns the text a span covers, paragraphs joined by " ¶ ".
func spanText(d Doc, s Span) string {
	var parts []string
	for p := s.Para; p <= s.EndPara && p >= 0 && p < len(d.Paragraphs); p++ {
		rs := []rune(d.Paragraphs[p])
		a, e := 0, len(rs)
		if p == s.Para {
			a = s.Start
		}
		if p == s.EndPara && s.End <= len(rs) {
			e = s.End
		}
		if a >= 0 && a <= e {
			parts = append(parts, string(rs[a:e]))
		}
	}
	return strings.Join(parts, " ¶ ")
}

// around returns a few words around a span, for error listings.
func around(d Doc, s Span) string {
	if s.Para < 0 || s.Para >= len(d.Paragraphs) {
		return ""
	}
	rs := []rune(d.Paragraphs[s.Para])
	a, e := max(0, s.Start-40), min(len(rs), s.Start+60)
	if a > e {
		return ""
	}
	return string(rs[a:e])
}
