package news

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/verso-news/verso/news/gazetteer"
)

// Analyze fills a.Entities, a.Quotes, a.Topics (with a.TopicScores) from a.Title and
// a.Paragraphs. It is deterministic, does no I/O and shares no mutable state,
// so it may run on many articles at once. Offsets in mentions and quotes are
// code points within a.Paragraphs[i].
func Analyze(a *Article) {
	gz := gazetteer.Default()
	n := len(a.Paragraphs)
	sc := scratchPool.Get().(*scratch)
	paras := newParas(a.Paragraphs, a.Title, sc)

	rec := newRecognizer(gz, paras)
	rec.recognize()
	body, title := splitTitle(rec.spans, n)
	all := rec.spans
	if foreignLanguage(a.Language) {
		body = rec.foreignNames(body)
	}
	dem := rec.demonymEntities()
	rec.spans = body
	// room for the byline's and the demonyms' entities, appended below
	a.Entities = rec.entities(len(a.Byline) + len(dem))
	rec.spans = all
	a.Entities = append(a.Entities, bylineEntities(gz, a.Byline, a.Entities)...)
	a.Entities = append(a.Entities, dem...)

	qf := newQuoteFinder(paras[:n], body, sc)
	a.Quotes = qf.quotes()
	a.Topics, a.TopicScores = topics(paras, body, title, rec.demonyms, rec.titleDemonyms(n), gz)
	detach(a)
	sc.release()  // nothing of paras is used past this point
	a.Normalize() // empty lists, never null, in JSON
}

// foreignLanguage reports an article whose language is given and is not
// English: the recogniser's rules are English ones, and read other
// languages' capitalised words as names ("Le séisme", "Les autorités",
// "En Estados Unidos").
func foreignLanguage(lang string) bool {
	lang = strings.ToLower(strings.TrimSpace(lang))
	return lang != "" && lang != "en" && !strings.HasPrefix(lang, "en-") && !strings.HasPrefix(lang, "en_")
}

