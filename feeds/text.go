package feeds

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/verso-news/verso/news"
)

// Text dumps are what scrapers and PDF extraction leave behind: a header of
// date lines, banners, bylines and photo captions around a title, then
// paragraphs that may be hard-wrapped, hyphenated and full of broken quote
// marks. parseText turns one into an Article. The rules are generic (see
// docs/INGEST.md for the list): they key on the shape of a line, never on a
// particular site's wording.

// headLimit bounds how many non-blank lines the header scan looks at, so a
// dump with no recognisable header does not have its body eaten.
const headLimit = 14

// textLine is one line of the dump with its indentation measured.
type textLine struct {
	text    string // trimmed, inner whitespace untouched
	indent  int    // leading blanks, a tab counting as 4
	heading bool   // a Markdown "# " heading (the marks are removed from text)
}

func (l textLine) blank() bool { return l.text == "" }

// parseText cleans a plain-text article dump. It never fails: any text
// yields an article, possibly with no title or no paragraphs.
func parseText(s string) news.Article {
	s = sanitize(decodeEntities(s))
	lines := splitLines(s)
	var a news.Article
	words := &lazyWords{text: s}

	body := parseHead(lines, &a)
	parseBody(lines[body:], &a, words)
	a.Title = fixQuotes(cleanLine(a.Title), false)
	a.Source.Kind = news.KindText
	return a
}

func splitLines(s string) []textLine {
	raw := strings.Split(s, "\n")
	out := make([]textLine, 0, len(raw))
	for _, r := range raw {
		if needsMap(r) {
			r = mapLine(r)
		}
		indent := 0
		i := 0
	scan:
		for ; i < len(r); i++ {
			switch r[i] {
			case ' ':
				indent++
			case '\t':
				indent += 4
			default:
				break scan
			}
		}
		l := textLine{text: strings.TrimRightFunc(r[i:], unicode.IsSpace), indent: indent}
		if h := markdownHeading(l.text); h != "" {
			l.text, l.heading = h, true
		}
		out = append(out, l)
	}
	return out
}

// markdownHeading returns the text of a Markdown ATX heading ("## Title"),
// or "" when the line is not one ("#hashtag" is not).
func markdownHeading(s string) string {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n >= len(s) || s[n] != ' ' {
		return ""
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s[n:]), "#"))
}

// isRule reports whether a line is a horizontal rule or a Setext heading
// underline ("-----", "=====", "* * *", "___"): layout, not text.
func isRule(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case '-', '=', '_', '*', '~', '#', '—', '–', '•', '·':
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 3
}

// bulletRe matches the start of a list item: a bullet or a number.
var bulletRe = regexp.MustCompile(`^(?:[-*•·▪◦‣]|\d{1,2}[.)])\s+\S`)

// needsMap reports whether a line holds a character mapLine changes:
// any non-ASCII byte, or a vertical tab or form feed.
func needsMap(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c == '\v' || c == '\f' {
			return true
		}
	}
	return false
}

// mapLine turns exotic spaces into plain ones and drops invisible
// characters (soft hyphen, zero-width space, stray BOM).
func mapLine(r string) string {
	return strings.Map(func(c rune) rune {
		switch c {
		case '\u00a0', '\u2007', '\u202f', '\u3000', '\v', '\f':
			return ' '
		case '\u00ad', '\u200b', '\ufeff': // soft hyphen, zero-width space, stray BOM
			return -1
		}
		return c
	}, r)
}

// lineKind is what a header line was recognised as.
type lineKind int

const (
	kindOther lineKind = iota
	kindDate
	kindBanner
	kindByline
	kindUpdated
	kindCaption
	kindField // a "Key: value" header line (URL:, Source:, Language:)
	kindTitle // a "Title:" header line
)

// parseHead reads the header (dates, banners, title, bylines, Updated stubs,
// captions) into a and returns the index of the first body line.
func parseHead(lines []textLine, a *news.Article) int {
	nonBlank := 0
	titleDone := false
	afterMeta := false // the previous non-blank line was a byline or an Updated stub
	captionTaken := false
	i := 0
	for ; i < len(lines) && nonBlank < headLimit; i++ {
		l := lines[i]
		if l.blank() {
			continue
		}
		nonBlank++
		kind := classifyHeadLine(l.text, a)
		if kind == kindOther {
			// A date glued to the front of a title: the date is taken, the
			// rest is the line.
			if _, _, rest, ok := dateHeader(l.text); ok && rest != "" {
				l.text = rest
			}
		}
		if kind == kindCaption && !titleDone && !captionByCredit(l.text) {
			kind = kindOther // "Photos: Floods hit ..." at the top is a headline
		}
		switch kind {
		case kindByline, kindUpdated:
			afterMeta = true
			continue
		case kindDate:
			// A date line alone does not make the next short line a caption
			// (Wikinews puts subheadings and questions there).
			continue
		case kindBanner, kindField:
			continue
		case kindTitle:
			titleDone = true
			afterMeta = false
			continue
		case kindCaption:
			a.Captions = append(a.Captions, l.text)
			afterMeta = false
			captionTaken = true
			continue
		}
		if !titleDone {
			if !looksLikeTitle(l.text) {
				return i
			}
			if isSectionLabel(lines, i) {
				continue
			}
			title := l.text
			prev := l
			for n := 0; n < 3 && i+1 < len(lines); n++ {
				next := lines[i+1]
				if !continuesTitle(title, prev, next) {
					break
				}
				title = joinLines(title, next.text, nil)
				prev = next
				i++
			}
			a.Title = title
			titleDone = true
			afterMeta = false
			continue
		}
		if names := unmarkedByline(lines, i); names != nil {
			if len(a.Byline) == 0 {
				a.Byline = names
			}
			afterMeta = true
			continue
		}
		// A short line without final punctuation directly after the byline
		// block is a photo caption: body paragraphs end in punctuation.
		// It stands alone: a first body line wrapped onto the next is not one.
		if afterMeta && !captionTaken && isCaptionShaped(l.text) && (i+1 >= len(lines) || lines[i+1].blank()) && hasBodyAfter(lines, i+1) {
			a.Captions = append(a.Captions, l.text)
			captionTaken = true
			afterMeta = false
			continue
		}
		return i
	}
	// Skip trailing blank lines of the head; if the head limit was hit the
	// body starts at the current line.
	return i
}

