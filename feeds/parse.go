package feeds

import (
	"context"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/verso-news/verso/news"
)

// Error is a failure to read or parse one input. Its message is the one line
// an import prints, "path: reason"; Reason alone is the reason without the
// path, for callers that lay the two out themselves.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Unwrap lets errors.Is and errors.As see the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Reason is the message without the path.
func (e *Error) Reason() string { return e.Err.Error() }

func fileError(path string, err error) error {
	var fe *Error
	if errors.As(err, &fe) && fe.Path == path {
		return err
	}
	return &Error{Path: path, Err: err}
}

// Parse reads the articles in one file's content: it detects the format and
// dispatches to the text, HTML, feed or JSON parser. Every string in the
// result has passed news.Sanitize after entity decoding; each article has its
// Source, its ID from news.ComputeID, a DateSource that is explicit only when
// the document states the date (Parse never falls back on the file's mtime:
// the caller decides that), and Normalize applied.
//
// Errors are *Error values whose message is "path: reason". A file with
// several articles (a JSONL archive, a JSON array) may return both articles
// and an error naming the bad lines or elements: store the articles, report
// the error.
func Parse(ctx context.Context, path string, data []byte) ([]news.Article, error) {
	data, format, why, err := sniff(ctx, path, data)
	if err != nil {
		return nil, err
	}
	if format.Rejected() {
		return nil, fileError(path, errors.New(why))
	}
	var arts []news.Article
	switch format {
	case FormatText:
		if why := tabularText(data); why != "" {
			return nil, fileError(path, errors.New(why))
		}
		a := parseText(string(data))
		a.Source = news.Source{Path: path, Kind: news.KindText}
		arts = []news.Article{a}
	case FormatHTML:
		a, err := parseHTMLSafely(ctx, data, path)
		if err != nil {
			return nil, fileError(path, err)
		}
		a.Source = news.Source{Path: path, Kind: news.KindHTML}
		arts = []news.Article{a}
	case FormatFeed:
		arts, _, _, err = parseFeedItems(ctx, path, data)
	case FormatJSON:
		arts, err = parseJSON(ctx, path, data)
	case FormatJSONL:
		arts, err = parseJSONL(ctx, path, data)
	}
	return finish(path, format, arts, err)
}

// sniff is the start of Parse: data as UTF-8 and its format, with the
// reason for a rejection.
func sniff(ctx context.Context, path string, data []byte) ([]byte, Format, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", "", fileError(path, err)
	}
	data, err := toUTF8(data)
	if err != nil {
		return nil, "", "", fileError(path, err)
	}
	format, why := detect(data, path)
	return data, format, why, nil
}

// finish is the end of Parse: what a parser read, finalized, and its
// error naming path.
func finish(path string, format Format, arts []news.Article, err error) ([]news.Article, error) {
	for i := range arts {
		finalize(&arts[i])
	}
	if err != nil {
		return arts, fileError(path, err)
	}
	if len(arts) == 0 {
		return nil, fileError(path, fmt.Errorf("no articles found in %s", format))
	}
	return arts, nil
}

// captionLabel is the label broadcasters put before a caption for screen
// readers ("Media caption, ", "Image caption: "): what it labels is the
// caption, the label is not.
var captionLabel = regexp.MustCompile(`(?i)^(?:media|image|video|photo|picture) caption\s*[,:]\s*`)

