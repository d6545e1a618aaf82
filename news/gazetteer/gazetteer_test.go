package gazetteer

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	g := Default()
	cases := []struct {
		name  string
		kind  Kind
		canon string
	}{
		{"Afghanistan", Country, "Afghanistan"},
		{"U.S.", Country, "United States"},
		{"Russia", Country, "Russia"},
		{"Tashkent", Place, "Tashkent"},
		{"Moscow", Place, "Moscow"},
		{"NATO", Org, "NATO"},
		{"UN", Org, "United Nations"},
		{"Afghan", Demonym, "Afghanistan"},
		{"Uzbek", Demonym, "Uzbekistan"},
		{"Sergei", FirstName, "Sergei"},
	}
	for _, c := range cases {
		e, ok := g.Lookup(c.name)
		if !ok || e.Kind&c.kind == 0 {
			t.Errorf("Lookup(%q) = %+v %v, want kind %b", c.name, e, ok, c.kind)
			continue
		}
		if got := e.Canonical(c.name, c.kind); got != c.canon {
			t.Errorf("Canonical(%q) = %q, want %q", c.name, got, c.canon)
		}
	}
	if !g.IsWord("withdrawal") || g.IsWord("Lavrov") {
		t.Error("word list wrong")
	}
	if g.MaxWords("United") < 2 || g.MaxWords("Lavrov") != 1 {
		t.Error("MaxWords wrong")
	}
	if _, ok := g.Lookup("Lavrov"); ok {
		t.Error("a surname is in the gazetteer: names must come from the text")
	}
}

func TestParseGarbage(t *testing.T) {
	if g := parse([]byte("not gzip")); g == nil || len(g.names) != 0 || g.IsWord("a") {
		t.Error("garbage should give an empty table")
	}
}

// BenchmarkParse measures the one-time cost of loading the embedded data.
func BenchmarkParse(b *testing.B) {
	for range b.N {
		parse(raw)
	}
}

// TestMaxWordsFilter checks that the first-word filter lets every first
// word of a multi-word name through.
func TestMaxWordsFilter(t *testing.T) {
	g := Default()
	for w, n := range g.maxWords {
		if got := g.MaxWords(w); got != max(n, 1) {
			t.Fatalf("MaxWords(%q) = %d, want %d", w, got, n)
		}
	}
}

// TestWordSet checks the hashed word set against the word list it was
// built from: every listed word is found with its frequency band, a word
// and its plural agree on the plural's form, and words not listed are not
// found.
func TestWordSet(t *testing.T) {
	g := Default()
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for line := range strings.SplitSeq(string(all), "\n") {
		rest, ok := strings.CutPrefix(line, "w\t")
		if !ok {
			continue
		}
		w, band, _ := strings.Cut(rest, "\t")
		n++
		info, found := g.wordSet.get(w)
		if !found || !g.IsWord(w) {
			t.Fatalf("listed word %q not found", w)
		}
		if want := parseBand(band); info.band != want {
			t.Fatalf("%q: band %d, want %d", w, info.band, want)
		}
	}
	if n < 10000 || len(g.wordSet.slots) < 2*n {
		t.Fatalf("%d words in %d slots: want many, at most half full", n, len(g.wordSet.slots))
	}
	if f, ok := g.Word("drugs"); !ok || f&Plural == 0 {
		t.Errorf("Word(drugs) = %b %v, want a plural", f, ok)
	}
	for _, w := range []string{"xqzvw", "Withdrawal", "lavrov", "", "withdrawals-"} {
		if g.IsWord(w) {
			t.Errorf("%q found, not a listed word", w)
		}
	}
}
