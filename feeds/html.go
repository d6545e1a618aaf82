package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"

	"github.com/verso-news/verso/news"
)

// Limits that keep hostile pages from exhausting memory or time. A saved
// article page is rarely above 3 MB; 32 MB (the import's file limit) leaves
// room for pages saved with their images inlined.
const (
	htmlMaxBytes    = 32 << 20
	htmlMaxElements = 300_000
	// htmlMaxDepth is below x/net/html's own limit of 512 open elements, so
	// that pages the parser would refuse can be re-read with nesting capped.
	htmlMaxDepth = 400
	// htmlMinLetters is the least body text, in letters and digits, that
	// counts as an article rather than an index page, a stub or junk.
	htmlMinLetters = 100
)

// ErrNoArticleText is the reason given for a page with too little text to be
// an article (an index page, an app shell, a stub).
var ErrNoArticleText = errors.New("no article text found")

// ParseHTML extracts the article from a saved web page: body paragraphs,
// captions, title, byline, site name, published date, canonical URL and
// language. path is recorded as the article's source.
//
// Errors are *Error values ("path: reason"); errors.Is(err,
// ErrNoArticleText) tells a page that holds no article from one that could
// not be read.
//
// The body comes from go-readability, which measured best on the Mozilla
// pages (docs/EXTRACTION.md), with a densest-block fallback when it finds
// nothing; metadata comes from the page's own meta tags, JSON-LD and
// <time> elements first, then from readability. A date is explicit when
// the page states it and unknown otherwise, never guessed. go-trafilatura
// is not linked: its date parser costs about a second and 78 MB at
// program start.
func ParseHTML(ctx context.Context, data []byte, path string) (news.Article, error) {
	if err := ctx.Err(); err != nil {
		return news.Article{}, &Error{Path: path, Err: err}
	}
	doc, err := htmlParseDocument(data)
	if err != nil {
		return news.Article{}, &Error{Path: path, Err: err}
	}
	meta := htmlExtractMeta(doc)

	var base *url.URL
	if meta.URL != "" {
		base, _ = url.Parse(meta.URL)
	}
	if err := ctx.Err(); err != nil {
		return news.Article{}, &Error{Path: path, Err: err}
	}
	// Captions of the lead image often sit outside the block readability
	// keeps; collect the article's captions before it mutates the page.
	leadCaptions := htmlLeadCaptions(doc)
	ex := htmlRunReadability(doc, base)
	body := htmlBodyFrom(ex.node, base)
	if htmlLetters(body.Paragraphs) < htmlMinLetters {
		// Readability drops whole regions by class name ("comment",
		// "sidebar" ...) and sometimes the article with them: look again,
		// on a fresh parse, for the block with the most paragraph text.
		if fresh, err := htmlParseDocument(data); err == nil {
			if alt := htmlBodyFrom(htmlDensestBlock(fresh), base); htmlLetters(alt.Paragraphs) >= htmlMinLetters {
				body = alt
			}
		}
	}

	a := news.Article{
		Source:   news.Source{Path: path, Kind: news.KindHTML},
		Site:     htmlFirst(meta.Site, ex.site),
		URL:      meta.URL,
		Language: htmlFirst(meta.Lang, htmlCleanLang(ex.lang)),
	}
	a.Byline = meta.Authors
	if len(a.Byline) == 0 {
		a.Byline = htmlDedupNames(htmlSplitByline(ex.byline))
	}
	a.Title = htmlFirst(meta.Title, ex.title, meta.DocTitle)
	if meta.Title == "" && len(meta.H1s) == 1 && len(meta.H1s[0])*2 >= len(a.Title) && strings.Contains(a.Title, meta.H1s[0]) {
		// <title> usually carries the site name too; a lone <h1> it contains is the headline.
		a.Title = meta.H1s[0]
	}
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	a.Title = htmlStripTitleSuffix(a.Title, a.Site, host, a.Byline)
	switch {
	case meta.Published != nil:
		a.Published, a.DateSource, a.DateReason = meta.Published, news.DateExplicit, "page states it in "+meta.PubFrom
	case ex.published != nil:
		a.Published, a.DateSource, a.DateReason = ex.published, news.DateExplicit, "page states it in its metadata"
	default:
		a.DateSource = news.DateUnknown
	}
	a.Updated = meta.Modified
	a.Categories = meta.Sections

	a.Paragraphs = htmlDropBylines(htmlDropTitle(body.Paragraphs, a.Title), a.Byline)
	a.Captions = htmlMergeCaptions(leadCaptions, body.Captions)
	a.RelatedLinks = body.Related
	if htmlLetters(a.Paragraphs) < htmlMinLetters {
		return news.Article{}, &Error{Path: path, Err: ErrNoArticleText}
	}
	a.ID = news.ComputeID(a.Title, a.Paragraphs)
	a.Normalize()
	return a, nil
}

// htmlExtraction is what one extraction library found.
type htmlExtraction struct {
	node      *html.Node
	title     string
	byline    string
	site      string
	lang      string
	published *time.Time
}