// classifyHeadLine recognises header lines, recording what they carry
// (date, site, byline, updated time) in a. A date header glued to a banner
// ("date 2021-07-16 Support The Moscow Times!") is both.
func classifyHeadLine(s string, a *news.Article) lineKind {
	if isRule(s) {
		return kindBanner
	}
	if k := fieldLine(s, a); k != kindOther {
		return k
	}
	if t, hasTime, rest, ok := dateHeader(s); ok {
		if a.Published == nil {
			tt := t
			a.Published = &tt
			a.DateSource = news.DateExplicit
			a.DateReason = "date line in the header"
			if !hasTime {
				a.DateReason += " (date only, no time)"
			}
		}
		if rest != "" {
			if k := classifyHeadLine(rest, a); k == kindOther {
				// Text glued after a date that is not a header itself is
				// not thrown away: it stays a candidate title.
				return kindOther
			}
		}
		return kindDate
	}
	if site, ok := bannerLine(s); ok {
		if site != "" && a.Site == "" {
			a.Site = site
		}
		return kindBanner
	}
	if names, t, ok := bylineLine(s); ok {
		if len(a.Byline) == 0 {
			a.Byline = names
		}
		if t != nil && a.Published == nil {
			a.Published = t
			a.DateSource = news.DateExplicit
			a.DateReason = "date on the byline line"
		}
		return kindByline
	}
	if t, ok := updatedLine(s); ok {
		if t != nil && a.Updated == nil {
			a.Updated = t
		}
		return kindUpdated
	}
	if isCaptionLine(s) {
		return kindCaption
	}
	return kindOther
}

var (
	fieldRe   = regexp.MustCompile(`(?i)^(title|headline|url|link|canonical(?:\s+url)?|original(?:\s+url)?|source|site(?:\s+name)?|publication|publisher|language|lang)\s*:\s*(\S.*)$`)
	bareURLRe = regexp.MustCompile(`^https?://\S+$`)
	langRe    = regexp.MustCompile(`^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$|^\p{L}{3,20}$`)
)

// fieldLine reads the "Key: value" header lines that archiving tools write
// above a dump (Title:, URL:, Source:, Site:, Language:) and a bare URL line.
func fieldLine(s string, a *news.Article) lineKind {
	if len(s) > 2000 {
		return kindOther
	}
	// bareURLRe needs an "http" start and fieldRe a colon: most lines have
	// neither, and testing for them is far cheaper than the expressions.
	if strings.HasPrefix(s, "http") && bareURLRe.MatchString(s) {
		if a.URL == "" {
			a.URL = s
		}
		return kindField
	}
	if strings.IndexByte(s, ':') < 0 {
		return kindOther
	}
	m := fieldRe.FindStringSubmatch(prefix(s, 2000))
	if m == nil {
		return kindOther
	}
	key, val := strings.ToLower(m[1]), strings.TrimSpace(m[2])
	isURL := bareURLRe.MatchString(val)
	switch {
	case key == "title" || key == "headline":
		if a.Title != "" || utf8.RuneCountInString(val) > 300 {
			return kindOther
		}
		a.Title = val
		return kindTitle
	case isURL && (key == "url" || key == "link" || key == "source" || strings.HasPrefix(key, "canonical") || strings.HasPrefix(key, "original")):
		if a.URL == "" {
			a.URL = val
		}
		return kindField
	case !isURL && (key == "source" || strings.HasPrefix(key, "site") || key == "publication" || key == "publisher"):
		if utf8.RuneCountInString(val) > 60 {
			return kindOther
		}
		if a.Site == "" {
			a.Site = val
		}
		return kindField
	case key == "language" || key == "lang":
		if !langRe.MatchString(val) {
			return kindOther
		}
		if a.Language == "" {
			a.Language = val
		}
		return kindField
	}
	return kindOther
}

var zoneAbbrevRe = regexp.MustCompile(`^\(?[A-Z]{2,5}\)?$`)

var dateKeywordRe = regexp.MustCompile(`(?i)^(?:date|dated|published|posted|first published|publication date|pub date|pubdate|released?|publié|veröffentlicht|publicado|pubblicato|gepubliceerd|datum|fecha|data)(?:\s+(?:on|le|am|el|il|op|em))?\s*[:\-–—|]?\s*`)

// dateHeader reads a header line that states the publication date: a date
// keyword followed by a date ("date 2021-07-16", "Published: July 16,
// 2021"), or a line that starts with a date and has nothing after it but a
// separator, a time or another header (a banner). It returns the text after
// the date for further classification.
func dateHeader(s string) (time.Time, bool, string, bool) {
	rest := s
	keyword := false
	// Every date keyword starts with one of these letters.
	if startsWithAny(s, "dpfrvg") {
		if m := dateKeywordRe.FindStringIndex(prefix(s, 40)); m != nil {
			rest = s[m[1]:]
			keyword = true
		}
	}
	t, hasTime, n, ok := parseDatePrefix(rest)
	if !ok {
		return time.Time{}, false, "", false
	}
	after := strings.TrimLeft(rest[n:], " \t|·•,-–—/")
	if keyword || after == "" {
		return t, hasTime, after, true
	}
	// "Fri 16 Jul 2021 14.05 BST": a zone abbreviation other than UTC/GMT
	// is ambiguous and not applied, but the line is still a date line.
	if hasTime && zoneAbbrevRe.MatchString(after) {
		return t, hasTime, "", true
	}
	// A bare date followed by something else is a header only when that
	// something is itself a header line (banner, byline, Updated stub).
	var probe news.Article
	if k := classifyHeadLine(after, &probe); k == kindBanner || k == kindByline || k == kindUpdated {
		return t, hasTime, after, true
	}
	return time.Time{}, false, "", false
}

