package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/verso-news/verso/news"
)

// TestSeedQueries runs the query language of DESIGN.md on the two seeds plus
// one unrelated article on Afghanistan (a second story, so that the topic
// Afghanistan is kept).
func TestSeedQueries(t *testing.T) {
	ctx := context.Background()
	in := seedInputs(t)
	other := afghanArticle(t).Article
	if !slices.Contains(other.Topics, "Afghanistan") {
		t.Fatalf("Analyze gave the extra article topics %v, want Afghanistan among them", other.Topics)
	}
	in = append(in, Input{Article: other, ContentHash: "other"})
	s := openTemp(t)
	if _, err := s.Import(ctx, in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	a, b := in[0].Article.ID, in[1].Article.ID
	c := news.ComputeID(other.Title, other.Paragraphs)
	sorted := func(ids ...string) []string { return sortedIDs(c, ids...) }

	tests := []struct {
		q    string
		want []string // ids, newest first (ties by id descending)
	}{
		{"", sorted(a, b, c)},
		{"lavrov", sorted(a, b)},
		{`"hasty withdrawal"`, sorted(a, b)},
		{`lavrov "hasty withdrawal" -biden taliban*`, sorted(a, b)},
		{"-lavrov", []string{c}},
		{"title:afghanistan", sorted(a, b)},
		{"title:kabul", []string{c}},
		{"title:failed", []string{b}},
		{`title:"mission in afghanistan"`, []string{b}},
		{"by:afp", []string{a}},
		{"site:moscowtimes", []string{a}},
		{"site:kabul -title:reopens", nil},
		{`entity:"Sergei Lavrov"`, sorted(a, b)},
		{"entity:lavrov", sorted(a, b)},
		{"entity:rakhmon", nil},
		{`entity:"Emomali Rakhmon"`, sorted(a, b)},
		{"said:lavrov", sorted(a, b)},
		{`said:"sergei lavrov"`, sorted(a, b)},
		{"said:rakhmon", nil},
		{"quote:mission", []string{b}},
		{"quote:unprecedented", sorted(a, b)},
		{"topic:afghanistan", sorted(a, b, c)},
		{"topic:kabul", []string{c}}, // one story: no topic in lists, but topic: finds any stored label
		{"after:2021-07-01 before:2021-08-01", sorted(a, b)},
		{"on:2021-07-16", sorted(a, b)},
		{"on:2021-07", sorted(a, b)},
		{"before:2021-07-16", nil},
		{"after:2021-07-17", nil},
		{"is:unread", sorted(a, b, c)},
		{"is:read", nil},
		{"is:starred", nil},
		{"has:versions", sorted(a, b)},
		{"-has:versions", []string{c}},
		{`lavrov -"mission failed"`, []string{a}},
		{`kabul OR "mission failed"`, sorted(b, c)},
		{`kabul OR said:lavrov`, sorted(a, b, c)},
		{"taliban* airport", nil},
		{"U.S.", sorted(a, b)},
	}
	for _, tt := range tests {
		p, err := s.List(ctx, ListOptions{Query: tt.q, Limit: 10})
		if err != nil {
			t.Errorf("List(%q): %v", tt.q, err)
			continue
		}
		var got []string
		for _, it := range p.Items {
			got = append(got, it.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("List(%q) = %v, want %v", tt.q, got, tt.want)
		}
		n, err := s.Count(ctx, ListOptions{Query: tt.q})
		if err != nil || n != len(tt.want) {
			t.Errorf("Count(%q) = %d, %v; want %d", tt.q, n, err, len(tt.want))
		}
	}

	// Reading state.
	if err := s.SetRead(ctx, a[:8], true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, b, true); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{"is:read": {a}, "is:unread": sorted(b, c), "is:starred": {b}, "is:starred is:read": nil} {
		p, err := s.List(ctx, ListOptions{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range p.Items {
			got = append(got, it.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("after SetRead/SetStarred: List(%q) = %v, want %v", q, got, want)
		}
	}
	if err := s.SetRead(ctx, "ffffffffffff", true); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetRead(unknown) = %v", err)
	}

	// Topic filter and topics.
	p, err := s.List(ctx, ListOptions{Topic: "Afghanistan"})
	if err != nil || len(p.Items) != 3 {
		t.Fatalf("List(Topic: Afghanistan) = %d items, %v", len(p.Items), err)
	}
	topics, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tc := range topics {
		if tc.Label == "Afghanistan" && tc.Kind == "auto" && tc.Count == 3 {
			found = true
		}
		if tc.Label == "Taliban" {
			t.Errorf("Taliban occurs in one story only, yet is listed: %+v", tc)
		}
	}
	if !found {
		t.Errorf("topics %+v lack Afghanistan (auto, 3)", topics)
	}
	art, err := s.Article(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(art.Topics, "Afghanistan") || slices.Contains(art.Topics, "Taliban") {
		t.Errorf("Article topics %v: want Afghanistan kept and one-story topics dropped", art.Topics)
	}
	ents, err := s.Entities(ctx, 5)
	if err != nil || len(ents) == 0 {
		t.Fatalf("Entities: %v %v", ents, err)
	}
	if ents[0].Articles < 2 {
		t.Errorf("top entity %+v should be in at least two articles", ents[0])
	}

	// Search: best first, highlighted snippets.
	hits, err := s.Search(ctx, "mission failed", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].ID != b || !strings.Contains(hits[0].Snippet, HighlightStart+"mission"+HighlightEnd) {
		t.Errorf("Search(mission failed) = %+v", hits)
	}
	hits, err = s.Search(ctx, "afghanistan", 10)
	if err != nil || len(hits) != 3 {
		t.Fatalf("Search(afghanistan) = %d hits, %v", len(hits), err)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hits not best first: %v then %v", hits[i-1].Score, hits[i].Score)
		}
	}
	hits, err = s.Search(ctx, "site:moscowtimes", 10)
	if err != nil || len(hits) != 1 || !strings.HasPrefix(hits[0].Snippet, "Russia on Friday") {
		t.Errorf("Search(site:moscowtimes) = %+v, %v", hits, err)
	}
	// said: is answered by a quotation of that speaker, not the lead.
	hits, err = s.Search(ctx, "said:lavrov", 10)
	if err != nil || len(hits) < 2 {
		t.Fatalf("Search(said:lavrov) = %d hits, %v", len(hits), err)
	}
	for _, h := range hits {
		if !strings.HasPrefix(h.Snippet, "“") || !strings.HasSuffix(h.Snippet, "— Sergei Lavrov") {
			t.Errorf("said:lavrov snippet %q: want a Lavrov quotation", h.Snippet)
		}
	}
	// quote: is answered by the quotation that matches, not the
	// narration around the word elsewhere in the body.
	hits, err = s.Search(ctx, "quote:mission", 10)
	if err != nil || len(hits) == 0 {
		t.Fatalf("Search(quote:mission) = %d hits, %v", len(hits), err)
	}
	for _, h := range hits {
		if !strings.Contains(h.Snippet, "everyone understands that the "+HighlightStart+"mission"+HighlightEnd+" failed") {
			t.Errorf("quote:mission snippet %q: want the quotation", h.Snippet)
		}
	}
	var qe *QueryError
	if _, err := s.Search(ctx, "after:2021-13-45", 10); !errors.As(err, &qe) || qe.Pos != 6 {
		t.Errorf("bad date: %v", err)
	}
	if _, err := s.List(ctx, ListOptions{Query: "foo:bar"}); !errors.As(err, &qe) || qe.Pos != 0 {
		t.Errorf("unknown field: %v", err)
	}
}

// sortedIDs orders ids as List does: the seeds share 2021-07-16, so by id
// descending, and the undated article last.
func sortedIDs(undated string, ids ...string) []string {
	var dated []string
	last := false
	for _, id := range ids {
		if id == undated {
			last = true
			continue
		}
		dated = append(dated, id)
	}
	slices.Sort(dated)
	slices.Reverse(dated)
	if last {
		dated = append(dated, undated)
	}
	return dated
}
