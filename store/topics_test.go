package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// afghanArticle is a second story on Afghanistan beside the seeds, so that
// the topic recurs across two stories.
func afghanArticle(t *testing.T) Input {
	t.Helper()
	a := news.Article{
		Title: "Kabul Airport Reopens to Domestic Flights",
		Paragraphs: []string{
			"Kabul airport reopened to domestic flights on Saturday, officials in Afghanistan said, after weeks of closure that stranded thousands of travellers across the country.",
			"The airport authority said flights to Kandahar, Herat and Mazar-i-Sharif would resume first, with international routes expected later in the month once repairs to the runway and the terminal building are finished.",
		},
		Site:   "Kabul Daily",
		Source: news.Source{Path: "/tmp/other.txt", Kind: news.KindText},
	}
	news.Analyze(&a)
	return Input{Article: a, ContentHash: "other"}
}

// mozillaInputs parses and analyses the source.html of up to n pages of the
// Mozilla Readability set, as `verso import` does.
func mozillaInputs(t *testing.T, n int) []Input {
	t.Helper()
	dir := newstest.DataDir(t, "readability-mozilla")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []Input
	for _, e := range entries {
		if len(out) == n {
			break
		}
		path := filepath.Join(dir, e.Name(), "source.html")
		raw, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		arts, err := feeds.Parse(context.Background(), path, raw)
		if err != nil {
			continue
		}
		for i := range arts {
			news.Analyze(&arts[i])
			out = append(out, Input{Article: arts[i], ContentHash: fmt.Sprintf("moz-%s-%d", e.Name(), i)})
		}
	}
	return out
}

// storedTopic is one (label, article) row with the label's counters.
type storedTopic struct {
	label           string
	weight          float64
	articles, story int64
}