var (
	supportRe   = regexp.MustCompile(`(?i)^(?:please\s+)?support\s+(.{2,60}?)\s*[!.]*$`)
	subscribeRe = regexp.MustCompile(`(?i)^(?:subscribe|sign\s+up|donate|give|contribute)(?:\s+(?:now|today|here))?(?:\s+(?:to|for)\s+(.{2,60}?))?\s*[!.]*$`)
	bannerRes   = []*regexp.Regexp{
		regexp.MustCompile(`(?i)^(?:advertisement|advertising|advert|ad|sponsored(?:\s+content)?|promoted|paid\s+content|partner\s+content)\s*[:.]?$`),
		regexp.MustCompile(`(?i)^(?:share(?:\s+this(?:\s+(?:article|story|page))?)?|share\s+on\s+\w+|tweet|print|email|comments?|\d+\s+comments?|save|bookmark)\s*[:.]?$`),
		regexp.MustCompile(`(?i)^(?:listen\s+to\s+(?:this\s+)?(?:article|story)|skip\s+to\s+(?:main\s+)?content|read\s+more|continue\s+reading|read\s+the\s+full\s+(?:article|story)|click\s+here\b.*|toggle\s+navigation|menu|back\s+to\s+top)\s*[:.!…]*(?:\s*\(?\d+\s+min(?:ute)?s?\)?)?$`),
		regexp.MustCompile(`(?i)^(?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the|a)\s+.{0,40}newsletters?\b.*$`),
		regexp.MustCompile(`(?i)^become\s+an?\s+(?:member|subscriber|supporter|patron|donor)\b.{0,60}$`),
		regexp.MustCompile(`(?i)^(?:support|fund)\s+(?:us|our\s+\w+(?:\s+\w+)?|independent\s+journalism|quality\s+journalism|free\s+press)\s*[!.]*$`),
		regexp.MustCompile(`(?i)^(?:this\s+(?:article|story)\s+(?:is|was)\s+)?(?:free|available)\s+to\s+read\b.{0,40}$`),
		regexp.MustCompile(`(?i)^(?:\d+\s+min(?:ute)?s?\s+read|reading\s+time\s*:?\s*\d+\s+min(?:ute)?s?)\.?$`),
		regexp.MustCompile(`(?i)^(?:©|\(c\)|copyright\s*(?:©|\(c\))?)\s*(?:\d{4}\b.{0,80}|.{0,80}all\s+rights\s+reserved.{0,20})$`),
	}
)

// bannerLine recognises donation, subscription, advertising and sharing
// banners. For "Support X!", "Subscribe to X" and "Donate to X" with X a
// proper name, X is the site that printed the banner.
func bannerLine(s string) (site string, ok bool) {
	if len(s) > 400 || utf8.RuneCountInString(s) > 100 || !bannerStarts[firstWord(s)] && !(s[0] >= '0' && s[0] <= '9') && !strings.HasPrefix(s, "©") && !strings.HasPrefix(s, "(c)") && !strings.HasPrefix(s, "(C)") {
		return "", false
	}
	for _, re := range bannerRes {
		if re.MatchString(s) {
			return "", true
		}
	}
	for _, re := range []*regexp.Regexp{supportRe, subscribeRe} {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		name := strings.TrimSpace(m[1])
		if name == "" {
			if re == subscribeRe {
				return "", true
			}
			continue
		}
		if isProperName(name) {
			return name, true
		}
	}
	return "", false
}

// bannerStarts are the first words of every banner pattern, a cheap test
// before the regular expressions.
var bannerStarts = map[string]bool{
	"support": true, "please": true, "subscribe": true, "sign": true, "donate": true, "give": true,
	"contribute": true, "advertisement": true, "advertising": true, "advert": true, "ad": true,
	"sponsored": true, "promoted": true, "paid": true, "partner": true, "share": true, "tweet": true,
	"print": true, "email": true, "comment": true, "comments": true, "save": true, "bookmark": true,
	"listen": true, "skip": true, "read": true, "continue": true, "click": true, "toggle": true,
	"menu": true, "back": true, "become": true, "fund": true, "this": true, "free": true, "available": true,
	"reading": true, "copyright": true,
}

// firstWord returns the first run of ASCII letters of s, lower-cased.
func firstWord(s string) string {
	i := 0
	for i < len(s) && i < 16 && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z') {
		i++
	}
	return strings.ToLower(s[:i])
}

// smallWords are the words a title-case name or headline leaves lower case.
var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "on": true, "at": true,
	"to": true, "for": true, "and": true, "or": true, "but": true, "nor": true, "with": true,
	"from": true, "by": true, "as": true, "vs": true, "vs.": true, "via": true, "de": true,
	"la": true, "le": true, "du": true, "des": true, "der": true, "die": true, "das": true,
	"und": true, "y": true, "el": true, "is": true, "into": true, "over": true, "amid": true,
	"after": true, "about": true, "up": true, "off": true, "out": true, "per": true,
}