// finalize makes an article safe and complete: every string sanitized (after
// entity decoding where the parser did not decode), one-line fields folded to
// one line, empty paragraphs dropped, ID computed, lists non-nil.
func finalize(a *news.Article) {
	a.Title = cleanLine(a.Title)
	a.Site = cleanLine(a.Site)
	a.URL = cleanURL(a.URL)
	a.Language = cleanLine(a.Language)
	a.Description = cleanLine(a.Description)
	a.Image = cleanURL(a.Image)
	a.DateReason = cleanLine(a.DateReason)
	a.Story = cleanLine(a.Story)
	a.Source.Path = sanitize(a.Source.Path)
	a.Byline = cleanList(a.Byline)
	a.Categories = cleanList(a.Categories)
	a.Topics = cleanList(a.Topics)
	a.Paragraphs = cleanParagraphs(a.Paragraphs)
	captions := cleanParagraphs(a.Captions)
	a.Captions = captions[:0]
	for _, c := range captions {
		// A label with nothing after it labels no caption.
		if c = strings.TrimSpace(captionLabel.ReplaceAllString(c, "")); c != "" {
			a.Captions = append(a.Captions, c)
		}
	}
	links := a.RelatedLinks[:0:0]
	for _, l := range a.RelatedLinks {
		l.Text, l.URL = cleanLine(l.Text), cleanURL(l.URL)
		if l.Text != "" || l.URL != "" {
			links = append(links, l)
		}
	}
	a.RelatedLinks = links
	for i := range a.Entities {
		e := &a.Entities[i]
		e.Name = cleanLine(e.Name)
		e.Type = news.EntityType(cleanLine(string(e.Type)))
		for j := range e.Aliases {
			e.Aliases[j] = cleanLine(e.Aliases[j])
		}
		for j := range e.Mentions {
			e.Mentions[j].Text = sanitize(e.Mentions[j].Text)
		}
	}
	for i := range a.Quotes {
		q := &a.Quotes[i]
		q.Text, q.Speaker, q.Cue = sanitize(q.Text), cleanLine(q.Speaker), cleanLine(q.Cue)
	}
	for i := range a.Versions {
		a.Versions[i].ID = cleanLine(a.Versions[i].ID)
		a.Versions[i].Title = cleanLine(a.Versions[i].Title)
	}
	if a.Published == nil && (a.DateSource == news.DateExplicit || a.DateSource == news.DateInferred || a.DateSource == news.DateFile) {
		a.DateSource, a.DateReason = news.DateUnknown, ""
	}
	if a.Published != nil && a.DateSource == "" {
		a.DateSource = news.DateExplicit
	}
	a.ID = news.ComputeID(a.Title, a.Paragraphs)
	a.Normalize()
}

// decodeEntities turns HTML character references into characters. Text that
// came in as plain text or JSON is decoded too, so that an escaped control
// character such as "&#27;" becomes ESC and is then removed by Sanitize
// rather than surviving as a literal that a later HTML renderer decodes.
func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}

// cleanLine sanitizes a one-line field and folds its whitespace.
func cleanLine(s string) string {
	s = sanitize(decodeEntities(s))
	if isFolded(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isFolded reports whether s is already what cleanLine's folding makes of
// it: no leading, trailing or repeated spaces and no other white space.
func isFolded(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	// Byte by byte, decoding only non-ASCII: this runs twice over every
	// line of every imported text.
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			prevSpace = false
			if unicode.IsSpace(r) {
				return false
			}
			continue
		}
		i++
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return false
		}
	}
	return !prevSpace
}

// cleanURL keeps a URL only when it is a plain web or mail link without
// whitespace: a javascript: or data: link must never be offered to open.
func cleanURL(s string) string {
	s = strings.TrimSpace(cleanLine(s))
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "mailto:") {
		return s
	}
	return ""
}

func cleanList(in []string) []string {
	if in == nil {
		return nil
	}
	out := in[:0:0]
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = cleanLine(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// cleanParagraphs sanitizes paragraphs, folds the whitespace inside each
// (a paragraph is one run of text; its line breaks carry no meaning once
// parsed) and drops empty ones.
func cleanParagraphs(in []string) []string {
	if in == nil {
		return nil
	}
	out := in[:0:0]
	for _, p := range in {
		p = cleanLine(p)
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sanitize is news.Sanitize made safe against a flaw in its fast path:
// news.isClean stops scanning at the first non-ASCII byte, so "é\x1b]52;..."
// was returned unchanged, escape sequence and all. This checks the whole
// string and, when anything needs removing, forces news.Sanitize onto its
// full path by prefixing a control character (which it drops).
func sanitize(s string) string {
	if sanitized(s) {
		return s
	}
	return news.Sanitize("\x01" + s)
}

// sanitized reports whether s has nothing news.Sanitize would remove: no C0
// control but tab and newline, no DEL, no C1 control, valid UTF-8.
func sanitized(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || r >= 0x80 && r <= 0x9f {
			return false
		}
		i += size
	}
	return true
}

// parseHTMLSafely runs ParseHTML, which drives third-party extractors over
// hostile markup, turning a panic into an error for this one file so that
// an import goes on.
func parseHTMLSafely(ctx context.Context, data []byte, path string) (a news.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = news.Article{}, fmt.Errorf("html extraction failed: %v", r)
		}
	}()
	return ParseHTML(ctx, data, path)
}
