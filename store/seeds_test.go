package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// seedInputs parses the two seed documents with feeds.Parse and analyses
// them with news.Analyze, as `verso import` does.
func seedInputs(t *testing.T) []Input {
	t.Helper()
	dir := newstest.DataDir(t, "seeds")
	var out []Input
	for _, name := range []string{"000_fbd83e62e615d0ef.txt", "002_0e0766ed69e2ed85.txt"} {
		path := filepath.Join(dir, name)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		arts, err := feeds.Parse(context.Background(), path, raw)
		if err != nil || len(arts) != 1 {
			t.Fatalf("parse %s: %d articles, %v", path, len(arts), err)
		}
		news.Analyze(&arts[0])
		sum := sha256.Sum256(raw)
		out = append(out, Input{Article: arts[0], ContentHash: hex.EncodeToString(sum[:])})
	}
	return out
}

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "verso.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSeedsOneStoryTwoVersions(t *testing.T) {
	ctx := context.Background()
	in := seedInputs(t)
	s := openTemp(t)
	res, err := s.Import(ctx, in, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{New: 1, NewVersions: 1}) {
		t.Fatalf("first import: %+v, want 1 new and 1 new version", res)
	}
	first, err := s.Article(ctx, in[0].Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Article(ctx, in[1].Article.ID[:6])
	if err != nil {
		t.Fatal(err)
	}
	if first.Story != second.Story {
		t.Fatalf("seeds in different stories: %s and %s", first.Story, second.Story)
	}
	if first.DateSource != news.DateExplicit || first.Published.Format("2006-01-02") != "2021-07-16" {
		t.Errorf("000 date: %v %v", first.DateSource, first.Published)
	}
	if second.DateSource != news.DateInferred || second.Published == nil || second.Published.Format("2006-01-02") != "2021-07-16" {
		t.Errorf("002 date: %v %v", second.DateSource, second.Published)
	}
	if !strings.Contains(second.DateReason, first.ID) || !strings.Contains(second.DateReason, "2021-07-16") {
		t.Errorf("002 date reason %q should name %s and its date", second.DateReason, first.ID)
	}
	if len(first.Versions) != 1 || first.Versions[0].ID != second.ID || first.Versions[0].Similarity < 0.6 {
		t.Errorf("000 versions: %+v", first.Versions)
	}
	if len(second.Paragraphs) != len(in[1].Article.Paragraphs) || second.Paragraphs[0] != in[1].Article.Paragraphs[0] {
		t.Errorf("paragraphs did not round-trip")
	}
	vs, err := s.Versions(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].ID != first.ID || vs[1].ID != second.ID {
		t.Fatalf("versions order: %v", ids(vs))
	}

	// A second import of the same files stores nothing.
	res, err = s.Import(ctx, in, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{Unchanged: 2}) {
		t.Fatalf("second import: %+v, want 2 unchanged", res)
	}
	for _, i := range in {
		if ok, err := s.Known(ctx, i.Article.Source.Path, i.ContentHash); err != nil || !ok {
			t.Errorf("Known(%s) = %v, %v", i.Article.Source.Path, ok, err)
		}
	}

	// The same path with changed content is a new version of that story,
	// even though this edit is small enough that content alone would also
	// say so; the next case checks the path rule on its own.
	changed := in[0]
	changed.Article.Paragraphs = append(append([]string{}, changed.Article.Paragraphs...), "A closing paragraph added in an update.")
	changed.Article.ID = news.ComputeID(changed.Article.Title, changed.Article.Paragraphs)
	changed.ContentHash = "changed"
	res, err = s.Import(ctx, []Input{changed}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{NewVersions: 1}) {
		t.Fatalf("changed file: %+v", res)
	}
	vs, err = s.Versions(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 {
		t.Fatalf("after change: %d versions, want 3", len(vs))
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 3 || st.Stories != 1 || st.ByKind["text"] != 3 || st.ByMonth["2021-07"] != 3 {
		t.Errorf("stats: %+v", st)
	}
}

func TestChangedPathJoinsStoryWithoutResemblance(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := news.Article{Title: "First", Paragraphs: []string{"Completely different words about the harbour opening and the new ferry timetable this spring."},
		Source: news.Source{Path: "/x/a.txt", Kind: news.KindText}}
	if _, err := s.Import(ctx, []Input{{Article: a, ContentHash: "h1"}}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	b := a
	b.Title = "Second"
	b.Paragraphs = []string{"Nothing in common with the earlier text at all, a rewrite from scratch by another desk entirely."}
	res, err := s.Import(ctx, []Input{{Article: b, ContentHash: "h2"}}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.NewVersions != 1 {
		t.Fatalf("changed path: %+v", res)
	}
	p, err := s.List(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Items[0].Story != p.Items[1].Story || p.Items[0].Versions != 2 {
		t.Fatalf("list: %+v", p.Items)
	}
}

func ids(as []news.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func TestEntityCodecRoundTrip(t *testing.T) {
	a := news.Article{Paragraphs: []string{"Zürich and Sergei Lavrov met.", "Lavrov left.", "Russia fired back at Russia."}}
	a.Entities = []news.Entity{
		{Name: "Sergei Lavrov", Type: news.Person, Aliases: []string{"Lavrov"}, Mentions: []news.Mention{
			{Paragraph: 0, Start: 11, End: 24, Text: "Sergei Lavrov"}, {Paragraph: 1, Start: 0, End: 6, Text: "Lavrov"}}},
		{Name: "Zurich", Type: news.Place, Mentions: []news.Mention{
			{Paragraph: 0, Start: 0, End: 6, Text: "Zürich"}, {Paragraph: 5, Start: 0, End: 3, Text: "odd"}, {Paragraph: 1, Start: 0, End: 6, Text: "LAVROV"}}},
		// A country acting (as an organisation) in one mention, a place in the other.
		{Name: "Russia", Type: news.Place, Mentions: []news.Mention{
			{Paragraph: 2, Start: 0, End: 6, Text: "Russia", As: news.Organization}, {Paragraph: 2, Start: 21, End: 27, Text: "Russia"}}},
	}
	b := news.Article{Paragraphs: a.Paragraphs}
	decodeEntities(encodeEntities(&a), &b)
	if !reflect.DeepEqual(a.Entities, b.Entities) {
		t.Errorf("round trip:\n got %+v\nwant %+v", b.Entities, a.Entities)
	}
}

// skipUnderRace skips, under the race detector, a test that checks results
// on a large corpus and runs only code that the concurrency tests also run
// under -race: the detector makes it ten times slower and has nothing more
// to find in it. The plain test run still runs it.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("results on a large corpus, no concurrency: covered by the run without -race")
	}
}
