package feeds

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlMeta is what a page states about itself in its head: meta tags,
// JSON-LD, <link rel=canonical> and <html lang>. Every field is copied from
// the document, never guessed, so a date found here is explicit.
type htmlMeta struct {
	Title     string // og:title, twitter:title, JSON-LD headline, dc.title
	DocTitle  string // the <title> element
	H1s       []string
	Site      string
	URL       string
	Lang      string
	Authors   []string
	Published *time.Time
	PubFrom   string // which field the published date came from
	Modified  *time.Time
	Sections  []string
}

// htmlMetaScratch collects candidates per key before the priorities are applied.
type htmlMetaScratch struct {
	meta     map[string]string // first value of each meta name/property/itemprop, lower-cased key
	metaAll  map[string][]string
	jsonLD   []map[string]any
	canon    string
	htmlLang string
	timePub  string // <time itemprop=datePublished> or <time pubdate>
}

// jsonLDArticleTypes are the schema.org types whose fields describe the page's article.
var jsonLDArticleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "reviewnewsarticle": true,
	"backgroundnewsarticle": true, "socialmediaposting": true, "techarticle": true,
	"scholarlyarticle": true, "report": true, "liveblogposting": true, "posting": true,
	"webpage": true, "itempage": true, "medicalwebpage": true, "creativework": true,
}

