package news

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/verso-news/verso/news/gazetteer"
)

// maxTopics bounds the candidate topics of one article.
const maxTopics = 8

// topicStop are frequent words that make poor topics.
var topicStop = map[string]bool{
	"about": true, "after": true, "again": true, "against": true, "also": true, "although": true,
	"among": true, "another": true, "because": true, "been": true, "before": true, "being": true,
	"between": true, "both": true, "cannot": true, "could": true, "does": true, "doing": true,
	"down": true, "during": true, "each": true, "even": true, "every": true, "first": true,
	"from": true, "further": true, "have": true, "having": true, "here": true, "into": true,
	"just": true, "last": true, "least": true, "less": true, "like": true, "made": true, "make": true,
	"many": true, "more": true, "most": true, "much": true, "must": true, "never": true, "next": true,
	"only": true, "other": true, "over": true, "said": true, "same": true, "says": true, "should": true,
	"since": true, "some": true, "such": true, "than": true, "that": true, "their": true, "them": true,
	"then": true, "there": true, "these": true, "they": true, "this": true, "those": true,
	"through": true, "under": true, "until": true, "upon": true, "very": true, "were": true,
	"what": true, "when": true, "where": true, "which": true, "while": true, "will": true, "with": true,
	"would": true, "year": true, "years": true, "your": true, "week": true, "weeks": true, "month": true,
	"months": true, "today": true, "time": true, "times": true, "people": true, "told": true,
	"according": true, "including": true, "around": true, "still": true, "well": true, "think": true,
	"going": true, "know": true, "really": true, "thing": true, "things": true, "want": true,
	"something": true, "because,": true, "already": true, "early": true, "earlier": true, "later": true,
	"recent": true, "several": true, "nearly": true, "within": true, "without": true, "across": true,
	"along": true, "whether": true, "could,": true, "might": true, "need": true, "help": true,
	"come": true, "came": true, "take": true, "took": true, "give": true, "gave": true, "part": true,
	"says,": true, "added": true, "told,": true, "lot": true, "good": true, "great": true, "able": true,
	"being,": true, "around,": true, "those,": true, "new": true, "news": true, "used": true,
	"using": true, "away": true, "back": true, "long": true, "high": true, "number": true, "based": true,
	"work": true, "way": true, "ways": true, "have,": true, "there,": true, "country": true,
	"countries": true, "state": true, "world": true, "friday": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "saturday": true, "sunday": true, "three": true, "seven": true,
	"eight": true, "eleven": true, "twelve": true, "fifteen": true, "twenty": true, "thirty": true,
	"forty": true, "fifty": true, "sixty": true, "hundred": true, "hundreds": true, "thousand": true,
	"thousands": true, "million": true, "millions": true, "billion": true, "found": true, "thank": true,
	"thanks": true, "newer": true, "older": true, "current": true,
}

// cand is a candidate topic: its label, its score, and the order in which
// it was first noted.
type cand struct {
	label string
	score float64
	first int
}

// candList adds up scores by label, keeping the candidates in the order
// first noted (cand.first is the index): one map from label to index
// rather than a map of scores and a map of first positions.
type candList struct {
	list []cand
	idx  map[string]int
}

func (l *candList) add(label string, w float64) {
	i, ok := l.idx[label]
	if !ok {
		if l.idx == nil {
			l.idx = map[string]int{}
		}
		i = len(l.list)
		l.idx[label] = i
		l.list = append(l.list, cand{label, 0, i})
	}
	l.list[i].score += w
}