// htmlRunReadability runs go-readability, which mutates doc.
func htmlRunReadability(doc *html.Node, base *url.URL) (ex htmlExtraction) {
	defer func() {
		// A library bug on odd markup must cost one page, not the import.
		if r := recover(); r != nil {
			ex = htmlExtraction{}
		}
	}()
	p := readability.NewParser()
	p.MaxElemsToParse = htmlMaxElements
	// Classes do not affect scoring (they are cleaned afterwards); keeping
	// them lets htmlBodyFrom recognise caption elements.
	p.KeepClasses = true
	if base == nil {
		base = &url.URL{Scheme: "http", Host: "localhost", Path: "/"}
	}
	art, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return htmlExtraction{}
	}
	ex = htmlExtraction{
		node:   art.Node,
		title:  htmlCollapse(art.Title()),
		byline: htmlCollapse(art.Byline()),
		site:   htmlCollapse(art.SiteName()),
		lang:   art.Language(),
	}
	if t, err := art.PublishedTime(); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
		ex.published = &t
	}
	return ex
}

// htmlParseDocument decodes data to UTF-8 (BOM, then <meta charset>, then
// a UTF-8 validity check, else windows-1252, as browsers do) and parses it.
// Pages nested deeper than the parser allows are re-read with the excess
// nesting dropped rather than refused.
func htmlParseDocument(data []byte) (*html.Node, error) {
	if len(data) > htmlMaxBytes {
		return nil, fmt.Errorf("page is %d bytes, over the %d byte limit", len(data), htmlMaxBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty page")
	}
	if htmlLooksBinary(data) {
		return nil, errors.New("not an HTML page: binary content")
	}
	text, err := htmlDecode(data)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		doc, err = html.Parse(strings.NewReader(htmlCapDepth(text, htmlMaxDepth)))
		if err != nil {
			return nil, fmt.Errorf("html syntax: %w", err)
		}
	}
	n := 0
	htmlWalk(doc, func(*html.Node) bool { n++; return n <= htmlMaxElements })
	if n > htmlMaxElements {
		return nil, fmt.Errorf("page has over %d elements", htmlMaxElements)
	}
	return doc, nil
}

// htmlDecode converts the page to UTF-8. A byte-order mark decides first.
// Then a page that is valid UTF-8 is taken as UTF-8 whatever its <meta>
// says: saved pages are often re-encoded without their declaration being
// updated, and legacy encodings almost never form valid UTF-8 by chance.
// Otherwise the declared charset (searched in the first 64 KB, not only the
// 1 KB browsers scan, because long heads are common) applies, and failing
// that windows-1252, as in browsers.
func htmlDecode(data []byte) (string, error) {
	if enc, name, certain := charset.DetermineEncoding(data[:min(len(data), 4)], ""); certain && name != "" {
		// BOM: DetermineEncoding is certain only when it saw one.
		if name == "utf-8" {
			return strings.ToValidUTF8(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))), "\uFFFD"), nil
		}
		return htmlTransform(data, enc, name)
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if m := htmlCharsetRe.FindSubmatch(data[:min(len(data), 64<<10)]); m != nil {
		if enc, name := charset.Lookup(string(m[1])); enc != nil && name != "utf-8" {
			return htmlTransform(data, enc, name)
		}
		if strings.EqualFold(string(m[1]), "utf-8") || strings.EqualFold(string(m[1]), "utf8") {
			return strings.ToValidUTF8(string(data), "\uFFFD"), nil
		}
	}
	enc, name, _ := charset.DetermineEncoding(data, "")
	if name == "utf-8" {
		return strings.ToValidUTF8(string(data), "\uFFFD"), nil
	}
	return htmlTransform(data, enc, name)
}

var htmlCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

func htmlTransform(data []byte, enc encoding.Encoding, name string) (string, error) {
	out, err := io.ReadAll(transform.NewReader(bytes.NewReader(data), enc.NewDecoder()))
	if err != nil {
		return "", fmt.Errorf("decode %s: %w", name, err)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), nil
}

// htmlLooksBinary reports content that is no text format at all: NUL bytes
// or a large share of control bytes in the first 8 KB (after a UTF-16 BOM,
// NULs are expected).
func htmlLooksBinary(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return false
	}
	head := data[:min(len(data), 8192)]
	ctl := 0
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctl++
		}
	}
	return ctl*20 > len(head)
}

// htmlCapDepth re-serialises a page with start tags beyond depth max
// dropped (with their end tags), so that a page nested absurdly deep can
// still be parsed. Depth is approximate at the token level (implied end
// tags are not modelled), which is enough to bring it under the limit.
func htmlCapDepth(text string, max int) string {
	z := html.NewTokenizer(strings.NewReader(text))
	var b strings.Builder
	b.Grow(len(text))
	depth, dropped := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if htmlVoid(atom.Lookup(name)) {
				break
			}
			if depth >= max {
				dropped++
				continue
			}
			depth++
		case html.EndTagToken:
			name, _ := z.TagName()
			if htmlVoid(atom.Lookup(name)) {
				break
			}
			if dropped > 0 {
				dropped--
				continue
			}
			if depth > 0 {
				depth--
			}
		}
		b.Write(z.Raw())
	}
}

func htmlVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// htmlLetters counts letters and digits, the measure of how much text there is.
func htmlLetters(paras []string) int {
	n := 0
	for _, p := range paras {
		for _, r := range p {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
	}
	return n
}

// htmlDropTitle removes a leading paragraph that repeats the title.
func htmlDropTitle(paras []string, title string) []string {
	if len(paras) > 0 && title != "" && strings.EqualFold(paras[0], title) {
		return paras[1:]
	}
	return paras
}

// htmlLeadCaptions returns the captions of the lead image: figures inside
// the <article> or <main> element around the page's densest text block that
// come before that block (readability keeps the text block and often drops
// the figure above it). Figures elsewhere are not the article's.
func htmlLeadCaptions(doc *html.Node) []string {
	block := htmlDensestBlock(doc)
	root := block
	for root != nil && root.DataAtom != atom.Article && root.DataAtom != atom.Main {
		root = root.Parent
	}
	if root == nil {
		return nil
	}
	var out []string
	done := false
	htmlWalk(root, func(n *html.Node) bool {
		if done || n == block {
			done = true
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Aside, atom.Nav, atom.Footer, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Ul, atom.Ol:
			return false
		}
		if htmlHidden(n) {
			return false
		}
		if n.DataAtom == atom.Figcaption && len(out) < 2 {
			if c := htmlBodyFrom(n, nil); len(c.Captions) > 0 {
				out = append(out, strings.Join(c.Captions, " "))
			}
			return false
		}
		return true
	})
	return out
}

// htmlMergeCaptions returns the article's captions in page order followed by
// any the body has that they lack, without repeats.
func htmlMergeCaptions(lead, body []string) []string {
	out := slices.Clone(lead)
	for _, c := range body {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return htmlDedupStrings(out)
}

func htmlDedupStrings(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// htmlDensestBlock returns the element whose own <p> children hold the most
// text that is not link text, the classic core of article extraction,
// skipping navigation, asides, footers, forms and hidden elements.
func htmlDensestBlock(doc *html.Node) *html.Node {
	score := map[*html.Node]int{}
	var best *html.Node
	htmlWalk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
			return false
		}
		if htmlHidden(n) {
			return false
		}
		if n.DataAtom != atom.P || n.Parent == nil {
			return true
		}
		text, linked := 0, 0
		htmlWalk(n, func(c *html.Node) bool {
			if c.Type == html.TextNode {
				k := htmlLetters([]string{c.Data})
				text += k
				for p := c.Parent; p != nil && p != n; p = p.Parent {
					if p.DataAtom == atom.A {
						linked += k
						break
					}
				}
			}
			return true
		})
		if text-linked > 0 && linked*2 < text {
			score[n.Parent] += text - linked
			if best == nil || score[n.Parent] > score[best] {
				best = n.Parent
			}
		}
		return false
	})
	return best
}

// htmlDropBylines removes header lines from the top of the body: bylines
// ("By Jane Doe", "Jane Doe and John Roe") and date lines ("Updated: July
// 16, 2021 10:30 am"); the byline and date are fields of their own.
func htmlDropBylines(paras []string, byline []string) []string {
	out := make([]string, 0, len(paras))
	for i, p := range paras {
		if i >= 4 || len([]rune(p)) > 120 || !htmlHeaderLine(p, byline) {
			out = append(out, p)
		}
	}
	return out
}

// htmlDateWordsRe matches the words that go with a date in a header line.
var htmlDateWordsRe = regexp.MustCompile(`(?i)\b(?:updated|published|posted|last|modified|on|at|am|pm|ago|an?|\d+|hours?|minutes?|days?|uhr|aktualisiert|veröffentlicht|stand|publié|le|mis|à|jour|actualizado|publicado|el|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|utc|gmt|[a-z]{2,4}t)\b`)

func htmlHeaderLine(p string, byline []string) bool {
	if htmlBylinePrefix.MatchString(p) && len(htmlSplitByline(p)) > 0 && len(strings.Fields(p)) <= 8 {
		return true
	}
	if len(byline) > 0 {
		names := htmlSplitByline(p)
		all := len(names) > 0
		for _, n := range names {
			if !slices.ContainsFunc(byline, func(b string) bool { return strings.EqualFold(b, n) }) {
				all = false
			}
		}
		if all {
			return true
		}
	}
	// A date line: nothing but a date, a time and their usual words.
	if htmlBylineDate.MatchString(p) {
		rest := htmlDateWordsRe.ReplaceAllString(htmlBylineDate.ReplaceAllString(p, " "), " ")
		return !strings.ContainsFunc(rest, unicode.IsLetter)
	}
	return false
}

func htmlFirst(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && utf8.ValidString(v) {
			return v
		}
	}
	return ""
}
