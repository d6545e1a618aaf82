package store

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/verso-news/verso/news"
)

// Query is a parsed query: Clauses are ANDed, the terms within one clause
// are ORed ("a b OR c" is a AND (b OR c)). An empty query matches everything.
type Query struct {
	Clauses [][]Term
}

// Term is one condition of a query.
type Term struct {
	// Field is "" for plain text, otherwise one of title, by, site, after,
	// before, on, entity, said, quote, topic, is, has.
	Field string
	// Value is the word, phrase or field value without quotes or '*'.
	Value  string
	Phrase bool // the value was quoted
	Prefix bool // a trailing '*': match words starting with Value
	Neg    bool // a leading '-': exclude matches
	Pos    int  // byte offset of the term in the query
	// From and To bound the date fields as unix seconds [From, To).
	From, To int64
	// siteIDs, when not nil, are the sites a site: term matches, resolved
	// before compiling.
	siteIDs []int64
}

// fields lists the known field names and whether they search words of the
// full-text index (and so accept phrases and prefixes).
var fields = map[string]bool{
	"title": true, "by": true, "quote": true,
	"site": false, "after": false, "before": false, "on": false,
	"entity": false, "said": false, "topic": false, "is": false, "has": false,
}

const fieldList = "title, by, site, after, before, on, entity, said, quote, topic, is, has"

func (t Term) isText() bool { return t.Field == "" || fields[t.Field] }

// ParseQuery parses the query language of DESIGN.md. A query that cannot be
// parsed returns a *QueryError with the byte offset of the problem.
func ParseQuery(q string) (*Query, error) {
	p := &parser{q: q}
	return p.parse()
}

type parser struct {
	q string
	i int
}

