package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

// fakeSource is an in-memory Source for model tests: newest first with a
// keyset cursor, substring "search" with highlight markers, paged by
// cursor (each cursor stands for the number of results before it), and a
// query error for an unbalanced quote, like the store reports.
type fakeSource struct {
	mu       sync.Mutex
	arts     []news.Article
	read     map[string]bool
	starred  map[string]bool
	topics   []store.TopicCount
	listCall int
	cursors  map[*store.SearchCursor]int
}

func newFakeSource(arts ...news.Article) *fakeSource {
	f := &fakeSource{read: map[string]bool{}, starred: map[string]bool{}, cursors: map[*store.SearchCursor]int{}}
	f.arts = arts
	counts := map[string]int{}
	for _, a := range arts {
		for _, t := range a.Topics {
			counts[t]++
		}
	}
	for t, n := range counts {
		f.topics = append(f.topics, store.TopicCount{Label: t, Kind: "auto", Count: n})
	}
	sort.Slice(f.topics, func(i, j int) bool { return f.topics[i].Label < f.topics[j].Label })
	return f
}

func pubKey(a *news.Article) int64 {
	if a.Published == nil {
		return -1 << 62
	}
	return a.Published.Unix()
}

func (f *fakeSource) sorted(opts store.ListOptions) []news.Article {
	var out []news.Article
	// "is:unread" in front of a query narrows it, as in the store
	q, unread := strings.CutPrefix(opts.Query, "is:unread")
	opts.Query = strings.TrimSpace(q)
	for _, a := range f.arts {
		// the store matches a topic by its folded label, whatever its kind
		if opts.Topic != "" && !slices.ContainsFunc(a.Topics, func(t string) bool { return strings.EqualFold(t, opts.Topic) }) {
			continue
		}
		if unread && f.read[a.ID] {
			continue
		}
		if opts.Query != "" && !strings.Contains(strings.ToLower(a.Title+" "+a.Text()), strings.ToLower(opts.Query)) {
			continue
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		pi, pj := pubKey(&out[i]), pubKey(&out[j])
		if pi != pj {
			return pi > pj
		}
		return out[i].ID > out[j].ID
	})
	return out
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func (f *fakeSource) summary(a *news.Article) store.Summary {
	n := 0
	for _, b := range f.arts {
		if b.Story == a.Story {
			n++
		}
	}
	return store.Summary{
		ID: a.ID, Story: a.Story, Title: a.Title, Site: a.Site, Byline: a.Byline, URL: a.URL,
		Published: a.Published, DateSource: a.DateSource, Versions: n,
		Read: f.read[a.ID], Starred: f.starred[a.ID], Topics: a.Topics,
	}
}

func (f *fakeSource) List(ctx context.Context, opts store.ListOptions) (store.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listCall++
	all := f.sorted(opts)
	start := 0
	if c := opts.After; c != nil {
		for start < len(all) {
			a := &all[start]
			p := pubKey(a)
			if p < c.Published || p == c.Published && a.ID < c.ID {
				break
			}
			start++
		}
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = 50
	}
	end := min(start+limit, len(all))
	var p store.Page
	for i := start; i < end; i++ {
		p.Items = append(p.Items, f.summary(&all[i]))
	}
	if end < len(all) {
		last := &all[end-1]
		p.Next = &store.Cursor{Published: pubKey(last), ID: last.ID}
	}
	return p, nil
}

func (f *fakeSource) Count(ctx context.Context, opts store.ListOptions) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sorted(opts)), nil
}

// SearchPage pages through what search finds, at most searchMax results.
func (f *fakeSource) SearchPage(ctx context.Context, opts store.SearchOptions) (store.HitPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	hits, err := f.search(opts.Query, searchMax)
	if err != nil {
		return store.HitPage{}, err
	}
	start := 0
	if opts.After != nil {
		var ok bool
		if start, ok = f.cursors[opts.After]; !ok {
			return store.HitPage{}, fmt.Errorf("search %q: not a cursor of this source", opts.Query)
		}
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = 50
	}
	end := min(start+limit, len(hits))
	page := store.HitPage{Hits: hits[start:end]}
	if end < len(hits) {
		page.Next = &store.SearchCursor{}
		f.cursors[page.Next] = end
	}
	return page, nil
}