// scratch is the working memory of one Analyze call that its result does
// not refer to (detach copies the strings out): the article's code points,
// tokens and token-to-mention index, about half the bytes an analysis
// allocates. A busy import analyses thousands of articles a second, so
// they are reused through scratchPool; each call has its own scratch from
// Get to release, so nothing is shared.
type scratch struct {
	runes []rune
	toks  []token
	refs  []int32 // quoteFinder.byTok
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxScratchRunes bounds what a pooled scratch keeps (its arrays are sized
// for that many code points), so that one huge article does not stay in
// memory.
const maxScratchRunes = 1 << 17

// release clears the tokens (they point into the article's text, which
// must not stay reachable from the pool) and returns sc to the pool.
func (sc *scratch) release() {
	if cap(sc.runes) > maxScratchRunes || cap(sc.toks) > maxScratchRunes/4 || cap(sc.refs) > maxScratchRunes/4 {
		return
	}
	clear(sc.toks[:cap(sc.toks)])
	scratchPool.Put(sc)
}

// splitTitle returns the spans of the body and those of the title
// (paragraph n), in order. The recogniser finds spans paragraph by
// paragraph, title last, so the two are a prefix and a suffix of spans and
// need no copy; should a title span come earlier, they are copied apart.
func splitTitle(spans []span, n int) (body, title []span) {
	k := len(spans)
	for k > 0 && spans[k-1].para == n {
		k--
	}
	if !slices.ContainsFunc(spans[:k], func(s span) bool { return s.para == n }) {
		return spans[:k:k], spans[k:]
	}
	for _, s := range spans {
		if s.para == n {
			title = append(title, s)
		} else {
			body = append(body, s)
		}
	}
	return body, title
}

// newParas decodes and tokenizes the paragraphs and, as a last paragraph,
// the title: it is analysed as headline-cased text, so its names weigh on
// topics, but it has no offsets of its own in the contract. The code points
// of all of them share one array, and so do their tokens, taken from sc
// when it has room.
func newParas(paragraphs []string, title string, sc *scratch) []paraTokens {
	n := len(paragraphs)
	// the length in bytes bounds the number of code points, and equals it
	// for ASCII: room enough without counting them first
	total := len(title)
	for _, p := range paragraphs {
		total += len(p)
	}
	if cap(sc.runes) < total {
		sc.runes = make([]rune, 0, total)
	}
	runes := sc.runes[:0]
	// news prose has about one token per six code points (0.17 on
	// BenchmarkAnalyze's article); a text with more only grows the array
	// for the paragraphs past the estimate
	if need := total/5 + n + 1; cap(sc.toks) < need {
		sc.toks = make([]token, 0, need)
	}
	toks := sc.toks[:0]
	paras := make([]paraTokens, n+1)
	for i := range paras {
		text := title
		if i < n {
			text = paragraphs[i]
		}
		start := len(runes)
		for _, r := range text { // as []rune(text): U+FFFD for each invalid byte
			runes = append(runes, r)
		}
		pt := &paras[i]
		pt.runes = runes[start:len(runes):len(runes)]
		pt.text = validText(text, pt.runes)
		pt.toks, toks = tokenizeRunes(pt.text, pt.runes, toks)
		for k := range pt.toks {
			pt.toks[k].name = nameWord(&pt.toks[k])
		}
		pt.headline = i == n || isHeadline(pt.toks)
	}
	return paras
}

// detach copies the strings of the analysis that may be substrings of the
// article's text (names, aliases, mention texts, cues, key terms) into one
// new string: tokens are substrings of the paragraphs, and an entity name
// kept in an index must not keep a whole paragraph alive. Quote texts are
// built afresh and need no copy.
func detach(a *Article) {
	each := func(f func(*string)) {
		for i := range a.Entities {
			e := &a.Entities[i]
			f(&e.Name)
			for j := range e.Aliases {
				f(&e.Aliases[j])
			}
			for j := range e.Mentions {
				f(&e.Mentions[j].Text)
			}
		}
		for i := range a.Quotes {
			f(&a.Quotes[i].Speaker)
			f(&a.Quotes[i].Cue)
		}
		for i := range a.Topics {
			f(&a.Topics[i])
		}
	}
	size := 0
	each(func(s *string) { size += len(*s) })
	var b strings.Builder
	b.Grow(size)
	each(func(s *string) { b.WriteString(*s) })
	all := b.String()
	off := 0
	each(func(s *string) {
		*s = all[off : off+len(*s)]
		off += len(*s)
	})
}

// CanonicalEntity returns the canonical name and type of a name the
// gazetteer knows (U.S. -> United States, place; UN -> United Nations,
// organisation), for aliasing across the archive. Names it does not know
// return ok false.
func CanonicalEntity(name string) (string, EntityType, bool) {
	e, ok := gazetteer.Default().Lookup(name)
	if !ok {
		return "", "", false
	}
	typ, k, ok := gazType(e)
	if !ok {
		if e.Kind&gazetteer.Demonym != 0 {
			return e.Canonical(name, gazetteer.Demonym), Place, true
		}
		return "", "", false
	}
	return e.Canonical(name, k), typ, true
}

// bylineEntities adds the agencies and organisations named in the byline
// ("By AFP") as entities without mentions: they have no offsets in the body.
func bylineEntities(gz *gazetteer.Table, byline []string, have []Entity) []Entity {
	var out []Entity
	seen := map[string]bool{}
	for _, e := range have {
		seen[e.Name] = true
	}
	for _, b := range byline {
		name := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(b), "By "))
		e, ok := gz.Lookup(name)
		if !ok || e.Kind&gazetteer.Org == 0 {
			continue
		}
		canon := e.Canonical(name, gazetteer.Org)
		if seen[canon] {
			continue
		}
		seen[canon] = true
		ent := Entity{Name: canon, Type: Organization, Mentions: []Mention{}}
		if canon != name {
			ent.Aliases = []string{name}
		}
		out = append(out, ent)
	}
	return out
}

// AnalyzeAll runs Analyze and Normalize on n articles, article(i) giving the
// i-th, on every core when there are enough to share (a feed or archive of
// thousands would otherwise keep one core busy while the others wait).
func AnalyzeAll(n int, article func(i int) *Article) {
	one := func(i int) { Analyze(article(i)) } // Analyze ends with Normalize
	workers := min(runtime.GOMAXPROCS(0), n/16)
	if workers < 2 {
		for i := range n {
			one(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				one(i)
			}
		}()
	}
	wg.Wait()
}
