// Package news holds verso's domain model (articles, stories, entities, quotes,
// topics) and the text analysis that fills it: cleaning, sentences, quotes,
// entities, topics, fingerprints, version alignment and word diff.
//
// It knows nothing of SQL, terminals or HTTP: feeds produce Articles, news
// analyses them, store keeps them and ui shows them.
package news

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// DateSource says where an article's published time came from, so that a
// date is never shown with more confidence than it deserves.
type DateSource string

const (
	DateExplicit DateSource = "explicit" // stated by the document itself (header, meta tag, feed field)
	DateInferred DateSource = "inferred" // deduced from the text or from a sibling version
	DateFile     DateSource = "file"     // the file's modification time
	DateUnknown  DateSource = "unknown"  // found nowhere; Published is nil
)

// SourceKind is the format an article was read from.
type SourceKind string

const (
	KindText SourceKind = "text"
	KindHTML SourceKind = "html"
	KindFeed SourceKind = "feed"
	KindJSON SourceKind = "json"
)

// Source is where an article was read from.
type Source struct {
	Path string     `json:"path"`
	Kind SourceKind `json:"kind"`
}

// Link is a related link kept from the document (a "Related article:" line,
// a feed item's extra link).
type Link struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// EntityType is the kind of a named entity.
type EntityType string

const (
	Person       EntityType = "person"
	Organization EntityType = "organization"
	Place        EntityType = "place"
	Misc         EntityType = "misc"
)

// Mention is one occurrence of an entity. Start and End are offsets in
// Unicode code points within Paragraphs[Paragraph] (End exclusive).
type Mention struct {
	Paragraph int    `json:"paragraph"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text"`
	// As is the type of this mention in its context when it differs from
	// the entity's: a country standing for its government or team ("North
	// Korea fired", "Sweden defeated South Korea") is a place entity whose
	// mention is As organization. Empty otherwise.
	As EntityType `json:"as,omitempty"`
}

// Entity is a person, organisation or place named in an article, under its
// canonical name, with every mention that refers to it.
type Entity struct {
	Name     string     `json:"name"`
	Type     EntityType `json:"type"`
	Aliases  []string   `json:"aliases,omitempty"`
	Mentions []Mention  `json:"mentions"`
}

// Quote is a quotation. Speaker is the canonical entity name, or empty when
// the speaker could not be resolved (JSON null): never a guess dressed as fact.
// Start and End are code-point offsets within Paragraphs[Paragraph]; a quote
// that runs over several paragraphs ends in EndParagraph.
type Quote struct {
	Text         string `json:"text"`
	Speaker      string `json:"speaker"`
	Cue          string `json:"cue"`
	Paragraph    int    `json:"paragraph"`
	Start        int    `json:"start"`
	End          int    `json:"end"`
	EndParagraph int    `json:"end_paragraph,omitempty"`
	Partial      bool   `json:"partial,omitempty"`
}

// VersionRef points at another version of the same story.
type VersionRef struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Published  *time.Time `json:"published"`
	Similarity float64    `json:"similarity"`
}

// Article is one stored version of one text.
type Article struct {
	ID           string     `json:"id"`
	Story        string     `json:"story"`
	Title        string     `json:"title"`
	Byline       []string   `json:"byline"`
	Site         string     `json:"site"`
	URL          string     `json:"url"`
	Source       Source     `json:"source"`
	Published    *time.Time `json:"published"`
	DateSource   DateSource `json:"date_source"`
	DateReason   string     `json:"date_reason,omitempty"`
	Updated      *time.Time `json:"updated,omitempty"`
	Language     string     `json:"language,omitempty"`
	Paragraphs   []string   `json:"paragraphs"`
	Captions     []string   `json:"captions"`
	RelatedLinks []Link     `json:"related_links"`
	// Categories are topics given by the source (feed or page categories).
	Categories []string `json:"categories,omitempty"`
	Entities   []Entity `json:"entities"`
	Quotes     []Quote  `json:"quotes"`
	Topics     []string `json:"topics"`
	// TopicScores holds the salience of each of Topics, in the same order,
	// as Analyze computed it (title mentions x3, lead x2, ...). It is not
	// part of the JSON contract: an article read from JSON has none, and
	// the store then gives each topic the neutral weight 1.
	TopicScores []float64    `json:"-"`
	Versions    []VersionRef `json:"versions"`

	// Description is the summary the source gives beside the body (a
	// news-please description, a feed item's summary when its content is the
	// body), kept because it is often the standfirst.
	Description string `json:"description,omitempty"`
	// Image is the URL of the article's lead image when the source names one.
	Image string `json:"image,omitempty"`
}