// topics ranks the article's salient entities and key terms: mentions in
// the title count three times and in the first two paragraphs twice, and
// demonyms count for the place they name (Afghan -> Afghanistan). It returns
// the labels (entities most salient first, then key terms) and, for each, its
// salience relative to the article's best candidate (1 for that one, in
// (0, 1] for the others); the store weighs those against the archive
// (salience x idf).
func topics(paras []paraTokens, body, title []span, demonyms map[string]int, titleDem map[string]int, gz *gazetteer.Table) ([]string, []float64) {
	n := len(paras) - 1
	// sized up front rather than grown through every power of two: at most
	// one candidate for each span and demonym, and most names recur
	ncands := (len(title) + len(titleDem) + len(body) + len(demonyms)) / 2
	cands := candList{list: make([]cand, 0, ncands), idx: make(map[string]int, ncands)}
	note := func(label string, w float64) {
		if label == "" {
			return
		}
		cands.add(label, w)
	}
	for _, s := range title {
		note(s.canon, 3)
	}
	for label, c := range titleDem {
		note(label, 2*float64(c))
	}
	for _, s := range body {
		if s.generic {
			continue // counted as a demonym towards its place
		}
		w := 1.0
		if s.para < 2 {
			w = 2
		}
		note(s.canon, w)
	}
	for label, c := range demonyms {
		if c-titleDem[label] > 0 {
			note(label, 0.5*float64(c-titleDem[label]))
		}
	}
	// An organisation named "... of X" for a belief or cause the article
	// also names ("Church of Scientology" and "Scientology") is one
	// subject: its score goes to X, which stays the topic. A place keeps
	// its own ("Church of England" and "England" are two).
	isPlace := func(label string) bool {
		return slices.ContainsFunc(body, func(s span) bool { return s.typ == Place && s.canon == label })
	}
	for i := range cands.list {
		c := &cands.list[i]
		k := strings.LastIndex(c.label, " of ")
		if k < 0 {
			continue
		}
		tail := c.label[k+len(" of "):]
		if j, ok := cands.idx[tail]; ok && j != i && !isPlace(tail) {
			cands.list[j].score += c.score
			c.score = 0
		}
	}
	var ents []cand
	for _, c := range cands.list {
		if c.score >= 2 {
			ents = append(ents, c)
		}
	}
	// the order is total (first is unique), so the candidates' order
	// before sorting does not matter
	sortCands := func(c []cand) {
		sort.Slice(c, func(i, j int) bool {
			if c[i].score != c[j].score {
				return c[i].score > c[j].score
			}
			return c[i].first < c[j].first
		})
	}
	sortCands(ents)

	// key terms: ordinary words that recur, weighted like entities and then
	// by their rarity in English at large (backgroundWeight)
	// about one key-term candidate in six tokens, some repeated: a map
	// sized for them up front rather than grown (and rehashed) through
	// every power of two
	ntoks := 0
	for _, pt := range paras {
		ntoks += len(pt.toks)
	}
	terms := candList{list: make([]cand, 0, ntoks/8), idx: make(map[string]int, ntoks/8)}
	for p, pt := range paras {
		w := 1.0
		switch {
		case p == n:
			w = 3
		case p < 2:
			w = 2
		}
		titleCased := p == n || pt.headline
		for i := range pt.toks {
			t := &pt.toks[i] // not a copy: tokens are large
			if t.Kind != tokWord || len(t.T) < 5 {
				continue
			}
			lw := t.T
			if titleCased {
				lw = strings.ToLower(t.T)
			} else if hasUpper(t.T) {
				continue // capitalised mid-text: a name, handled above
			}
			if topicStop[lw] {
				continue
			}
			forms, ok := gz.Word(lw)
			if !ok || forms&gazetteer.VerbForm != 0 {
				continue
			}
			if forms&gazetteer.Plural != 0 {
				lw = lw[:len(lw)-1]
			}
			terms.add(lw, w)
		}
	}
	var keys []cand
	for _, c := range terms.list {
		if c.score < 4 {
			continue
		}
		if c.score *= backgroundWeight(gz.Rank(c.label)); c.score >= 4 {
			keys = append(keys, c)
		}
	}
	sortCands(keys)
	if len(keys) > 3 {
		keys = keys[:3]
	}

	out := make([]string, 0, maxTopics)
	scores := make([]float64, 0, maxTopics)
	seen := map[string]bool{}
	for _, c := range ents {
		if len(out) >= maxTopics-len(keys) && len(out) >= maxTopics-3 {
			break
		}
		if !seen[strings.ToLower(c.label)] {
			seen[strings.ToLower(c.label)] = true
			out = append(out, c.label)
			scores = append(scores, c.score)
		}
	}
	for _, c := range keys {
		if len(out) >= maxTopics {
			break
		}
		if !seen[c.label] {
			seen[c.label] = true
			out = append(out, c.label)
			scores = append(scores, c.score)
		}
	}
	// Salience relative to the article's best candidate (which gets 1), so
	// that a long article's counts do not outweigh a short one's when the
	// store adds them up across the archive.
	top := 0.0
	for _, s := range scores {
		top = max(top, s)
	}
	for i := range scores {
		scores[i] /= top
	}
	return out, scores
}

// Background weighting of key terms. A word's rank in lists of English word
// frequencies (gazetteer.Rank: the better of its ranks in English Wikipedia
// and in SUBTLEX-US film subtitles) stands for its document frequency in
// English at large: under Zipf's law that falls roughly as 1/rank, so
// ln(rank) is an idf against all English text, which the archive cannot
// give (it counts only the articles where a word was a candidate, so a word
// that is everywhere but seldom salient looks rare). The factor is that idf
// scaled to [0, 1]: 0 for the commonest words (rank <= bgCommon), 1 for
// words rarer than bgRare or not in the lists, log-linear between. A key
// term's salience is multiplied by it before the usual threshold (4), so
// title (rank ~250) or user (~140) never pass, election (~730, factor 0.43)
// passes when the article is about one (title and lead), and drought,
// vaccine, asylum, ceasefire (ranks 7,000-16,000) are barely touched.
// Measured on the test corpora: docs/ANALYSIS.md.
const (
	bgCommon = 100.0
	bgRare   = 10000.0
)

// backgroundWeight is the factor for a word of background rank r (0: rare).
func backgroundWeight(r float64) float64 {
	if r == 0 || r >= bgRare {
		return 1
	}
	if r <= bgCommon {
		return 0
	}
	return math.Log(r/bgCommon) / math.Log(bgRare/bgCommon)
}

// titleDemonyms counts demonyms in the title paragraph (index n).
func (r *entityRecognizer) titleDemonyms(n int) map[string]int {
	out := map[string]int{}
	if n >= len(r.paras) {
		return out
	}
	for i := range r.paras[n].toks {
		t := &r.paras[n].toks[i]
		if e, ok := t.lookup(r.gz); ok && e.Kind&gazetteer.Demonym != 0 {
			out[e.Canonical(t.T, gazetteer.Demonym)]++
		}
	}
	return out
}

// hasUpper reports whether strings.ToLower would change s, without
// building the lower-case string for ASCII words.
func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(s) != s
		}
		if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}
