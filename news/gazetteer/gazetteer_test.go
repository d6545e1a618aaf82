package gazetteer

import "testing"

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