// isProperName reports whether s reads as a name in title case ("The Moscow
// Times", "Le Monde", "BBC News"): at most seven words, the first and every
// significant one capitalised.
func isProperName(s string) bool {
	fields := strings.Fields(s)
	if len(fields) == 0 || len(fields) > 7 {
		return false
	}
	for i, f := range fields {
		r, _ := utf8.DecodeRuneInString(f)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			continue
		}
		if i > 0 && smallWords[strings.ToLower(f)] {
			continue
		}
		return false
	}
	// "Support Us" and the like are not site names.
	switch strings.ToLower(s) {
	case "us", "our journalism", "independent journalism", "our work", "our newsletter", "the newsletter":
		return false
	}
	return true
}

var (
	bylinePrefixRe  = regexp.MustCompile(`(?i)^(?:by|par|von|por|door|av|written\s+by|words\s+by|reporting\s+by|authors?\s*:|byline\s*:)\s+`)
	nameSplitRe     = regexp.MustCompile(`\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+with\s+)\s*`)
	bylinePlaceRe   = regexp.MustCompile(`\s+(?:in|from)\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2}$`)
	bylineSepRe     = regexp.MustCompile(`\s*[|·•—–]\s*|\s+-\s+`)
	nameParticles   = map[string]bool{"de": true, "da": true, "del": true, "della": true, "der": true, "den": true, "di": true, "du": true, "van": true, "von": true, "bin": true, "ibn": true, "al": true, "el": true, "la": true, "le": true, "dos": true, "das": true, "y": true, "ter": true, "st.": true}
	nameTokenUpper  = regexp.MustCompile(`^(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.)$`)
	namePrefixParts = regexp.MustCompile(`^(?:al|el)-\p{Lu}[\p{L}'’.-]*$`)
)

// bylineLine recognises "By NAME[, NAME and NAME]" (also "Written by",
// "Author:"), optionally followed by a place ("in Moscow") or a separator
// and a date. Every name must look like one (capitalised words, initials,
// particles such as "de" or "van"), which keeps "By Friday, the troops had
// left" out.
func bylineLine(s string) ([]string, *time.Time, bool) {
	if len(s) > 480 || utf8.RuneCountInString(s) > 120 {
		return nil, nil, false
	}
	if !startsWithAny(s, "bpvdawr") {
		return nil, nil, false
	}
	m := bylinePrefixRe.FindStringIndex(prefix(s, 30))
	if m == nil {
		return nil, nil, false
	}
	rest := strings.TrimSpace(s[m[1]:])
	var date *time.Time
	// "By AFP | July 16, 2021" or "By Jane Doe - 16 July 2021 10:00 GMT"
	if loc := bylineSepRe.FindStringIndex(rest); loc != nil {
		tail := strings.TrimSpace(rest[loc[1]:])
		if t, _, n, ok := parseDatePrefix(tail); ok && strings.TrimSpace(tail[n:]) == "" {
			date = &t
			rest = strings.TrimSpace(rest[:loc[0]])
		} else if tail == "" {
			rest = strings.TrimSpace(rest[:loc[0]])
		}
	}
	if date == nil {
		// "By Jane Doe, July 16, 2021"
		if ds := findDates(rest); len(ds) > 0 && ds[0][0] > 0 {
			i := ds[0]
			if t, _, n, ok := parseDatePrefix(rest[i[0]:]); ok && strings.TrimSpace(rest[i[0]+n:]) == "" {
				date = &t
				rest = strings.TrimRight(strings.TrimSpace(rest[:i[0]]), ",;|-–— ")
			}
		}
	}
	rest = strings.TrimRight(rest, ".;: ")
	rest = bylinePlaceRe.ReplaceAllString(rest, "")
	if rest == "" {
		return nil, nil, false
	}
	var names []string
	for _, n := range nameSplitRe.Split(rest, -1) {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !looksLikeName(n) {
			return nil, nil, false
		}
		names = append(names, n)
	}
	if len(names) == 0 || len(names) > 8 {
		return nil, nil, false
	}
	return names, date, true
}

// unmarkedByline recognises a byline written without "By" ("Andrew Roth in
// Moscow"): a short line of names directly above or below a date line or an
// Updated stub, which is what makes it a byline rather than a phrase.
func unmarkedByline(lines []textLine, i int) []string {
	text := lines[i].text
	if utf8.RuneCountInString(text) > 60 || endsSentence(text) {
		return nil
	}
	names, _, ok := bylineLine("By " + text)
	if !ok {
		return nil
	}
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(lines) || lines[j].blank() {
			continue
		}
		var probe news.Article
		if k := classifyHeadLine(lines[j].text, &probe); k == kindDate || k == kindUpdated {
			return names
		}
	}
	return nil
}

// looksLikeName accepts one to six tokens, each capitalised, an initial, or
// a name particle, starting with a capital.
func looksLikeName(n string) bool {
	toks := strings.Fields(n)
	if len(toks) == 0 || len(toks) > 6 {
		return false
	}
	for i, t := range toks {
		switch {
		case nameTokenUpper.MatchString(t), namePrefixParts.MatchString(t):
		case i > 0 && nameParticles[strings.ToLower(t)]:
		default:
			return false
		}
	}
	return true
}

var (
	updatedRe  = regexp.MustCompile(`(?i)^(?:last\s+)?(?:updated|modified|edited|revised|mis\s+à\s+jour|aktualisiert|actualizado|aggiornato|bijgewerkt|atualizado)(?:\s+(?:on|at|le|am|el|il|op|em))?\s*([:\-–—|]?)\s*(.*)$`)
	relativeRe = regexp.MustCompile(`(?i)^(?:about\s+|over\s+)?(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month)s?\s+ago\.?$|^(?:just\s+now|today|yesterday)\.?$`)
)

