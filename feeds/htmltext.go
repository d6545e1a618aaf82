package feeds

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/verso-news/verso/news"
)

// htmlBody is an extracted article body as verso stores it.
type htmlBody struct {
	Paragraphs []string
	Captions   []string
	Related    []news.Link
}

// htmlBlockTags start and end a paragraph of their own.
var htmlBlockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Address: true, atom.Figure: true,
	atom.Table: true, atom.Tr: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
	atom.Caption: true, atom.Hr: true, atom.Main: true, atom.Details: true, atom.Summary: true,
	atom.Center: true, atom.Fieldset: true, atom.Legend: true, atom.Body: true, atom.Html: true,
	atom.Nav: true, atom.Form: true, atom.Hgroup: true, atom.Menu: true,
}

// htmlSkipTags never hold article text.
var htmlSkipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Button: true, atom.Select: true, atom.Input: true, atom.Textarea: true,
	atom.Head: true, atom.Title: true, atom.Canvas: true, atom.Audio: true, atom.Video: true,
	atom.Picture: true, atom.Img: true, atom.Source: true, atom.Map: true, atom.Dialog: true,
}

// htmlRelatedRe recognises a paragraph that only points at another story.
var htmlRelatedRe = regexp.MustCompile(`(?i)^\s*(?:related(?:\s+(?:article|articles|story|stories|content|coverage|reading|link|links))?|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|recommended|lire\s+aussi|à\s+lire\s+aussi|lesen\s+sie\s+auch|mehr\s+zum\s+thema|leer\s+más)\s*(?:[:»›>|\-–—]\s*|$)`)

// htmlBodyBuilder turns an article DOM into paragraphs. A block element ends
// the current paragraph; inline text is joined with collapsed whitespace;
// figcaptions go to Captions; <pre> keeps its line breaks.
type htmlBodyBuilder struct {
	base    *url.URL
	out     htmlBody
	cur     strings.Builder
	space   bool // a space is pending before the next word
	links   []news.Link
	cells   int // table cells written in the current row
	pre     int
	caption int
	gen     int // paragraphs flushed so far, to tell whether a link spans a break
}

// htmlBodyFrom extracts paragraphs, captions and related links from an
// article node. base resolves relative link targets; it may be nil.
func htmlBodyFrom(root *html.Node, base *url.URL) htmlBody {
	b := &htmlBodyBuilder{base: base}
	if root == nil {
		return htmlBody{}
	}
	b.walk(root)
	b.flush()
	return b.out
}

func (b *htmlBodyBuilder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.walk(c)
		}
		return
	default:
		return
	}
	if htmlSkipTags[n.DataAtom] || htmlHidden(n) {
		return
	}
	if n.DataAtom != atom.Figcaption && b.caption == 0 && htmlCaptionClass(n) {
		b.flush()
		b.caption++
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.walk(c)
		}
		b.flush()
		b.caption--
		return
	}
	switch n.DataAtom {
	case atom.Math:
		// A formula reads best as its alt text, else as the text of its
		// tokens; TeX annotations would duplicate it.
		if alt := strings.TrimSpace(htmlAttr(n, "alttext")); alt != "" {
			b.text(" " + alt + " ")
			return
		}
		htmlWalk(n, func(c *html.Node) bool {
			if c.Type == html.ElementNode && (c.Data == "annotation" || c.Data == "annotation-xml") {
				return false
			}
			if c.Type == html.TextNode {
				b.text(" " + c.Data + " ")
			}
			return true
		})
		return
	case atom.Br:
		if b.pre > 0 {
			b.cur.WriteByte('\n')
		} else {
			// A line break inside running text separates lines of a poem,
			// an address or a list written without markup: keep them apart.
			b.flush()
		}
		return
	case atom.Figcaption:
		b.flush()
		b.caption++
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.walk(c)
		}
		b.flush()
		b.caption--
		return
	case atom.Pre:
		b.flush()
		b.pre++
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.walk(c)
		}
		b.flush()
		b.pre--
		return
	case atom.Td, atom.Th:
		if b.cells > 0 && b.cur.Len() > 0 {
			b.cur.WriteString(" | ")
			b.space = false
		}
		b.cells++
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.walk(c)
		}
		return
	case atom.A:
		start, gen := b.cur.Len(), b.gen
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.walk(c)
		}
		if href := strings.TrimSpace(htmlAttr(n, "href")); href != "" && gen == b.gen && b.cur.Len() > start {
			b.links = append(b.links, news.Link{Text: strings.TrimSpace(b.cur.String()[start:]), URL: href})
		}
		return
	}
	block := htmlBlockTags[n.DataAtom]
	if block {
		b.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c)
	}
	if block {
		b.flush()
		if n.DataAtom == atom.Tr {
			b.cells = 0
		}
	}
}

// text appends a text node, collapsing runs of white space outside <pre>.
func (b *htmlBodyBuilder) text(s string) {
	if b.pre > 0 {
		b.cur.WriteString(s)
		return
	}
	for len(s) > 0 {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			if b.space && b.cur.Len() > 0 {
				b.cur.WriteByte(' ')
			}
			b.space = false
			b.cur.WriteString(s[:i])
			s = s[i:]
		}
		j := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
		if j < 0 {
			j = len(s)
		}
		if j > 0 {
			b.space = true
			s = s[j:]
		}
	}
}

