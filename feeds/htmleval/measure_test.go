package htmleval_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html/charset"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/feeds/htmleval"
)

// result is what one extractor returned for one page, reduced to the compared fields.
type result struct {
	title, byline, site, lang string
	published                 *time.Time
	text                      string
}

type extractor struct {
	name string
	run  func(data []byte) (result, error)
}

// utf8Page gives the libraries UTF-8, which is all they parse: a page that
// is valid UTF-8 as is, any other decoded by its <meta charset> (else
// windows-1252) as browsers do. ParseHTML gets the raw bytes.
func utf8Page(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	_, name, _ := charset.DetermineEncoding(data, "")
	r, err := charset.NewReaderLabel(name, bytes.NewReader(data))
	if err != nil {
		return string(data)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return string(data)
	}
	return string(out)
}

func extractors() []extractor {
	base, _ := url.Parse(htmleval.BaseURL)
	trafi := func(fallback bool) func([]byte) (result, error) {
		return func(data []byte) (result, error) {
			res, err := trafilatura.Extract(strings.NewReader(string(data)), trafilatura.Options{
				OriginalURL:     base,
				ExcludeComments: true,
				EnableFallback:  fallback,
			})
			if err != nil {
				return result{}, err
			}
			r := result{title: res.Metadata.Title, byline: res.Metadata.Author, site: res.Metadata.Sitename,
				lang: res.Metadata.Language, text: res.ContentText}
			if !res.Metadata.Date.IsZero() {
				d := res.Metadata.Date
				r.published = &d
			}
			return r, nil
		}
	}
	return []extractor{
		{"go-readability", func(data []byte) (result, error) {
			art, err := readability.FromReader(strings.NewReader(string(data)), base)
			if err != nil {
				return result{}, err
			}
			r := result{title: art.Title(), byline: art.Byline(), site: art.SiteName(), lang: art.Language()}
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
		{"verso ParseHTML", func(data []byte) (result, error) {
			a, err := feeds.ParseHTML(context.Background(), data, "page.html")
			if err != nil {
				return result{}, err
			}
			return result{title: a.Title, byline: strings.Join(a.Byline, ", "), site: a.Site, lang: a.Language,
				published: a.Published, text: strings.Join(slices.Concat(a.Paragraphs, a.Captions), "\n")}, nil
		}},
		// The body alone: verso keeps captions apart, and the go-trafilatura
		// annotations count captions and photo credits as boilerplate.
		{"verso ParseHTML, paragraphs only", func(data []byte) (result, error) {
			a, err := feeds.ParseHTML(context.Background(), data, "page.html")
			if err != nil {
				return result{}, err
			}
			return result{title: a.Title, byline: strings.Join(a.Byline, ", "), site: a.Site, lang: a.Language,
				published: a.Published, text: strings.Join(a.Paragraphs, "\n")}, nil
		}},
	}
}

type row struct {
	name                                   string
	pages, failed                          int
	title, titleSuffix, titleN             int
	byline, bylineIn, bylineN, bylineFalse int
	site, siteN, date, dateDay, dateN      int
	lang, langN                            int
	p, r, f                                []float64
	elapsed                                time.Duration
}

// TestMeasureExtractors compares go-readability, go-trafilatura and verso's
// ParseHTML on the Mozilla pages and prints the table kept in
// docs/EXTRACTION.md. It takes about a minute on 2 cores, so it runs only
// when VERSO_MEASURE=1; VERSO_MEASURE_ONLY=a,b picks extractors by name and
// VERSO_MEASURE_DETAIL=1 logs every page.
func TestMeasureExtractors(t *testing.T) {
	if os.Getenv("VERSO_MEASURE") == "" {
		t.Skip("set VERSO_MEASURE=1 to measure the extraction libraries")
	}
	pages := htmleval.Load(t)
	want := make([]string, len(pages))
	inputs := make([][]byte, len(pages))
	for i, p := range pages {
		want[i] = htmleval.Text(p.Expected)
		inputs[i] = []byte(utf8Page(p.Source))
	}
	only := os.Getenv("VERSO_MEASURE_ONLY")
	detail := os.Getenv("VERSO_MEASURE_DETAIL") != ""
	var rows []row
	for _, ex := range extractors() {
		if only != "" && !slices.ContainsFunc(strings.Split(only, ","), func(o string) bool { return strings.Contains(ex.name, o) }) {
			continue
		}
		rw := row{name: ex.name}
		for i, pg := range pages {
			data := inputs[i]
			if strings.HasPrefix(ex.name, "verso") {
				data = pg.Source // ParseHTML does its own decoding
			}
			start := time.Now()
			got, err := ex.run(data)
			rw.elapsed += time.Since(start)
			rw.pages++
			if err != nil {
				rw.failed++
			}
			m := pg.Meta
			if m.Title != nil && *m.Title != "" {
				rw.titleN++
				wt, gt := htmleval.NormSpace(*m.Title), htmleval.NormSpace(got.title)
				if gt == wt {
					rw.title++
				}
				// The same headline with or without a " | Site" tail.
				if gt != "" && (gt == wt || strings.HasPrefix(wt, gt+" ") || strings.HasPrefix(wt, gt+"_") || strings.HasPrefix(gt, wt+" ")) {
					rw.titleSuffix++
				}
			}
			if m.Byline != nil && *m.Byline != "" {
				rw.bylineN++
				gw, ww := htmleval.BylineWords(got.byline), htmleval.BylineWords(*m.Byline)
				if gw == ww {
					rw.byline++
				}
				if gw != "" && strings.Contains(" "+ww+" ", " "+gw+" ") {
					rw.bylineIn++
				}
			} else if strings.TrimSpace(got.byline) != "" {
				rw.bylineFalse++
			}
			if m.SiteName != nil && *m.SiteName != "" {
				rw.siteN++
				if strings.EqualFold(htmleval.NormSpace(got.site), htmleval.NormSpace(*m.SiteName)) {
					rw.site++
				}
			}
			if m.PublishedTime != nil && *m.PublishedTime != "" {
				rw.dateN++
				if htmleval.SameDate(*m.PublishedTime, got.published) {
					rw.date++
				}
				if htmleval.SameDay(*m.PublishedTime, got.published) {
					rw.dateDay++
				}
			}
			if m.Lang != nil && *m.Lang != "" {
				rw.langN++
				if strings.EqualFold(got.lang, *m.Lang) {
					rw.lang++
				}
			}
			p, r, f := htmleval.PRF(got.text, want[i])
			rw.p, rw.r, rw.f = append(rw.p, p), append(rw.r, r), append(rw.f, f)
			if detail {
				t.Logf("%-24s %-40s F1 %.3f P %.3f R %.3f err=%v title=%q byline=%q (want %q)", ex.name, pg.Dir, f, p, r, err, got.title, got.byline, htmleval.Str(m.Byline))
			}
		}
		rows = append(rows, rw)
	}
	t.Log("\n" + table(rows))
}

func table(rows []row) string {
	var b strings.Builder
	pct := func(n, d int) string {
		if d == 0 {
			return "-"
		}
		return fmt.Sprintf("%d/%d (%.0f%%)", n, d, 100*float64(n)/float64(d))
	}
	b.WriteString("| extractor | title exact | title, site suffix aside | byline | byline within expected | byline where none expected | site | published | published day |  lang | body P | body R | body F1 | F1 10th pct | F1 ≥ 0.9 | errors | ms/page |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		good := 0
		for _, f := range r.f {
			if f >= 0.9 {
				good++
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %d | %s | %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %s | %d | %.1f |\n",
			r.name, pct(r.title, r.titleN), pct(r.titleSuffix, r.titleN), pct(r.byline, r.bylineN), pct(r.bylineIn, r.bylineN),
			r.bylineFalse, pct(r.site, r.siteN), pct(r.date, r.dateN), pct(r.dateDay, r.dateN), pct(r.lang, r.langN),
			htmleval.Mean(r.p), htmleval.Mean(r.r), htmleval.Mean(r.f), htmleval.Quantile(r.f, 0.1), pct(good, len(r.f)), r.failed,
			float64(r.elapsed.Microseconds())/1000/float64(max(r.pages, 1)))
	}
	return b.String()
}
