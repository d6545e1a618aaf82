// Package htmleval measures HTML article extraction against the
// readability-mozilla test pages (../shared/data/readability-mozilla):
// it loads the pages and their expected article and metadata, and scores an
// extraction by token-level precision, recall and F1. It is used by tests
// only; the reference text is computed here, independently of the
// extractor under test, so that a change to the extractor cannot move the
// yardstick.
package htmleval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/verso-news/verso/news/newstest"
)

// BaseURL is the page URL the Readability.js harness parses every page with.
const BaseURL = "http://fakehost/test/page.html"

// Meta is expected-metadata.json; nil means the page states no value.
type Meta struct {
	Title         *string `json:"title"`
	Byline        *string `json:"byline"`
	SiteName      *string `json:"siteName"`
	PublishedTime *string `json:"publishedTime"`
	Lang          *string `json:"lang"`
}

// Page is one test page: the saved page, the article Readability.js
// extracted from it, and the metadata it found.
type Page struct {
	Dir      string
	Source   []byte
	Expected []byte
	Meta     Meta
}

// Load reads every page of the set, sorted by directory name, or skips the
// test when the shared data is absent.
func Load(tb testing.TB) []Page {
	tb.Helper()
	root := newstest.DataDir(tb, "readability-mozilla")
	pages, err := LoadDir(root)
	if err != nil {
		tb.Fatal(err)
	}
	if len(pages) == 0 {
		tb.Skip("readability-mozilla holds no pages")
	}
	return pages
}

// LoadDir reads the pages under root.
func LoadDir(root string) ([]Page, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", root, err)
	}
	var pages []Page
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		p := Page{Dir: e.Name()}
		if p.Source, err = os.ReadFile(filepath.Join(dir, "source.html")); err != nil {
			continue
		}
		if p.Expected, err = os.ReadFile(filepath.Join(dir, "expected.html")); err != nil {
			continue
		}
		mj, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
		if err != nil {
			continue
		}
		if err := json.Unmarshal(mj, &p.Meta); err != nil {
			return nil, fmt.Errorf("%s: metadata: %w", dir, err)
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// Str returns the value of an optional metadata field, "" for none.
func Str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// blockTags separate words in the reference text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Td: true, atom.Th: true,
	atom.Tr: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Pre: true, atom.Blockquote: true, atom.Figcaption: true, atom.Section: true,
	atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Table: true, atom.Figure: true,
}

// Text is the visible text of an HTML document or fragment (expected.html),
// with a space wherever a block element begins or ends.
func Text(data []byte) string {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
				return
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.DataAtom]
		if block {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte('\n')
		}
	}
	walk(doc)
	return b.String()
}

// Tokens splits text into lower-case word tokens; each Han, kana or Thai
// character is a token of its own, since those scripts do not space words.
func Tokens(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// PRF is the bag-of-tokens precision, recall and F1 of got against want.
func PRF(got, want string) (p, r, f float64) {
	g, w := Tokens(got), Tokens(want)
	if len(g) == 0 || len(w) == 0 {
		if len(g) == 0 && len(w) == 0 {
			return 1, 1, 1
		}
		return 0, 0, 0
	}
	counts := map[string]int{}
	for _, t := range w {
		counts[t]++
	}
	common := 0
	for _, t := range g {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	p = float64(common) / float64(len(g))
	r = float64(common) / float64(len(w))
	if common == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}

// NormSpace collapses runs of white space.
func NormSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// BylineWords normalises a byline for comparison: its tokens without "by",
// "and" or "par", so "By Jane Doe and John Roe" equals "Jane Doe, John Roe".
func BylineWords(s string) string {
	var out []string
	for _, w := range Tokens(s) {
		if w != "by" && w != "and" && w != "par" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04",
	"2006-01-02 15:04:05", "2006-01-02 15:04:05.999999999", "2006-01-02",
}

// SameDate compares an expected date string with what an extractor found:
// the same instant, or the same wall-clock time when the string has no
// zone, or the same day when it is only a date.
func SameDate(want string, got *time.Time) bool {
	if got == nil {
		return false
	}
	for _, l := range dateLayouts {
		w, err := time.Parse(l, want)
		if err != nil {
			continue
		}
		if len(want) == 10 {
			return got.Format("2006-01-02") == want
		}
		return w.Equal(*got) || w.Format("2006-01-02T15:04:05") == got.Format("2006-01-02T15:04:05")
	}
	return false
}

// SameDay reports whether got falls on the calendar day of the expected
// date string, read in the expected zone: what the reader's day headers show.
func SameDay(want string, got *time.Time) bool {
	if got == nil {
		return false
	}
	for _, l := range dateLayouts {
		if w, err := time.Parse(l, want); err == nil {
			g := *got
			if len(want) > 10 {
				g = g.In(w.Location())
			}
			return g.Format("2006-01-02") == w.Format("2006-01-02")
		}
	}
	return false
}

// Mean is the arithmetic mean, 0 for no values.
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Quantile returns the q-quantile (0..1) of xs by the nearest-rank method.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	i := int(q * float64(len(s)))
	return s[min(i, len(s)-1)]
}
