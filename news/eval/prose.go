package eval

import (
	"strings"

	"github.com/jdkato/prose/v2"

	"github.com/verso-news/verso/news"
)

// NewProse returns the baseline: the entity model that ships with
// github.com/jdkato/prose/v2, run paragraph by paragraph. The model is loaded
// once here (prose reloads it on every document otherwise). Its tokens carry
// IOB labels but no offsets, so they are found again in the paragraph text
// in order.
func NewProse() (func(Doc) []Span, error) {
	first, err := prose.NewDocument("Loading.")
	if err != nil {
		return nil, err
	}
	model := first.Model
	return func(d Doc) []Span { return proseEntities(d, model) }, nil
}

func proseEntities(d Doc, model *prose.Model) []Span {
	var out []Span
	for p, text := range d.Paragraphs {
		doc, err := prose.NewDocument(text, prose.UsingModel(model))
		if err != nil {
			continue
		}
		rs := []rune(text)
		pos := 0 // code points
		var cur *Span
		flush := func() {
			if cur != nil {
				cur.Text = string(rs[cur.Start:cur.End])
				out = append(out, *cur)
				cur = nil
			}
		}
		for _, t := range doc.Tokens() {
			start, end, ok := find(rs, t.Text, pos)
			if !ok {
				flush()
				continue
			}
			pos = end
			label := t.Label
			if label == "O" || label == "" {
				flush()
				continue
			}
			iob, typ, _ := strings.Cut(label, "-")
			if iob == "I" && cur != nil {
				// prose's own chunker takes the type from the B- token and
				// continues over I- tokens of any type; do the same
				cur.End = end
				continue
			}
			flush()
			var et news.EntityType
			switch typ {
			case "PERSON":
				et = news.Person
			case "ORGANIZATION", "ORG":
				et = news.Organization
			case "GPE", "LOC", "LOCATION", "FAC":
				et = news.Place
			default:
				cur = &Span{Para: p, Start: start, EndPara: p, End: end, Type: news.Misc}
				continue
			}
			cur = &Span{Para: p, Start: start, EndPara: p, End: end, Type: et}
		}
		flush()
	}
	return out
}

// find locates tok in rs at or after pos, skipping only spaces before it.
func find(rs []rune, tok string, pos int) (int, int, bool) {
	tr := []rune(tok)
	for i := pos; i < len(rs) && i <= pos+40; i++ {
		if i+len(tr) > len(rs) {
			return 0, 0, false
		}
		if string(rs[i:i+len(tr)]) == tok {
			return i, i + len(tr), true
		}
	}
	return 0, 0, false
}
