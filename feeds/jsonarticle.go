package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/verso-news/verso/news"
)

// JSON archives come in two shapes verso reads: its own article JSON (the
// --json output of show and extract, news.Article's tags), which must
// round-trip identically, and news-please records (title, authors,
// date_publish, maintext, ...), the common scraped-archive format. A few
// generic field names (headline, text, body, content, author, published)
// are understood too, so other archives import without a converter.

// maxJSONDepth bounds nesting so that hostile JSON ("[[[[...") is refused
// with an error instead of exhausting the decoder.
const maxJSONDepth = 200

// parseJSON reads one article object, an array of them, or an object that
// wraps an array under "articles", "items", "records" or "data". A bad
// element is reported by its index; the others still import.
func parseJSON(ctx context.Context, path string, data []byte) ([]news.Article, error) {
	if err := checkDepth(data); err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonSyntaxError(data, err)
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, errors.New("empty JSON document")
	}
	switch raw[0] {
	case '{':
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, jsonSyntaxError(raw, err)
		}
		if !isArticleObject(probe) {
			for _, key := range []string{"articles", "items", "records", "data", "results"} {
				if inner, ok := probe[key]; ok && len(bytes.TrimSpace(inner)) > 0 && bytes.TrimSpace(inner)[0] == '[' {
					return parseJSONArray(ctx, path, inner)
				}
			}
		}
		a, err := articleFromJSON(path, raw, probe)
		if err != nil {
			return nil, err
		}
		return []news.Article{a}, nil
	case '[':
		return parseJSONArray(ctx, path, raw)
	}
	return nil, errors.New("JSON document is neither an article object nor an array of articles")
}

func parseJSONArray(ctx context.Context, path string, raw json.RawMessage) ([]news.Article, error) {
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, jsonSyntaxError(raw, err)
	}
	var arts []news.Article
	var errs []error
	for i, e := range elems {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return arts, err
			}
		}
		a, err := articleFromJSON(path, e, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("element %d: %w", i, err))
			continue
		}
		arts = append(arts, a)
	}
	return arts, summarize(errs, len(elems), "elements")
}

// parseJSONL reads JSON Lines: one article object per line. A bad line is
// reported by its number (1-based) and the other lines still import.
func parseJSONL(ctx context.Context, path string, data []byte) ([]news.Article, error) {
	var arts []news.Article
	var errs []error
	lineNo, total := 0, 0
	for len(data) > 0 {
		lineNo++
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		total++
		if total%256 == 0 {
			if err := ctx.Err(); err != nil {
				return arts, err
			}
		}
		if err := checkDepth(line); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", lineNo, err))
			continue
		}
		a, err := articleFromJSON(path, line, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", lineNo, err))
			continue
		}
		arts = append(arts, a)
	}
	return arts, summarize(errs, total, "lines")
}

// summarize folds per-record errors into one error that still reads as one
// line: the first few reasons and how many there were in all.
func summarize(errs []error, total int, what string) error {
	if len(errs) == 0 {
		return nil
	}
	const show = 3
	parts := make([]string, 0, show)
	for _, e := range errs[:min(show, len(errs))] {
		parts = append(parts, e.Error())
	}
	msg := strings.Join(parts, "; ")
	if len(errs) > show {
		msg += fmt.Sprintf("; and %d more", len(errs)-show)
	}
	return &RecordErrors{Errs: errs, Total: total, msg: fmt.Sprintf("%d of %d %s failed: %s", len(errs), total, what, msg)}
}

// RecordErrors reports the bad records of a multi-article file (JSON array
// elements, JSONL lines) when the rest imported; Errs has one error per bad
// record, each naming its element index or line number.
type RecordErrors struct {
	Errs  []error
	Total int
	msg   string
}

func (e *RecordErrors) Error() string { return e.msg }

// Unwrap exposes each record's error to errors.Is and errors.As.
func (e *RecordErrors) Unwrap() []error { return e.Errs }