// updatedLine recognises "Updated:" stubs, empty or carrying a time, that
// scraped pages leave in the header.
func updatedLine(s string) (*time.Time, bool) {
	if len(s) > 100 || !startsWithAny(s, "lumerab") {
		return nil, false
	}
	m := updatedRe.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	rest := strings.TrimSpace(m[2])
	if rest == "" {
		return nil, true
	}
	if t, _, n, ok := parseDatePrefix(rest); ok && len(strings.TrimLeft(rest[n:], " ,|·-–—")) <= 12 {
		return &t, true
	}
	if relativeRe.MatchString(rest) {
		return nil, true
	}
	return nil, false
}

var (
	creditMarkerRe = regexp.MustCompile(`(?i)(?:^|[\s(\[|/·•—–-])(?:(?:photo(?:graph)?s?|image|picture|pic|illustration|video|credit|foto)\s*(?::|by\b|credit\s*:|courtesy\b)|(?:image|photo|picture|video)\s+(?:caption|source)\s*[:,]|caption\s*:)\s*\S`)
	creditAgencyRe = regexp.MustCompile(`(?:/|©|\()\s*(?:Reuters|AFP|AP|EPA(?:-EFE)?|Getty(?:\s+Images)?|Shutterstock|Xinhua|TASS|Sputnik|Bloomberg|ANP|dpa|Anadolu|Alamy)\b|\b(?:AP\s+Photo|Getty\s+Images|via\s+Getty|AFP\s+via\s+Getty|Reuters/|EPA/)`)
	creditTailRe   = regexp.MustCompile(`^\s*[/|·•,—–-]?\s*(?:(?:photo|image|picture|credit)s?\s*(?::|by)?\s*)?\p{Lu}[\p{L}\p{N}&.'’/-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}&.'’/-]*|/|via|for|of))*\s*\)?$`)
)

// isCaptionLine recognises a photo caption by its credit: a line ending in
// a date and an agency or photographer ("... July 8, 2021 TASS", "...
// 16 July 2021 / Reuters"), or a line with a credit marker ("Photo:
// Reuters", "(Photo by Jane Doe/AFP)", "AP Photo/...").
func isCaptionLine(s string) bool {
	n := utf8.RuneCountInString(s)
	if n > 400 || n < 8 {
		return false
	}
	// Cheap filters first: this runs on every one-line paragraph.
	if containsLower(s, creditWords) && creditMarkerRe.MatchString(s) {
		return true
	}
	if ((strings.IndexByte(s, '/') >= 0 || strings.IndexByte(s, '(') >= 0 || strings.Contains(s, "©")) && containsAny(s, agencyNames)) || strings.Contains(s, "AP Photo") || strings.Contains(s, "Getty") {
		if creditAgencyRe.MatchString(s) {
			return true
		}
	}
	// A credited date sits near the end: look only at the last stretch.
	start := 0
	if len(s) > 100 {
		start = len(s) - 100
		for start < len(s) && !utf8.RuneStart(s[start]) {
			start++
		}
	}
	if !hasYear(s[start:]) {
		return false
	}
	locs := findDates(s[start:])
	if len(locs) == 0 {
		return false
	}
	last := locs[len(locs)-1]
	if start+last[0] == 0 {
		return false // a line that starts with its date is a date header or body
	}
	tail := s[start+last[1]:]
	if strings.TrimSpace(tail) == "" || utf8.RuneCountInString(tail) > 60 {
		return false
	}
	if len(strings.Fields(tail)) > 5 {
		return false
	}
	return creditTailRe.MatchString(tail)
}

// captionByCredit is the stronger caption test: a date followed by a credit,
// or an agency credit, not merely a word like "Photo:".
func captionByCredit(s string) bool {
	if !isCaptionLine(s) {
		return false
	}
	if creditAgencyRe.MatchString(s) {
		return true
	}
	// "Photo: Reuters" after a description is a credit; "Photos: Floods
	// hit ..." at the start of the line is a headline.
	loc := creditMarkerRe.FindStringIndex(s)
	return loc == nil || strings.TrimSpace(s[:loc[0]]) != ""
}

// Words that must occur (in any case) for creditMarkerRe to match, and the
// agency names creditAgencyRe knows: cheap substring tests that spare most
// body lines the regular expressions.
var (
	creditWords = []string{"photo", "image", "picture", "pic:", "pic by", "illustration", "video", "credit", "foto", "caption"}
	agencyNames = []string{"Reuters", "AFP", "AP", "EPA", "Getty", "Shutterstock", "Xinhua", "TASS", "Sputnik", "Bloomberg", "ANP", "dpa", "Anadolu", "Alamy"}
)

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// containsLower reports whether the lower-cased s contains any of subs.
func containsLower(s string, subs []string) bool {
	lower := strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(lower, sub) {
			return true
		}
	}
	return false
}

// startsWithAny reports whether s starts with one of the ASCII letters in
// lower, in either case: the first test of a pattern whose alternatives
// all start with one of them.
func startsWithAny(s, lower string) bool {
	return s != "" && strings.IndexByte(lower, s[0]|0x20) >= 0
}

// hasYear reports whether s holds four digits in a row, which every date
// findDates finds has.
func hasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// isCaptionShaped is the weaker caption test used right after a byline:
// a line shorter than a paragraph that does not end as a sentence does.
func isCaptionShaped(s string) bool {
	n := utf8.RuneCountInString(s)
	if n > 250 || n < 8 || endsSentence(s) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(last) || unicode.IsDigit(last) || last == ')'
}

// hasBodyAfter reports whether some text follows line i, so that the last
// line of a short dump is never taken for a caption.
func hasBodyAfter(lines []textLine, i int) bool {
	for ; i < len(lines); i++ {
		if !lines[i].blank() {
			return true
		}
	}
	return false
}

