package feeds

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/verso-news/verso/news/newstest"
)

// The Mozilla pages' expected article bodies, written out as text dumps
// (title, "By" byline, an optional date line, paragraphs; then the same
// hard-wrapped at 72 columns), measure the text cleaner on 130 real texts
// it was not written for: it must keep the body (no paragraph taken for a
// caption, banner or byline) and find the title and byline.
func TestMozillaPagesAsTextDumps(t *testing.T) {
	root := newstest.DataDir(t, "readability-mozilla")
	dirs, err := filepath.Glob(filepath.Join(root, "*", "expected.html"))
	must(t, err)
	type score struct {
		n, title, byline, bylines       int
		recall, precision               float64
		wrappedRecall, wrappedPrecision float64
		joinedOK, joinedN               int
	}
	var s score
	var worst []string
	for _, exp := range dirs {
		dir := filepath.Dir(exp)
		raw, err := os.ReadFile(exp)
		must(t, err)
		var meta struct {
			Title         string  `json:"title"`
			Byline        *string `json:"byline"`
			PublishedTime *string `json:"publishedTime"`
		}
		mb, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
		must(t, err)
		must(t, json.Unmarshal(mb, &meta))
		paras, _ := feedParagraphs(string(raw))
		title := strings.Join(strings.Fields(meta.Title), " ")
		if len(paras) == 0 || title == "" || len(title) > 200 {
			continue
		}
		byline := ""
		if meta.Byline != nil {
			// Fold the metadata's layout whitespace; drop a leading "By".
			b := strings.TrimPrefix(strings.Join(strings.Fields(*meta.Byline), " "), "By ")
			if looksLikeName(b) {
				byline = b
			}
		}
		var head strings.Builder
		if meta.PublishedTime != nil && len(*meta.PublishedTime) >= 10 {
			fmt.Fprintf(&head, "date %s\n", (*meta.PublishedTime)[:10])
		}
		head.WriteString(title + "\n\n")
		if byline != "" {
			head.WriteString("By " + byline + "\n\n")
		}
		plain := head.String() + strings.Join(paras, "\n\n") + "\n"
		var wrapped strings.Builder
		wrapped.WriteString(head.String())
		for _, p := range paras {
			wrapped.WriteString(hardWrap(p, 72) + "\n\n")
		}
		s.n++
		a := parseText(plain)
		finalize(&a)
		if a.Title == title {
			s.title++
		}
		if byline != "" {
			s.bylines++
			if len(a.Byline) == 1 && a.Byline[0] == byline {
				s.byline++
			}
		}
		r, p := tokenOverlap(paras, a.Paragraphs)
		s.recall += r
		s.precision += p
		if r < 0.95 {
			worst = append(worst, fmt.Sprintf("%s recall %.2f", filepath.Base(dir), r))
		}
		w := parseText(wrapped.String())
		finalize(&w)
		r, p = tokenOverlap(paras, w.Paragraphs)
		s.wrappedRecall += r
		s.wrappedPrecision += p
		// Rejoined paragraphs: how many of the original paragraphs come
		// back whole from the wrapped text.
		got := map[string]bool{}
		for _, q := range w.Paragraphs {
			got[q] = true
		}
		for _, q := range paras {
			if strings.Contains(q, "\n") || len(q) < 80 {
				continue
			}
			s.joinedN++
			if got[fixQuotes(q, true)] || got[q] {
				s.joinedOK++
			}
		}
	}
	if s.n == 0 {
		t.Skip("no pages")
	}
	n := float64(s.n)
	t.Logf("%d pages: title exact %d/%d, byline %d/%d; body token recall %.3f precision %.3f; hard-wrapped: recall %.3f precision %.3f, paragraphs (≥80 chars) rejoined whole %d/%d",
		s.n, s.title, s.n, s.byline, s.bylines, s.recall/n, s.precision/n, s.wrappedRecall/n, s.wrappedPrecision/n, s.joinedOK, s.joinedN)
	if len(worst) > 0 {
		t.Logf("pages with body recall under 0.95: %s", strings.Join(worst, ", "))
	}
	if s.recall/n < 0.97 || s.wrappedRecall/n < 0.97 || float64(s.title)/n < 0.9 {
		t.Errorf("text cleaning lost too much of real bodies or titles")
	}
}

// tokenOverlap is the bag-of-words recall and precision of got against want.
func tokenOverlap(want, got []string) (recall, precision float64) {
	count := func(ps []string) map[string]int {
		m := map[string]int{}
		for _, p := range ps {
			for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				m[w]++
			}
		}
		return m
	}
	w, g := count(want), count(got)
	var nw, ng, common int
	for k, c := range w {
		nw += c
		common += min(c, g[k])
	}
	for _, c := range g {
		ng += c
	}
	if nw == 0 || ng == 0 {
		return 0, 0
	}
	return float64(common) / float64(nw), float64(common) / float64(ng)
}
