package ui

import (
	"cmp"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
)

// Highlight markers are Unicode tag characters (U+E0041…, "tag capital
// letters", unused even by emoji flag sequences) put around quotes, entities
// and speaker labels in the markdown handed to glamour. They are zero-width
// and extend the previous grapheme, so glamour's wrapping measures the text
// exactly as without highlights (private-use runes counted one column each
// and broke lines early); glamour passes them through as text and inject
// then turns them into colour, re-applying it after each of glamour's own
// resets so a highlight survives styling and wrapping.
const (
	mQuoteOpen    = '\U000E0041'
	mQuoteClose   = '\U000E0042'
	mPersonOpen   = '\U000E0043'
	mOrgOpen      = '\U000E0044'
	mPlaceOpen    = '\U000E0045'
	mMiscOpen     = '\U000E0046'
	mEntityClose  = '\U000E0047'
	mSpeakerOpen  = '\U000E0048'
	mSpeakerClose = '\U000E0049'
)

// isMarker reports whether r is private to the UI: a highlight marker here
// (any tag capital letter) or a search highlight marker (private use
// U+E000–E0FF). Stored text never supplies one.
func isMarker(r rune) bool {
	return r >= '\uE000' && r <= '\uE0FF' || r >= '\U000E0041' && r <= '\U000E005A'
}

// highlightOpts selects which highlights the reader shows.
type highlightOpts struct {
	quotes, entities bool
}

type span struct {
	start, end int // code points
	open       rune
	close      rune
	after      string // text put after the close marker (the speaker label)
}

// articleMarkdown builds the markdown of an article body: paragraphs with
// every markdown special escaped (article text is never markup), quotes and
// entity mentions wrapped in markers, captions and related links after.
func articleMarkdown(a *news.Article, hl highlightOpts) string {
	spans := make([][]span, len(a.Paragraphs))
	if hl.quotes {
		for _, q := range a.Quotes {
			addQuoteSpans(spans, a.Paragraphs, q)
		}
	}
	if hl.entities {
		for _, e := range a.Entities {
			for _, mn := range e.Mentions {
				// A mention is coloured by its type in context: a
				// country acting as a team or government reads as an
				// organisation there.
				open := entityMarker(cmp.Or(mn.As, e.Type))
				if mn.Paragraph >= 0 && mn.Paragraph < len(spans) {
					spans[mn.Paragraph] = append(spans[mn.Paragraph], span{start: mn.Start, end: mn.End, open: open, close: mEntityClose})
				}
			}
		}
	}
	var b strings.Builder
	for i, p := range a.Paragraphs {
		// flatten without trimming so mention offsets still line up, then
		// drop leading blanks (four would make a code block) and shift
		p = flatten(p)
		lead := runeLen(p) - runeLen(strings.TrimLeft(p, " "))
		p = strings.TrimRight(p[len(p)-len(strings.TrimLeft(p, " ")):], " ")
		if p == "" {
			continue
		}
		sp := spans[i]
		if lead > 0 {
			sp = make([]span, len(spans[i]))
			for j, s := range spans[i] {
				s.start -= lead
				s.end -= lead
				sp[j] = s
			}
		}
		writeMarked(&b, p, sp)
		b.WriteString("\n\n")
	}
	if len(a.Captions) > 0 {
		for _, c := range a.Captions {
			if c = paragraphText(c); c != "" {
				b.WriteString("> ")
				b.WriteString(escapeMarkdown(c))
				b.WriteString("\n\n")
			}
		}
	}
	return b.String()
}

// relatedLines draws an article's related links under its body: a heading
// and one bullet per link, wrapped to width with the bullet hanging (which
// glamour's lists do not do), each line behind indent.
func relatedLines(links []news.Link, width int, indent string, s Styles) []string {
	var items []string
	for _, l := range links {
		text, u := paragraphText(l.Text), paragraphText(l.URL)
		if text == "" {
			text = u
		}
		if u != "" && u != text {
			text += " — " + u
		}
		if text != "" {
			items = append(items, text)
		}
	}
	if len(items) == 0 {
		return nil
	}
	out := []string{"", indent + s.Title.Render("Related"), ""}
	wrap := lipgloss.NewStyle().Width(max(width-2, 1))
	for _, item := range items {
		for i, l := range strings.Split(wrap.Render(item), "\n") {
			bullet := "  "
			if i == 0 {
				bullet = "• "
			}
			out = append(out, trimRight(indent+bullet+l))
		}
	}
	return out
}

// paragraphText is one paragraph of stored text made inert and flat.
func paragraphText(s string) string {
	return clean(s)
}

// flatten is clean without trimming: controls removed, line breaks and tabs
// turned into spaces.
func flatten(s string) string {
	s = sanitize(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\t':
			return ' '
		}
		if isMarker(r) {
			// never let stored text forge a highlight marker
			return ' '
		}
		return r
	}, s)
}