// htmlExtractMeta reads the page's self-description from the whole document.
func htmlExtractMeta(doc *html.Node) htmlMeta {
	s := htmlMetaScratch{meta: map[string]string{}, metaAll: map[string][]string{}}
	var m htmlMeta
	htmlWalk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Html:
			if s.htmlLang == "" {
				s.htmlLang = strings.TrimSpace(htmlAttr(n, "lang"))
				if s.htmlLang == "" {
					s.htmlLang = strings.TrimSpace(htmlAttr(n, "xml:lang"))
				}
			}
		case atom.Title:
			if m.DocTitle == "" && !htmlInSVG(n) {
				m.DocTitle = htmlCollapse(htmlTextOf(n))
			}
			return false
		case atom.Meta:
			content := strings.TrimSpace(htmlAttr(n, "content"))
			if content == "" {
				return false
			}
			for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
				for _, key := range strings.Fields(strings.ToLower(htmlAttr(n, k))) {
					if _, ok := s.meta[key]; !ok {
						s.meta[key] = content
					}
					s.metaAll[key] = append(s.metaAll[key], content)
				}
			}
			return false
		case atom.Link:
			rels := strings.Fields(strings.ToLower(htmlAttr(n, "rel")))
			for _, r := range rels {
				if r == "canonical" && s.canon == "" {
					s.canon = strings.TrimSpace(htmlAttr(n, "href"))
				}
			}
			return false
		case atom.Script:
			if strings.Contains(strings.ToLower(htmlAttr(n, "type")), "ld+json") {
				s.jsonLD = append(s.jsonLD, htmlParseJSONLD(htmlTextOf(n))...)
			}
			return false
		case atom.Time:
			if s.timePub == "" && (strings.EqualFold(htmlAttr(n, "itemprop"), "datePublished") || htmlHasAttr(n, "pubdate")) {
				s.timePub = strings.TrimSpace(htmlAttr(n, "datetime"))
				if s.timePub == "" {
					s.timePub = htmlCollapse(htmlTextOf(n))
				}
			}
		case atom.H1:
			if len(m.H1s) < 4 {
				if t := htmlCollapse(htmlTextOf(n)); t != "" {
					m.H1s = append(m.H1s, t)
				}
			}
		case atom.Style, atom.Noscript, atom.Template:
			return false
		}
		return true
	})

	ld := htmlPickJSONLD(s.jsonLD)
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := s.meta[k]; v != "" {
				return htmlCollapse(v)
			}
		}
		return ""
	}

	m.Title = first("og:title", "twitter:title", "dc.title", "dcterms.title")
	if m.Title == "" && ld != nil {
		m.Title = htmlCollapse(htmlLDString(ld["headline"]))
	}

	m.Site = first("og:site_name")
	if m.Site == "" && ld != nil {
		if p, ok := ld["publisher"].(map[string]any); ok {
			m.Site = htmlCollapse(htmlLDString(p["name"]))
		}
	}
	if m.Site == "" {
		m.Site = first("application-name", "al:android:app_name", "al:ios:app_name")
	}

	for _, u := range []string{s.canon, s.meta["og:url"], s.meta["twitter:url"]} {
		if htmlIsWebURL(u) {
			m.URL = strings.TrimSpace(u)
			break
		}
	}

	m.Lang = s.htmlLang
	if m.Lang == "" {
		m.Lang = first("content-language", "dc.language", "language")
	}
	if m.Lang == "" && ld != nil {
		m.Lang = htmlLDString(ld["inLanguage"])
	}
	if m.Lang == "" {
		m.Lang = strings.ReplaceAll(first("og:locale"), "_", "-")
	}
	m.Lang = htmlCleanLang(m.Lang)

	// Authors: JSON-LD is structured (a list of people), meta tags are one string.
	if ld != nil {
		m.Authors = htmlLDNames(ld["author"])
		if len(m.Authors) == 0 {
			m.Authors = htmlLDNames(ld["creator"])
		}
	}
	if len(m.Authors) == 0 {
		for _, k := range []string{"author", "article:author", "dc.creator", "dcterms.creator", "byl", "parsely-author", "sailthru.author", "citation_author"} {
			for _, v := range s.metaAll[k] {
				if htmlIsWebURL(v) || strings.HasPrefix(v, "@") {
					continue
				}
				m.Authors = append(m.Authors, htmlSplitByline(v)...)
			}
			if len(m.Authors) > 0 {
				break
			}
		}
	}
	m.Authors = htmlDedupNames(m.Authors)

	// Published date, in order of how specifically each field names it.
	type cand struct{ from, v string }
	var cands []cand
	for _, k := range []string{"article:published_time", "og:article:published_time", "datepublished", "published_time", "parsely-pub-date", "sailthru.date", "dcterms.issued", "dc.date.issued", "dcterms.created", "dc.date.created", "citation_publication_date", "publication_date", "pubdate", "publishdate", "dc.date", "date"} {
		if v := s.meta[k]; v != "" {
			cands = append(cands, cand{"meta " + k, v})
		}
	}
	if ld != nil {
		if v := htmlLDString(ld["datePublished"]); v != "" {
			// JSON-LD first: it is the most structured statement.
			cands = append([]cand{{"JSON-LD datePublished", v}}, cands...)
		}
	}
	if s.timePub != "" {
		cands = append(cands, cand{"<time> datePublished", s.timePub})
	}
	for _, c := range cands {
		if t, ok := htmlParseDate(c.v); ok {
			m.Published, m.PubFrom = &t, c.from
			break
		}
	}
	for _, v := range []string{s.meta["article:modified_time"], s.meta["og:updated_time"], s.meta["datemodified"], htmlLDStringMaybe(ld, "dateModified")} {
		if t, ok := htmlParseDate(v); ok {
			m.Modified = &t
			break
		}
	}
	for _, v := range s.metaAll["article:section"] {
		m.Sections = append(m.Sections, htmlCollapse(v))
	}
	return m
}

func htmlLDStringMaybe(ld map[string]any, k string) string {
	if ld == nil {
		return ""
	}
	return htmlLDString(ld[k])
}

