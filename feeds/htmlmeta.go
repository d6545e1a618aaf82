package feeds

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

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
	fromProp map[string]bool   // meta[key] came from a property= attribute
	metaAll  map[string][]string
	propAll  map[string][]string // the values of metaAll given by property=
	jsonLD   []map[string]any
	canon    string
	htmlLang string
	timePub  string // <time itemprop=datePublished> or <time pubdate>
	timeArt  string // the first <time datetime> in the article's header area
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
	s := htmlMetaScratch{meta: map[string]string{}, metaAll: map[string][]string{}, fromProp: map[string]bool{}, propAll: map[string][]string{}}
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
					key = htmlMetaKey(key)
					// property= is the RDFa form pages use on purpose; it
					// outranks a name= for the same key.
					if _, ok := s.meta[key]; !ok || (k == "property" && !s.fromProp[key]) {
						s.meta[key] = content
						s.fromProp[key] = k == "property"
					}
					s.metaAll[key] = append(s.metaAll[key], content)
					if k == "property" {
						s.propAll[key] = append(s.propAll[key], content)
					}
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
			if s.timeArt == "" && htmlInArticleHeader(n) {
				s.timeArt = strings.TrimSpace(htmlAttr(n, "datetime"))
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

	// The order follows Readability.js, which measured best on the Mozilla
	// pages: structured data first, then Dublin Core, Open Graph, Twitter.
	if ld != nil {
		m.Title = htmlLDTitle(ld, m.DocTitle)
		if p, ok := ld["publisher"].(map[string]any); ok && strings.EqualFold(m.Title, htmlCollapse(htmlLDString(p["name"]))) {
			m.Title = "" // the site's name, not the article's
		}
		if m.DocTitle != "" && htmlWordOverlap(m.Title, m.DocTitle) < 0.3 {
			m.Title = "" // describes something else on the page
		}
	}
	if m.Title == "" {
		m.Title = first("dc.title", "dcterms.title", "og:title", "twitter:title", "parsely-title", "sailthru.title")
	}

	if ld != nil {
		if p, ok := ld["publisher"].(map[string]any); ok {
			m.Site = htmlCollapse(htmlLDString(p["name"]))
		}
	}
	if m.Site == "" {
		m.Site = first("og:site_name", "application-name", "al:android:app_name", "al:ios:app_name")
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
		// "creator" is left out: sites fill it with user names of uploaders.
		m.Authors = htmlLDNames(ld["author"])
	}
	if len(m.Authors) == 0 {
		for _, k := range []string{"dc.creator", "dcterms.creator", "author", "article:author", "byl", "parsely-author", "sailthru.author", "citation_author"} {
			vals := s.metaAll[k]
			if p := s.propAll[k]; len(p) > 0 {
				vals = p
			}
			for _, v := range vals {
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
	if s.timeArt != "" {
		cands = append(cands, cand{"a <time> element by the headline", s.timeArt})
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
	// Categories the page gives itself: sections and tags, not SEO keyword lists.
	cats := slices.Concat(s.metaAll["article:section"], s.metaAll["article:tag"])
	if ld != nil {
		switch x := ld["articleSection"].(type) {
		case string:
			cats = append(cats, x)
		case []any:
			for _, e := range x {
				if v, ok := e.(string); ok {
					cats = append(cats, v)
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, v := range cats {
		v = htmlCollapse(v)
		if k := strings.ToLower(v); v != "" && len(v) <= 80 && !seen[k] && len(m.Sections) < 20 {
			seen[k] = true
			m.Sections = append(m.Sections, v)
		}
	}
	return m
}

// htmlDateAreaRe matches class or id names of the blocks that hold an
// article's own date; htmlNotDateAreaRe those of blocks that hold other
// stories' or readers' dates.
var (
	htmlDateAreaRe    = regexp.MustCompile(`(?i)date|time|publish|posted|byline|dateline|meta|info|header|author`)
	htmlNotDateAreaRe = regexp.MustCompile(`(?i)comment|related|recommend|teaser|sidebar|footer|widget|more|list|card|nav|menu|update|modif`)
)

// htmlInArticleHeader reports a <time datetime> that dates the article
// itself: inside <article> or <main>, or in a date/byline block, and not
// in comments, related stories, navigation or footers.
func htmlInArticleHeader(n *html.Node) bool {
	if htmlAttr(n, "datetime") == "" {
		return false
	}
	inArticle := false
	for p := n; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		switch p.DataAtom {
		case atom.Aside, atom.Footer, atom.Nav, atom.Li:
			return false
		case atom.Article, atom.Main:
			inArticle = true
		}
		names := htmlAttr(p, "class") + " " + htmlAttr(p, "id") + " " + htmlAttr(p, "itemprop")
		if htmlNotDateAreaRe.MatchString(names) {
			return false
		}
		if htmlDateAreaRe.MatchString(names) {
			inArticle = true
		}
	}
	return inArticle
}

func htmlLDStringMaybe(ld map[string]any, k string) string {
	if ld == nil {
		return ""
	}
	return htmlLDString(ld[k])
}

// htmlMetaKey folds spellings of one meta key together: "dc:title",
// "DC.title" and "dcterm:title" are the same statement.
func htmlMetaKey(k string) string {
	for _, p := range []string{"dc:", "dcterm:", "dcterms:", "dcterm."} {
		if rest, ok := strings.CutPrefix(k, p); ok {
			if strings.HasPrefix(p, "dcterm") {
				return "dcterms." + rest
			}
			return "dc." + rest
		}
	}
	return k
}

// htmlParseJSONLD decodes one ld+json script into its objects, flattening
// arrays and @graph. Broken JSON is ignored: it is common on real pages.
func htmlParseJSONLD(text string) []map[string]any {
	text = strings.TrimSpace(text)
	for _, w := range [][2]string{{"<!--", "-->"}, {"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}} {
		text = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(text, w[0]), w[1]))
	}
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
			for _, k := range []string{"@graph", "mainEntity"} {
				if g, ok := x[k]; ok {
					visit(g, depth+1)
				}
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

// htmlLDTitle picks the article's title from JSON-LD. When name and headline
// differ, the one closer to the <title> element wins: sites put a section
// label or a description in one of them.
func htmlLDTitle(ld map[string]any, docTitle string) string {
	name := htmlCollapse(htmlLDString(ld["name"]))
	headline := htmlCollapse(htmlLDString(ld["headline"]))
	switch {
	case name == "" || name == headline:
		return headline
	case headline == "":
		return name
	}
	if htmlWordOverlap(name, docTitle) > htmlWordOverlap(headline, docTitle) {
		return name
	}
	return headline
}

// htmlWordOverlap is the share of a's words that occur in b.
func htmlWordOverlap(a, b string) float64 {
	aw, bw := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	if len(aw) == 0 {
		return 0
	}
	set := map[string]bool{}
	for _, w := range bw {
		set[w] = true
	}
	n := 0
	for _, w := range aw {
		if set[w] {
			n++
		}
	}
	return float64(n) / float64(len(aw))
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
	htmlBylineRoles  = regexp.MustCompile(`(?i)\b(?:written|edited|reported|compiled|translated|illustrated|photographed|photos?|illustrations?|additional\s+reporting)\s+by\b\s*:?`)
	htmlBylineSplit  = regexp.MustCompile(`\s*(?:[;|·•]|\s[-–—]\s)\s*`)
	htmlBylineJoin   = regexp.MustCompile(`(?i)\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bavec\b|\bwith\b|\bmit\b|\bcon\b)\s*`)
	htmlBylineWith   = regexp.MustCompile(`(?i)^(?:with|avec|mit|con|and|et|und|y|e)\s+`)
	htmlBylineParen  = regexp.MustCompile(`\(([^()]*)\)`)
	htmlBylineStop   = regexp.MustCompile(`(?i)\b(?:updated|published|posted|last\s+updated|aktualisiert|veröffentlicht|erstellt|mis\s+à\s+jour|publié)\b.*$`)
	htmlBylineDate   = regexp.MustCompile(`(?i)\b(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}\.?\s+(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|févr(?:ier)?|mar(?:ch)?|märz|mars|apr(?:il)?|avr(?:il)?|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juil(?:let)?|aug(?:ust)?|août|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober|obre)?|nov(?:ember|embre)?|dez(?:ember)?|dec(?:ember)?|déc(?:embre)?)\.?\s+\d{4}|(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|févr(?:ier)?|mar(?:ch)?|märz|mars|apr(?:il)?|avr(?:il)?|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juil(?:let)?|aug(?:ust)?|août|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober|obre)?|nov(?:ember|embre)?|dez(?:ember)?|dec(?:ember)?|déc(?:embre)?)\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}:\d{2}(?:\s*(?:uhr|am|pm|h))?)`)
	htmlBylineLabel  = regexp.MustCompile(`^[^:\d]{1,30}:\s*`)
	htmlBylineTail   = regexp.MustCompile(`(?i)[\s,]+(?:am|on|le|el|il|um|at|den|vom)$`)
	htmlBylineNoise  = regexp.MustCompile(`(?i)^(?:staff|staff writer|contributor|correspondent|editor|reporter|updated|published|posted|follow|follow author|admin|administrator|guest|anonymous|unknown)$`)
)

// htmlSplitByline turns a byline string ("By Jane Doe and John Roe",
// "Written by A, Edited by B", "Doe, Jane") into names. Dates glued to the
// byline, URLs and role words are dropped.
func htmlSplitByline(s string) []string {
	s = htmlCollapse(s)
	if s == "" || len(s) > 400 {
		return nil
	}
	// "(with X)" adds names; "(http://...)" or "(email)" adds nothing; any
	// other parenthesis (a nickname, a credential) stays with its name.
	s = htmlBylineParen.ReplaceAllStringFunc(s, func(p string) string {
		in := strings.TrimSpace(p[1 : len(p)-1])
		switch {
		case htmlIsWebURL(in) || strings.HasPrefix(strings.ToLower(in), "www.") || strings.Contains(in, "@"):
			return ""
		case htmlBylineWith.MatchString(in):
			return "; " + htmlBylineWith.ReplaceAllString(in, "") + ";"
		}
		return p
	})
	s = htmlBylineRoles.ReplaceAllString(s, ";")
	s = htmlBylineStop.ReplaceAllString(s, "")
	var out []string
	for _, part := range htmlBylineSplit.Split(s, -1) {
		part = htmlBylineDates(part)
		if l := htmlBylineLabel.FindString(part); l != "" && len(strings.Fields(l)) <= 3 && !htmlIsWebURL(part) {
			// "Author: X", "Text und Interview: X"
			part = part[len(l):]
		}
		for _, p := range htmlSplitNames(part) {
			p = strings.Trim(p, " .,:-–—·")
			p = strings.TrimSpace(htmlBylinePrefix.ReplaceAllString(p, ""))
			if p == "" || htmlBylineNoise.MatchString(p) || htmlIsWebURL(p) || len([]rune(p)) > 80 || !strings.ContainsFunc(p, unicode.IsLetter) {
				continue
			}
			out = append(out, p)
			if len(out) >= 20 {
				return out
			}
		}
	}
	return out
}

// htmlBylineDates removes dates and times from a byline part: text before
// a date is the name ("Janic Cathomen, 01.12.2021"); a date in front is
// skipped ("29. Juni 2017 23:39 von Tobi").
func htmlBylineDates(part string) string {
	for range 4 {
		loc := htmlBylineDate.FindStringIndex(part)
		if loc == nil {
			break
		}
		before := strings.TrimSpace(htmlBylineTail.ReplaceAllString(strings.TrimSpace(part[:loc[0]]), ""))
		if strings.ContainsFunc(before, unicode.IsLetter) {
			return before
		}
		part = part[loc[1]:]
	}
	return strings.TrimSpace(part)
}

// htmlSplitNames splits "Jane Doe, John Roe" and "Jane Doe and John Roe"
// but not "Doe, Jane", "Kooman, F." or "Mac & i": a comma or conjunction
// separates names only when every side has at least two words.
func htmlSplitNames(s string) []string {
	parts := htmlBylineJoin.Split(s, -1)
	if len(parts) == 1 {
		return parts
	}
	for _, p := range parts {
		if len(strings.Fields(p)) < 2 {
			return []string{s}
		}
	}
	return parts
}

// htmlTitleSeparators divide a headline from the site name in <title> and og:title.
var htmlTitleSeparators = []string{" | ", " - ", " – ", " — ", " _ ", " :: ", " · ", " » ", " / ", "_"}

// htmlStripTitleSuffix removes trailing " | Site" parts that name the site,
// the host or an author, so that the title is the headline alone (the site
// is shown separately).
func htmlStripTitleSuffix(title, site, host string, authors []string) string {
	names := []string{strings.ToLower(site)}
	for _, a := range authors {
		names = append(names, strings.ToLower(a))
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if i := strings.IndexByte(host, '.'); i > 0 {
		names = append(names, host, host[:i])
	}
	matches := func(tail string) bool {
		tail = strings.ToLower(strings.TrimSpace(tail))
		if len([]rune(tail)) < 2 {
			return false
		}
		for _, n := range names {
			if len([]rune(n)) < 2 {
				continue
			}
			if tail == n || (len([]rune(tail)) >= 3 && strings.HasPrefix(n, tail)) || strings.HasPrefix(tail, n) {
				return true
			}
		}
		return false
	}
	for range 4 {
		cut := -1
		for _, sep := range htmlTitleSeparators {
			if i := strings.LastIndex(title, sep); i > 0 && matches(title[i+len(sep):]) && i > cut {
				cut = i
			}
		}
		if cut <= 0 {
			break
		}
		head := strings.TrimSpace(title[:cut])
		if !strings.ContainsFunc(head, unicode.IsLetter) {
			break
		}
		title = head
	}
	return title
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
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05 -0700",
	"02.01.2006 15:04",
	"02.01.2006",
	"2.1.2006",
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
	if i := strings.IndexAny(s, ",;"); i >= 0 {
		s = strings.TrimSpace(s[:i]) // Content-Language may list several
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
