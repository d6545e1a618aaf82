package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/verso-news/verso/news/newstest"
)

// mozillaBase is the URL the Readability.js test harness parses pages with.
const mozillaBase = "http://fakehost/test/page.html"

// mozillaCase is one test page of the readability-mozilla set.
type mozillaCase struct {
	Dir      string
	Source   []byte
	Expected []byte
	Meta     struct {
		Title         *string `json:"title"`
		Byline        *string `json:"byline"`
		SiteName      *string `json:"siteName"`
		PublishedTime *string `json:"publishedTime"`
		Lang          *string `json:"lang"`
	}
}

// loadMozilla reads every page of the set, sorted by directory name.
func loadMozilla(tb testing.TB) []mozillaCase {
	tb.Helper()
	root := newstest.DataDir(tb, "readability-mozilla")
	entries, err := os.ReadDir(root)
	if err != nil {
		tb.Fatalf("read %s: %v", root, err)
	}
	var cases []mozillaCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		c := mozillaCase{Dir: e.Name()}
		if c.Source, err = os.ReadFile(filepath.Join(dir, "source.html")); err != nil {
			continue
		}
		if c.Expected, err = os.ReadFile(filepath.Join(dir, "expected.html")); err != nil {
			continue
		}
		mj, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
		if err != nil {
			continue
		}
		if err := json.Unmarshal(mj, &c.Meta); err != nil {
			tb.Fatalf("%s: metadata: %v", dir, err)
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		tb.Skip("readability-mozilla holds no pages")
	}
	return cases
}

// measureResult is what one extractor returned for one page, reduced to the compared fields.
type measureResult struct {
	title, byline, site, lang string
	published                 *time.Time
	text                      string
}

type measureExtractor struct {
	name string
	run  func(data []byte) (measureResult, error)
}

func measureExtractors() []measureExtractor {
	base, _ := url.Parse(mozillaBase)
	decode := func(data []byte) string {
		s, err := htmlDecode(data)
		if err != nil {
			return string(data)
		}
		return s
	}
	trafi := func(fallback bool) func([]byte) (measureResult, error) {
		return func(data []byte) (measureResult, error) {
			res, err := trafilatura.Extract(strings.NewReader(decode(data)), trafilatura.Options{
				OriginalURL:     base,
				ExcludeComments: true,
				EnableFallback:  fallback,
			})
			if err != nil {
				return measureResult{}, err
			}
			r := measureResult{title: res.Metadata.Title, byline: res.Metadata.Author, site: res.Metadata.Sitename,
				lang: res.Metadata.Language, text: res.ContentText}
			if !res.Metadata.Date.IsZero() {
				d := res.Metadata.Date
				r.published = &d
			}
			return r, nil
		}
	}
	verso := func(engine htmlEngine) func([]byte) (measureResult, error) {
		return func(data []byte) (measureResult, error) {
			a, err := parseHTML(context.Background(), data, "page.html", htmlOptions{engine: engine, baseURL: base})
			if err != nil {
				return measureResult{}, err
			}
			return measureResult{title: a.Title, byline: strings.Join(a.Byline, ", "), site: a.Site, lang: a.Language,
				published: a.Published, text: strings.Join(append(slices.Clone(a.Paragraphs), a.Captions...), "\n")}, nil
		}
	}
	return []measureExtractor{
		{"go-readability", func(data []byte) (measureResult, error) {
			art, err := readability.FromReader(strings.NewReader(decode(data)), base)
			if err != nil {
				return measureResult{}, err
			}
			r := measureResult{title: art.Title(), byline: art.Byline(), site: art.SiteName(), lang: art.Language()}
			if t, err := art.PublishedTime(); err == nil {
				r.published = &t
			}
			var b bytes.Buffer
			if art.Node != nil {
				_ = art.RenderText(&b)
			}
			r.text = b.String()
			return r, nil
		}},
		{"go-trafilatura", trafi(false)},
		{"go-trafilatura+fallback", trafi(true)},
		{"verso (readability body)", verso(htmlReadability)},
		{"verso (trafilatura body)", verso(htmlTrafilatura)},
	}
}

