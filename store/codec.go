package store

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/verso-news/verso/news"
)

// storedEntity is the compact stored form of a news.Entity: mentions are
// flattened to paragraph, start, end triples, and a mention's text is kept
// only when it differs from the paragraph slice it points at (the usual
// case keeps nothing). It cuts the entity column to about a quarter.
type storedEntity struct {
	Name    string   `json:"n"`
	Type    string   `json:"t"`
	Aliases []string `json:"a,omitempty"`
	Spans   []int    `json:"m"`
	// Texts maps a mention's index to its text where that is not the
	// paragraph slice.
	Texts map[int]string `json:"x,omitempty"`
	// As maps a mention's index to its type in context where that differs
	// from the entity's (news.Mention.As: a country acting as a team).
	As map[int]string `json:"s,omitempty"`
}

// paragraphText cuts mention text out of an article's paragraphs by code
// point offsets, converting a paragraph to runes only when it is not ASCII
// (where offsets are byte offsets).
type paragraphText struct {
	paras []string
	runes [][]rune
	ascii []int8 // 0 unknown, 1 ASCII, -1 not
}

func newParagraphText(paras []string) *paragraphText {
	return &paragraphText{paras: paras, runes: make([][]rune, len(paras)), ascii: make([]int8, len(paras))}
}

func (t *paragraphText) slice(p, s, e int) (string, bool) {
	if p < 0 || p >= len(t.paras) || s < 0 || s > e {
		return "", false
	}
	if t.ascii[p] == 0 {
		t.ascii[p] = -1
		if isASCII(t.paras[p]) {
			t.ascii[p] = 1
		}
	}
	if t.ascii[p] == 1 {
		if e > len(t.paras[p]) {
			return "", false
		}
		return t.paras[p][s:e], true
	}
	if t.runes[p] == nil {
		t.runes[p] = []rune(t.paras[p])
	}
	if e > len(t.runes[p]) {
		return "", false
	}
	return string(t.runes[p][s:e]), true
}

func isASCII(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf })
}

// encodeEntities returns the stored JSON of an article's entities.
func encodeEntities(a *news.Article) string {
	text := newParagraphText(a.Paragraphs)
	out := make([]storedEntity, len(a.Entities))
	for i, e := range a.Entities {
		se := storedEntity{Name: e.Name, Type: string(e.Type), Aliases: e.Aliases, Spans: make([]int, 0, 3*len(e.Mentions))}
		for k, m := range e.Mentions {
			se.Spans = append(se.Spans, m.Paragraph, m.Start, m.End)
			if t, ok := text.slice(m.Paragraph, m.Start, m.End); !ok || t != m.Text {
				if se.Texts == nil {
					se.Texts = map[int]string{}
				}
				se.Texts[k] = m.Text
			}
			if m.As != "" && m.As != e.Type {
				if se.As == nil {
					se.As = map[int]string{}
				}
				se.As[k] = string(m.As)
			}
		}
		out[i] = se
	}
	return mustJSON(out)
}

// decodeEntities reads the stored entity JSON back into an article whose
// Paragraphs are already set.
func decodeEntities(data string, a *news.Article) {
	var stored []storedEntity
	if err := json.Unmarshal([]byte(data), &stored); err != nil {
		return
	}
	if len(stored) > 0 && stored[0].Name == "" {
		// Written before the compact form (an early development index).
		_ = json.Unmarshal([]byte(data), &a.Entities)
		return
	}
	text := newParagraphText(a.Paragraphs)
	a.Entities = make([]news.Entity, len(stored))
	for i, se := range stored {
		e := news.Entity{Name: se.Name, Type: news.EntityType(se.Type), Aliases: se.Aliases, Mentions: []news.Mention{}}
		for k := 0; k+2 < len(se.Spans); k += 3 {
			m := news.Mention{Paragraph: se.Spans[k], Start: se.Spans[k+1], End: se.Spans[k+2]}
			if t, ok := se.Texts[k/3]; ok {
				m.Text = t
			} else if t, ok := text.slice(m.Paragraph, m.Start, m.End); ok {
				m.Text = t
			}
			if as, ok := se.As[k/3]; ok {
				m.As = news.EntityType(as)
			}
			e.Mentions = append(e.Mentions, m)
		}
		a.Entities[i] = e
	}
}
