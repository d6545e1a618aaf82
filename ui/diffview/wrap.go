package diffview

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"

	"github.com/verso-news/verso/news"
)

// atom is a word, a space or a paragraph break, with its kind.
type atom struct {
	text  string
	kind  int
	space bool
	brk   bool
	soft  bool // a line break, not a paragraph break
	width int
}

// atoms cuts segments into words and single spaces: any run of white space
// is one space (line breaks inside a paragraph are wrapping, not content)
// except a blank line, which breaks the paragraph. Text is sanitised here,
// at the last step before the terminal.
func atoms(segs []seg) []atom {
	var out []atom
	for _, s := range segs {
		if s.kind == kBreak {
			out = append(out, atom{brk: true, soft: true})
			continue
		}
		text := news.Sanitize(s.text)
		for len(text) > 0 {
			i := strings.IndexFunc(text, unicode.IsSpace)
			if i == 0 {
				j := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsSpace(r) })
				if j < 0 {
					j = len(text)
				}
				ws := text[:j]
				if strings.Count(ws, "\n") >= 2 {
					out = append(out, atom{brk: true, kind: s.kind})
				} else {
					out = append(out, atom{text: " ", kind: s.kind, space: true, width: 1})
				}
				text = text[j:]
				continue
			}
			if i < 0 {
				i = len(text)
			}
			w := text[:i]
			out = append(out, atom{text: w, kind: s.kind, width: ansi.StringWidth(w)})
			text = text[i:]
		}
	}
	return out
}

// wrap lays one side's segments out in lines exactly width cells wide,
// styled, breaking at spaces only: words that touch across segments (a
// marked quote mark before a word) stay together, and a run longer than a
// line is split by cells.
func (r *renderer) wrap(s side, width int) []string {
	if len(s.segs) == 0 {
		return nil
	}
	width = max(width, 1)
	var lines [][]atom
	var cur []atom
	curW := 0
	flush := func() {
		for len(cur) > 0 && cur[len(cur)-1].space {
			cur = cur[:len(cur)-1]
		}
		lines = append(lines, cur)
		cur, curW = nil, 0
	}
	as := atoms(s.segs)
	for i := 0; i < len(as); {
		a := as[i]
		switch {
		case a.brk:
			flush()
			if !a.soft {
				lines = append(lines, nil)
			}
			i++
			continue
		case a.space:
			if curW > 0 && curW+1 <= width {
				cur = append(cur, a)
				curW++
			}
			i++
			continue
		}
		// A unit is a run of touching words.
		j, unitW := i, 0
		for j < len(as) && !as[j].space && !as[j].brk {
			unitW += as[j].width
			j++
		}
		if curW > 0 && curW+unitW > width {
			flush()
		}
		for _, w := range as[i:j] {
			for curW+w.width > width {
				// Longer than what is left of the line: fill it, carry on.
				head, tail := cutWidth(w.text, width-curW)
				if head == "" && curW > 0 {
					flush()
					continue
				}
				cur = append(cur, atom{text: head, kind: w.kind, width: ansi.StringWidth(head)})
				flush()
				w.text, w.width = tail, ansi.StringWidth(tail)
			}
			if w.width > 0 {
				cur = append(cur, w)
				curW += w.width
			}
		}
		i = j
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = r.renderLine(l, width, s.base)
	}
	return out
}

// renderLine styles runs of one kind together and pads to width with the
// side's base style, so a removed or added paragraph shows as a solid bar.
func (r *renderer) renderLine(l []atom, width, base int) string {
	var b strings.Builder
	w := 0
	for i := 0; i < len(l); {
		j := i
		var run strings.Builder
		for j < len(l) && l[j].kind == l[i].kind {
			run.WriteString(l[j].text)
			w += l[j].width
			j++
		}
		b.WriteString(r.paint(l[i].kind, run.String()))
		i = j
	}
	if w < width {
		b.WriteString(r.paint(base, strings.Repeat(" ", width-w)))
	}
	return b.String()
}

// cutWidth splits s after at most width cells, on a grapheme boundary, and
// always moves at least one grapheme so wrapping ends.
func cutWidth(s string, width int) (head, tail string) {
	g := uniseg.NewGraphemes(s)
	w, end := 0, 0
	for g.Next() {
		gw := g.Width()
		if w+gw > width {
			break
		}
		w += gw
		_, end = g.Positions()
	}
	return s[:end], s[end:]
}
