package news

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

func sharedBands(a, b Fingerprint) int {
	n := 0
	ka, kb := a.BandKeys(), b.BandKeys()
	for i := range min(len(ka), len(kb), Bands) {
		if ka[i] == kb[i] {
			n++
		}
	}
	return n
}

func TestSeedsAreVersions(t *testing.T) {
	old, new := seedArticles(t)
	fa, fb := FingerprintOf(old), FingerprintOf(new)
	c, j := Resemblance(fa, fb)
	ok, sim := IsVersion(fa, fb)
	t.Logf("cleaned seeds: containment %.2f jaccard %.2f shared bands %d/%d", c, j, sharedBands(fa, fb), Bands)
	if !ok || sim != c {
		t.Errorf("cleaned seeds not versions: ok=%v sim=%.2f", ok, sim)
	}
	// Robust candidate generation: many bands agree, not one or two.
	if n := sharedBands(fa, fb); n < 8 {
		t.Errorf("only %d shared band keys", n)
	}
	// Raw files, banner, caption and legal note included, still match.
	dir := dataDir(t, "seeds")
	ra, _ := os.ReadFile(filepath.Join(dir, "000_fbd83e62e615d0ef.txt"))
	rb, _ := os.ReadFile(filepath.Join(dir, "002_0e0766ed69e2ed85.txt"))
	ga, gb := FingerprintText(string(ra)), FingerprintText(string(rb))
	c, j = Resemblance(ga, gb)
	t.Logf("raw seeds: containment %.2f jaccard %.2f shared bands %d/%d", c, j, sharedBands(ga, gb), Bands)
	if ok, _ := IsVersion(ga, gb); !ok || sharedBands(ga, gb) < 8 {
		t.Errorf("raw seeds not versions (shared bands %d)", sharedBands(ga, gb))
	}
}

// wikinewsTexts returns the GUM Wikinews documents as paragraph lists.
func wikinewsTexts(t testing.TB) map[string][]string {
	dir := dataDir(t, "gum-wikinews")
	files, _ := filepath.Glob(filepath.Join(dir, "dep", "*.conllu"))
	if len(files) == 0 {
		t.Skip("no conllu files")
	}
	out := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var paras []string
		var cur []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "# newpar") && len(cur) > 0 {
				paras = append(paras, strings.Join(cur, " "))
				cur = nil
			}
			if s, ok := strings.CutPrefix(l, "# text = "); ok {
				cur = append(cur, s)
			}
		}
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
		}
		out[strings.TrimSuffix(filepath.Base(f), ".conllu")] = paras
	}
	return out
}

func TestHardWrappedJoinsOriginal(t *testing.T) {
	texts := wikinewsTexts(t)
	old, new := seedArticles(t)
	texts["seed-old"], texts["seed-new"] = old.Paragraphs, new.Paragraphs
	worst := 1.0
	for name, paras := range texts {
		orig := FingerprintText(strings.Join(paras, "\n\n"))
		if orig.TooShort() {
			continue
		}
		for width := 60; width <= 90; width += 5 {
			var wrapped []string
			for _, p := range paras {
				wrapped = append(wrapped, hardWrap(p, width))
			}
			fw := FingerprintText(strings.Join(wrapped, "\n"))
			if width == 70 {
				// The diff of a re-wrapped copy is typography only.
				sum := DiffParagraphs(paras, wrapped).Summary
				if sum.Edited+sum.Added+sum.Removed+sum.Moved != 0 {
					t.Errorf("%s wrapped at %d: diff %q, want typography only", name, width, sum)
				}
			}
			ok, sim := IsVersion(orig, fw)
			worst = min(worst, sim)
			if !ok || sim < 0.95 || sharedBands(orig, fw) < Bands/2 {
				t.Errorf("%s wrapped at %d: ok=%v similarity %.2f shared bands %d", name, width, ok, sim, sharedBands(orig, fw))
			}
		}
	}
	t.Logf("%d texts × 7 widths: worst similarity %.3f", len(texts), worst)
}

// TestDifferentArticlesNeverMerge checks every pair of distinct Wikinews
// articles, plus the seeds, and the StoryIndex over them: no two are
// versions.
func TestDifferentArticlesNeverMerge(t *testing.T) {
	texts := wikinewsTexts(t)
	old, _ := seedArticles(t)
	texts["seed-old"] = old.Paragraphs
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	fps := make([]Fingerprint, len(names))
	for i, n := range names {
		fps[i] = FingerprintText(strings.Join(texts[n], "\n"))
	}
	maxC := 0.0
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			c, _ := Resemblance(fps[i], fps[j])
			maxC = max(maxC, c)
			if ok, sim := IsVersion(fps[i], fps[j]); ok {
				t.Errorf("%s and %s taken as versions (%.2f)", names[i], names[j], sim)
			}
		}
	}
	x := NewStoryIndex(len(names))
	for i, n := range names {
		x.Add(n, fps[i])
	}
	if s := x.Stories(); len(s) != 0 {
		t.Errorf("stories formed among different articles: %v", s)
	}
	t.Logf("%d articles, %d pairs: highest containment %.3f; index stats %+v", len(names), len(names)*(len(names)-1)/2, maxC, x.Stats())
}

