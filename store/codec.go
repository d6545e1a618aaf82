package store

import (
	"encoding/json"

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
}

// encodeEntities returns the stored JSON of an article's entities.
func encodeEntities(a *news.Article) string {
	runes := make([][]rune, len(a.Paragraphs))
	slice := func(p, s, e int) (string, bool) {
		if p < 0 || p >= len(a.Paragraphs) {
			return "", false
		}
		if runes[p] == nil {
			runes[p] = []rune(a.Paragraphs[p])
		}
		if s < 0 || e > len(runes[p]) || s > e {
			return "", false
		}
		return string(runes[p][s:e]), true
	}
	out := make([]storedEntity, len(a.Entities))
	for i, e := range a.Entities {
		se := storedEntity{Name: e.Name, Type: string(e.Type), Aliases: e.Aliases, Spans: make([]int, 0, 3*len(e.Mentions))}
		for k, m := range e.Mentions {
			se.Spans = append(se.Spans, m.Paragraph, m.Start, m.End)
			if t, ok := slice(m.Paragraph, m.Start, m.End); !ok || t != m.Text {
				if se.Texts == nil {
					se.Texts = map[int]string{}
				}
				se.Texts[k] = m.Text
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
	runes := make([][]rune, len(a.Paragraphs))
	a.Entities = make([]news.Entity, len(stored))
	for i, se := range stored {
		e := news.Entity{Name: se.Name, Type: news.EntityType(se.Type), Aliases: se.Aliases, Mentions: []news.Mention{}}
		for k := 0; k+2 < len(se.Spans); k += 3 {
			m := news.Mention{Paragraph: se.Spans[k], Start: se.Spans[k+1], End: se.Spans[k+2]}
			if t, ok := se.Texts[k/3]; ok {
				m.Text = t
			} else if m.Paragraph >= 0 && m.Paragraph < len(a.Paragraphs) {
				if runes[m.Paragraph] == nil {
					runes[m.Paragraph] = []rune(a.Paragraphs[m.Paragraph])
				}
				if r := runes[m.Paragraph]; m.Start >= 0 && m.End <= len(r) && m.Start <= m.End {
					m.Text = string(r[m.Start:m.End])
				}
			}
			e.Mentions = append(e.Mentions, m)
		}
		a.Entities[i] = e
	}
}
