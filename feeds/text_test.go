package feeds

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

func parseSeed(t *testing.T, name string) news.Article {
	t.Helper()
	dir := newstest.DataDir(t, "seeds")
	path := filepath.Join(dir, name)
	data, err := ReadFile(context.Background(), path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f := Detect(data, path); f != FormatText {
		t.Fatalf("Detect = %q, want text", f)
	}
	arts, err := Parse(context.Background(), path, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 {
		t.Fatalf("got %d articles, want 1", len(arts))
	}
	a := arts[0]
	if a.Source.Path != path || a.Source.Kind != news.KindText {
		t.Errorf("source = %+v", a.Source)
	}
	if a.ID != news.ComputeID(a.Title, a.Paragraphs) {
		t.Errorf("id %q is not ComputeID of the content", a.ID)
	}
	return a
}

// bodyHasNo fails when any paragraph contains one of the strings.
func bodyHasNo(t *testing.T, a news.Article, bad ...string) {
	t.Helper()
	for i, p := range a.Paragraphs {
		for _, b := range bad {
			if strings.Contains(p, b) {
				t.Errorf("paragraph %d contains %q: %q", i, b, p)
			}
		}
	}
}

// wellJoined checks that no paragraph ends mid-sentence or starts with a
// lower-case continuation: the signs of hard wrapping left in.
func wellJoined(t *testing.T, a news.Article) {
	t.Helper()
	for i, p := range a.Paragraphs {
		if !endsSentence(p) {
			t.Errorf("paragraph %d ends mid-sentence: %q", i, p)
		}
		if startsLower(p) {
			t.Errorf("paragraph %d starts in lower case: %q", i, p)
		}
		if strings.Contains(p, "\n") || strings.Contains(p, "  ") {
			t.Errorf("paragraph %d keeps line breaks or double spaces: %q", i, p)
		}
	}
}

func TestSeed000(t *testing.T) {
	a := parseSeed(t, "000_fbd83e62e615d0ef.txt")
	if want := "Russia Says 'Hasty Withdrawal' Put Afghanistan at Risk"; a.Title != want {
		t.Errorf("title = %q, want %q", a.Title, want)
	}
	if !slices.Equal(a.Byline, []string{"AFP"}) {
		t.Errorf("byline = %q", a.Byline)
	}
	if a.Site != "The Moscow Times" {
		t.Errorf("site = %q", a.Site)
	}
	if a.Published == nil || a.Published.Format("2006-01-02") != "2021-07-16" || a.DateSource != news.DateExplicit {
		t.Errorf("published = %v (%s), want 2021-07-16 explicit", a.Published, a.DateSource)
	}
	if len(a.Captions) != 1 || !strings.HasPrefix(a.Captions[0], "Bagram Airfield base") || !strings.HasSuffix(a.Captions[0], "July 8, 2021 TASS") {
		t.Errorf("captions = %q", a.Captions)
	}
	bodyHasNo(t, a, "Support The Moscow Times", "date 2021", "By AFP", "Updated:", "Bagram Airfield")
	if len(a.Paragraphs) == 0 || !strings.HasPrefix(a.Paragraphs[0], "Russia on Friday blamed") {
		t.Errorf("first paragraph = %q", first(a.Paragraphs))
	}
	if len(a.Paragraphs) != 11 {
		t.Errorf("%d paragraphs, want 11", len(a.Paragraphs))
	}
	if len(a.RelatedLinks) != 0 {
		t.Errorf("related links = %+v", a.RelatedLinks)
	}
	wellJoined(t, a)
}

func TestSeed002(t *testing.T) {
	a := parseSeed(t, "002_0e0766ed69e2ed85.txt")
	if want := "Russia Says U.S. Mission in Afghanistan Has Failed"; a.Title != want {
		t.Errorf("title = %q, want %q", a.Title, want)
	}
	if a.DateSource == news.DateExplicit || (a.Published != nil && a.DateSource != news.DateInferred) {
		t.Errorf("date invented: %v (%s)", a.Published, a.DateSource)
	}
	if a.Published == nil && a.DateSource != news.DateUnknown {
		t.Errorf("date source = %q, want unknown", a.DateSource)
	}
	if len(a.Captions) != 1 || !strings.HasPrefix(a.Captions[0], "Bagram Airfield base") {
		t.Errorf("captions = %q", a.Captions)
	}
	wantLink := news.Link{Text: "Russia Says Ready to Activate Tajik Military Base Amid U.S. Pullout, Taliban Advance in Afghanistan"}
	if len(a.RelatedLinks) != 1 || a.RelatedLinks[0] != wantLink {
		t.Errorf("related links = %+v, want %+v", a.RelatedLinks, wantLink)
	}
	bodyHasNo(t, a, "Related article", "Tajik Military Base", "''", `""`, "countries,'", "Bagram Airfield")
	wellJoined(t, a)
	want := []string{
		"Russia on Friday said that the United States had failed in its mission in Afghanistan and blamed the withdrawal of foreign forces for the war-torn country's rapidly deteriorating stability.",
		`The White House had tried to paint the drawdown of foreign troops in "the most positive colors," Russian Foreign Minister Sergei Lavrov said on Friday.`,
		`Lavrov earlier blamed the "hasty withdrawal" of U.S. and NATO troops worsening security in Afghanistan and warned of instability spreading to neighboring countries.`,
		`"It's clear that, in this situation, there is a real risk of instability spreading to neighbouring countries," he said in Tashkent, according to Russian news agency TASS.`,
		"Moscow is closely watching the Taliban's advance and concerned about the potential for instability reaching neighbouring ex-Soviet Central Asian countries where Russia maintains military bases.",
		"The Taliban is a terrorist organization banned in Russia.",
	}
	for _, w := range want {
		if !slices.Contains(a.Paragraphs, w) {
			t.Errorf("missing paragraph %q", w)
		}
	}
	if len(a.Paragraphs) != 15 {
		t.Errorf("%d paragraphs, want 15:\n%s", len(a.Paragraphs), strings.Join(a.Paragraphs, "\n"))
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func parseString(t *testing.T, text string) news.Article {
	t.Helper()
	arts, err := Parse(context.Background(), "dump.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 {
		t.Fatalf("%d articles", len(arts))
	}
	return arts[0]
}

// The rules are generic: dumps from other (invented) sites, with other
// banners, bylines, captions and date formats, come out as cleanly.
func TestGenericDumps(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		name      string
		text      string
		title     string
		byline    []string
		site      string
		published *time.Time
		captions  int
		first     string
		paras     int
		links     []news.Link
		notInBody []string
	}{
		{
			name:  "subscribe banner, two authors, Photo: credit, month-name date",
			text:  "Subscribe to The Daily Ledger\nPublished: July 16, 2021\n\nFloods Force Thousands From Homes in Northern Towns\n\nBy Jane Doe and John Roe\n\nResidents wade through a flooded street in Kendal Photo: Reuters\n\nThousands of people were forced from their homes on Friday as rivers burst their banks.\n\nAdvertisement\n\nEmergency services said more rain was expected over the weekend.\n",
			title: "Floods Force Thousands From Homes in Northern Towns", byline: []string{"Jane Doe", "John Roe"},
			site: "The Daily Ledger", published: ptr(day(2021, 7, 16)), captions: 1,
			first: "Thousands of people were forced", paras: 2,
			notInBody: []string{"Advertisement", "Subscribe", "Photo: Reuters", "By Jane"},
		},
		{
			name: "ISO timestamp, three authors with particles, day-month caption, wrapped and hyphenated body",
			text: "2021-07-16T09:30:00Z\nSupport Le Petit Journal!\nMinisters Agree on a New Budget After Weeks of\nTalks\nBy Maria de la Cruz, Ahmed al-Sayed and Li Wei\nUpdated: 16 July 2021 11:00\nThe finance minister speaks to reporters in Paris 16 July 2021 / AFP\n\n" +
				"The government and its coalition partners agreed on Friday on a budget\n" +
				"that cuts spending on defence and raises taxes on the largest compa-\n" +
				"nies, ending weeks of talks that had threatened to bring down the\n" +
				"cabinet.\n\n" +
				"\"We have done what the country needed,\" the minister told report-\n" +
				"ers outside the ministry. 'Nobody got everything they wanted.'\n\n" +
				"Read more: Coalition Talks Stall Over Tax Plans https://example.org/news/talks-stall\n\n" +
				"The opposition said it would vote against the plan when it reaches\n" +
				"parliament next month.\n",
			title: "Ministers Agree on a New Budget After Weeks of Talks", byline: []string{"Maria de la Cruz", "Ahmed al-Sayed", "Li Wei"},
			site: "Le Petit Journal", published: ptr(time.Date(2021, 7, 16, 9, 30, 0, 0, time.UTC)), captions: 1,
			first:     "The government and its coalition partners agreed on Friday on a budget that cuts spending on defence and raises taxes on the largest companies, ending weeks of talks that had threatened to bring down the cabinet.",
			paras:     3,
			links:     []news.Link{{Text: "Coalition Talks Stall Over Tax Plans", URL: "https://example.org/news/talks-stall"}},
			notInBody: []string{"Read more", "compa- nies", "report- ers", "Updated", "16 July 2021 / AFP"},
		},
		{
			name:  "sentence-case headline wrapped with a lower-case continuation, no date",
			text:  "Central bank raises rates for the first time\nin a decade\n\nBy SARAH KLEIN\n\nThe central bank raised its main interest rate on Thursday.\n\nThe move had been widely expected.\n",
			title: "Central bank raises rates for the first time in a decade", byline: []string{"SARAH KLEIN"},
			first: "The central bank raised", paras: 2,
		},
		{
			name:  "one paragraph per line without blank lines",
			text:  "Storm Hits the Coast\nFriday, 3 September 2021\nA storm hit the coast on Friday, cutting power to thousands of homes.\nOfficials said repairs would take days.\nSchools will stay closed on Monday.\n",
			title: "Storm Hits the Coast", published: ptr(day(2021, 9, 3)),
			first: "A storm hit the coast", paras: 3,
		},
		{
			name:  "no header at all: the first line is a paragraph",
			text:  "The council met on Tuesday evening to discuss the new parking rules, which residents say will drive shoppers away from the high street. Several traders spoke against the plan. The council will vote next week.\n\nA decision is expected before the summer.\n",
			first: "The council met on Tuesday", paras: 2,
		},
		{
			name:  "a body sentence that starts like a byline stays",
			text:  "Troops Leave the Valley\n\nBy Friday, the last troops had left the valley, residents said.\n\nThe road reopened on Saturday.\n",
			title: "Troops Leave the Valley", first: "By Friday, the last troops had left the valley", paras: 2,
		},
		{
			name:  "a credited photo line before the headline",
			text:  "Flood water covers the main square. Photo: Reuters\nRiver Bursts Its Banks\n\nThe river burst its banks on Sunday.\n\n© 2021 Example News. All rights reserved.\n",
			title: "River Bursts Its Banks", captions: 1, first: "The river burst", paras: 1,
		},
		{
			name:  "key-value header written by an archiving tool",
			text:  "Title: Council Approves New Parking Rules\nURL: https://example.net/news/parking\nSource: The Example Gazette\nLanguage: en\nDate: 2022-03-01\nAuthor: Ann Lee\n\nThe council approved the new parking rules on Tuesday.\n\nThey take effect in May.\n",
			title: "Council Approves New Parking Rules", byline: []string{"Ann Lee"}, site: "The Example Gazette",
			published: ptr(day(2022, 3, 1)), first: "The council approved", paras: 2,
		},
		{
			name:  "section label, standfirst, unmarked byline, date with a zone abbreviation, no blank lines",
			text:  "Skip to main content\nWorld news\nRussia says US mission in Afghanistan has failed\nForeign minister blames 'hasty' withdrawal for worsening security.\nAndrew Roth in Moscow\nFri 16 Jul 2021 14.05 BST\nRussia has said the US mission in Afghanistan failed.\nThe foreign minister spoke in Tashkent.\n",
			title: "Russia says US mission in Afghanistan has failed", published: ptr(time.Date(2021, 7, 16, 14, 5, 0, 0, time.UTC)),
			byline: []string{"Andrew Roth"}, first: "Foreign minister blames", paras: 3, notInBody: []string{"World news", "Skip to", "BST"},
		},
		{
			name:  "broadcaster-style image caption and image source lines",
			text:  "Floods Hit Northern Towns\n\nImage source, Getty Images\n\nImage caption, Residents were moved to a school\n\nHundreds of people left their homes on Sunday.\n",
			title: "Floods Hit Northern Towns", captions: 2, first: "Hundreds of people", paras: 1,
		},
		{
			name:  "a headline that starts with Photos:",
			text:  "Photos: Floods Hit the North\n\nHeavy rain flooded towns across the north on Sunday.\n",
			title: "Photos: Floods Hit the North", first: "Heavy rain", paras: 1,
		},
		{
			name:  "byline with agency and date, photo-by caption in the body, copyright-free",
			text:  "Wildfire Spreads Across Hills\nBy Tom Hart | August 2, 2022\n\nA wildfire spread across the hills above the town on Tuesday.\n\nFirefighters battle the blaze near the ridge (Photo by Ana Ruiz/AP)\n\nMore than 200 firefighters were deployed.\n",
			title: "Wildfire Spreads Across Hills", byline: []string{"Tom Hart"}, published: ptr(day(2022, 8, 2)),
			captions: 1, first: "A wildfire spread", paras: 2, notInBody: []string{"Photo by"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := parseString(t, c.text)
			if a.Title != c.title {
				t.Errorf("title = %q, want %q", a.Title, c.title)
			}
			if !slices.Equal(a.Byline, c.byline) && !(len(a.Byline) == 0 && len(c.byline) == 0) {
				t.Errorf("byline = %q, want %q", a.Byline, c.byline)
			}
			if a.Site != c.site {
				t.Errorf("site = %q, want %q", a.Site, c.site)
			}
			switch {
			case c.published == nil && (a.Published != nil || a.DateSource != news.DateUnknown):
				t.Errorf("published = %v (%s), want unknown", a.Published, a.DateSource)
			case c.published != nil && (a.Published == nil || !a.Published.Equal(*c.published) || a.DateSource != news.DateExplicit):
				t.Errorf("published = %v (%s), want %v explicit", a.Published, a.DateSource, c.published)
			}
			if len(a.Captions) != c.captions {
				t.Errorf("captions = %q, want %d", a.Captions, c.captions)
			}
			if len(a.Paragraphs) != c.paras {
				t.Errorf("%d paragraphs, want %d: %q", len(a.Paragraphs), c.paras, a.Paragraphs)
			}
			if !strings.HasPrefix(first(a.Paragraphs), c.first) {
				t.Errorf("first paragraph = %q, want prefix %q", first(a.Paragraphs), c.first)
			}
			if !slices.Equal(a.RelatedLinks, c.links) && !(len(a.RelatedLinks) == 0 && len(c.links) == 0) {
				t.Errorf("related = %+v, want %+v", a.RelatedLinks, c.links)
			}
			bodyHasNo(t, a, c.notInBody...)
			wellJoined(t, a)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestFixQuotes(t *testing.T) {
	cases := []struct{ in, want string }{
		{`in ''the most positive colors," he said.`, `in "the most positive colors," he said.`},
		{`blamed the ""hasty withdrawal" of troops.`, `blamed the "hasty withdrawal" of troops.`},
		{`"There is a risk for neighbouring countries,' he said.`, `"There is a risk for neighbouring countries," he said.`},
		{`"It's clear," he said.`, `"It's clear," he said.`},
		{`The countries' borders are closed.`, `The countries' borders are closed.`},
		{`"He told me 'no,' and left," she said.`, `"He told me 'no,' and left," she said.`},
		{"``Quoted,'' he said.", `"Quoted," he said.`},
		{`“We will stay,’ she said.`, `“We will stay,” she said.`},
	}
	for _, c := range cases {
		if got := fixQuotes(c.in, true); got != c.want {
			t.Errorf("fixQuotes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDateHeaders(t *testing.T) {
	cases := []struct {
		line string
		want string // RFC 3339, "" = not a date header
	}{
		{"date 2021-07-16", "2021-07-16T00:00:00Z"},
		{"Published: July 16, 2021", "2021-07-16T00:00:00Z"},
		{"Posted on 16 July 2021 at 10:45 GMT", "2021-07-16T10:45:00Z"},
		{"Fri 16 Jul 2021", "2021-07-16T00:00:00Z"},
		{"Friday, July 16, 2021 3:05 pm", "2021-07-16T15:05:00Z"},
		{"2021-07-16T09:30:00+03:00", "2021-07-16T06:30:00Z"},
		{"16.07.2021", "2021-07-16T00:00:00Z"},
		{"Date: Sept. 3, 2021", "2021-09-03T00:00:00Z"},
		{"Publié le 16 juillet 2021", "2021-07-16T00:00:00Z"},
		{"Veröffentlicht am 16.07.2021", "2021-07-16T00:00:00Z"},
		{"vendredi 16 juillet 2021", "2021-07-16T00:00:00Z"},
		{"Freitag, 16. Juli 2021, 10:45", "2021-07-16T10:45:00Z"},
		{"16 de julio de 2021", "2021-07-16T00:00:00Z"},
		{"1er août 2021", "2021-08-01T00:00:00Z"},
		{"3 maart 2022", "2022-03-03T00:00:00Z"},
		{"Marathon 16, 2021", ""},        // not a month
		{"Tashkent July 16, 2021", ""},   // not a weekday
		{"July 8, 2021 TASS", ""},        // a credit, not a header
		{"07/08/2021", ""},               // day and month order unknown
		{"Published: June 31, 2021", ""}, // no such day
		{"2021 was a hard year for the city.", ""},
	}
	for _, c := range cases {
		tm, _, _, ok := dateHeader(c.line)
		got := ""
		if ok {
			got = tm.Format(time.RFC3339)
		}
		if got != c.want {
			t.Errorf("dateHeader(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}

func TestBylines(t *testing.T) {
	cases := []struct {
		line string
		want []string
	}{
		{"By AFP", []string{"AFP"}},
		{"By Jane Doe and John Roe", []string{"Jane Doe", "John Roe"}},
		{"By Jane Doe, John Roe and Ann Lee", []string{"Jane Doe", "John Roe", "Ann Lee"}},
		{"BY J. R. Smith in Kabul", []string{"J. R. Smith"}},
		{"Written by Ludwig van Beethoven", []string{"Ludwig van Beethoven"}},
		{"Par Jean Dupont", []string{"Jean Dupont"}},
		{"By Friday, the troops had left.", nil},
		{"By the end of the week", nil},
		{"Bypass roads were closed", nil},
	}
	for _, c := range cases {
		got, _, ok := bylineLine(c.line)
		if !slices.Equal(got, c.want) || ok != (c.want != nil) {
			t.Errorf("bylineLine(%q) = %q %v, want %q", c.line, got, ok, c.want)
		}
	}
}

func TestBanners(t *testing.T) {
	cases := []struct {
		line, site string
		ok         bool
	}{
		{"Support The Moscow Times!", "The Moscow Times", true},
		{"Subscribe to The Daily Ledger", "The Daily Ledger", true},
		{"Donate to ProPublica", "ProPublica", true},
		{"Advertisement", "", true},
		{"ADVERTISEMENT", "", true},
		{"Sign up for our daily newsletter", "", true},
		{"Support independent journalism", "", true},
		{"Support for the measure grew over the summer.", "", false},
		{"5 min read", "", true},
		{"© 2021 AFP. All rights reserved.", "", true},
		{"Copyright 2021 The Example Herald", "", true},
		{"Copyright law was changed in the spring.", "", false},
		{"Subscribers can read the full text.", "", false},
	}
	for _, c := range cases {
		site, ok := bannerLine(c.line)
		if site != c.site || ok != c.ok {
			t.Errorf("bannerLine(%q) = %q %v, want %q %v", c.line, site, ok, c.site, c.ok)
		}
	}
}

func TestCaptions(t *testing.T) {
	yes := []string{
		"Bagram Airfield base in Afghanistan after all U.S. and NATO left. July 8, 2021 TASS",
		"Protesters outside parliament. Photo: Reuters",
		"Rescue workers at the site on Monday. (Photo by Jane Doe/Getty Images)",
		"A polling station in Kyiv 16 July 2021 / AP Photo",
		"Firefighters at work. AP Photo/Ana Ruiz",
	}
	no := []string{
		"Russia on Friday blamed the withdrawal for the deterioration.",
		"The deal was signed on July 8, 2021 in Geneva by both sides.",
		"July 8, 2021 TASS",
	}
	for _, s := range yes {
		if !isCaptionLine(s) {
			t.Errorf("isCaptionLine(%q) = false", s)
		}
	}
	for _, s := range no {
		if isCaptionLine(s) {
			t.Errorf("isCaptionLine(%q) = true", s)
		}
	}
}

// Escape sequences and control characters, raw or as character references,
// never reach any field.
func TestTextControlCharacters(t *testing.T) {
	text := "Title \x1b]52;c;ZXZpbA==\x07With OSC 52\n\nBy Jane \x1b[31mDoe\x1b[0m\n\n" +
		"Body with C1 \u009b31m CSI and \u009d8;;http://evil\u009c OSC and a &#27;[2J reference and &#x9b; too.\n\n" +
		"Second\x01 paragraph\x07 with \x08 controls.\n"
	a := parseString(t, text)
	assertClean(t, a)
	if a.Title != "Title With OSC 52" {
		t.Errorf("title = %q", a.Title)
	}
}

// assertClean fails when any string field of a holds a control character
// (other than tab and newline), an escape introducer or invalid UTF-8.
func assertClean(t testing.TB, a news.Article) {
	t.Helper()
	check := func(field, s string) {
		if !utf8.ValidString(s) {
			t.Errorf("%s: invalid UTF-8 %q", field, s)
		}
		for _, r := range s {
			if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Errorf("%s: control character %U in %q", field, r, s)
				return
			}
		}
		if strings.Contains(s, "&#27;") || strings.Contains(s, "&#x1b;") || strings.Contains(s, "&#x9b;") {
			t.Errorf("%s: escaped control character survived in %q", field, s)
		}
	}
	check("title", a.Title)
	check("site", a.Site)
	check("url", a.URL)
	check("language", a.Language)
	check("date_reason", a.DateReason)
	check("source.path", a.Source.Path)
	for _, s := range a.Byline {
		check("byline", s)
	}
	for _, s := range a.Paragraphs {
		check("paragraph", s)
	}
	for _, s := range a.Captions {
		check("caption", s)
	}
	for _, s := range a.Categories {
		check("category", s)
	}
	for _, l := range a.RelatedLinks {
		check("related.text", l.Text)
		check("related.url", l.URL)
	}
}

func TestParseTextNeverPanicsOnOddShapes(t *testing.T) {
	for _, s := range []string{
		"x", "\n\n\n", "By", "By ", "date", "date 2021-07-16", "Updated:", "Related article:", "-\n-", "''\n\"\"",
		"Support The Moscow Times!", strings.Repeat("word ", 10000), strings.Repeat("a-\n", 500),
		"Title\n" + strings.Repeat("  indented line\n", 50), "\u00a0\u00a0\n\t\t", "“‘’”\n'\"",
	} {
		a := parseText(s)
		finalize(&a)
		assertClean(t, a)
		for _, p := range a.Paragraphs {
			if strings.TrimSpace(p) == "" {
				t.Errorf("empty paragraph from %q", s)
			}
		}
	}
}

func TestTextIsUpperStart(t *testing.T) {
	// Guards the helpers the joining rules depend on.
	if !startsLower("continues here") || startsLower(`"Quoted`) || !startsLower(`"quoted`) {
		t.Error("startsLower")
	}
	if !endsSentence(`he said."`) || endsSentence("and then") || !endsSentence("Really?)") {
		t.Error("endsSentence")
	}
}

// Large inputs of degenerate shapes go through in linear time: each of
// these took minutes when lines were joined by string concatenation. No
// timing is asserted; a quadratic regression shows as a test timeout.
func TestParseTextLargeDegenerateInputs(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("word and more words\n", 50000),
		strings.Repeat("wo-\n", 100000),
		strings.Repeat("lower case paragraph\n\n", 50000),
		strings.Repeat(" indented\n", 50000),
		strings.Repeat("Related article: x\n", 50000),
		strings.Repeat("a ''b'' \"c\" 'd' ", 100000),
	} {
		a := parseText(s)
		finalize(&a)
		if len(a.Paragraphs) == 0 && len(a.RelatedLinks) == 0 {
			t.Errorf("nothing kept from %q...", s[:20])
		}
	}
}

// Markdown-ish dumps: a "#" headline, "##" subheadings, rules and lists.
func TestMarkdownShapes(t *testing.T) {
	a := parseString(t, "# Council Approves Parking Rules\n\n=====\n\nBy Ann Lee\n\nThe council approved new rules on Tuesday. The measures include:\n- a ban on parking in the high street, and\n  a new residents' zone;\n- higher fees at the station car park.\n\n## Reaction\nTraders said they would appeal.\n\n* * *\n\nThe rules take effect in May.\n")
	want := []string{
		"The council approved new rules on Tuesday. The measures include:",
		"- a ban on parking in the high street, and a new residents' zone;",
		"- higher fees at the station car park.",
		"Reaction",
		"Traders said they would appeal.",
		"The rules take effect in May.",
	}
	if a.Title != "Council Approves Parking Rules" || !slices.Equal(a.Byline, []string{"Ann Lee"}) || !slices.Equal(a.Paragraphs, want) {
		t.Errorf("title %q byline %q paragraphs\n%s", a.Title, a.Byline, strings.Join(a.Paragraphs, "\n"))
	}
}

func TestHeaderFields(t *testing.T) {
	a := parseString(t, "https://example.net/a/b\nStorm Hits Coast\nLanguage: de\n\nThe storm hit the coast.\n")
	if a.URL != "https://example.net/a/b" || a.Language != "de" || a.Title != "Storm Hits Coast" || len(a.Paragraphs) != 1 {
		t.Errorf("%+v", a)
	}
	// Words before a colon in the body are not header fields.
	a = parseString(t, "Storm Hits Coast\n\nThe storm hit the coast.\n\nSource: a council spokesman who asked not to be named because he was not authorised to speak.\n")
	if len(a.Paragraphs) != 2 || a.Site != "" {
		t.Errorf("%+v", a)
	}
}

// news.Sanitize's fast path stops at the first non-ASCII byte; feeds must
// strip control characters that come after one (found by FuzzParse).
func TestControlAfterNonASCII(t *testing.T) {
	for _, s := range []string{"café \x1b]52;c;ZXZpbA==\x07 au lait", "<0〰\x02", "naïve\u009b31m text", "ü\x00x"} {
		if got := sanitize(s); !sanitized(got) {
			t.Errorf("sanitize(%q) = %q", s, got)
		}
		a := parseText("Title é\x1b[2J\n\nBody ü\x1b]8;;http://evil\x07link\x1b]8;;\x07 " + s + ".\n")
		finalize(&a)
		assertClean(t, a)
	}
}

// Line endings and encodings of the same dump do not change the article:
// CRLF, a UTF-8 BOM and UTF-16 with a BOM give what LF UTF-8 gives.
func TestSeedEncodingsAgree(t *testing.T) {
	dir := newstest.DataDir(t, "seeds")
	for _, name := range []string{"000_fbd83e62e615d0ef.txt", "002_0e0766ed69e2ed85.txt"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		must(t, err)
		want, err := Parse(context.Background(), name, data)
		must(t, err)
		crlf := []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
		bom := append([]byte{0xEF, 0xBB, 0xBF}, data...)
		u16 := []byte{0xFF, 0xFE}
		for _, r := range string(data) {
			u16 = append(u16, byte(r), byte(r>>8)) // the seeds are in the BMP
		}
		for label, in := range map[string][]byte{"crlf": crlf, "bom": bom, "utf16": u16} {
			got, err := Parse(context.Background(), name, in)
			if err != nil {
				t.Errorf("%s %s: %v", name, label, err)
				continue
			}
			if !slices.Equal(got[0].Paragraphs, want[0].Paragraphs) || got[0].Title != want[0].Title || got[0].ID != want[0].ID {
				t.Errorf("%s %s: differs from the LF UTF-8 parse", name, label)
			}
		}
	}
}
