package feeds

import (
	"bytes"
	"context"
	"errors"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/verso-news/verso/feeds/htmleval"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// htmlTestBody is a body long enough for any extractor to take it for an article.
var htmlTestBody = []string{
	"The city council voted on Tuesday to close the old harbour bridge to cars from next spring, ending a decade of argument over the crumbling structure.",
	"Engineers told the council in March that the bridge could no longer carry heavy traffic safely, and that repairs would cost more than a new crossing.",
	"“We cannot keep patching something that was built for horses,” said the mayor, Ana Lindqvist, after the vote. “People deserve a bridge that will still stand in fifty years.”",
	"Shop owners on both banks said they feared losing customers during the years of construction, and asked for a shuttle bus across the river.",
	"The council agreed to study the shuttle and to publish the full engineering report, which opponents had asked to see since last year.",
	"Work on the new crossing is due to start in 2027. The old bridge will stay open to pedestrians and cyclists until then.",
}

func htmlTestPage(head, extra string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
	b.WriteString(head)
	b.WriteString("</head><body><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>")
	b.WriteString("<main><article><h1>Council votes to close old harbour bridge</h1><p class=\"byline\">By Jane Doe and John Roe</p><p>Updated: July 16, 2021 10:30 am</p>")
	for i, p := range htmlTestBody {
		if i == 2 {
			b.WriteString("<figure><img src=\"/bridge.jpg\" alt=\"\"><figcaption>The harbour bridge at dusk. Photo: Port Authority</figcaption></figure>")
			b.WriteString("<h2>Traders worried</h2>")
		}
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(extra)
	b.WriteString("</article></main><footer><p>© 2021 Harbour Gazette. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer></body></html>")
	return b.String()
}

const htmlTestHead = `<title>Council votes to close old harbour bridge | Harbour Gazette</title>
<link rel="canonical" href="https://gazette.example/news/harbour-bridge">
<meta property="og:title" content="Council votes to close old harbour bridge">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2021-07-16T09:30:00+02:00">
<meta property="article:section" content="Local">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council votes to close old harbour bridge","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],"datePublished":"2021-07-16T09:30:00+02:00"}</script>`

func TestParseHTMLNewsPage(t *testing.T) {
	extra := `<p>Related: <a href="/news/ferry-timetable">New ferry timetable announced</a></p><p>Advertisement</p><p><a href="#share">Share this article</a></p>`
	a, err := ParseHTML(context.Background(), []byte(htmlTestPage(htmlTestHead, extra)), "saved/bridge.html")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Council votes to close old harbour bridge" {
		t.Errorf("title %q", a.Title)
	}
	if !slices.Equal(a.Byline, []string{"Jane Doe", "John Roe"}) {
		t.Errorf("byline %q", a.Byline)
	}
	if a.Site != "Harbour Gazette" || a.URL != "https://gazette.example/news/harbour-bridge" || a.Language != "en-GB" {
		t.Errorf("site %q url %q lang %q", a.Site, a.URL, a.Language)
	}
	want := time.Date(2021, 7, 16, 7, 30, 0, 0, time.UTC)
	if a.Published == nil || !a.Published.Equal(want) || a.DateSource != news.DateExplicit {
		t.Errorf("published %v %s", a.Published, a.DateSource)
	}
	if !slices.Equal(a.Categories, []string{"Local"}) {
		t.Errorf("categories %q", a.Categories)
	}
	if a.Source != (news.Source{Path: "saved/bridge.html", Kind: news.KindHTML}) {
		t.Errorf("source %+v", a.Source)
	}
	if a.ID != news.ComputeID(a.Title, a.Paragraphs) || a.ID == "" {
		t.Errorf("id %q", a.ID)
	}
	if !slices.Contains(a.Paragraphs, "Traders worried") {
		t.Errorf("heading inside the body should be its own paragraph: %q", a.Paragraphs)
	}
	if !slices.Equal(a.Captions, []string{"The harbour bridge at dusk. Photo: Port Authority"}) {
		t.Errorf("captions %q", a.Captions)
	}
	for _, p := range a.Paragraphs {
		for _, bad := range []string{"Port Authority", "Related", "Home", "All rights reserved", "Advertisement", "Share"} {
			if strings.Contains(p, bad) {
				t.Errorf("paragraph %q holds %q", p, bad)
			}
		}
	}
	if !slices.Contains(a.Paragraphs, htmlTestBody[2]) || !strings.HasPrefix(a.Paragraphs[0], "The city council voted") {
		t.Errorf("paragraphs %q", a.Paragraphs)
	}
	wantLink := news.Link{Text: "New ferry timetable announced", URL: "https://gazette.example/news/ferry-timetable"}
	if !slices.Equal(a.RelatedLinks, []news.Link{wantLink}) {
		t.Errorf("related %+v", a.RelatedLinks)
	}
}

func TestParseHTMLCaptionClasses(t *testing.T) {
	extra := `<div class="wp-caption aligncenter"><img src="/a.jpg" alt=""><p class="wp-caption-text">Ferry passengers queue at dawn.</p></div>` +
		`<p><span itemprop="caption">The old toll house.</span></p>`
	a, err := ParseHTML(context.Background(), []byte(htmlTestPage(htmlTestHead, extra)), "c.html")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"The harbour bridge at dusk. Photo: Port Authority", "Ferry passengers queue at dawn.", "The old toll house."}
	if !slices.Equal(a.Captions, want) {
		t.Errorf("captions %q, want %q", a.Captions, want)
	}
	for _, p := range a.Paragraphs {
		if strings.Contains(p, "Ferry passengers") || strings.Contains(p, "toll house") {
			t.Errorf("caption in body: %q", p)
		}
	}
}