// isSectionLabel recognises a one- or two-word line above the headline
// ("World news", "Opinion", "Politics") that scraped pages keep: the next
// non-blank line is itself headline-shaped, longer, not ending in a period.
func isSectionLabel(lines []textLine, i int) bool {
	if len(strings.Fields(lines[i].text)) > 2 || endsSentence(lines[i].text) || i+1 >= len(lines) {
		return false
	}
	next := lines[i+1].text // directly below: a label sits on the headline
	var probe news.Article
	return len(strings.Fields(next)) >= 4 && looksLikeTitle(next) && !endsSentence(next) &&
		mostlyLetters(next) && classifyHeadLine(next, &probe) == kindOther
}

// mostlyLetters reports whether at least three quarters of the non-space
// characters of s are letters, as in a headline (not "[Docs] [txt|pdf]" or
// "Coordinates: 42°S 174°E").
func mostlyLetters(s string) bool {
	letters, other := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case !unicode.IsSpace(r):
			other++
		}
	}
	return letters*4 >= (letters+other)*3
}

// looksLikeTitle accepts a first content line that could be a headline:
// not a paragraph (short, at most one sentence end).
func looksLikeTitle(s string) bool {
	n := utf8.RuneCountInString(s)
	if n > 200 || n < 2 {
		return false
	}
	ends := 0
	for i, r := range s {
		if r == '.' || r == '!' || r == '?' {
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); next == ' ' {
				if !abbrevBefore(s, i) {
					ends++
				}
			}
		}
	}
	return ends < 2
}

// abbrevBefore reports whether the period at i ends an abbreviation or an
// initial ("U.S.", "Mr.", "J.") rather than a sentence.
func abbrevBefore(s string, i int) bool {
	j := strings.LastIndexByte(s[:i], ' ')
	word := s[j+1 : i]
	if strings.Contains(word, ".") || utf8.RuneCountInString(word) == 1 {
		return true
	}
	switch strings.ToLower(word) {
	case "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "gov", "sen", "rep", "pres":
		return true
	}
	return false
}

// continuesTitle decides whether next carries on a headline wrapped over
// lines: directly below it, not indented further, not a header line, short,
// and either a lower-case continuation or title case like the headline.
func continuesTitle(title string, prev, next textLine) bool {
	if next.blank() || next.indent > prev.indent {
		return false
	}
	if endsSentence(title) || strings.HasSuffix(title, ":") {
		return false
	}
	if utf8.RuneCountInString(next.text) > 80 || utf8.RuneCountInString(title)+utf8.RuneCountInString(next.text) > 220 {
		return false
	}
	var probe news.Article
	if classifyHeadLine(next.text, &probe) != kindOther {
		return false
	}
	if startsLower(next.text) {
		return true
	}
	return titleCase(title) && titleCase(next.text) && !endsSentence(next.text)
}