func (f *fakeSource) search(q string, limit int) ([]store.Hit, error) {
	if strings.Count(q, `"`)%2 == 1 {
		return nil, &store.QueryError{Query: q, Pos: strings.LastIndex(q, `"`), Msg: "unclosed quote"}
	}
	term := strings.ToLower(strings.Trim(q, `"`))
	var hits []store.Hit
	for _, a := range f.sorted(store.ListOptions{}) {
		text := a.Title + " " + a.Text()
		i := strings.Index(strings.ToLower(text), term)
		if i < 0 {
			continue
		}
		lo := max(i-30, 0)
		hi := min(i+len(term)+40, len(text))
		snip := text[lo:i] + store.HighlightStart + text[i:i+len(term)] + store.HighlightEnd + text[i+len(term):hi]
		hits = append(hits, store.Hit{Summary: f.summary(&a), Snippet: snip})
		if len(hits) == limit {
			break
		}
	}
	return hits, nil
}

func (f *fakeSource) Article(ctx context.Context, id string) (*news.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.arts {
		if f.arts[i].ID == id {
			a := f.arts[i]
			a.Versions = nil
			for _, b := range f.arts {
				if b.Story == a.Story && b.ID != a.ID {
					a.Versions = append(a.Versions, news.VersionRef{ID: b.ID, Title: b.Title, Published: b.Published})
				}
			}
			return &a, nil
		}
	}
	return nil, fmt.Errorf("no article %s", id)
}

func (f *fakeSource) Versions(ctx context.Context, id string) ([]news.Article, error) {
	a, err := f.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []news.Article
	for _, b := range f.arts {
		if b.Story == a.Story {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return pubKey(&out[i]) < pubKey(&out[j]) })
	return out, nil
}

func (f *fakeSource) Topics(ctx context.Context) ([]store.TopicCount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.TopicCount(nil), f.topics...), nil
}

func (f *fakeSource) SetRead(ctx context.Context, id string, read bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.read[id] = read
	return nil
}

func (f *fakeSource) MarkAllRead(ctx context.Context, opts store.ListOptions) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var n int64
	for _, a := range f.sorted(opts) {
		if !f.read[a.ID] {
			f.read[a.ID] = true
			n++
		}
	}
	return n, nil
}

func (f *fakeSource) SetStarred(ctx context.Context, id string, starred bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starred[id] = starred
	return nil
}