func addQuoteSpans(spans [][]span, paras []string, q news.Quote) {
	if q.Paragraph < 0 || q.Paragraph >= len(paras) {
		return
	}
	last := q.Paragraph
	if q.EndParagraph > q.Paragraph && q.EndParagraph < len(paras) {
		last = q.EndParagraph
	}
	label := ""
	if sp := clean(q.Speaker); sp != "" && !namedNearby(paras, q, sp) {
		label = " " + string(mSpeakerOpen) + "‹" + escapeMarkdown(sp) + "›" + string(mSpeakerClose)
	}
	for p := q.Paragraph; p <= last; p++ {
		start, end := 0, runeLen(paras[p])
		if p == q.Paragraph {
			start = q.Start
		}
		if p == last {
			end = q.End
		}
		sp := span{start: start, end: end, open: mQuoteOpen, close: mQuoteClose}
		if p == last {
			sp.after = label
		}
		spans[p] = append(spans[p], sp)
	}
}

// attributionReach is how far (in runes) from a quotation its attribution is
// looked for: `," Foreign Minister Sergei Lavrov said` fits, the next
// sentence does not.
const attributionReach = 60

// namedNearby reports whether the text around a quotation already names its
// speaker (by the last word of the name, as `Lavrov said` does), so a speaker
// label would only repeat it; after `he said` the label says who "he" is.
func namedNearby(paras []string, q news.Quote, speaker string) bool {
	words := strings.Fields(speaker)
	if len(words) == 0 {
		return false
	}
	name := words[len(words)-1]
	last := q.Paragraph
	if q.EndParagraph > q.Paragraph && q.EndParagraph < len(paras) {
		last = q.EndParagraph
	}
	before := []rune(paras[q.Paragraph])
	after := []rune(paras[last])
	start := min(max(q.Start, 0), len(before))
	end := min(max(q.End, 0), len(after))
	return strings.Contains(string(before[max(0, start-attributionReach):start]), name) ||
		strings.Contains(string(after[end:min(len(after), end+attributionReach)]), name)
}

func entityMarker(t news.EntityType) rune {
	switch t {
	case news.Person:
		return mPersonOpen
	case news.Organization:
		return mOrgOpen
	case news.Place:
		return mPlaceOpen
	}
	return mMiscOpen
}

func runeLen(s string) int { return len([]rune(s)) }

// writeMarked writes paragraph p (already flattened) with its spans as
// markers, escaping the text between them. Offsets refer to the stored
// paragraph; they stay valid unless Sanitize removed controls from it, and
// spans out of range are clamped.
func writeMarked(b *strings.Builder, p string, spans []span) {
	runes := []rune(p)
	n := len(runes)
	type event struct {
		pos   int
		close bool
		r     rune
		after string
	}
	var evs []event
	for _, s := range spans {
		st, en := min(max(s.start, 0), n), min(max(s.end, 0), n)
		if en <= st {
			continue
		}
		evs = append(evs, event{pos: st, r: s.open}, event{pos: en, close: true, r: s.close, after: s.after})
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].pos != evs[j].pos {
			return evs[i].pos < evs[j].pos
		}
		// close before open at the same place
		return evs[i].close && !evs[j].close
	})
	prev := 0
	for _, e := range evs {
		b.WriteString(escapeMarkdown(string(runes[prev:e.pos])))
		b.WriteRune(e.r)
		b.WriteString(e.after)
		prev = e.pos
	}
	b.WriteString(escapeMarkdown(string(runes[prev:])))
}

// escapeMarkdown makes text literal for the markdown parser: every character
// that could start markup becomes a numeric character reference, and & itself
// becomes &amp;, so a "&#27;" in the text stays those five characters and
// never decodes into ESC. (Glamour prints some backslash escapes verbatim,
// so references are the only escape that renders cleanly.)
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~', '<', '>', ':', '=', '"', '\'', '$', '%', '^', '@':
			b.WriteString("&#")
			b.WriteString(strconv.Itoa(int(r)))
			b.WriteByte(';')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// newMarkdownRenderer returns a glamour renderer for the background and
// width; callers cache it, since building one parses a style sheet.
func newMarkdownRenderer(dark bool, width int) (*glamour.TermRenderer, error) {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(glamourStyle(dark)), glamour.WithWordWrap(max(width, 10)))
	if err != nil {
		return nil, fmt.Errorf("markdown renderer: %w", err)
	}
	return r, nil
}

// docMargin is the margin glamour's standard style keeps on each side of
// the text it wraps.
func docMargin(dark bool) int {
	st := styles.DefaultStyles[glamourStyle(dark)]
	if st == nil || st.Document.Margin == nil {
		return 0
	}
	return int(*st.Document.Margin)
}

func glamourStyle(dark bool) string {
	if dark {
		return "dark"
	}
	return "light"
}

