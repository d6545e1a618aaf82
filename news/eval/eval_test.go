package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

func named(s Span) bool   { return s.Named }
func notMisc(s Span) bool { return !s.Misc }

func loadGUM(t *testing.T) []Doc {
	t.Helper()
	dir := newstest.DataDir(t, "gum-wikinews")
	docs, err := LoadGUM(context.Background(), dir)
	if err != nil {
		t.Fatalf("load GUM: %v", err)
	}
	return docs
}

func loadWikiGold(t *testing.T) []Doc {
	t.Helper()
	dir := newstest.DataDir(t, "wikigold-ner")
	docs, err := LoadWikiGold(context.Background(), filepath.Join(dir, "wikigold.conll.txt"))
	if err != nil {
		t.Fatalf("load WikiGold: %v", err)
	}
	return docs
}

// TestLoaders checks the corpus readers against counts stated in the
// corpora's SOURCE.txt.
func TestLoaders(t *testing.T) {
	gum := loadGUM(t)
	if len(gum) != 43 {
		t.Errorf("GUM documents = %d, want 43", len(gum))
	}
	var quotes, namedN int
	for _, d := range gum {
		quotes += len(d.Quotes)
		for _, e := range d.Entities {
			if e.Named {
				namedN++
			}
			if e.Para == e.EndPara {
				rs := []rune(d.Paragraphs[e.Para])
				if e.Start < 0 || e.End > len(rs) || e.Start >= e.End {
					t.Fatalf("%s: bad span %+v", d.Name, e)
				}
			}
		}
	}
	if quotes < 60 || namedN < 500 {
		t.Errorf("GUM: %d merged quotes, %d named mentions; loader broken?", quotes, namedN)
	}
	// the first GUM headline must read as text
	if !strings.Contains(gum[0].Paragraphs[0], " ") {
		t.Errorf("GUM text not rebuilt: %q", gum[0].Paragraphs[0])
	}
	wg := loadWikiGold(t)
	if len(wg) != 145 {
		t.Errorf("WikiGold documents = %d, want 145", len(wg))
	}
	count := map[news.EntityType]int{}
	for _, d := range wg {
		for _, e := range d.Entities {
			count[e.Type]++
		}
	}
	t.Logf("GUM: %d docs, %d merged quotes, %d named P/O/P mentions; WikiGold: %d docs, mentions %v", len(gum), quotes, namedN, len(wg), count)
}

// TestEvaluate prints the entity and quote tables of docs/ANALYSIS.md (run
// with -v). It asserts only floors well below the measured figures, so that
// a regression fails loudly without tuning to these files.
func TestEvaluate(t *testing.T) {
	gum := loadGUM(t)
	wg := loadWikiGold(t)
	ProseEntities := func(Doc) []Span { return nil }
	if os.Getenv("VERSO_EVAL_BASELINE") != "" {
		var err error
		if ProseEntities, err = NewProse(); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Log("prose v2 baseline skipped (slow); set VERSO_EVAL_BASELINE=1 to score it")
	}

	for _, forgive := range []bool{true, false} {
		v := ScoreEntities(gum, VersoEntities, named, forgive)
		p := ScoreEntities(gum, ProseEntities, named, forgive)
		t.Logf("GUM named mentions (forgive unnamed overlaps: %v)\n%s\n%s", forgive, Table("verso GUM", v), Table("prose v2 GUM", p))
		if forgive && v.Micro(true).F1() < 0.6 {
			t.Errorf("GUM lenient micro F1 %.3f below floor", v.Micro(true).F1())
		}
	}
	var newsOnly []Doc
	for _, d := range gum {
		if strings.HasPrefix(d.Name, "GUM_news_") {
			newsOnly = append(newsOnly, d)
		}
	}
	t.Logf("GUM, the %d news articles only (no interviews)\n%s", len(newsOnly), Table("verso GUM news", ScoreEntities(newsOnly, VersoEntities, named, true)))
	for _, forgive := range []bool{true, false} {
		v := ScoreEntities(wg, VersoEntities, notMisc, forgive)
		p := ScoreEntities(wg, ProseEntities, notMisc, forgive)
		t.Logf("WikiGold PER/ORG/LOC (forgive MISC overlaps: %v)\n%s\n%s", forgive, Table("verso WikiGold", v), Table("prose v2 WikiGold", p))
		if forgive && v.Micro(true).F1() < 0.5 {
			t.Errorf("WikiGold lenient micro F1 %.3f below floor", v.Micro(true).F1())
		}
	}
	q := ScoreQuotes(gum, VersoQuotes)
	t.Logf("GUM quotes: lenient P %.3f R %.3f F1 %.3f (%d predicted, %d gold); exact P %.3f R %.3f; predicted quotes on <q> only: %d",
		q.Lenient.P(), q.Lenient.R(), q.Lenient.F1(), q.Lenient.Pred, q.Lenient.Gold, q.Exact.P(), q.Exact.R(), q.ScareFP)
	var annotated []Doc
	for _, d := range gum {
		if len(d.Quotes) > 0 {
			annotated = append(annotated, d)
		}
	}
	qa := ScoreQuotes(annotated, VersoQuotes)
	t.Logf("GUM quotes, the %d documents with at least one <quote> (the other %d have quotations GUM leaves unmarked): lenient P %.3f R %.3f F1 %.3f (%d predicted, %d gold); exact P %.3f R %.3f; on <q> only: %d",
		len(annotated), len(gum)-len(annotated), qa.Lenient.P(), qa.Lenient.R(), qa.Lenient.F1(), qa.Lenient.Pred, qa.Lenient.Gold, qa.Exact.P(), qa.Exact.R(), qa.ScareFP)
	if q.Lenient.R() < 0.6 {
		t.Errorf("quote recall %.3f below floor", q.Lenient.R())
	}
}

// TestErrors dumps misses and false alarms for inspection when
// VERSO_EVAL_ERRORS names a type (person, organization, place, quote).
func TestErrors(t *testing.T) {
	typ := os.Getenv("VERSO_EVAL_ERRORS")
	if typ == "" {
		t.Skip("set VERSO_EVAL_ERRORS=person|organization|place|quote to list errors")
	}
	corpus := os.Getenv("VERSO_EVAL_CORPUS")
	var docs []Doc
	keep := named
	if corpus == "wikigold" {
		docs, keep = loadWikiGold(t), notMisc
	} else {
		docs = loadGUM(t)
	}
	if typ == "quote" {
		for _, d := range docs {
			pred := VersoQuotes(d)
			for _, p := range pred {
				if !anyOverlap(trimQuote(d, p), d.Quotes, false) {
					fmt.Printf("FP %s: %q\n", d.Name, p.Text)
				}
			}
			for _, g := range d.Quotes {
				if !anyOverlap(g, pred, false) {
					fmt.Printf("FN %s: %q\n", d.Name, spanText(d, g))
				}
			}
		}
		return
	}
	fp, fn := Errors(docs, VersoEntities, keep, news.EntityType(typ))
	for _, s := range fp {
		fmt.Println("FP", s)
	}
	for _, s := range fn {
		fmt.Println("FN", s)
	}
}