// autoRows reads every article's auto topics straight from the tables.
func autoRows(t *testing.T, s *Store) (map[string][]storedTopic, int64) {
	t.Helper()
	ctx := context.Background()
	var n int64
	if err := s.r.QueryRowContext(ctx, "SELECT MAX(seq) FROM articles").Scan(&n); err != nil {
		t.Fatal(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, st.label, t.weight, st.articles, st.stories FROM topics t
		JOIN topic_stats st USING (label_key, kind) JOIN articles a ON a.seq = t.article WHERE t.kind = 'auto'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]storedTopic{}
	for rows.Next() {
		var id string
		var r storedTopic
		if err := rows.Scan(&id, &r.label, &r.weight, &r.articles, &r.story); err != nil {
			t.Fatal(err)
		}
		out[id] = append(out[id], r)
	}
	return out, n
}

// TestTopicWeightsOnRealData imports the seeds, a second Afghanistan story
// and Mozilla test pages, and checks that every article shows its best auto
// topics by salience × idf, that Afghanistan stays a topic of the seeds,
// and that topic: still finds labels the lists leave out.
func TestTopicWeightsOnRealData(t *testing.T) {
	ctx := context.Background()
	in := append(seedInputs(t), afghanArticle(t))
	in = append(in, mozillaInputs(t, 60)...)
	s := openTemp(t)
	if _, err := s.Import(ctx, in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	checkConsistent(t, s)

	byID, n := autoRows(t, s)
	for _, inp := range in {
		a := inp.Article
		if len(a.TopicScores) != len(a.Topics) {
			t.Fatalf("%s: %d topic scores for %d topics", a.Title, len(a.TopicScores), len(a.Topics))
		}
		if len(a.Topics) > 0 && slices.Max(a.TopicScores) != 1 {
			t.Errorf("%s: scores %v, want the best at 1", a.Title, a.TopicScores)
		}
	}
	checked := 0
	for id, rows := range byID {
		var want []storedTopic
		for _, r := range rows {
			if r.weight <= 0 || r.weight > 1 {
				t.Errorf("%s: %s has salience %g, want (0, 1]", id, r.label, r.weight)
			}
			if r.story >= 2 && !generalTopic(r.articles, n) {
				want = append(want, r)
			}
		}
		score := func(r storedTopic) float64 {
			return r.weight * math.Log(float64(n+1)/float64(r.articles+1))
		}
		sort.SliceStable(want, func(i, j int) bool {
			if si, sj := score(want[i]), score(want[j]); si != sj {
				return si > sj
			}
			return want[i].label < want[j].label
		})
		var labels []string
		for _, r := range want[:min(len(want), shownTopics)] {
			labels = append(labels, r.label)
		}
		art, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range art.Topics {
			if !slices.Contains(art.Categories, l) {
				got = append(got, l)
			}
		}
		if !slices.Equal(got, labels) {
			t.Errorf("%s (%s): topics %v, want %v (best by salience × idf of %+v)", id, art.Title, got, labels, want)
		}
		checked++
	}
	if checked < 40 {
		t.Fatalf("only %d articles with auto topics", checked)
	}

	// The seeds keep Afghanistan, in the sidebar and on the article.
	topics, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(topics, func(tc TopicCount) bool { return tc.Label == "Afghanistan" && tc.Kind == "auto" }) {
		t.Errorf("Topics() lacks Afghanistan: %+v", topics)
	}
	art, err := s.Article(ctx, in[0].Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(art.Topics, "Afghanistan") {
		t.Errorf("seed topics %v lack Afghanistan", art.Topics)
	}

	// A label of one story is no topic in lists, yet topic: finds it.
	var one string
	var oneCount int
	if err := s.r.QueryRowContext(ctx, `SELECT label, articles FROM topic_stats WHERE kind = 'auto' AND stories = 1
		ORDER BY articles DESC, label_key LIMIT 1`).Scan(&one, &oneCount); err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(topics, func(tc TopicCount) bool { return strings.EqualFold(tc.Label, one) }) {
		t.Errorf("Topics() lists %q, found in one story only", one)
	}
	p, err := s.List(ctx, ListOptions{Query: `topic:"` + one + `"`})
	if err != nil || len(p.Items) != oneCount {
		t.Errorf("topic:%q = %d items (%v), want %d", one, len(p.Items), err, oneCount)
	}
}

// scoredArticle is a synthetic article with the given auto topics and
// scores (nil scores: as read from JSON).
func scoredArticle(i int, topics []string, scores []float64) Input {
	a := news.Article{
		Title: fmt.Sprintf("Report number %d on matters of the day", i),
		Paragraphs: []string{fmt.Sprintf("Paragraph of article %d: %s.", i,
			strings.Repeat(fmt.Sprintf("w%dx%d ", i, i%7), 12))},
		Site:        "Example",
		Source:      news.Source{Path: fmt.Sprintf("/tmp/syn/%d.txt", i), Kind: news.KindText},
		Topics:      topics,
		TopicScores: scores,
	}
	a.ID = news.ComputeID(a.Title, a.Paragraphs)
	return Input{Article: a, ContentHash: fmt.Sprintf("syn-%d", i)}
}

// TestGeneralTopicsAndRanking: a label on every article of a large enough
// archive is no topic (but topic: finds it), a rarer label outranks a
// commoner one of equal salience, and at most shownTopics are shown.
func TestGeneralTopicsAndRanking(t *testing.T) {
	ctx := context.Background()
	build := func(n int) (*Store, []Input) {
		var in []Input
		for i := range n {
			topics := []string{"Example Media", "Energy", "Niche"}
			scores := []float64{1, 0.5, 0.5}
			if i%2 == 1 {
				topics, scores = topics[:2], scores[:2]
			}
			if i < 4 {
				// six candidates, the last three also recurring
				topics = append(topics, "Alpha", "Beta", "Gamma")
				scores = append(scores, 0.4, 0.3, 0.2)
			}
			if i >= n-2 {
				scores = nil // as from JSON: weight 1 each
			}
			in = append(in, scoredArticle(i, topics, scores))
		}
		s := openTemp(t)
		if _, err := s.Import(ctx, in, ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		checkConsistent(t, s)
		return s, in
	}
	listed := func(s *Store, label string) bool {
		ts, err := s.Topics(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(ts, func(tc TopicCount) bool { return tc.Label == label })
	}
	topicsOf := func(s *Store, in Input) []string {
		a, err := s.Article(ctx, in.Article.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a.Topics
	}

	// 220 articles: Example Media on all (general), Energy on all (general),
	// Niche on half (general too: 50% > 25%).
	big, in := build(220)
	for _, l := range []string{"Example Media", "Energy", "Niche"} {
		if listed(big, l) {
			t.Errorf("%s is on more than a quarter of 220 articles, yet listed", l)
		}
		p, err := big.List(ctx, ListOptions{Topic: l, Limit: 500})
		if err != nil || len(p.Items) < 110 {
			t.Errorf("topic %s: %d items, %v; want every article that has it", l, len(p.Items), err)
		}
	}
	if got := topicsOf(big, in[0]); !slices.Equal(got, []string{"Alpha", "Beta", "Gamma"}) {
		t.Errorf("article 0 topics %v, want the three specific ones, best first", got)
	}

	// 40 articles: too small to call anything general, so Example Media
	// and Energy stay listed; on every article their idf is 0 and they
	// rank last. The rare Alpha, Beta, Gamma of articles 0-3 (idf 2.1)
	// outrank Niche (half the articles, idf 0.67) despite lower salience,
	// and four are shown at most.
	small, in := build(40)
	if !listed(small, "Example Media") || !listed(small, "Energy") {
		t.Errorf("a 40-article archive lost its common topics")
	}
	if got := topicsOf(small, in[0]); !slices.Equal(got, []string{"Alpha", "Beta", "Gamma", "Niche"}) {
		t.Errorf("article 0 topics %v", got)
	}
	if got := topicsOf(small, in[10]); !slices.Equal(got, []string{"Niche", "Energy", "Example Media"}) {
		t.Errorf("article 10 topics %v", got)
	}
	// Unscored articles weigh 1 each.
	var w float64
	if err := small.r.QueryRowContext(ctx, `SELECT MIN(weight) FROM topics t JOIN articles a ON a.seq = t.article
		WHERE a.id = ?`, in[39].Article.ID).Scan(&w); err != nil || w != 1 {
		t.Errorf("unscored article: min weight %g, %v; want 1", w, err)
	}
}

// TestMigrateTopicWeights opens an index made before 0005 (no weight
// columns): old rows weigh 1, label sums equal their article counts, and
// reads work.
func TestMigrateTopicWeights(t *testing.T) {
	ctx := context.Background()
	in := append(seedInputs(t), afghanArticle(t))
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Back to schema 4, as an older verso left it.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ALTER TABLE topics DROP COLUMN weight", "ALTER TABLE topic_stats DROP COLUMN weight",
		"INSERT OR IGNORE INTO bands SELECT j.value, l.article FROM band_log l, json_each(l.keys) j",
		"DROP TABLE band_log", "DROP TABLE band_state", "DROP TABLE feeds", "PRAGMA user_version = 4"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v, bad, rows int
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v < 5 {
		t.Fatalf("user_version %d, %v", v, err)
	}
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*), COUNT(*) FILTER (WHERE weight <> 1) FROM topics").Scan(&rows, &bad); err != nil || rows == 0 || bad != 0 {
		t.Errorf("after migration: %d topic rows, %d without weight 1, %v", rows, bad, err)
	}
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM topic_stats WHERE weight <> articles").Scan(&bad); err != nil || bad != 0 {
		t.Errorf("after migration: %d labels whose weight is not their article count, %v", bad, err)
	}
	checkConsistent(t, s)
	art, err := s.Article(ctx, in[0].Article.ID)
	if err != nil || !slices.Contains(art.Topics, "Afghanistan") {
		t.Errorf("migrated index: topics %v, %v", art.Topics, err)
	}
	// New imports into the migrated index store their saliences.
	extra := scoredArticle(1, []string{"Afghanistan", "Kabul"}, []float64{1, 0.25})
	if _, err := s.Import(ctx, []Input{extra}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	checkConsistent(t, s)
	var w float64
	if err := s.r.QueryRowContext(ctx, `SELECT weight FROM topics t JOIN articles a ON a.seq = t.article
		WHERE a.id = ? AND t.label_key = ?`, extra.Article.ID, foldKey("Kabul")).Scan(&w); err != nil || w != 0.25 {
		t.Errorf("new import after migration: Kabul weight %g, %v", w, err)
	}
}