// ComputeID returns the stable id of an article: a hash of its normalised
// title and body, so the same text read twice gets the same id whatever file
// or URL it came from.
func ComputeID(title string, paragraphs []string) string {
	h := sha256.New()
	// Each text is hashed as strings.ToLower(strings.Join(strings.Fields(t),
	// " ")), built in one reused buffer: this runs on every imported article.
	var buf []byte
	buf = appendFoldedFields(buf, title)
	for _, p := range paragraphs {
		buf = append(buf, 0)
		buf = appendFoldedFields(buf, p)
		h.Write(buf)
		buf = buf[:0]
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// appendFoldedFields appends the text's fields, lower-cased, joined by
// single spaces. Lower-casing maps rune by rune, so doing it field by field
// equals doing it on the joined string.
func appendFoldedFields(dst []byte, text string) []byte {
	if isASCIIText(text) {
		// Field by field over the bytes, as strings.Fields does for ASCII,
		// each copied whole and lower-cased in place: this runs over the
		// whole text of every imported article.
		seen := false
		for i := 0; i < len(text); {
			for i < len(text) && asciiSpace(text[i]) {
				i++
			}
			j := i
			for j < len(text) && !asciiSpace(text[j]) {
				j++
			}
			if i == j {
				break
			}
			if seen {
				dst = append(dst, ' ')
			}
			seen = true
			k := len(dst)
			dst = append(dst, text[i:j]...)
			for ; k < len(dst); k++ {
				if c := dst[k]; 'A' <= c && c <= 'Z' {
					dst[k] = c + ('a' - 'A')
				}
			}
			i = j
		}
		return dst
	}
	first := true
	for f := range strings.FieldsSeq(text) {
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		if !isASCIIText(f) {
			dst = append(dst, strings.ToLower(f)...)
			continue
		}
		for i := 0; i < len(f); i++ {
			c := f[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
	}
	return dst
}

// asciiSpace reports the ASCII white space of unicode.IsSpace.
func asciiSpace(c byte) bool { return asciiSpaces[c] }

var asciiSpaces = [256]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// Text returns the article body as paragraphs separated by blank lines.
func (a *Article) Text() string { return strings.Join(a.Paragraphs, "\n\n") }

// Normalize makes nil slices empty so that JSON output always has lists,
// never null, for list fields; scripts depend on that.
func (a *Article) Normalize() {
	if a.Byline == nil {
		a.Byline = []string{}
	}
	if a.Paragraphs == nil {
		a.Paragraphs = []string{}
	}
	if a.Captions == nil {
		a.Captions = []string{}
	}
	if a.RelatedLinks == nil {
		a.RelatedLinks = []Link{}
	}
	if a.Entities == nil {
		a.Entities = []Entity{}
	}
	for i := range a.Entities {
		if a.Entities[i].Mentions == nil {
			a.Entities[i].Mentions = []Mention{}
		}
	}
	if a.Quotes == nil {
		a.Quotes = []Quote{}
	}
	if a.Topics == nil {
		a.Topics = []string{}
	}
	if a.Versions == nil {
		a.Versions = []VersionRef{}
	}
	if a.DateSource == "" {
		if a.Published == nil {
			a.DateSource = DateUnknown
		}
	}
}
