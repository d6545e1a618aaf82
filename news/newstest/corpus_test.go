package newstest

import (
	"testing"

	"github.com/verso-news/verso/news"
)

func TestCorpus(t *testing.T) {
	var arts []news.Article
	if err := Corpus(500, 1, func(a news.Article) error { arts = append(arts, a); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(arts) != 500 {
		t.Fatalf("%d articles, want 500", len(arts))
	}
	ids := map[string]bool{}
	versions, undated, quotes := 0, 0, 0
	for i, a := range arts {
		if ids[a.ID] {
			t.Fatalf("article %d: duplicate id %s", i, a.ID)
		}
		ids[a.ID] = true
		if a.Title == "" || len(a.Paragraphs) < 5 || a.Site == "" || a.URL == "" {
			t.Fatalf("article %d incomplete: %+v", i, a)
		}
		if a.Published == nil {
			undated++
		}
		if i > 0 && arts[i-1].URL[:30] == a.URL[:30] {
			versions++
		}
		quotes += len(a.Quotes)
		for _, e := range a.Entities {
			for _, m := range e.Mentions {
				p := []rune(a.Paragraphs[m.Paragraph])
				if string(p[m.Start:m.End]) != m.Text {
					t.Fatalf("article %d: mention %+v does not match %q", i, m, string(p[m.Start:m.End]))
				}
			}
		}
		for _, q := range a.Quotes {
			p := []rune(a.Paragraphs[q.Paragraph])
			if string(p[q.Start:q.End]) != q.Text || q.Speaker == "" {
				t.Fatalf("article %d: quote %+v does not match", i, q)
			}
		}
	}
	if quotes == 0 || undated == 0 {
		t.Errorf("want quotes and some undated versions: %d quotes, %d undated", quotes, undated)
	}
	// Same seed, same corpus.
	var again []string
	Corpus(20, 1, func(a news.Article) error { again = append(again, a.ID); return nil })
	for i, id := range again {
		if arts[i].ID != id {
			t.Fatalf("article %d differs between runs", i)
		}
	}
}

func BenchmarkCorpus(b *testing.B) {
	n := 0
	for b.Loop() {
		Corpus(10000, int64(n), func(news.Article) error { return nil })
		n++
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "articles/s")
}