// titleCase reports whether most significant words are capitalised.
func titleCase(s string) bool {
	caps, sig := 0, 0
	for _, f := range strings.Fields(s) {
		f = strings.TrimLeft(f, `"'“‘(`)
		if f == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsLetter(r) {
			continue
		}
		if smallWords[strings.ToLower(f)] {
			continue
		}
		sig++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return sig > 0 && caps*10 >= sig*8
}

// endsSentence reports whether s ends with sentence punctuation, possibly
// followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, ` "'”’»)]`)
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// startsLower reports whether s begins (after opening quotes and brackets)
// with a lower-case letter: a continuation, never the start of a paragraph.
func startsLower(s string) bool {
	s = strings.TrimLeft(s, ` "'“‘«([`)
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// Related-article lines, kept as links rather than body text.
var relatedRe = regexp.MustCompile(`(?i)^(?:related(?:\s+(?:article|articles|story|stories|content|coverage|reading|link|links|news))?|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|recommended(?:\s+reading)?|further\s+reading|lire\s+aussi|lesen\s+sie\s+auch|mehr\s+zum\s+thema|leer\s+más|читайте\s+также)\s*[:»›>|\-–—]\s*`)

var urlRe = regexp.MustCompile(`https?://[^\s<>"')\]]+`)

// parseBody splits the body into blocks (at blank lines and at lines
// indented further than the one before), takes out captions, banners and
// related links, rejoins hard-wrapped lines and hyphenation, and normalises
// quote marks.
func parseBody(lines []textLine, a *news.Article, words *lazyWords) {
	// Header lines that slipped below a standfirst: bylines, date lines and
	// Updated stubs among the first few body lines are still header.
	seen := 0
	for i := range lines {
		if lines[i].blank() {
			continue
		}
		seen++
		if seen > 6 {
			break
		}
		text := lines[i].text
		if len(text) > 150 {
			continue
		}
		// Alone between blank lines, or short: a line inside a paragraph
		// that happens to look like a header line is not one.
		if !standalone(lines, i) && utf8.RuneCountInString(text) > 80 {
			continue
		}
		var probe news.Article
		switch classifyHeadLine(text, &probe) {
		case kindDate, kindByline, kindUpdated, kindBanner:
			classifyHeadLine(text, a)
			// Blank rather than remove, so the lines around it do not join.
			lines[i].text = ""
			continue
		}
		if names := unmarkedByline(lines, i); names != nil {
			if len(a.Byline) == 0 {
				a.Byline = names
			}
			lines[i].text = ""
		}
	}
	blocks := splitBlocks(lines)
	width, wrapped := wrapWidth(blocks)
	var paras []string
	for _, b := range blocks {
		for len(b) > 0 {
			first := b[0].text
			if loc := relatedRe.FindStringIndex(prefix(first, 60)); loc != nil {
				n := relatedLen(b)
				text := first[loc[1]:]
				for _, l := range b[1:n] {
					text = joinLines(text, l.text, words)
				}
				a.RelatedLinks = append(a.RelatedLinks, relatedLink(text))
				b = b[n:]
				continue
			}
			// A long line ending a sentence is a paragraph; captions are
			// short or end in their credit.
			if len(b) == 1 && (len(first) <= 150 || !endsSentence(first)) && isCaptionLine(first) {
				a.Captions = append(a.Captions, first)
				b = nil
				continue
			}
			if _, ok := bannerLine(first); ok && (len(b) == 1 || endsSentence(first) || !startsLower(b[1].text)) {
				b = b[1:]
				continue
			}
			break
		}
		if len(b) == 0 {
			continue
		}
		paras = append(paras, joinBlock(b, width, wrapped, words)...)
	}
	// A paragraph cut by a page break: no final punctuation, and the next
	// one continues it in lower case.
	merged := paras[:0:0]
	var cur joiner
	for i, p := range paras {
		if i > 0 && !endsSentence(paras[i-1]) && startsLower(p) {
			cur.add(p, words)
			continue
		}
		if i > 0 {
			merged = append(merged, cur.String())
		}
		cur.reset(p)
	}
	if len(paras) > 0 {
		merged = append(merged, cur.String())
	}
	for _, p := range merged {
		if !isFolded(p) {
			p = strings.Join(strings.Fields(p), " ")
		}
		if p = fixQuotes(p, true); p != "" {
			a.Paragraphs = append(a.Paragraphs, p)
		}
	}
}

// prefix returns at most the first n bytes of s. Anchored patterns only
// need the start of a line, and Go's regexp engine costs in proportion to
// the input it is given even when the match fails on the first character.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// standalone reports whether line i is alone in its block (blank lines or
// the text's edges around it), as header lines are.
func standalone(lines []textLine, i int) bool {
	return (i == 0 || lines[i-1].blank()) && (i+1 >= len(lines) || lines[i+1].blank())
}

// splitBlocks groups lines into blocks separated by blank lines and by
// lines indented further than the line above (a paragraph's first-line
// indent, or the leading space PDF extraction leaves at a paragraph start)
// unless that line continues in lower case. Banner lines inside a block are
// dropped.
func splitBlocks(lines []textLine) [][]textLine {
	var blocks [][]textLine
	var cur []textLine
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, cur)
			cur = nil
		}
	}
	for _, l := range lines {
		if l.blank() || isRule(l.text) {
			flush()
			continue
		}
		if l.heading {
			// A heading is a paragraph of its own.
			flush()
			cur = append(cur, l)
			flush()
			continue
		}
		if len(cur) > 0 && l.indent > cur[len(cur)-1].indent && !startsLower(l.text) && !strings.HasSuffix(cur[len(cur)-1].text, "-") {
			flush()
		}
		// A list item starts a paragraph (its wrapped lines follow it) when
		// the line above ends a sentence, a clause or another item: a dash
		// wrapped to the start of a line mid-sentence is not a bullet.
		if len(cur) > 0 && prefixIsBullet(l.text) {
			prev := cur[len(cur)-1].text
			if endsSentence(prev) || strings.HasSuffix(prev, ":") || strings.HasSuffix(prev, ";") || prefixIsBullet(cur[0].text) {
				flush()
			}
		}
		cur = append(cur, l)
	}
	flush()
	return blocks
}

func prefixIsBullet(s string) bool { return bulletRe.MatchString(prefix(s, 8)) }

// wrapWidth measures whether the body was hard-wrapped at a fixed width:
// most lines that are followed by another line of the same block come close
// to one width. It returns that width and the verdict.
func wrapWidth(blocks [][]textLine) (int, bool) {
	var inner []int
	for _, b := range blocks {
		for _, l := range b[:len(b)-1] {
			inner = append(inner, utf8.RuneCountInString(l.text))
		}
	}
	if len(inner) < 3 {
		return 0, false
	}
	sorted := slices.Clone(inner)
	slices.Sort(sorted)
	w := sorted[len(sorted)*9/10]
	if w > 140 || w < 20 {
		return w, false
	}
	near := 0
	for _, n := range inner {
		if n*10 >= w*6 {
			near++
		}
	}
	return w, near*10 >= len(inner)*6
}

// joinBlock turns one block into paragraphs: in a hard-wrapped text every
// line that reaches the wrap width continues; otherwise a line continues
// when it does not end a sentence or the next starts in lower case, and a
// line ending a sentence before an upper-case line ends the paragraph (dumps
// that put one paragraph per line with no blank line between).
func joinBlock(b []textLine, width int, wrapped bool, words *lazyWords) []string {
	var out []string
	var cur joiner
	cur.reset(b[0].text)
	for i := 1; i < len(b); i++ {
		prev, next := b[i-1].text, b[i].text
		join := !endsSentence(prev) || startsLower(next) || strings.HasSuffix(prev, "-")
		if !join && wrapped && utf8.RuneCountInString(prev)*10 >= width*7 {
			join = true
		}
		if join {
			cur.add(next, words)
			continue
		}
		out = append(out, cur.String())
		cur.reset(next)
	}
	return append(out, cur.String())
}

// joiner builds a paragraph from its lines in linear time (joining with
// string concatenation is quadratic in the number of lines).
type joiner struct{ buf []byte }

func (j *joiner) reset(s string) { j.buf = append(j.buf[:0], s...) }

func (j *joiner) String() string { return string(j.buf) }

