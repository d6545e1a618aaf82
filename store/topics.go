package store

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Automatic topics are weighted against the archive at read time, from what
// import stores: each (label, article) row carries the label's salience in
// the article (news.Article.TopicScores, relative to the article's best
// candidate; 1 when the article came without scores) and topic_stats counts
// the label's articles (df) and stories. With N the number of articles:
//
//	idf(label)   = ln((N+1) / (df+1))
//	score(label) = salience × idf
//
// An article shows at most shownTopics auto topics, best score first, among
// those found in at least two stories and not too general; then its source
// categories. A label is too general when the archive holds at least
// generalMinArticles articles and more than generalShare of them have it.
// Nothing is stored per N, so the weighting follows the archive as it grows
// at no import cost.
const (
	// shownTopics bounds the auto topics shown for one article: a list row
	// or a reader header has room for a few, and past the fourth the
	// analyser's candidates are mostly incidental names.
	shownTopics = 4
	// generalShare and generalMinArticles define a label too general to
	// be a topic (idf below ln 4 ≈ 1.4): on more than a quarter of an
	// archive of 200 articles or more. A quarter is far above what real
	// subjects reach in a mixed archive (the corpus generator's commonest
	// subject, energy, is on 9% of articles; the commonest country of the
	// test corpora, United States, on 10%) and below the labels that name
	// the archive itself (a site's own name on every page, the agency of a
	// single-agency archive, a source's catch-all category). Below 200
	// articles, shares are too noisy to judge: a reader's small archive on
	// one subject keeps it as a topic.
	generalShare       = 0.25
	generalMinArticles = 200
)

// topicIDF returns ln((n+1)/(df+1)).
func topicIDF(df, n int64) float64 {
	return math.Log(float64(n+1) / float64(df+1))
}

// generalTopic reports a label on too large a share of an archive of n
// articles to be a topic.
func generalTopic(df, n int64) bool {
	return n >= generalMinArticles && float64(df) > generalShare*float64(n)
}

// topicCand is one auto topic of an article with its archive-weighted score.
type topicCand struct {
	label string
	score float64
}

// bestTopics keeps the shownTopics best candidates, best first (ties by
// label, case-insensitively distinct).
func bestTopics(c []topicCand) []string {
	slices.SortFunc(c, func(x, y topicCand) int {
		return cmp.Or(cmp.Compare(y.score, x.score), strings.Compare(x.label, y.label))
	})
	out := make([]string, 0, min(len(c), shownTopics))
	for _, t := range c {
		if len(out) == shownTopics {
			break
		}
		if !slices.ContainsFunc(out, func(l string) bool { return strings.EqualFold(l, t.label) }) {
			out = append(out, t.label)
		}
	}
	return out
}