func tp(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// seedLike returns a small corpus shaped like the two seeds: one AFP story
// in two versions (the later one with a new headline, an added paragraph
// and no date of its own), plus unrelated articles on other days.
func seedLike() []news.Article {
	p1 := []string{
		"Russian Foreign Minister Sergei Lavrov said Friday that the U.S. withdrawal from Afghanistan was a failure.",
		`"The mission has failed," Lavrov told reporters in Tashkent, adding that the situation was deteriorating.`,
		"Tajik President Emomali Rakhmon met NATO officials last week.",
	}
	p2 := []string{
		"Russian Foreign Minister Sergei Lavrov said Friday that the U.S. withdrawal from Afghanistan was a failure.",
		`"The mission has failed," Lavrov told reporters in Tashkent, adding that the situation was rapidly deteriorating.`,
		`He criticised the "hasty withdrawal" of NATO troops.`,
		"Tajik President Emomali Rakhmon met NATO officials last week.",
	}
	ents := func(paras []string) []news.Entity {
		var out []news.Entity
		add := func(name string, t news.EntityType, needle string) {
			e := news.Entity{Name: name, Type: t}
			for i, p := range paras {
				if j := strings.Index(p, needle); j >= 0 {
					st := len([]rune(p[:j]))
					e.Mentions = append(e.Mentions, news.Mention{Paragraph: i, Start: st, End: st + len([]rune(needle)), Text: needle})
				}
			}
			if len(e.Mentions) > 0 {
				out = append(out, e)
			}
		}
		add("Sergei Lavrov", news.Person, "Sergei Lavrov")
		add("Tashkent", news.Place, "Tashkent")
		add("NATO", news.Organization, "NATO")
		add("Emomali Rakhmon", news.Person, "Emomali Rakhmon")
		return out
	}
	quote := func(paras []string, p int, text string) news.Quote {
		j := strings.Index(paras[p], text)
		st := len([]rune(paras[p][:j]))
		return news.Quote{Text: text, Speaker: "Sergei Lavrov", Cue: "told", Paragraph: p, Start: st, End: st + len([]rune(text))}
	}
	a1 := news.Article{
		ID: "a1000000000000001", Story: "s1", Title: "Lavrov Says U.S. Mission in Afghanistan Has Failed",
		Byline: []string{"AFP"}, Site: "The Moscow Times", URL: "https://www.themoscowtimes.com/2021/07/16/lavrov-afghanistan",
		Published: tp("2021-07-16T10:00:00Z"), DateSource: news.DateExplicit,
		Paragraphs: p1, Entities: ents(p1), Quotes: []news.Quote{quote(p1, 1, `"The mission has failed,"`)},
		Topics: []string{"afghanistan", "russia"},
	}
	a2 := news.Article{
		ID: "a2000000000000002", Story: "s1", Title: "Russia Says U.S. Afghan Mission Failed, Warns of Hasty Withdrawal",
		Byline: []string{"AFP"}, Site: "The Moscow Times",
		Published: tp("2021-07-17T09:30:00Z"), DateSource: news.DateInferred, DateReason: "from the earlier version",
		Paragraphs: p2, Entities: ents(p2), Quotes: []news.Quote{quote(p2, 1, `"The mission has failed,"`), quote(p2, 2, `"hasty withdrawal"`)},
		Topics: []string{"afghanistan", "russia"},
	}
	a3 := news.Article{
		ID: "a3000000000000003", Story: "s3", Title: "Wikinews: Solar eclipse seen across the Pacific",
		Site: "Wikinews", URL: "https://en.wikinews.org/wiki/Eclipse", Published: tp("2021-07-17T18:45:00Z"), DateSource: news.DateExplicit,
		Paragraphs: []string{"A total solar eclipse was visible across the Pacific on Saturday."},
		Topics:     []string{"science"},
	}
	a4 := news.Article{
		ID: "a4000000000000004", Story: "s4", Title: "Undated note about the archive",
		Site: "local", Paragraphs: []string{"This file had no date anywhere."}, DateSource: news.DateUnknown,
	}
	return []news.Article{a1, a2, a3, a4}
}

// hostile is an article whose every field tries to drive the terminal.
func hostile() news.Article {
	evil := "\x1b]52;c;cHduZWQ=\x07\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\x1b[0m \u009b31m c1 \u009d0;title\u009c &#27;[2J &#x1b;]0;x\x07 \x1bP+q\x1b\\"
	return news.Article{
		ID: "e0000000000000666", Story: "s666", Title: "Evil " + evil, Byline: []string{"By " + evil}, Site: "evil" + evil,
		URL: "javascript:alert(1)", Published: tp("2021-07-15T08:00:00Z"), DateSource: news.DateFile, DateReason: evil,
		Paragraphs:   []string{"Body " + evil, "# not a heading *not bold* [link](http://x) <b>html</b> `code`"},
		Captions:     []string{"Caption " + evil},
		RelatedLinks: []news.Link{{Text: "rel " + evil, URL: "http://x/" + evil}},
		Entities:     []news.Entity{{Name: "Evil" + evil, Type: news.Person, Mentions: []news.Mention{{Paragraph: 0, Start: 0, End: 4}}}},
		Quotes:       []news.Quote{{Text: "Body", Speaker: "Mallory " + evil, Paragraph: 0, Start: 0, End: 4}},
		Topics:       []string{"evil" + evil},
	}
}