func TestParseHTMLMetadataFallbacks(t *testing.T) {
	// No structured metadata at all: title from <title> and <h1>, byline
	// from the page, and no date rather than an invented one.
	head := `<title>Council votes to close old harbour bridge - Harbour Gazette</title>`
	a, err := ParseHTML(context.Background(), []byte(htmlTestPage(head, "")), "p.html")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Council votes to close old harbour bridge" {
		t.Errorf("title %q", a.Title)
	}
	if a.Published != nil || a.DateSource != news.DateUnknown {
		t.Errorf("date invented: %v %s", a.Published, a.DateSource)
	}
	if a.URL != "" {
		t.Errorf("url %q", a.URL)
	}
	if a.Byline == nil || a.Captions == nil || a.RelatedLinks == nil || a.Entities == nil {
		t.Error("Normalize not applied: nil lists")
	}
}

func TestSplitByline(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"By Jane Doe", []string{"Jane Doe"}},
		{"BY JANE DOE AND JOHN ROE", []string{"JANE DOE", "JOHN ROE"}},
		{"Jane Doe, John Roe & Mary Major", []string{"Jane Doe", "John Roe", "Mary Major"}},
		{"Doe, Jane", []string{"Doe, Jane"}},
		{"Mac & i", []string{"Mac & i"}},
		{"Written by Rob Ewaschuk Edited by Betsy Beyer", []string{"Rob Ewaschuk", "Betsy Beyer"}},
		{"Martin Untersinger (avec Damien Leloup et Morgane Tual)", []string{"Martin Untersinger", "Damien Leloup", "Morgane Tual"}},
		{"By Nathan Willis March 25, 2015", []string{"Nathan Willis"}},
		{"Bradley M. Kuhn (http://ebb.org/bkuhn/)", []string{"Bradley M. Kuhn"}},
		{"Par Sébastien Farcis", []string{"Sébastien Farcis"}},
		{"David · 18. Oktober 2019 18. Oktober 2019", []string{"David"}},
		{"Janic Cathomen, 01.12.2021", []string{"Janic Cathomen"}},
		{"Author: Bo2man am 29.12.2010 13:36 Uhr", []string{"Bo2man"}},
		{"29. Juni 2017 · 23:39 · von Tobi", []string{"Tobi"}},
		{"Text und Interview: Harald Willenbrock", []string{"Harald Willenbrock"}},
		{"Jane Doe - Updated 3 hours ago", []string{"Jane Doe"}},
		{"Jean-Pierre Dupont", []string{"Jean-Pierre Dupont"}},
		{"https://example.com/authors/jane", nil},
		{"", nil},
	}
	for _, c := range cases {
		if got := htmlSplitByline(c.in); !slices.Equal(got, c.want) {
			t.Errorf("htmlSplitByline(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStripTitleSuffix(t *testing.T) {
	cases := []struct{ title, site, host, want string }{
		{"Getting LEAN with Digital Ad UX | IAB", "", "www.iab.com", "Getting LEAN with Digital Ad UX"},
		{"Samantha and The Great Big Lie - John C. Welch - Medium", "Medium", "", "Samantha and The Great Big Lie"},
		{"Friday Facts #282 - 0.17 in sight | Factorio", "Factorio", "", "Friday Facts #282 - 0.17 in sight"},
		// A dash inside the headline is not a site suffix.
		{"Russia - Afghanistan talks resume", "The Moscow Times", "www.themoscowtimes.com", "Russia - Afghanistan talks resume"},
		{"Medium", "Medium", "", "Medium"},
	}
	for _, c := range cases {
		authors := []string{"John C. Welch"}
		if got := htmlStripTitleSuffix(c.title, c.site, c.host, authors); got != c.want {
			t.Errorf("htmlStripTitleSuffix(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

func TestParseHTMLCharsets(t *testing.T) {
	body := func(extra string) string {
		return "<p>" + strings.Join(htmlTestBody, "</p><p>") + "</p><p>" + extra + "</p>"
	}
	cases := []struct {
		name string
		data func() []byte
		want string
	}{
		{"windows-1252 meta", func() []byte {
			s := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>Café</title></head><body>" + body("Le café “noir” coûte 2 €.") + "</body></html>"
			out, _ := charmap.Windows1252.NewEncoder().String(s)
			return []byte(out)
		}, "Le café “noir” coûte 2 €."},
		{"gbk meta", func() []byte {
			s := "<html><head><meta charset=\"gbk\"></head><body>" + body("宇航员在太空中喝酒会怎么样") + "</body></html>"
			out, _ := simplifiedchinese.GBK.NewEncoder().String(s)
			return []byte(out)
		}, "宇航员在太空中喝酒会怎么样"},
		{"shift_jis meta after a long head", func() []byte {
			s := "<html><head>" + strings.Repeat("<!-- padding -->", 100) + "<meta charset=\"shift_jis\"></head><body>" + body("公衆無線LANを安全に使う") + "</body></html>"
			out, _ := japanese.ShiftJIS.NewEncoder().String(s)
			return []byte(out)
		}, "公衆無線LANを安全に使う"},
		{"utf-16 bom", func() []byte {
			s := "<html><body>" + body("Grüße aus Köln") + "</body></html>"
			out, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
			return []byte(out)
		}, "Grüße aus Köln"},
		{"utf-8 page declaring gb2312", func() []byte {
			return []byte("<html><head><meta charset=\"gb2312\"></head><body>" + body("光明网 “地球末日” 鸡尾酒") + "</body></html>")
		}, "光明网 “地球末日” 鸡尾酒"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := ParseHTML(context.Background(), c.data(), c.name)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(a.Paragraphs, c.want) {
				t.Errorf("want paragraph %q in %q", c.want, a.Paragraphs)
			}
		})
	}
}

func TestParseHTMLSanitizes(t *testing.T) {
	page := "<html><body><article><p>" + strings.Join(htmlTestBody, "</p><p>") +
		"</p><p>Click \x1b]52;c;ZXZpbA==\x07here &#x1b;[31mred&#x9b;0m and &amp; done\u200b.</p></article></body></html>"
	a, err := ParseHTML(context.Background(), []byte(page), "x.html")
	if err != nil {
		t.Fatal(err)
	}
	last := a.Paragraphs[len(a.Paragraphs)-1]
	// The ESC sequences go whole; &#x9b; is "›" by the HTML spec's windows-1252 mapping.
	if last != "Click here red›0m and & done." {
		t.Errorf("last paragraph %q", last)
	}
	for _, p := range a.Paragraphs {
		if news.Sanitize(p) != p {
			t.Errorf("unsanitised %q", p)
		}
	}
}

func TestParseHTMLNoArticle(t *testing.T) {
	pages := map[string]string{
		"script only": "<html><head><title>App</title></head><body><div id=app></div><script>var x = 'lots of code here';</script></body></html>",
		"nav only":    "<html><body><nav><a href=/a>Home</a> <a href=/b>News</a> <a href=/c>Contact</a></nav></body></html>",
		"tiny":        "<p>Hello world.</p>",
	}
	for name, page := range pages {
		_, err := ParseHTML(context.Background(), []byte(page), name)
		if !errors.Is(err, ErrNoArticleText) {
			t.Errorf("%s: err = %v, want %v", name, err, ErrNoArticleText)
		}
		if err != nil && !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
}

func TestParseHTMLHostile(t *testing.T) {
	ctx := context.Background()
	junk := make([]byte, 1<<16)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	para := "<p>" + strings.Join(htmlTestBody, " ") + "</p>"
	cases := []struct {
		name    string
		data    []byte
		wantErr bool
	}{
		{"empty", nil, true},
		{"blank", []byte(" \n\t "), true},
		{"binary junk", junk, true},
		{"nul bytes", []byte("<html>\x00\x00\x00<p>text</p>"), true},
		{"100k nested divs", []byte(strings.Repeat("<div>", 100_000) + para + strings.Repeat("</div>", 100_000)), false},
		{"100k unclosed inline tags", []byte(para + strings.Repeat("<b><i>", 50_000) + para), false},
		{"over the size limit", bytes.Repeat([]byte("<p>aaaa</p>"), htmlMaxBytes/11+1), true},
		{"too many elements", []byte(para + strings.Repeat("<span></span>", htmlMaxElements+10)), true},
		{"unterminated everything", []byte("<html><head><body><p>" + strings.Join(htmlTestBody, " ") + "<div><table><tr><td><script>"), false},
		{"comment bomb", []byte(para + strings.Repeat("<!--", 100_000)), false},
		{"attribute soup", []byte(para + strings.Repeat("<p a=\"\" b='' c=d e", 20_000)), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := ParseHTML(ctx, c.data, c.name)
			if c.wantErr {
				if err == nil {
					t.Fatalf("want an error, got %d paragraphs", len(a.Paragraphs))
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !strings.Contains(a.Text(), "harbour bridge") {
				t.Errorf("article text lost: %q", a.Text())
			}
		})
	}
}

func TestParseHTMLHugePage(t *testing.T) {
	if testing.Short() {
		t.Skip("huge page in -short mode")
	}
	// About 10 MB of text in 50,000 paragraphs: extraction must finish and keep it.
	var b strings.Builder
	b.WriteString("<html><head><title>Huge</title></head><body><article>")
	for i := 0; b.Len() < 10<<20; i++ {
		b.WriteString("<p>")
		b.WriteString(htmlTestBody[i%len(htmlTestBody)])
		b.WriteString("</p>\n")
	}
	b.WriteString("</article></body></html>")
	a, err := ParseHTML(context.Background(), []byte(b.String()), "huge.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Paragraphs) < 10_000 {
		t.Errorf("only %d paragraphs kept", len(a.Paragraphs))
	}
}

func TestParseHTMLCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ParseHTML(ctx, []byte(htmlTestPage(htmlTestHead, "")), "c.html"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestParseHTMLMozillaPages checks named pages of the Mozilla set field by field.
func TestParseHTMLMozillaPages(t *testing.T) {
	cases := htmleval.Load(t)
	byDir := map[string]htmleval.Page{}
	for _, c := range cases {
		byDir[c.Dir] = c
	}
	checks := []struct {
		dir      string
		byline   []string
		lang     string
		captions bool
	}{
		{"nytimes-1", []string{"Jeffrey Gettleman"}, "en", true},
		{"aclu", []string{"Daniel Kahn Gillmor"}, "en", false},
		{"bbc-1", []string{"BBC News"}, "en", true},
		{"theverge", []string{"Alex Heath"}, "en", true},
		{"schema-org-context-object", []string{"Stella Kim", "Jennifer Jett"}, "en", true},
		{"aktualne", []string{"Aleš Vávra"}, "cs", false},
		{"videos-2", []string{"Alexandre Hervaud", "Jérémy Piette"}, "fr", false},
		{"pixnet", []string{"史蒂文的家_藍天 (stevenhgm)"}, "zh-TW", false},
		{"wikipedia-2", []string{"Contributors to Wikimedia projects"}, "en", false},
		{"citylab-1", []string{"Sarah Archer"}, "en", true},
	}
	for _, ck := range checks {
		t.Run(ck.dir, func(t *testing.T) {
			c, ok := byDir[ck.dir]
			if !ok {
				t.Skipf("%s not in the data set", ck.dir)
			}
			a, err := ParseHTML(context.Background(), c.Source, ck.dir)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != htmleval.NormSpace(*c.Meta.Title) {
				t.Errorf("title %q, want %q", a.Title, *c.Meta.Title)
			}
			if !slices.Equal(a.Byline, ck.byline) {
				t.Errorf("byline %q, want %q", a.Byline, ck.byline)
			}
			if c.Meta.SiteName != nil && a.Site != *c.Meta.SiteName {
				t.Errorf("site %q, want %q", a.Site, *c.Meta.SiteName)
			}
			if c.Meta.PublishedTime != nil {
				if !htmleval.SameDate(*c.Meta.PublishedTime, a.Published) || a.DateSource != news.DateExplicit {
					t.Errorf("published %v (%s), want %s explicit", a.Published, a.DateSource, *c.Meta.PublishedTime)
				}
			} else if a.Published != nil && a.DateSource != news.DateExplicit {
				t.Errorf("date %v with source %s", a.Published, a.DateSource)
			}
			if a.Language != ck.lang {
				t.Errorf("language %q, want %q", a.Language, ck.lang)
			}
			if ck.captions && len(a.Captions) == 0 {
				t.Error("no captions")
			}
			for _, cap := range a.Captions {
				if slices.Contains(a.Paragraphs, cap) {
					t.Errorf("caption %q also a paragraph", cap)
				}
			}
			// Body similarity on these pages measured 0.96-1.00; 0.95 catches regressions.
			got := strings.Join(append(slices.Clone(a.Paragraphs), a.Captions...), "\n")
			if p, r, f := htmleval.PRF(got, htmleval.Text(c.Expected)); f < 0.95 {
				t.Errorf("body F1 %.3f (P %.3f R %.3f) below 0.95", f, p, r)
			}
		})
	}
}

// TestParseHTMLMozillaSet holds the whole-set figures of docs/EXTRACTION.md
// to a floor a little below what was measured, so a regression shows.
func TestParseHTMLMozillaSet(t *testing.T) {
	cases := htmleval.Load(t)
	var f1s []float64
	titles, titleN, sites, siteN, dates, dateN := 0, 0, 0, 0, 0, 0
	failed := 0
	for _, c := range cases {
		a, err := ParseHTML(context.Background(), c.Source, c.Dir)
		if err != nil {
			if !errors.Is(err, ErrNoArticleText) {
				t.Errorf("%s: %v", c.Dir, err)
			}
			failed++
			f1s = append(f1s, 0)
			continue
		}
		_, _, f := htmleval.PRF(strings.Join(slices.Concat(a.Paragraphs, a.Captions), "\n"), htmleval.Text(c.Expected))
		f1s = append(f1s, f)
		if m := c.Meta.Title; m != nil && *m != "" {
			titleN++
			if a.Title == htmleval.NormSpace(*m) {
				titles++
			}
		}
		if m := c.Meta.SiteName; m != nil && *m != "" {
			siteN++
			if strings.EqualFold(a.Site, htmleval.NormSpace(*m)) {
				sites++
			}
		}
		if m := c.Meta.PublishedTime; m != nil && *m != "" {
			dateN++
			if htmleval.SameDate(*m, a.Published) {
				dates++
			}
		}
		if a.Published != nil && a.DateSource != news.DateExplicit || a.Published == nil && a.DateSource != news.DateUnknown {
			t.Errorf("%s: date %v with source %s", c.Dir, a.Published, a.DateSource)
		}
	}
	meanF1 := htmleval.Mean(f1s)
	t.Logf("pages %d, no-text errors %d, body F1 mean %.3f, title %d/%d, site %d/%d, date %d/%d",
		len(cases), failed, meanF1, titles, titleN, sites, siteN, dates, dateN)
	if meanF1 < 0.95 {
		t.Errorf("mean body F1 %.3f below 0.95", meanF1)
	}
	if failed > 6 {
		t.Errorf("%d pages gave no article text", failed)
	}
	if float64(titles) < 0.8*float64(titleN) || float64(sites) < 0.9*float64(siteN) || float64(dates) < 0.9*float64(dateN) {
		t.Errorf("metadata below floor: title %d/%d site %d/%d date %d/%d", titles, titleN, sites, siteN, dates, dateN)
	}
}

// TestParseHTMLExpectedMatchesSource checks that the article Readability
// extracted (expected.html) and the full page it came from (source.html)
// give the same body: version detection pairs them as two versions.
func TestParseHTMLExpectedMatchesSource(t *testing.T) {
	cases := htmleval.Load(t)
	var f1s, conts []float64
	for _, c := range cases {
		src, err1 := ParseHTML(context.Background(), c.Source, c.Dir+"/source.html")
		exp, err2 := ParseHTML(context.Background(), c.Expected, c.Dir+"/expected.html")
		if err1 != nil || err2 != nil {
			continue // pages too short to be articles
		}
		_, _, f := htmleval.PRF(src.Text(), exp.Text())
		cont, _ := news.Resemblance(news.FingerprintOf(&src), news.FingerprintOf(&exp))
		f1s, conts = append(f1s, f), append(conts, cont)
		if f < 0.8 {
			t.Logf("%s: F1 %.3f containment %.3f", c.Dir, f, cont)
		}
	}
	if len(f1s) < 100 {
		t.Fatalf("only %d pages parsed on both sides", len(f1s))
	}
	f10, c10 := htmleval.Quantile(f1s, 0.1), htmleval.Quantile(conts, 0.1)
	t.Logf("%d pairs: F1 mean %.3f, 10th percentile %.3f; containment mean %.3f, 10th percentile %.3f",
		len(f1s), htmleval.Mean(f1s), f10, htmleval.Mean(conts), c10)
	if htmleval.Mean(f1s) < 0.95 || f10 < 0.9 || c10 < 0.9 {
		t.Errorf("source and expected bodies differ: F1 mean %.3f, 10th percentile %.3f, containment 10th percentile %.3f", htmleval.Mean(f1s), f10, c10)
	}
}

// FuzzParseHTML checks that no input crashes the extractor and that
// whatever it returns keeps the article invariants.
func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(htmlTestPage(htmlTestHead, `<p>Related: <a href="/x">X</a></p>`)))
	f.Add([]byte(htmlTestPage("", "")))
	f.Add([]byte("<html><head><meta charset=gbk></head><body><p>" + strings.Repeat("文字 ", 80) + "</p></body></html>"))
	f.Add([]byte(strings.Repeat("<div>", 600) + strings.Join(htmlTestBody, " ")))
	f.Add([]byte("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\",\"author\":[[[{}]]],\"datePublished\":\"0000-00-00\"}]}</script><p>" + strings.Join(htmlTestBody, " ")))
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseHTML(context.Background(), data, "fuzz.html")
		if err != nil {
			return
		}
		if len(a.Paragraphs) == 0 || a.ID == "" || a.Source.Kind != news.KindHTML {
			t.Fatalf("incomplete article: %+v", a)
		}
		for _, s := range append(append([]string{a.Title, a.Site, a.URL, a.Language}, a.Paragraphs...), append(a.Captions, a.Byline...)...) {
			if news.Sanitize(s) != s {
				t.Fatalf("unsanitised text %q", s)
			}
		}
		if (a.Published == nil) != (a.DateSource == news.DateUnknown) {
			t.Fatalf("date %v with source %s", a.Published, a.DateSource)
		}
	})
}

// BenchmarkParseHTML extracts every Mozilla page in turn and reports pages/s.
func BenchmarkParseHTML(b *testing.B) {
	cases := htmleval.Load(b)
	total := 0
	for _, c := range cases {
		total += len(c.Source)
	}
	ctx := context.Background()
	b.SetBytes(int64(total / len(cases)))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		c := cases[n%len(cases)]
		n++
		_, _ = ParseHTML(ctx, c.Source, c.Dir)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

func TestHTMLExtractMeta(t *testing.T) {
	parse := func(head string) htmlMeta {
		doc, err := htmlParseDocument([]byte("<html><head>" + head + "</head><body><h1>Headline here</h1></body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		return htmlExtractMeta(doc)
	}
	t.Run("json-ld in CDATA under @graph and mainEntity", func(t *testing.T) {
		m := parse(`<title>Headline here - Site</title><script type="application/ld+json">//<![CDATA[
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":"WebPage","mainEntity":{"@type":"NewsArticle","headline":"Headline here","author":{"@type":"Person","name":"By Jane Doe"},"datePublished":"2020-02-03","publisher":{"@type":"Organization","name":"The Site"},"inLanguage":"de-AT","articleSection":["World","Europe"]}}]}
//]]></script>`)
		if m.Title != "Headline here" || m.Site != "The Site" || m.Lang != "de-AT" || !slices.Equal(m.Authors, []string{"Jane Doe"}) {
			t.Errorf("%+v", m)
		}
		if m.Published == nil || m.Published.Format("2006-01-02") != "2020-02-03" || m.PubFrom != "JSON-LD datePublished" {
			t.Errorf("published %v from %q", m.Published, m.PubFrom)
		}
		if !slices.Equal(m.Sections, []string{"World", "Europe"}) {
			t.Errorf("sections %q", m.Sections)
		}
	})
	t.Run("json-ld name is the site", func(t *testing.T) {
		m := parse(`<title>Headline here | Site</title><meta property="og:title" content="Headline here"><script type="application/ld+json">{"@type":"NewsArticle","name":"Site","publisher":{"name":"Site"}}</script>`)
		if m.Title != "Headline here" {
			t.Errorf("title %q", m.Title)
		}
	})
	t.Run("dublin core property outranks name", func(t *testing.T) {
		m := parse(`<meta name="author" content="Meta Author"><meta name="DC.creator" content="Name Creator"><meta property="dc:creator" content="Property Creator">`)
		if len(m.Authors) == 0 || m.Authors[0] != "Property Creator" {
			t.Errorf("authors %q", m.Authors)
		}
	})
	t.Run("time element by the headline", func(t *testing.T) {
		doc, err := htmlParseDocument([]byte(`<html><body><aside class="related"><time datetime="2020-01-01">old</time></aside><article><header><h1>Headline here</h1><div class="byline">By Jane Doe, <time datetime="2021-07-16T09:30:00+02:00">16 July</time></div></header><p>Text.</p></article><ul class="comments"><li><time datetime="2022-02-02">later</time></li></ul></body></html>`))
		if err != nil {
			t.Fatal(err)
		}
		m := htmlExtractMeta(doc)
		if m.Published == nil || m.Published.Format(time.RFC3339) != "2021-07-16T09:30:00+02:00" || !strings.Contains(m.PubFrom, "<time>") {
			t.Errorf("published %v from %q", m.Published, m.PubFrom)
		}
	})
	t.Run("time elements elsewhere are not the article's date", func(t *testing.T) {
		doc, err := htmlParseDocument([]byte(`<html><body><nav><time datetime="2020-01-01">today</time></nav><article><p>Text.</p><aside><time datetime="2019-01-01">x</time></aside></article></body></html>`))
		if err != nil {
			t.Fatal(err)
		}
		if m := htmlExtractMeta(doc); m.Published != nil {
			t.Errorf("published %v from %q", m.Published, m.PubFrom)
		}
	})
	t.Run("bad values are dropped, not guessed", func(t *testing.T) {
		m := parse(`<html lang="not a language"><link rel="canonical" href="/relative/path"><meta property="article:published_time" content="sometime last week"><meta name="author" content="https://facebook.com/someone"><script type="application/ld+json">{broken</script>`)
		if m.Published != nil || m.URL != "" || len(m.Authors) != 0 || m.Lang != "" {
			t.Errorf("%+v", m)
		}
	})
}

func TestHTMLParseDate(t *testing.T) {
	cases := map[string]string{
		"2021-07-16T09:30:00+02:00":       "2021-07-16T07:30:00Z",
		"2021-11-01T10:52:50+0100":        "2021-11-01T09:52:50Z",
		"2019-01-03T07:00:02.000Z":        "2019-01-03T07:00:02Z",
		"2017-11-24T18:42:20.314667":      "2017-11-24T18:42:20.314667Z",
		"2018-04-05T06:00":                "2018-04-05T06:00:00Z",
		"2024-06-25":                      "2024-06-25T00:00:00Z",
		"Fri, 16 Jul 2021 09:30:00 +0000": "2021-07-16T09:30:00Z",
		"July 16, 2021":                   "2021-07-16T00:00:00Z",
		"16.07.2021":                      "2021-07-16T00:00:00Z",
	}
	for in, want := range cases {
		got, ok := htmlParseDate(in)
		if !ok || got.UTC().Format(time.RFC3339Nano) != want {
			t.Errorf("htmlParseDate(%q) = %v %v, want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "0000-00-00", "1066-10-14", "2021-13-45", strings.Repeat("2", 100)} {
		if got, ok := htmlParseDate(bad); ok {
			t.Errorf("htmlParseDate(%q) = %v, want rejection", bad, got)
		}
	}
}

func TestHTMLDensestBlock(t *testing.T) {
	// The fallback for pages where readability finds nothing picks the
	// block with the most non-link paragraph text.
	page := `<html><body><nav><p>` + strings.Repeat("Home News Sport ", 50) + `</p></nav>` +
		`<div id="links"><p><a href="/a">` + strings.Repeat("Another story ", 40) + `</a></p></div>` +
		`<div id="story"><p>` + strings.Join(htmlTestBody, "</p><p>") + `</p></div>` +
		`<div id="short"><p>Subscribe to our newsletter.</p></div></body></html>`
	doc, err := htmlParseDocument([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	n := htmlDensestBlock(doc)
	if n == nil || htmlAttr(n, "id") != "story" {
		t.Fatalf("picked %v", n)
	}
	if b := htmlBodyFrom(n, nil); len(b.Paragraphs) != len(htmlTestBody) {
		t.Errorf("paragraphs %q", b.Paragraphs)
	}
}

// TestParseHTMLSeedAsWebPage puts the first seed's text into the kind of page
// a news site serves (banner, navigation, share bar, related stories,
// newsletter box, footer) and checks that the article comes back clean.
func TestParseHTMLSeedAsWebPage(t *testing.T) {
	dir := newstest.DataDir(t, "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "000_*.txt"))
	if err != nil || len(files) == 0 {
		t.Skip("seed 000 not found")
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, block := range strings.Split(string(raw), "\n\n") {
		if b := strings.TrimSpace(block); len(b) > 80 && !strings.Contains(b, "Support The Moscow Times") && !strings.HasPrefix(b, "By ") {
			paras = append(paras, b)
		}
	}
	if len(paras) < 5 {
		t.Fatalf("seed has %d paragraphs", len(paras))
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Russia Says 'Hasty Withdrawal' Put Afghanistan at Risk - The Moscow Times</title>
<meta property="og:site_name" content="The Moscow Times">
<meta property="og:title" content="Russia Says 'Hasty Withdrawal' Put Afghanistan at Risk">
<meta property="article:published_time" content="2021-07-16T14:23:00+03:00">
<link rel="canonical" href="https://www.themoscowtimes.com/2021/07/16/russia-says-hasty-withdrawal-put-afghanistan-at-risk-a74540">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Russia Says 'Hasty Withdrawal' Put Afghanistan at Risk","author":{"@type":"Organization","name":"AFP"},"publisher":{"@type":"Organization","name":"The Moscow Times"}}</script>
</head><body>
<div class="support-banner"><a href="/contribute">Support The Moscow Times!</a></div>
<header class="site-header"><nav><ul><li><a href="/news">News</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/business">Business</a></li></ul></nav></header>
<main><article class="article">
<header class="article__header"><h1>Russia Says 'Hasty Withdrawal' Put Afghanistan at Risk</h1>
<div class="article__byline">By <a href="/authors/afp">AFP</a></div><div class="article__date">Updated: July 16, 2021</div></header>
<figure class="article__featured-image"><img src="/img/bagram.jpg" alt=""><figcaption>Bagram Airfield base in Afghanistan after all U.S. and NATO left. July 8, 2021 TASS</figcaption></figure>
<div class="article__share"><a href="#fb">Facebook</a> <a href="#tw">Twitter</a> <a href="#mail">Email</a></div>
<div class="article__content">`)
	for _, p := range paras {
		b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
	}
	b.WriteString(`</div></article>
<aside class="related"><h3>Read more</h3><ul><li><a href="/2021/07/15/a">Kremlin says it is watching the Taliban closely</a></li><li><a href="/2021/07/14/b">Tajikistan asks Russia for help</a></li></ul></aside>
<div class="newsletter"><h3>Sign up for our newsletter</h3><form><input type="email"><button>Subscribe</button></form></div>
</main><footer><p>© The Moscow Times, all rights reserved.</p></footer></body></html>`)

	a, err := ParseHTML(context.Background(), []byte(b.String()), "mt.html")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Russia Says 'Hasty Withdrawal' Put Afghanistan at Risk" || a.Site != "The Moscow Times" {
		t.Errorf("title %q site %q", a.Title, a.Site)
	}
	if !slices.Equal(a.Byline, []string{"AFP"}) {
		t.Errorf("byline %q", a.Byline)
	}
	if a.Published == nil || a.Published.Format("2006-01-02") != "2021-07-16" || a.DateSource != news.DateExplicit {
		t.Errorf("published %v %s", a.Published, a.DateSource)
	}
	if !slices.Equal(a.Captions, []string{"Bagram Airfield base in Afghanistan after all U.S. and NATO left. July 8, 2021 TASS"}) {
		t.Errorf("captions %q", a.Captions)
	}
	if !strings.HasPrefix(a.Paragraphs[0], "Russia on Friday blamed") {
		t.Errorf("first paragraph %q", a.Paragraphs[0])
	}
	if !slices.Equal(a.Paragraphs, paras) {
		t.Errorf("got %d paragraphs, want the seed's %d:\n%q", len(a.Paragraphs), len(paras), a.Paragraphs)
	}
	text := a.Text()
	for _, bad := range []string{"Support The Moscow Times", "Facebook", "Read more", "newsletter", "rights reserved", "Updated", "By AFP"} {
		if strings.Contains(text, bad) {
			t.Errorf("body holds %q", bad)
		}
	}
}
