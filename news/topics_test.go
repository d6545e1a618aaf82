package news_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/eval"
	"github.com/verso-news/verso/news/gazetteer"
	"github.com/verso-news/verso/news/newstest"
)

// keyTerms returns the article's lowercase topics: key terms, not names.
func keyTerms(a *news.Article) []string {
	var out []string
	for _, t := range a.Topics {
		if t == strings.ToLower(t) {
			out = append(out, t)
		}
	}
	return out
}

// checkKeyTerms reports wanted key terms that are missing and unwanted ones
// that are present.
func checkKeyTerms(t *testing.T, name string, a *news.Article, want, notWant []string) {
	t.Helper()
	got := keyTerms(a)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s: key terms %v lack %q (topics %v)", name, got, w, a.Topics)
		}
	}
	for _, w := range notWant {
		if slices.Contains(got, w) {
			t.Errorf("%s: key terms %v include the common word %q", name, got, w)
		}
	}
}

// TestKeyTermsBackground: ordinary words that recur in an article are key
// terms only when they are not common in English at large; the background
// rank comes from the embedded word frequencies.
func TestKeyTermsBackground(t *testing.T) {
	gz := gazetteer.Default()
	for _, w := range []string{"user", "content", "service", "company", "title", "game", "source"} {
		if r := gz.Rank(w); r == 0 || r > 1000 {
			t.Errorf("Rank(%q) = %v, want a common word (1-1000)", w, r)
		}
	}
	for _, w := range []string{"drought", "vaccine", "ceasefire", "wildfire"} {
		if r := gz.Rank(w); r != 0 && r < 5000 {
			t.Errorf("Rank(%q) = %v, want a rare word", w, r)
		}
	}
	if gz.Rank("Lavrov") != 0 || gz.Rank("qzxv") != 0 {
		t.Error("Rank of a non-word should be 0")
	}

	cases := []struct {
		name          string
		a             news.Article
		want, notWant []string
	}{
		{
			name: "drought",
			a: news.Article{
				Title: "Drought forces water rationing as company service falters",
				Paragraphs: []string{
					"The drought has left reservoirs at a third of capacity, and the water company said its service to every user in the valley would be rationed from Monday.",
					"Farmers say the drought is the worst in forty years. The company posted the content of its service plan online, and each user can check the title of their zone.",
					"Officials said the drought could last into the autumn. The service will restrict each user to a fixed allowance, the company said, and the content of the plan may change.",
					"Wildfire crews are on alert because the drought has dried the hills. The company will update its service page, and every user will get a message.",
				},
			},
			want:    []string{"drought"},
			notWant: []string{"company", "service", "user", "content", "title"},
		},
		{
			name: "election",
			a: news.Article{
				Title: "Opposition wins snap election as turnout rises",
				Paragraphs: []string{
					"The opposition won Sunday's snap election by a wide margin, the electoral commission said, after a campaign dominated by inflation and the cost of energy.",
					"Turnout in the election was the highest in two decades. Inflation reached nine percent in the spring, and the governing party had promised the election would settle the question.",
					"Observers said the election was free and fair. The new government is expected to take office next month.",
				},
			},
			want:    []string{"election"},
			notWant: []string{"government", "question"},
		},
	}
	for _, c := range cases {
		news.Analyze(&c.a)
		checkKeyTerms(t, c.name, &c.a, c.want, c.notWant)
	}
}

// TestKeyTermsMozilla: on real web pages of the Readability test set,
// words that used to be listed as topics (title, game, user, service,
// company) are not key terms any more, while the subjects of the pages are.
func TestKeyTermsMozilla(t *testing.T) {
	dir := newstest.DataDir(t, "readability-mozilla")
	cases := []struct {
		page          string
		want, notWant []string
	}{
		{"engadget", []string{"console"}, []string{"title", "game"}},                             // Xbox One X review
		{"keep-images", []string{"drug"}, []string{"user", "service"}},                           // Inside the Deep Web Drug Lab
		{"nytimes-2", nil, []string{"company"}},                                                  // Yahoo's sale to Verizon
		{"wikipedia", nil, []string{"source", "content", "user"}},                                // Mozilla - Wikipedia
		{"seattletimes-1", []string{"halibut"}, []string{"company", "store"}},                    // Alaskan halibut and Amazon
		{"mozilla-1", nil, []string{"user", "content", "service", "company", "title", "source"}}, // Firefox page
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.page, "source.html")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v", c.page, err)
			continue
		}
		a, err := feeds.ParseHTML(context.Background(), data, path)
		if err != nil {
			t.Errorf("%s: %v", c.page, err)
			continue
		}
		news.Analyze(&a)
		t.Logf("%s (%q): topics %v", c.page, a.Title, a.Topics)
		checkKeyTerms(t, c.page, &a, c.want, c.notWant)
	}
}

// TestKeyTermsGUM: on the Wikinews articles of GUM, a specific subject
// (asylum) is still a key term.
func TestKeyTermsGUM(t *testing.T) {
	dir := newstest.DataDir(t, "gum-wikinews")
	docs, err := eval.LoadGUM(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range docs {
		if !strings.Contains(d.Name, "questionnaire") {
			continue
		}
		found = true
		a := news.Article{Title: d.Title, Paragraphs: d.Paragraphs}
		news.Analyze(&a)
		t.Logf("%s (%q): topics %v", d.Name, a.Title, a.Topics)
		checkKeyTerms(t, d.Name, &a, []string{"asylum"}, []string{"government", "process", "interview"})
	}
	if !found {
		t.Skip("GUM_news_questionnaire not in the data set")
	}
}

// An organisation named for a belief the article also names is one topic,
// the belief; one named for a place stays beside the place.
func TestOrganisationOfABeliefIsOneTopic(t *testing.T) {
	a := &news.Article{Title: "Hackers attack Church of Scientology website", Paragraphs: []string{
		"Hackers attacked the website of the Church of Scientology on Monday, the Church of Scientology said.",
		"Critics of Scientology said the attack followed a video about Scientology.",
		"The Church of England and the University of Toronto were not affected, and England stayed calm.",
	}}
	news.Analyze(a)
	if slices.Contains(a.Topics, "Church of Scientology") || !slices.Contains(a.Topics, "Scientology") {
		t.Errorf("topics %q, want Scientology and not Church of Scientology", a.Topics)
	}
}