// add appends a line as joinLines would.
func (j *joiner) add(b string, words *lazyWords) {
	for len(j.buf) > 0 && j.buf[len(j.buf)-1] == ' ' {
		j.buf = j.buf[:len(j.buf)-1]
	}
	b = strings.TrimLeft(b, " ")
	if len(j.buf) == 0 {
		j.buf = append(j.buf, b...)
		return
	}
	if b == "" {
		return
	}
	drop, sep := 0, " "
	if j.buf[len(j.buf)-1] == '-' {
		// Only the end of the text so far matters for the decision.
		k := max(0, len(j.buf)-64)
		for k < len(j.buf) && !utf8.RuneStart(j.buf[k]) {
			k++
		}
		drop, sep = joinSep(string(j.buf[k:]), b, words)
	}
	j.buf = append(append(j.buf[:len(j.buf)-drop], sep...), b...)
}

// joinLines joins a wrapped line to the next, undoing line-end hyphenation:
// "with-" + "drawal" gives "withdrawal" unless the text writes the word
// with a hyphen elsewhere, and a hyphen before a capital ("ex-" + "Soviet")
// is kept.
func joinLines(a, b string, words *lazyWords) string {
	a = strings.TrimRight(a, " ")
	b = strings.TrimLeft(b, " ")
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	drop, sep := joinSep(a, b, words)
	return a[:len(a)-drop] + sep + b
}

// joinSep decides how non-empty a (trimmed) and b meet: how many bytes to
// drop from the end of a (a hyphen) and what to put between.
func joinSep(a, b string, words *lazyWords) (int, string) {
	if strings.HasSuffix(a, "-") && !strings.HasSuffix(a, "--") && !strings.HasSuffix(a, " -") {
		before, _ := utf8.DecodeLastRuneInString(a[:len(a)-1])
		after, _ := utf8.DecodeRuneInString(b)
		if unicode.IsLetter(before) && unicode.IsLetter(after) {
			if unicode.IsLower(after) && !keepHyphen(a, b, words) {
				return 1, ""
			}
			return 0, ""
		}
	}
	return 0, " "
}

// keepHyphen decides a line-end hyphen is part of the word: the text uses
// the hyphenated form elsewhere and never the joined one.
func keepHyphen(a, b string, lw *lazyWords) bool {
	if lw == nil {
		return false
	}
	words := lw.get()
	head := a[strings.LastIndexAny(a, " \"'“‘(")+1 : len(a)-1]
	tail := b
	if i := strings.IndexFunc(b, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }); i >= 0 {
		tail = b[:i]
	}
	joined := strings.ToLower(head + tail)
	hyph := strings.ToLower(head + "-" + tail)
	return words[hyph] && !words[joined]
}

// lazyWords builds the word set of a text on first use: only texts with
// line-end hyphens need it.
type lazyWords struct {
	text  string
	words map[string]bool
}

func (l *lazyWords) get() map[string]bool {
	if l.words == nil {
		l.words = wordSet(l.text)
	}
	return l.words
}

// wordSet collects the words of the text (hyphenated compounds whole) for
// the hyphenation decision.
func wordSet(s string) map[string]bool {
	words := make(map[string]bool)
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
		f = strings.Trim(f, "-")
		if len(f) > 2 {
			words[strings.ToLower(f)] = true
		}
	}
	return words
}

// relatedLen is how many lines of a block a related-article line takes: its
// wrapped continuation lines (up to three) until one ends a sentence or the
// next line would start a paragraph.
func relatedLen(b []textLine) int {
	n := 1
	for n < len(b) && n < 3 {
		prev := b[n-1].text
		if endsSentence(prev) && !startsLower(b[n].text) {
			break
		}
		if relatedRe.MatchString(prefix(b[n].text, 60)) {
			break
		}
		n++
	}
	return n
}

// relatedLink splits a related-article line into its text and URL.
func relatedLink(s string) news.Link {
	var l news.Link
	if loc := urlRe.FindStringIndex(s); loc != nil {
		l.URL = strings.TrimRight(s[loc[0]:loc[1]], ".,;")
		s = s[:loc[0]] + s[loc[1]:]
	}
	l.Text = strings.Trim(strings.Join(strings.Fields(s), " "), " -–—:|()<>")
	return l
}

// fixQuotes repairs quote marks broken by OCR and PDF extraction: doubled
// marks (`”the`, `""hasty`, ““”) become one double quote and, in body
// text, a single quote that closes a quotation opened with a double quote
// (`"... countries,' he said`) becomes a double quote. Apostrophes and
// quotations nested in single quotes are left alone.
func fixQuotes(s string, body bool) string {
	if strings.Contains(s, "''") || strings.Contains(s, `""`) || strings.Contains(s, "``") {
		for _, bad := range []string{"``", "''", `""`} {
			for strings.Contains(s, bad) {
				s = strings.ReplaceAll(s, bad, `"`)
			}
		}
	}
	if !body || !strings.Contains(s, "'") && !strings.Contains(s, "’") || !strings.Contains(s, `"`) && !strings.Contains(s, "“") {
		return s
	}
	rs := []rune(s)
	changed := false
	dq, sq := false, false // a double-quoted / single-quoted quotation is open
	curly := false
	for i, r := range rs {
		var prev, next rune = ' ', ' '
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch r {
		case '"':
			dq, sq, curly = !dq, false, false
		case '“':
			dq, sq, curly = true, false, true
		case '”':
			dq, sq = false, false
		case '\'', '‘', '’':
			if !dq {
				continue
			}
			opening := (unicode.IsSpace(prev) || prev == '(' || prev == '—' || prev == '–') && unicode.IsLetter(next)
			closing := (prev == ',' || prev == '.' || prev == '!' || prev == '?') && (unicode.IsSpace(next) || unicode.IsPunct(next) || i+1 == len(rs))
			switch {
			case opening && r != '’':
				sq = true
			case closing && sq:
				sq = false
			case closing:
				if curly {
					rs[i] = '”'
				} else {
					rs[i] = '"'
				}
				dq, changed = false, true
			}
		}
	}
	if !changed {
		return s
	}
	return string(rs)
}
