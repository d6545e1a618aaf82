package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/verso-news/verso/news"
)

func TestReindexRewritesDerivedData(t *testing.T) {
	ctx := context.Background()
	in := seedInputs(t)
	// Import without analysis, then let Reindex add it.
	bare := make([]Input, len(in))
	for i, x := range in {
		bare[i] = x
		bare[i].Article.Entities, bare[i].Article.Quotes, bare[i].Article.Topics = nil, nil, nil
	}
	s := openTemp(t)
	if _, err := s.Import(ctx, bare, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count(ctx, ListOptions{Query: "said:lavrov"}); n != 0 {
		t.Fatalf("said:lavrov before analysis: %d", n)
	}
	n, err := s.Reindex(ctx, news.Analyze)
	if err != nil || n != 2 {
		t.Fatalf("Reindex = %d, %v", n, err)
	}
	for _, q := range []string{"said:lavrov", `entity:"Sergei Lavrov"`, "quote:unprecedented"} {
		if n, err := s.Count(ctx, ListOptions{Query: q}); err != nil || n != 2 {
			t.Errorf("after reindex Count(%q) = %d, %v", q, n, err)
		}
	}
	a, err := s.Article(ctx, in[0].Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Entities) == 0 || len(a.Quotes) == 0 {
		t.Errorf("article after reindex: %d entities, %d quotes", len(a.Entities), len(a.Quotes))
	}
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if got := string([]rune(a.Paragraphs[m.Paragraph])[m.Start:m.End]); got != m.Text {
				t.Fatalf("mention %+v reads back as %q", m, got)
			}
		}
	}
	// A second reindex with an analyser that finds nothing empties the
	// derived tables and counters again.
	if _, err := s.Reindex(ctx, func(*news.Article) {}); err != nil {
		t.Fatal(err)
	}
	ents, err := s.Entities(ctx, 0)
	if err != nil || len(ents) != 0 {
		t.Errorf("entities after empty reindex: %v, %v", ents, err)
	}
	if n, _ := s.Count(ctx, ListOptions{Query: "said:lavrov"}); n != 0 {
		t.Errorf("said:lavrov after empty reindex: %d", n)
	}
	if n, _ := s.Count(ctx, ListOptions{Query: "lavrov"}); n != 2 {
		t.Errorf("body search after reindex: %d", n)
	}
	checkConsistent(t, s)
}

func TestManyArticleFileIsKnownOnlyWhenComplete(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 6, 5)
	for i := range in {
		in[i].Article.Source.Path = "/feeds/world.xml"
		in[i].ContentHash = "feedhash"
		in[i].More = i < len(in)-1
	}
	s := openTemp(t)
	// The first half arrives, then the import stops.
	if _, err := s.Import(ctx, in[:3], ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Known(ctx, "/feeds/world.xml", "feedhash"); ok {
		t.Fatal("a half-imported file is reported known")
	}
	res, err := s.Import(ctx, in, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 3 || res.New+res.NewVersions != 3 {
		t.Fatalf("resume: %+v", res)
	}
	if ok, _ := s.Known(ctx, "/feeds/world.xml", "feedhash"); !ok {
		t.Fatal("a complete file is not known")
	}
	// Items of one file are not versions of each other because of the path.
	p, err := s.List(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	stories := map[string]bool{}
	for _, it := range p.Items {
		stories[it.Story] = true
	}
	if len(stories) < 3 {
		t.Errorf("six feed items in %d stories", len(stories))
	}
	// The file changes (an item added): old items are unchanged, the new
	// one is new, and nothing is joined by path.
	extra := corpusInputs(t, 7, 99)[6]
	extra.Article.Source.Path = "/feeds/world.xml"
	changed := append(slices.Clone(in), extra)
	for i := range changed {
		changed[i].ContentHash = "feedhash2"
		changed[i].More = i < len(changed)-1
	}
	res, err = s.Import(ctx, changed, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 6 || res.New != 1 {
		t.Errorf("changed feed: %+v", res)
	}
}

// However a reindex is cut short, it says it was cancelled.
func TestReindexCancelledSaysSo(t *testing.T) {
	s := openTemp(t)
	s.batchSize = 100
	if _, err := s.Import(context.Background(), corpusInputs(t, 600, 31), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, delay := range []time.Duration{0, 5 * time.Millisecond, 20 * time.Millisecond, 60 * time.Millisecond} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(delay, cancel)
		_, err := s.Reindex(ctx, news.Analyze)
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled after %v: %v, want context.Canceled", delay, err)
		}
	}
	checkConsistent(t, s)
}