// renderMarkdown renders md and turns highlight markers into colour. The
// result is lines with trailing padding removed.
func renderMarkdown(r *glamour.TermRenderer, md string, s Styles) ([]string, error) {
	out, err := r.Render(md)
	if err != nil {
		return nil, fmt.Errorf("render article: %w", err)
	}
	return renderedLines(out, s), nil
}

// renderedLines is renderMarkdown's work on what glamour rendered: the
// markers turned into colour, the lines with trailing padding removed.
func renderedLines(out string, s Styles) []string {
	out = inject(out, s)
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = trimRight(l)
	}
	// glamour starts with a blank margin line; keep one at most
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	return lines
}

// inject replaces highlight markers with SGR sequences and drops every
// escape sequence that is not SGR, so even if some text slipped through as
// markup, nothing but colour reaches the terminal.
func inject(in string, s Styles) string {
	var b strings.Builder
	b.Grow(len(in) + len(in)/4)
	lastSGR := ""
	quote, speaker := false, false
	entity := ""
	highlight := func() string {
		h := ""
		if quote {
			h += s.QuoteSGR
		}
		if speaker {
			h += s.SpeakerSGR
		}
		if entity != "" {
			h += entity
		}
		return h
	}
	for i := 0; i < len(in); {
		c := in[i]
		if c == 0x1b {
			end, isSGR := escapeEnd(in, i)
			if isSGR {
				seq := in[i:end]
				b.WriteString(seq)
				if seq == "\x1b[m" || seq == "\x1b[0m" {
					lastSGR = ""
				} else {
					lastSGR = seq
				}
				b.WriteString(highlight())
			}
			i = end
			continue
		}
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			i++
			continue
		}
		r, size := decodeRune(in[i:])
		switch r {
		case mQuoteOpen, mQuoteClose, mSpeakerOpen, mSpeakerClose, mPersonOpen, mOrgOpen, mPlaceOpen, mMiscOpen, mEntityClose:
			switch r {
			case mQuoteOpen:
				quote = true
			case mQuoteClose:
				quote = false
			case mSpeakerOpen:
				speaker = true
			case mSpeakerClose:
				speaker = false
			case mPersonOpen:
				entity = s.EntitySGR[news.Person]
			case mOrgOpen:
				entity = s.EntitySGR[news.Organization]
			case mPlaceOpen:
				entity = s.EntitySGR[news.Place]
			case mMiscOpen:
				entity = s.EntitySGR[news.Misc]
			case mEntityClose:
				entity = ""
			}
			b.WriteString("\x1b[m")
			b.WriteString(lastSGR)
			b.WriteString(highlight())
		default:
			if r >= 0x80 && r <= 0x9f {
				// C1 controls never reach the terminal
			} else {
				b.WriteString(in[i : i+size])
			}
		}
		i += size
	}
	return b.String()
}

// escapeEnd returns the end of the escape sequence at i and whether it is
// an SGR (CSI … m) sequence.
func escapeEnd(s string, i int) (int, bool) {
	if i+1 >= len(s) {
		return len(s), false
	}
	if s[i+1] != '[' {
		// OSC, DCS and the rest: skip to the string terminator
		if strings.ContainsRune("]PX^_", rune(s[i+1])) {
			for j := i + 2; j < len(s); j++ {
				if s[j] == 0x07 {
					return j + 1, false
				}
				if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
					return j + 2, false
				}
			}
			return len(s), false
		}
		return min(i+2, len(s)), false
	}
	for j := i + 2; j < len(s); j++ {
		c := s[j]
		if c >= 0x40 && c <= 0x7e {
			if c != 'm' {
				return j + 1, false
			}
			// only parameters made of digits, ; and : are SGR
			for _, p := range s[i+2 : j] {
				if (p < '0' || p > '9') && p != ';' && p != ':' {
					return j + 1, false
				}
			}
			return j + 1, true
		}
		if c < 0x20 || c > 0x3f {
			return j, false
		}
	}
	return len(s), false
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			size := len(string(r))
			if r == '\uFFFD' && !strings.HasPrefix(s, "\uFFFD") {
				size = 1
			}
			return r, size
		}
	}
	return 0, 1
}

// trimRight drops trailing spaces (and the styling around them) that
// glamour pads every line with, so copying text or resizing stays clean.
func trimRight(line string) string {
	cut := 0
	hasEsc := false
	for i := 0; i < len(line); {
		if line[i] == 0x1b {
			hasEsc = true
			end, _ := escapeEnd(line, i)
			i = end
			continue
		}
		_, size := decodeRune(line[i:])
		if line[i] != ' ' {
			cut = i + size
		}
		i += size
	}
	if cut == 0 {
		return ""
	}
	out := line[:cut]
	if hasEsc {
		out += "\x1b[m"
	}
	return out
}