// htmlParseJSONLD decodes one ld+json script into its objects, flattening
// arrays and @graph. Broken JSON is ignored: it is common on real pages.
func htmlParseJSONLD(text string) []map[string]any {
	text = strings.TrimSpace(text)
	text = strings.TrimPrefix(text, "<!--")
	text = strings.TrimSuffix(text, "-->")
	text = strings.TrimPrefix(strings.TrimSpace(text), "//<![CDATA[")
	text = strings.TrimSuffix(strings.TrimSpace(text), "//]]>")
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return nil
	}
	var out []map[string]any
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 4 || len(out) > 64 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			out = append(out, x)
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
		}
	}
	visit(v, 0)
	return out
}

// htmlPickJSONLD returns the JSON-LD object that describes the article:
// a news or blog type before a generic web page.
func htmlPickJSONLD(objs []map[string]any) map[string]any {
	var best map[string]any
	bestRank := 0
	for _, o := range objs {
		rank := 0
		for _, t := range htmlLDTypes(o["@type"]) {
			t = strings.ToLower(t)
			if !jsonLDArticleTypes[t] {
				continue
			}
			r := 2
			if strings.Contains(t, "article") || strings.Contains(t, "posting") || t == "report" {
				r = 3
			}
			rank = max(rank, r)
		}
		if rank > bestRank {
			best, bestRank = o, rank
		}
	}
	return best
}

func htmlLDTypes(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// htmlLDString returns a JSON-LD value as text: a string, or the first string of a list.
func htmlLDString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		for _, e := range x {
			if s := htmlLDString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		if s, ok := x["@value"].(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// htmlLDNames reads schema.org author values: a name, a Person, or a list of either.
func htmlLDNames(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		if !htmlIsWebURL(x) {
			out = append(out, htmlSplitByline(x)...)
		}
	case map[string]any:
		if n := htmlLDString(x["name"]); n != "" && !htmlIsWebURL(n) {
			out = append(out, htmlSplitByline(n)...)
		}
	case []any:
		for _, e := range x {
			if len(out) > 20 {
				break
			}
			out = append(out, htmlLDNames(e)...)
		}
	}
	return out
}

var (
	htmlBylinePrefix = regexp.MustCompile(`(?i)^\s*(?:(?:written|reported|posted|published|text|story|words|photos?)\s+)?(?:by|par|von|por|di|door|av|af)\s*[:\s]\s*`)
	htmlBylineSplit  = regexp.MustCompile(`(?i)\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&|\|)\s*`)
	htmlBylineNoise  = regexp.MustCompile(`(?i)^(?:staff|staff writer|contributor|correspondent|editor|reporter|updated|published|posted|follow|follow author)$`)
)

// htmlSplitByline turns a byline string ("By Jane Doe and John Roe") into names.
func htmlSplitByline(s string) []string {
	s = htmlCollapse(s)
	s = htmlBylinePrefix.ReplaceAllString(s, "")
	if s == "" || len([]rune(s)) > 200 {
		return nil
	}
	var out []string
	for _, p := range htmlBylineSplit.Split(s, -1) {
		p = strings.Trim(p, " .:-–—")
		p = htmlBylinePrefix.ReplaceAllString(p, "")
		if p == "" || htmlBylineNoise.MatchString(p) || htmlIsWebURL(p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

func htmlDedupNames(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		k := strings.ToLower(n)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// htmlDateLayouts are the date forms pages put in meta tags and JSON-LD.
var htmlDateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006",
	"January 2, 2006 3:04 PM",
	"2 January 2006",
	"Jan 2, 2006",
	"2 Jan 2006",
}

// htmlParseDate parses a stated date; an unparsable or implausible value is rejected, not guessed.
func htmlParseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 64 {
		return time.Time{}, false
	}
	for _, l := range htmlDateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}

var htmlLangRe = regexp.MustCompile(`^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$`)

// htmlCleanLang keeps a BCP 47-looking language tag and drops junk.
func htmlCleanLang(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	if i := strings.IndexAny(s, ", ;"); i >= 0 {
		s = s[:i]
	}
	if !htmlLangRe.MatchString(s) {
		return ""
	}
	return s
}

func htmlIsWebURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}