// measureTokens splits text into lower-case word tokens; each Han, kana or
// Thai character is a token of its own, since those scripts do not space words.
func measureTokens(s string) []string {
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

// tokenPRF is bag-of-tokens precision, recall and F1 of got against want.
func tokenPRF(got, want string) (p, r, f float64) {
	g, w := measureTokens(got), measureTokens(want)
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

// expectedText is the text of a Readability expected.html, paragraph by paragraph.
func expectedText(t testing.TB, data []byte) string {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse expected: %v", err)
	}
	b := htmlBodyFrom(doc, nil)
	return strings.Join(append(b.Paragraphs, b.Captions...), "\n")
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// bylineWords normalises a byline for comparison: tokens without "by".
func bylineWords(s string) string {
	var out []string
	for _, w := range measureTokens(s) {
		if w != "by" && w != "and" && w != "par" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// sameDate compares a stated date with what an extractor found: the same
// instant, or the same wall-clock time when the page gives no zone, or the
// same day when it gives only a date.
func sameDate(want string, got *time.Time) bool {
	if got == nil {
		return false
	}
	w, ok := htmlParseDate(want)
	if !ok {
		for _, l := range []string{"2006-01-02 15:04:05.000000"} {
			if t, err := time.Parse(l, want); err == nil {
				w, ok = t, true
			}
		}
	}
	if !ok {
		return false
	}
	if w.Equal(*got) {
		return true
	}
	if len(want) == 10 {
		return got.Format("2006-01-02") == want
	}
	return w.Format("2006-01-02T15:04:05") == got.Format("2006-01-02T15:04:05")
}

type measureRow struct {
	name                                     string
	pages, failed                            int
	title, titleN, byline, bylineIn, bylineN int
	bylineFalse, site, siteN, date, dateN    int
	lang, langN                              int
	p, r, f                                  []float64
	elapsed                                  time.Duration
}

// TestMeasureHTMLExtractors compares go-readability, go-trafilatura and
// verso's own pipeline on the Mozilla pages and prints the table kept in
// docs/EXTRACTION.md. It is slow (a minute on 2 cores), so it runs only when
// VERSO_MEASURE=1 is set.
func TestMeasureHTMLExtractors(t *testing.T) {
	if os.Getenv("VERSO_MEASURE") == "" {
		t.Skip("set VERSO_MEASURE=1 to measure the extraction libraries")
	}
	cases := loadMozilla(t)
	want := make([]string, len(cases))
	for i, c := range cases {
		want[i] = expectedText(t, c.Expected)
	}
	only := os.Getenv("VERSO_MEASURE_ONLY")
	detail := os.Getenv("VERSO_MEASURE_DETAIL") != ""
	var rows []measureRow
	for _, ex := range measureExtractors() {
		if only != "" && !strings.Contains(ex.name, only) {
			continue
		}
		row := measureRow{name: ex.name}
		for i, c := range cases {
			start := time.Now()
			got, err := ex.run(c.Source)
			row.elapsed += time.Since(start)
			row.pages++
			if err != nil {
				row.failed++
			}
			m := c.Meta
			if m.Title != nil && *m.Title != "" {
				row.titleN++
				if normSpace(got.title) == normSpace(*m.Title) {
					row.title++
				}
			}
			if m.Byline != nil && *m.Byline != "" {
				row.bylineN++
				gw, ww := bylineWords(got.byline), bylineWords(*m.Byline)
				if gw == ww {
					row.byline++
				}
				if gw != "" && strings.Contains(" "+ww+" ", " "+gw+" ") {
					row.bylineIn++
				}
			} else if strings.TrimSpace(got.byline) != "" {
				row.bylineFalse++
			}
			if m.SiteName != nil && *m.SiteName != "" {
				row.siteN++
				if strings.EqualFold(normSpace(got.site), normSpace(*m.SiteName)) {
					row.site++
				}
			}
			if m.PublishedTime != nil && *m.PublishedTime != "" {
				row.dateN++
				if sameDate(*m.PublishedTime, got.published) {
					row.date++
				}
			}
			if m.Lang != nil && *m.Lang != "" {
				row.langN++
				if strings.EqualFold(got.lang, *m.Lang) {
					row.lang++
				}
			}
			p, r, f := tokenPRF(got.text, want[i])
			row.p, row.r, row.f = append(row.p, p), append(row.r, r), append(row.f, f)
			if detail {
				t.Logf("%-26s %-40s F1 %.3f P %.3f R %.3f err=%v title=%q", ex.name, c.Dir, f, p, r, err, got.title)
			}
		}
		rows = append(rows, row)
	}
	t.Log("\n" + measureTable(rows))
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[len(s)/2]
}

func measureTable(rows []measureRow) string {
	var b strings.Builder
	pct := func(n, d int) string {
		if d == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d %.0f%%", n, d, 100*float64(n)/float64(d))
	}
	fmt.Fprintf(&b, "| extractor | title exact | byline exact | byline contained | byline on none | site | published | lang | body P | body R | body F1 | F1 median | F1≥0.9 | errors | ms/page |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		good := 0
		for _, f := range r.f {
			if f >= 0.9 {
				good++
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %s | %d | %.1f |\n",
			r.name, pct(r.title, r.titleN), pct(r.byline, r.bylineN), pct(r.bylineIn, r.bylineN), r.bylineFalse,
			pct(r.site, r.siteN), pct(r.date, r.dateN), pct(r.lang, r.langN),
			mean(r.p), mean(r.r), mean(r.f), median(r.f), pct(good, len(r.f)), r.failed,
			float64(r.elapsed.Microseconds())/1000/float64(max(r.pages, 1)))
	}
	return b.String()
}