// jsonSyntaxError turns a decoder error into "invalid JSON at line L,
// column C: reason".
func jsonSyntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, int(se.Offset))
		return fmt.Errorf("invalid JSON at line %d, column %d: %s", line, col, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("unexpected JSON %s for field %q", te.Value, te.Field)
	}
	if err == nil {
		return errors.New("invalid JSON")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

func lineCol(data []byte, off int) (int, int) {
	// Offset counts the offending byte; point at it, not after it.
	off = min(max(off-1, 0), len(data))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return line, col
}

// checkDepth refuses JSON nested deeper than maxJSONDepth.
func checkDepth(data []byte) error {
	depth, inStr, esc := 0, false, false
	for _, c := range data {
		switch {
		case inStr:
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
			if depth > maxJSONDepth {
				return fmt.Errorf("JSON nested deeper than %d levels", maxJSONDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// isArticleObject reports whether a JSON object carries article fields
// rather than wrapping a list of articles.
func isArticleObject(m map[string]json.RawMessage) bool {
	for _, k := range []string{"paragraphs", "maintext", "title", "headline", "text", "body", "content", "article_text", "date_publish"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// articleFromJSON maps one JSON object onto an Article. probe may be nil.
func articleFromJSON(path string, raw json.RawMessage, probe map[string]json.RawMessage) (news.Article, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return news.Article{}, errors.New("not a JSON object")
	}
	if probe == nil {
		if err := json.Unmarshal(raw, &probe); err != nil {
			return news.Article{}, jsonSyntaxError(raw, err)
		}
	}
	if _, ok := probe["paragraphs"]; ok {
		return versoArticle(path, raw)
	}
	return genericArticle(path, probe)
}

// versoArticle reads verso's own article JSON. Everything in the record is
// kept (source, story, analysis, versions, dates and their provenance) so
// that an export imports back identically: the source stays the file the
// article was first read from, the JSON file being only its container; a
// record without a valid source gets this file. The id is recomputed from
// the content, which gives the same id for an unmodified record.
func versoArticle(path string, raw json.RawMessage) (news.Article, error) {
	var a news.Article
	if err := json.Unmarshal(raw, &a); err != nil {
		return news.Article{}, jsonSyntaxError(raw, err)
	}
	switch a.Source.Kind {
	case news.KindText, news.KindHTML, news.KindFeed, news.KindJSON:
	default:
		a.Source = news.Source{}
	}
	if a.Source.Path == "" {
		a.Source = news.Source{Path: path, Kind: news.KindJSON}
	}
	switch a.DateSource {
	case news.DateExplicit, news.DateInferred, news.DateFile, news.DateUnknown:
	default:
		a.DateSource = ""
	}
	if a.Published != nil {
		t := a.Published.UTC()
		a.Published = &t
	}
	if a.Updated != nil {
		t := a.Updated.UTC()
		a.Updated = &t
	}
	if a.Title == "" && len(a.Paragraphs) == 0 {
		return news.Article{}, errors.New("article has no title and no paragraphs")
	}
	return a, nil
}

// genericArticle maps news-please records and similar archives: the first
// field present among each list of names wins.
func genericArticle(path string, m map[string]json.RawMessage) (news.Article, error) {
	a := news.Article{Source: news.Source{Path: path, Kind: news.KindJSON}}
	a.Title = jsonString(m, "title", "headline", "title_page", "title_rss", "name")
	a.URL = jsonString(m, "url", "canonical_url", "link", "uri")
	a.Site = jsonString(m, "site", "site_name", "source_name", "publisher", "source_domain", "domain")
	a.Language = jsonString(m, "language", "lang")
	a.Byline = jsonStrings(m, "authors", "author", "byline", "creator")
	a.Categories = jsonStrings(m, "categories", "tags", "keywords", "section")
	text := jsonString(m, "maintext", "text", "body", "content", "article_text", "article", "full_text")
	description := jsonString(m, "description", "summary", "abstract", "lead")
	if text == "" {
		text = description
	}
	a.Paragraphs = splitParagraphs(text)
	a.Description = description
	a.Image = jsonString(m, "image_url", "image", "top_image", "lead_image_url")
	if pub := jsonString(m, "date_publish", "published", "date_published", "datePublished", "publish_date", "pubDate", "date", "published_at"); pub != "" {
		if t, ok := parseLooseTime(pub); ok {
			a.Published = &t
			a.DateSource = news.DateExplicit
			a.DateReason = "publication date field of the JSON record"
		}
	}
	if upd := jsonString(m, "date_modify", "updated", "date_modified", "dateModified", "modified", "updated_at"); upd != "" {
		if t, ok := parseLooseTime(upd); ok {
			a.Updated = &t
		}
	}
	if a.Title == "" && len(a.Paragraphs) == 0 {
		return news.Article{}, errors.New("JSON object has no title or text field (expected e.g. title and maintext, or verso's paragraphs)")
	}
	return a, nil
}

// splitParagraphs splits plain text on line breaks (news-please's maintext
// puts one paragraph per line) and drops empty pieces.
func splitParagraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// jsonString returns the first of keys present as a non-empty string (or a
// number, or the first string of a list).
func jsonString(m map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		raw, ok := m[k]
		if !ok {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if s = strings.TrimSpace(s); s != "" {
				return s
			}
			continue
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil && len(list) > 0 {
			return strings.TrimSpace(list[0])
		}
		var obj struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		}
		if json.Unmarshal(raw, &obj) == nil && (obj.Name != "" || obj.URL != "") {
			if obj.Name != "" {
				return obj.Name
			}
			return obj.URL
		}
	}
	return ""
}

// jsonStrings returns the first of keys present as a list of names: a list
// of strings, a list of {"name": ...} objects, or one string (split on
// commas and "and" when it is a byline).
func jsonStrings(m map[string]json.RawMessage, keys ...string) []string {
	for _, k := range keys {
		raw, ok := m[k]
		if !ok {
			continue
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			if len(list) > 0 {
				return list
			}
			continue
		}
		var objs []struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(raw, &objs) == nil && len(objs) > 0 {
			out := make([]string, 0, len(objs))
			for _, o := range objs {
				out = append(out, o.Name)
			}
			return out
		}
		var s string
		if json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) != "" {
			return nameSplitRe.Split(strings.TrimSpace(s), -1)
		}
		var obj struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(raw, &obj) == nil && obj.Name != "" {
			return []string{obj.Name}
		}
	}
	return nil
}

// parseLooseTime reads the timestamp forms archives use: RFC 3339, the
// news-please "2017-07-17 17:03:00" (no zone: taken as UTC), a bare date,
// RFC 1123 and a date with a month name.
func parseLooseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1800 || t.Year() > 2200 {
				return time.Time{}, false
			}
			return t.UTC(), true
		}
	}
	if t, _, n, ok := parseDatePrefix(s); ok && strings.TrimSpace(s[n:]) == "" {
		return t, true
	}
	return time.Time{}, false
}