func (p *parser) fail(pos int, format string, args ...any) error {
	return &QueryError{Query: p.q, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }

func (p *parser) skipSpace() {
	for p.i < len(p.q) {
		r, n := utf8.DecodeRuneInString(p.q[p.i:])
		if !unicode.IsSpace(r) {
			return
		}
		p.i += n
	}
}

func (p *parser) peekRune() rune {
	if p.i >= len(p.q) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(p.q[p.i:])
	return r
}

func (p *parser) parse() (*Query, error) {
	if !utf8.ValidString(p.q) {
		return nil, p.fail(invalidUTF8At(p.q), "the query is not valid UTF-8")
	}
	var out Query
	orPending := false
	orPos := 0
	for {
		p.skipSpace()
		if p.i >= len(p.q) {
			break
		}
		// OR joins its neighbours into one clause.
		if strings.HasPrefix(p.q[p.i:], "OR") && (p.i+2 == len(p.q) || isSpaceAt(p.q, p.i+2)) {
			if len(out.Clauses) == 0 || orPending {
				return nil, p.fail(p.i, "OR needs a term on both sides")
			}
			orPending, orPos = true, p.i
			p.i += 2
			continue
		}
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		if orPending {
			last := len(out.Clauses) - 1
			out.Clauses[last] = append(out.Clauses[last], t)
			orPending = false
		} else {
			out.Clauses = append(out.Clauses, []Term{t})
		}
	}
	if orPending {
		return nil, p.fail(orPos, "OR needs a term on both sides")
	}
	return &out, nil
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// term parses [-][field:](word[*] | "phrase"[*]).
func (p *parser) term() (Term, error) {
	t := Term{Pos: p.i}
	if p.q[p.i] == '-' {
		t.Neg = true
		p.i++
		if p.i >= len(p.q) || isSpaceAt(p.q, p.i) {
			return t, p.fail(t.Pos, "'-' must be followed by what to exclude")
		}
	}
	// A field is ASCII letters followed by ':'; anything else with a colon
	// ("10:30") is a plain word.
	j := p.i
	for j < len(p.q) && (p.q[j] >= 'a' && p.q[j] <= 'z' || p.q[j] >= 'A' && p.q[j] <= 'Z') {
		j++
	}
	if j > p.i && j < len(p.q) && p.q[j] == ':' {
		name := strings.ToLower(p.q[p.i:j])
		if _, ok := fields[name]; !ok {
			return t, p.fail(p.i, "unknown field %q (known: %s)", name+":", fieldList)
		}
		t.Field = name
		fieldPos := p.i
		p.i = j + 1
		if p.i >= len(p.q) || isSpaceAt(p.q, p.i) {
			return t, p.fail(fieldPos, "%s: needs a value", name)
		}
	}
	valPos := p.i
	if isQuote(p.peekRune()) {
		_, n := utf8.DecodeRuneInString(p.q[p.i:])
		p.i += n
		start := p.i
		for {
			if p.i >= len(p.q) {
				return t, p.fail(valPos, "unclosed quote")
			}
			r, n := utf8.DecodeRuneInString(p.q[p.i:])
			if isQuote(r) {
				t.Value = p.q[start:p.i]
				p.i += n
				break
			}
			p.i += n
		}
		t.Phrase = true
		if p.i < len(p.q) && p.q[p.i] == '*' {
			t.Prefix = true
			p.i++
		}
		if p.i < len(p.q) && !isSpaceAt(p.q, p.i) {
			return t, p.fail(p.i, "expected a space after the closing quote")
		}
	} else {
		start := p.i
		for p.i < len(p.q) && !isSpaceAt(p.q, p.i) {
			if isQuote(p.peekRune()) {
				return t, p.fail(p.i, "a quote must start a phrase, not sit inside a word")
			}
			_, n := utf8.DecodeRuneInString(p.q[p.i:])
			p.i += n
		}
		t.Value = p.q[start:p.i]
		if strings.HasSuffix(t.Value, "*") {
			t.Value = strings.TrimRight(t.Value, "*")
			t.Prefix = true
		}
	}
	return t, p.check(&t, valPos)
}

// check validates a term's value and fills its parsed forms.
func (p *parser) check(t *Term, valPos int) error {
	if t.Prefix && !t.isText() {
		return p.fail(valPos, "'*' works on words, not on %s:", t.Field)
	}
	switch t.Field {
	case "", "title", "by", "quote":
		if len(news.NormalizedWords(t.Value)) == 0 {
			if t.Prefix && t.Value == "" {
				return p.fail(valPos, "'*' must follow the start of a word")
			}
			return p.fail(valPos, "nothing to search for in %q (words need letters or digits)", t.Value)
		}
	case "site", "entity", "said", "topic":
		if len(news.NormalizedWords(t.Value)) == 0 {
			return p.fail(valPos, "%s: needs a name with letters or digits", t.Field)
		}
	case "after", "before", "on":
		from, to, err := parseDay(t.Value)
		if err != nil {
			return p.fail(valPos, "%s: %v", t.Field, err)
		}
		t.From, t.To = from, to
	case "is":
		v := strings.ToLower(t.Value)
		if v != "read" && v != "unread" && v != "starred" {
			return p.fail(valPos, "is: takes read, unread or starred, not %q", t.Value)
		}
		t.Value = v
	case "has":
		v := strings.ToLower(t.Value)
		if v != "versions" {
			return p.fail(valPos, "has: takes versions, not %q", t.Value)
		}
		t.Value = v
	}
	return nil
}

// parseDay reads YYYY-MM-DD or YYYY-MM (UTC) and returns the day or month
// as a half-open range of unix seconds.
func parseDay(v string) (from, to int64, err error) {
	if t, e := time.Parse("2006-01-02", v); e == nil {
		return t.Unix(), t.AddDate(0, 0, 1).Unix(), nil
	}
	if t, e := time.Parse("2006-01", v); e == nil {
		return t.Unix(), t.AddDate(0, 1, 0).Unix(), nil
	}
	return 0, 0, fmt.Errorf("%q is not a date (want YYYY-MM-DD or YYYY-MM, e.g. 2021-07-16)", v)
}

// ftsString quotes text as an FTS5 string, so user text is never FTS syntax.
func ftsString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ftsColumn maps query fields to FTS5 columns.
var ftsColumn = map[string]string{"title": "title", "by": "byline", "quote": "quote_text"}

// ftsExpr renders one text term (ignoring Neg) as an FTS5 expression.
func ftsExpr(t Term) string {
	e := ftsString(t.Value)
	if t.Prefix {
		e += " *"
	}
	if col := ftsColumn[t.Field]; col != "" {
		e = col + " : " + e
	}
	return e
}

// compiled is a query turned into SQL over "articles a": an FTS5 MATCH
// expression for the positive text terms (empty when none) and WHERE
// conditions with their bound arguments.
type compiled struct {
	match string
	where []string
	args  []any
}

// compile turns a parsed query into SQL. All user text goes into bound
// parameters; FTS5 text is quoted by ftsString. dense, when set, says which
// filter terms match a large share of the index: those are tested row by
// row while walking the date index instead of being collected first.
func compile(q *Query, dense func(Term) bool) compiled {
	var c compiled
	var pos, neg []string
	for _, clause := range q.Clauses {
		allText := true
		for _, t := range clause {
			if !t.isText() || (t.Neg && len(clause) > 1) {
				allText = false
			}
		}
		switch {
		case allText && len(clause) == 1 && clause[0].Neg:
			neg = append(neg, ftsExpr(clause[0]))
		case allText:
			parts := make([]string, len(clause))
			for i, t := range clause {
				parts[i] = ftsExpr(t)
			}
			pos = append(pos, "("+strings.Join(parts, " OR ")+")")
		default:
			var ors []string
			for _, t := range clause {
				cond, args := termSQL(t, dense != nil && dense(t))
				if t.Neg {
					cond = "NOT (" + cond + ")"
				}
				ors = append(ors, cond)
				c.args = append(c.args, args...)
			}
			c.where = append(c.where, "("+strings.Join(ors, " OR ")+")")
		}
	}
	switch {
	case len(pos) > 0 && len(neg) > 0:
		c.match = "(" + strings.Join(pos, " AND ") + ") NOT (" + strings.Join(neg, " OR ") + ")"
	case len(pos) > 0:
		c.match = strings.Join(pos, " AND ")
	case len(neg) > 0:
		c.where = append(c.where, "a.seq NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
		c.args = append(c.args, strings.Join(neg, " OR "))
	}
	return c
}

// entityIDs returns a subquery for the ids of the entities a term names:
// by folded name or alias, and for said: also by a word of the name
// (said:lavrov finds Sergei Lavrov).
func entityIDs(t Term) (string, []any) {
	k := foldKey(t.Value)
	if t.Field == "said" {
		return `SELECT id FROM entities WHERE key = ? OR (' ' || key || ' ') LIKE ? ESCAPE '\'
			UNION SELECT entity FROM entity_aliases WHERE alias_key = ?`, []any{k, "% " + likeEscape(k) + " %", k}
	}
	return "SELECT id FROM entities WHERE key = ? UNION SELECT entity FROM entity_aliases WHERE alias_key = ?", []any{k, k}
}

// termSQL renders one term (ignoring Neg) as a condition on "articles a";
// dense picks the row-by-row form for terms that match many articles.
func termSQL(t Term, dense bool) (string, []any) {
	switch t.Field {
	case "", "title", "by", "quote":
		return "a.seq IN (SELECT rowid FROM fts WHERE fts MATCH ?)", []any{ftsExpr(t)}
	case "site":
		if t.siteIDs != nil {
			switch len(t.siteIDs) {
			case 0:
				return "0", nil
			case 1:
				return "a.site_id = ?", []any{t.siteIDs[0]}
			}
			args := make([]any, len(t.siteIDs))
			for i, id := range t.siteIDs {
				args[i] = id
			}
			return "a.site_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + ")", args
		}
		return `a.site_id IN (SELECT id FROM sites WHERE key LIKE ? ESCAPE '\')`,
			[]any{"%" + likeEscape(siteKey(t.Value)) + "%"}
	case "after":
		return "a.pub_key >= ?", []any{t.From}
	case "before":
		return "(a.pub_key < ? AND a.published IS NOT NULL)", []any{t.From}
	case "on":
		return "(a.pub_key >= ? AND a.pub_key < ?)", []any{t.From, t.To}
	case "entity", "said":
		// A common name (thousands of articles) is tested along the date
		// index, as a dense MATCH is; a rare one is looked up and sorted.
		seq := "a.seq"
		if dense {
			seq = "+a.seq"
		}
		ids, args := entityIDs(t)
		table := "mentions WHERE entity"
		if t.Field == "said" {
			table = "said WHERE speaker"
		}
		return seq + " IN (SELECT article FROM " + table + " IN (" + ids + "))", args
	case "topic":
		// Any stored label matches, auto or source, kept or not: the
		// archive weighting decides what lists show, not what a user who
		// types topic:x may find.
		if dense {
			return `EXISTS (SELECT 1 FROM topics t WHERE t.label_key = ? AND t.kind IN ('auto', 'source') AND t.article = a.seq)`,
				[]any{foldKey(t.Value)}
		}
		return `a.seq IN (SELECT t.article FROM topics t WHERE t.label_key = ?)`, []any{foldKey(t.Value)}
	case "is":
		switch t.Value {
		case "read":
			return "a.read = 1", nil
		case "unread":
			return "a.read = 0", nil
		default:
			return "a.starred = 1", nil
		}
	case "has":
		return "EXISTS (SELECT 1 FROM stories st WHERE st.id = a.story AND st.size > 1)", nil
	}
	return "0", nil
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// foldKey folds a name for matching: lower case, no diacritics or
// punctuation, words separated by single spaces.
func foldKey(s string) string { return strings.Join(news.NormalizedWords(s), " ") }

// TopicKey is how a topic filter matches labels: two labels with the same
// key (an automatic topic and a source category, "Nokia" and "nokia") list
// the same articles.
func TopicKey(label string) string { return foldKey(label) }

// siteKey folds a site name or host to letters and digits only, so that
// site:moscowtimes matches "The Moscow Times" and themoscowtimes.com.
func siteKey(s string) string { return strings.Join(news.NormalizedWords(s), "") }