func TestStoryIndexJoinsAndBridges(t *testing.T) {
	texts := wikinewsTexts(t)
	var long []string
	for _, paras := range texts {
		if len(paras) > len(long) {
			long = paras
		}
	}
	if len(long) < 8 {
		t.Skip("no long article")
	}
	half := len(long) / 2
	first := FingerprintText(strings.Join(long[:half], "\n"))
	second := FingerprintText(strings.Join(long[half:], "\n"))
	full := FingerprintText(strings.Join(long, "\n"))
	x := NewStoryIndex(0)
	if s := x.Add("first", first); s != "first" {
		t.Fatalf("story %q", s)
	}
	if s := x.Add("second", second); s != "second" {
		t.Fatalf("second half joined the first: %q", s)
	}
	// The full text contains both halves: it joins them into one story,
	// named after the earliest version.
	if s := x.Add("full", full); s != "first" {
		t.Errorf("full text story %q, want first", s)
	}
	if x.Story("second") != "first" || x.Story("missing") != "" {
		t.Errorf("bridge failed: second in %q", x.Story("second"))
	}
	if again := x.Add("second", second); again != "first" {
		t.Errorf("re-adding gave %q", again)
	}
	old, new := seedArticles(t)
	x.Add("seed-old", FingerprintOf(old))
	if s := x.Add("seed-new", FingerprintOf(new)); s != "seed-old" {
		t.Errorf("seed-new story %q, want seed-old", s)
	}
	x.Add("short", FingerprintText("Too short to compare."))
	if st := x.Stats(); st.TooShort != 1 || st.Docs != 6 {
		t.Errorf("stats %+v", st)
	}
	if got := fmt.Sprint(x.Stories()); got != "map[first:[first second full] seed-old:[seed-old seed-new]]" {
		t.Errorf("stories %s", got)
	}
}

func TestNormalizedWordsFolding(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ex-Soviet ex-\nSoviet exSoviet", "exsoviet exsoviet exsoviet"},
		{"It’s “quoted” — dash - here", "its quoted dash here"},
		{"Café naïve 85%", "cafe naive 85%"},
		{"deterio-\n   rating", "deteriorating"},
	} {
		if got := strings.Join(NormalizedWords(c.in), " "); got != c.want {
			t.Errorf("NormalizedWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if foldSpelling("neighbouring") != foldSpelling("neighboring") || foldSpelling("defences") != foldSpelling("defenses") ||
		foldSpelling("capitalised") != foldSpelling("capitalized") || foldSpelling("four") != "four" {
		t.Error("spelling fold")
	}
}

func FuzzNormalizedWordsASCII(f *testing.F) {
	f.Add("ex-Soviet ex-\nSoviet it's 85% U.S. -dash- a-\r\n  b")
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCIIText(s) {
			return
		}
		var a, u []string
		normalizedWordsASCII(s, func(w []byte) { a = append(a, string(w)) })
		normalizedWordsUnicode(s, func(w []byte) { u = append(u, string(w)) })
		if !slices.Equal(a, u) {
			t.Fatalf("ASCII path %q, Unicode path %q", a, u)
		}
	})
}

// TestLedeJoinsFullVersion checks containment-style versions: the first one
// to three paragraphs of each Wikinews article (a breaking-news flash) and
// the full article. Their Jaccard is low (0.02-0.22), so MinHash bands
// alone make few of them candidates; anchors must.
func TestLedeJoinsFullVersion(t *testing.T) {
	texts := wikinewsTexts(t)
	pairs, accepted, bandCand, found := 0, 0, 0, 0
	for name, paras := range texts {
		for k := 1; k <= 3 && k < len(paras); k++ {
			flash := FingerprintText(strings.Join(paras[:k], "\n"))
			full := FingerprintText(strings.Join(paras, "\n"))
			if flash.TooShort() {
				continue
			}
			pairs++
			if ok, _ := IsVersion(flash, full); !ok {
				continue // too small a share of the whole even for IsVersion
			}
			accepted++
			if sharedBands(flash, full) > 0 {
				bandCand++
			}
			x := NewStoryIndex(2)
			x.Add("flash", flash)
			if x.Add("full", full) == "flash" {
				found++
			} else {
				t.Logf("missed: %s, first %d paragraphs", name, k)
			}
		}
	}
	t.Logf("%d lede/full pairs, %d accepted by IsVersion: %d candidates by bands alone, %d found with anchors", pairs, accepted, bandCand, found)
	if accepted == 0 || float64(found)/float64(accepted) < 0.9 {
		t.Errorf("found %d of %d lede/full versions, want ≥ 90%%", found, accepted)
	}
}
