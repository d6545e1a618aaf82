package news_test

import (
	"fmt"
	"path"
	"regexp"
	"testing"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// corpusStory is the generator's story of an article: its source path
// without the version suffix and extension.
var corpusStory = regexp.MustCompile(`^(corpus/[^/]+/\d+)`)

// storyPairs runs n generated articles (newstest.Corpus: Zipf-weighted
// vocabulary, shared entity lists, 20% of stories with 1-3 edited versions)
// through a StoryIndex and counts pairs against the generator's stories.
func storyPairs(tb testing.TB, n int) (tp, fp, fn int, stats news.IndexStats) {
	x := news.NewStoryIndex(n)
	gold := map[string]string{} // id -> gold story
	type key struct{ pred, gold string }
	both := map[key]int{}
	err := newstest.Corpus(n, 1, func(a news.Article) error {
		m := corpusStory.FindStringSubmatch(a.Source.Path)
		if m == nil {
			return fmt.Errorf("unexpected path %s", a.Source.Path)
		}
		id := a.ID + "@" + path.Base(a.Source.Path)
		gold[id] = m[1]
		x.Add(id, news.FingerprintOf(&a))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	predSize, goldSize := map[string]int{}, map[string]int{}
	for id, g := range gold {
		p := x.Story(id)
		both[key{p, g}]++
		predSize[p]++
		goldSize[g]++
	}
	pairs := func(k int) int { return k * (k - 1) / 2 }
	for _, c := range both {
		tp += pairs(c)
	}
	for _, c := range predSize {
		fp += pairs(c)
	}
	for _, c := range goldSize {
		fn += pairs(c)
	}
	return tp, fp - tp, fn - tp, x.Stats()
}

// TestCorpusStories measures version detection on generated articles,
// which share one vocabulary and entity lists and so overlap more than real
// articles on different subjects do.
func TestCorpusStories(t *testing.T) {
	n := 5000
	if testing.Short() {
		n = 1000
	}
	tp, fp, fn, st := storyPairs(t, n)
	t.Logf("%d generated articles: TP %d, FP %d, FN %d pairs: precision %.4f, recall %.4f; index %+v",
		n, tp, fp, fn, float64(tp)/float64(max(tp+fp, 1)), float64(tp)/float64(max(tp+fn, 1)), st)
	if fp > 0 {
		t.Errorf("%d pairs of different generated stories merged", fp)
	}
	if float64(tp)/float64(max(tp+fn, 1)) < 0.95 {
		t.Errorf("recall below 0.95")
	}
}

// BenchmarkStoryIndexCorpus adds generated articles (realistic lengths, so
// realistic shingle counts) to a StoryIndex; fingerprints are made before
// timing. It reports pairwise precision and recall against the generator.
func BenchmarkStoryIndexCorpus(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var ids, gold []string
			var fps []news.Fingerprint
			shingles := 0
			err := newstest.Corpus(n, 2, func(a news.Article) error {
				m := corpusStory.FindStringSubmatch(a.Source.Path)
				if m == nil {
					return fmt.Errorf("unexpected path %s", a.Source.Path)
				}
				ids = append(ids, a.ID+"@"+path.Base(a.Source.Path))
				gold = append(gold, m[1])
				fp := news.FingerprintOf(&a)
				shingles += len(fp.Shingles)
				fps = append(fps, fp)
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			var x *news.StoryIndex
			for b.Loop() {
				x = news.NewStoryIndex(n)
				for i := range ids {
					x.Add(ids[i], fps[i])
				}
			}
			type key struct{ pred, gold string }
			both := map[key]int{}
			predSize, goldSize := map[string]int{}, map[string]int{}
			for i, id := range ids {
				p := x.Story(id)
				both[key{p, gold[i]}]++
				predSize[p]++
				goldSize[gold[i]]++
			}
			pairs := func(k int) int { return k * (k - 1) / 2 }
			tp, pp, gp := 0, 0, 0
			for _, c := range both {
				tp += pairs(c)
			}
			for _, c := range predSize {
				pp += pairs(c)
			}
			for _, c := range goldSize {
				gp += pairs(c)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
			b.ReportMetric(float64(tp)/float64(max(pp, 1)), "precision")
			b.ReportMetric(float64(tp)/float64(max(gp, 1)), "recall")
			b.ReportMetric(float64(shingles)/float64(n), "shingles/doc")
			b.ReportMetric(float64(x.Stats().Candidates)/float64(n), "cand/doc")
		})
	}
}