// flush ends the current paragraph.
func (b *htmlBodyBuilder) flush() {
	b.gen++
	raw := b.cur.String()
	links := b.links
	b.cur.Reset()
	b.links = nil
	b.space = false
	b.cells = 0
	text := htmlCleanText(raw, b.pre > 0)
	if text == "" {
		return
	}
	if b.caption > 0 {
		b.out.Captions = append(b.out.Captions, text)
		return
	}
	if len(links) > 0 && htmlRelatedRe.MatchString(text) {
		kept := false
		for _, l := range links {
			u := htmlResolve(b.base, l.URL)
			if u == "" {
				continue
			}
			b.out.Related = append(b.out.Related, news.Link{Text: htmlCleanText(l.Text, false), URL: u})
			kept = true
		}
		if kept {
			return
		}
	}
	if htmlBoilerLabelRe.MatchString(text) {
		return
	}
	b.out.Paragraphs = append(b.out.Paragraphs, text)
}

// htmlBoilerLabelRe matches a paragraph that is only a page-furniture label
// (advertising, sharing, "read also" headers, newsletter prompts) in the
// languages verso's users read most; the label alone carries no article text.
var htmlBoilerLabelRe = regexp.MustCompile(`(?i)^\W*(?:advertisement|advertising|sponsored(?: content)?|anzeige|werbung|reklama|publicité|publicidad|pubblicità|publicidade|реклама|` +
	`share(?: this(?: article| story)?| on \w+)?|teilen|partager|compartir|condividi|udostępnij|tweet|print|drukuj|drucken|imprimer|` +
	`read (?:more|also|next)|more (?:on this|stories|news)|related(?: articles| stories| posts| content)?|recommended(?: for you)?|you (?:may|might) also like|most (?:read|popular)|top stories|` +
	`schon gelesen\??|lesen sie (?:auch|mehr)|mehr zum thema|meistgelesen|neueste artikel|weitere artikel|lire (?:aussi|la suite)|à lire aussi|leer más|lea también|leggi anche|czytaj (?:też|także|więcej|również)|zobacz (?:też|także|również)|najczęściej czytane|` +
	`subscribe(?: to our newsletter)?|sign up for our newsletter|newsletter|abonnieren|s'abonner|suscríbete|zapisz się|` +
	`comments?|kommentare|commentaires|komentarze|skip to (?:main )?content|back to top|advertisement - scroll to continue)\W*$`)

// htmlCleanText makes extracted text safe and tidy: invisible format
// characters dropped, terminal controls stripped, white space collapsed
// (outside preformatted text, where only trailing space goes).
func htmlCleanText(s string, pre bool) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
			return -1
		}
		return r
	}, s)
	s = news.Sanitize(s)
	if !pre {
		return strings.Join(strings.Fields(s), " ")
	}
	lines := strings.Split(strings.ReplaceAll(s, "\t", "    "), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// htmlResolve returns href as an absolute http(s) URL, or "" when it is not one.
func htmlResolve(base *url.URL, href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return news.Sanitize(u.String())
}

// htmlCaptionClass reports an element styled as a caption without being a
// <figcaption>: WordPress's "wp-caption-text", "image-caption",
// itemprop="caption". Long elements are not captions whatever their class.
func htmlCaptionClass(n *html.Node) bool {
	is := strings.EqualFold(htmlAttr(n, "itemprop"), "caption")
	for _, c := range strings.Fields(strings.ToLower(htmlAttr(n, "class"))) {
		if strings.Contains(c, "caption") && c != "wp-caption" && !strings.Contains(c, "captioned") && !strings.Contains(c, "container") && !strings.Contains(c, "wrap") {
			is = true
			break
		}
	}
	if !is {
		return false
	}
	n500 := 0
	htmlWalk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			n500 += len(c.Data)
		}
		return n500 <= 600
	})
	return n500 <= 600
}

// htmlHidden reports elements a browser would not show.
func htmlHidden(n *html.Node) bool {
	if htmlHasAttr(n, "hidden") || strings.EqualFold(htmlAttr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ToLower(htmlAttr(n, "style"))
	if style == "" {
		return false
	}
	style = strings.ReplaceAll(style, " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// htmlWalk visits n and its descendants in document order; visit returns
// false to skip a node's children. It uses an explicit stack so that no
// input depth can exhaust the goroutine stack.
func htmlWalk(n *html.Node, visit func(*html.Node) bool) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !visit(n) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

// htmlTextOf is the concatenated text of n's descendants.
func htmlTextOf(n *html.Node) string {
	var b strings.Builder
	htmlWalk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return b.String()
}

// htmlCollapse sanitises a metadata string and collapses its white space.
func htmlCollapse(s string) string { return htmlCleanText(s, false) }

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func htmlHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func htmlInSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg || p.Namespace == "svg" {
			return true
		}
	}
	return false
}
