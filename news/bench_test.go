package news

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// benchWords is a small English vocabulary for synthetic articles; the
// diff only needs text with realistic word lengths and repetition.
var benchWords = strings.Fields(`the of and to a in that said for on is was with he it as at by from his
have has an be are not this but they who been were had their after its which one would about more
government minister president police officials people country year week city state forces military
security border troops attack killed new two three first last told reporters statement Friday Monday
Russia Moscow Afghanistan Taliban United States NATO withdrawal crisis talks agreement election vote
party leader opposition parliament court ruling judge case company market prices oil gas economy
percent million billion report according agency news conference capital region province district
"quoted" it's ex-Soviet 85% 20,000 U.S. neighbouring defence organisation (AFP) — villagers`)

// benchArticle makes a deterministic article of about n words in
// paragraphs of two to four sentences.
func benchArticle(rng *rand.Rand, n int) []string {
	var paras []string
	words := 0
	for words < n {
		var sents []string
		for range 2 + rng.IntN(3) {
			k := 8 + rng.IntN(18)
			w := make([]string, k)
			for i := range w {
				w[i] = benchWords[rng.IntN(len(benchWords))]
			}
			w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
			sents = append(sents, strings.Join(w, " ")+".")
			words += k
		}
		paras = append(paras, strings.Join(sents, " "))
	}
	return paras
}

// benchVersion edits an article the way a later version does: words
// changed in six paragraphs, three added, two dropped, one moved, one
// split and three re-wrapped.
func benchVersion(rng *rand.Rand, old []string) []string {
	p := slices.Clone(old)
	for range 6 {
		i := rng.IntN(len(p))
		w := strings.Fields(p[i])
		for range 3 {
			w[rng.IntN(len(w))] = benchWords[rng.IntN(len(benchWords))]
		}
		p[i] = strings.Join(w, " ")
	}
	for range 3 {
		i := rng.IntN(len(p))
		p[i] = hardWrap(p[i], 60+rng.IntN(30))
	}
	extra := benchArticle(rng, 150)
	for _, x := range extra[:min(3, len(extra))] {
		p = slices.Insert(p, rng.IntN(len(p)+1), x)
	}
	for range 2 {
		i := rng.IntN(len(p))
		p = slices.Delete(p, i, i+1)
	}
	i, j := rng.IntN(len(p)), rng.IntN(len(p))
	m := p[i]
	p = slices.Delete(p, i, i+1)
	p = slices.Insert(p, min(j, len(p)), m)
	k := rng.IntN(len(p))
	if s := diffSentences(p[k]); len(s) > 1 {
		p[k] = strings.TrimSpace(s[0])
		p = slices.Insert(p, k+1, strings.Join(s[1:], ""))
	}
	return p
}

func BenchmarkDiff2000Words(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	old := benchArticle(rng, 2000)
	new := benchVersion(rng, old)
	d := DiffParagraphs(old, new)
	b.Logf("%d→%d paragraphs, %d→%d words: %s", len(old), len(new),
		len(strings.Fields(strings.Join(old, " "))), len(strings.Fields(strings.Join(new, " "))), d.Summary)
	b.ReportAllocs()
	cpu := cpuNanos()
	for b.Loop() {
		DiffParagraphs(old, new)
	}
	b.ReportMetric(float64(cpuNanos()-cpu)/float64(b.N), "cpu-ns/op")
}

func BenchmarkDiffSeeds(b *testing.B) {
	old, new := seedArticles(b)
	b.ReportAllocs()
	cpu := cpuNanos()
	for b.Loop() {
		DiffArticles(old, new)
	}
	b.ReportMetric(float64(cpuNanos()-cpu)/float64(b.N), "cpu-ns/op")
}

func BenchmarkFingerprint600Words(b *testing.B) {
	text := strings.Join(benchArticle(rand.New(rand.NewPCG(1, 1)), 600), "\n\n")
	b.ReportAllocs()
	cpu := cpuNanos()
	for b.Loop() {
		FingerprintText(text)
	}
	b.ReportMetric(float64(cpuNanos()-cpu)/float64(b.N), "cpu-ns/op")
}

// synthDocs makes n fingerprints cheaply from word hashes: stories of
// words words, a third of which get one or two further versions (5% of
// words replaced, a tenth more text added), the rest standing alone.
func synthDocs(n, words int) ([]string, []Fingerprint, int) {
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	ids := make([]string, 0, n)
	fps := make([]Fingerprint, 0, n)
	versions := 0
	base := make([]uint64, words)
	for s := 0; len(fps) < n; s++ {
		for i := range base {
			base[i] = rng.Uint64()
		}
		fps = append(fps, FingerprintWordHashes(base))
		ids = append(ids, fmt.Sprintf("s%d-v0", s))
		if rng.IntN(3) != 0 {
			continue
		}
		v := slices.Clone(base)
		for k := 1; k <= 1+rng.IntN(2) && len(fps) < n; k++ {
			for range words / 20 {
				v[rng.IntN(len(v))] = rng.Uint64()
			}
			for range words / 10 {
				v = append(v, rng.Uint64())
			}
			fps = append(fps, FingerprintWordHashes(v))
			ids = append(ids, fmt.Sprintf("s%d-v%d", s, k))
			versions++
		}
	}
	return ids, fps, versions
}

// BenchmarkStoryIndex adds n synthetic fingerprints to a StoryIndex; the
// fingerprints are made before timing. Besides ns/op it reports time and
// retained heap per document (the index's own tables, not the shingles it
// points at) and the share of versions found.
func BenchmarkStoryIndex(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if n >= 1_000_000 && testing.Short() {
				b.Skip("1M run skipped in -short mode")
			}
			ids, fps, versions := synthDocs(n, 60)
			var x *StoryIndex
			var before, after runtime.MemStats
			cpu := cpuNanos()
			for b.Loop() {
				x = nil
				runtime.GC()
				runtime.ReadMemStats(&before)
				x = NewStoryIndex(n)
				for i := range ids {
					x.Add(ids[i], fps[i])
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
			}
			st := x.Stats()
			found := 0
			for _, g := range x.Stories() {
				found += len(g) - 1
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
			b.ReportMetric(float64(cpuNanos()-cpu)/float64(b.N)/float64(n), "cpu-ns/doc")
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "index-B/doc")
			b.ReportMetric(float64(found)/float64(max(versions, 1)), "recall")
			b.ReportMetric(float64(st.Candidates)/float64(n), "cand/doc")
			runtime.KeepAlive(x)
		})
	}
}
