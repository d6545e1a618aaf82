package store

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/verso-news/verso/news"
)

// This file is the contract between store and its callers (cmd/verso, ui).
// Method signatures on *Store that callers rely on:
//
//	Open(ctx context.Context, path string) (*Store, error)   // creates dirs, WAL, busy timeout, migrations
//	(*Store).Close() error
//	(*Store).Import(ctx, []Input, ImportOptions) (ImportResult, error)
//	Prepare(Input) Prepared                                   // the CPU-bound part of storing, safe on any goroutine
//	(*Store).ImportPrepared(ctx, iter.Seq[[]Prepared], ImportOptions) (ImportResult, error) // writes chunks as they arrive
//	(*Store).List(ctx, ListOptions) (Page, error)              // newest first, keyset paging
//	(*Store).Search(ctx, query string, limit int) ([]Hit, error)  // SearchPage's first page
//	(*Store).SearchPage(ctx, SearchOptions) (HitPage, error)     // best first, paged by cursor: the pages make one ranked list
//	(*Store).Article(ctx, id string) (*news.Article, error)    // full article incl. Versions; id may be a unique prefix
//	(*Store).Versions(ctx, id string) ([]news.Article, error)  // all versions of id's story, oldest first
//	(*Store).Topics(ctx) ([]TopicCount, error)
//	(*Store).Entities(ctx, limit int) ([]EntityCount, error)
//	(*Store).Stats(ctx) (Stats, error)
//	(*Store).SetRead(ctx, id string, read bool) error
//	(*Store).SetStarred(ctx, id string, starred bool) error
//	(*Store).Count(ctx, ListOptions) (int, error)
//	(*Store).Known(ctx, path, contentHash string) (bool, error) // skip unchanged files before parsing
//	(*Store).Reindex(ctx, analyze func(*news.Article)) (int, error)
//	ParseQuery(q string) (*Query, error)                     // validate a query without running it
//
// Query errors are returned as *QueryError so callers can show where and why.

// IncompleteHash marks the content hash of a file that was only partly
// read (an archive with some bad records). Known never reports such a
// file, so a re-import reads it again and reports its bad records again,
// while the articles already stored from it count as unchanged.
func IncompleteHash(contentHash string) string { return "incomplete:" + contentHash }

// Input is one parsed article handed to Import, with the file identity used
// for incremental import (skip unchanged content, version changed content).
type Input struct {
	Article news.Article
	// ContentHash is the hash of the raw bytes read, for idempotent re-import.
	// Empty means "use the article id". A file some of whose records could
	// not be read passes IncompleteHash of it instead.
	ContentHash string
	// More says that further articles from the same file (same
	// Article.Source.Path and ContentHash) follow in this or a later batch.
	// A file is recorded as imported, and Known reports it, only with its
	// last article, so an import killed in the middle of a many-article file
	// (a feed, a JSONL archive) re-reads the whole file next time. Leave it
	// false for one-article files.
	More bool
}

// ImportOptions tunes an import.
type ImportOptions struct {
	// Progress, when set, is called after each committed batch.
	Progress func(done, total int)
}

// ImportResult counts what an import did.
type ImportResult struct {
	New         int `json:"new"`
	NewVersions int `json:"new_versions"`
	Unchanged   int `json:"unchanged"`
}

// ListOptions selects and pages articles. Query uses the query language; an
// empty Query lists everything. After is the cursor from the previous Page.
type ListOptions struct {
	Query string
	Topic string
	Limit int
	After *Cursor
}

// Cursor is a keyset position: rows strictly older than (Published, ID).
type Cursor struct {
	Published int64 // unix seconds; articles without a date sort last
	ID        string
}

// Summary is one list row: enough to draw the list without loading bodies.
type Summary struct {
	ID         string          `json:"id"`
	Story      string          `json:"story"`
	Title      string          `json:"title"`
	Site       string          `json:"site"`
	Byline     []string        `json:"byline"`
	URL        string          `json:"url"`
	Published  *time.Time      `json:"published"`
	DateSource news.DateSource `json:"date_source"`
	Versions   int             `json:"versions"` // number of versions in the story, 1 when alone
	Read       bool            `json:"read"`
	Starred    bool            `json:"starred"`
	Topics     []string        `json:"topics"`
}

// Page is one page of a list; Next is nil at the end.
type Page struct {
	Items []Summary
	Next  *Cursor
}

// Hit is a search result: a row plus a snippet whose matches are wrapped in
// HighlightStart/HighlightEnd markers.
type Hit struct {
	Summary
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// SearchOptions selects one page of a search. After is the Next of the
// previous page (nil for the first), from a search of the same Query.
type SearchOptions struct {
	Query string
	Limit int
	After *SearchCursor
}

// HitPage is one page of search results. Next is nil after the last page
// (at the latest after 1,000 results); a page it leads to may be empty.
type HitPage struct {
	Hits []Hit
	Next *SearchCursor
}

// SearchCursor is where a page of search results ended. It keeps what the
// search ranked but has not returned yet (or, for a query of filters only,
// the keyset position), so the next page continues the same ranked list
// without ranking again: no result twice, none left out, whatever is
// imported or marked read meanwhile. Treat it as opaque and immutable: a
// page may be asked for again (a retry) with the same cursor.
type SearchCursor struct {
	query  string
	shown  int       // results returned before this cursor
	ranked bool      // bm25 tiers; else recentTier's
	newest int64     // the largest seq when the search began
	seqs   []int64   // the rest of the tier being read, best first
	scores []float64 // their scores
	below  int64     // the next tier holds matches with seq < below; 0: no next tier
	list   *Cursor   // a query of filters only: List's keyset
}

// Snippet highlight markers: private-use runes that never occur in stored
// text (Sanitize keeps them out of nothing, but importers never produce them),
// so the UI can style them and the CLI can turn them into ANSI or [brackets].
const (
	HighlightStart = "\uE000"
	HighlightEnd   = "\uE001"
)

// TopicCount is a topic with its article count.
type TopicCount struct {
	Label string `json:"label"`
	Kind  string `json:"kind"` // source, auto, user
	Count int    `json:"count"`
}

// EntityCount is an entity with the number of articles that mention it.
type EntityCount struct {
	Name     string          `json:"name"`
	Type     news.EntityType `json:"type"`
	Articles int             `json:"articles"`
	Mentions int             `json:"mentions"`
}

// Stats counts the index by kind, site and month.
type Stats struct {
	Articles int            `json:"articles"`
	Stories  int            `json:"stories"`
	ByKind   map[string]int `json:"by_kind"`
	BySite   map[string]int `json:"by_site"`
	ByMonth  map[string]int `json:"by_month"`
}

// QueryError reports a malformed query: Pos is the byte offset of the problem.
type QueryError struct {
	Query string
	Pos   int
	Msg   string
}

// Error gives the problem's column in characters, as a user counts them
// (Pos, a byte offset, drifts right after any non-ASCII text).
func (e *QueryError) Error() string {
	pos := min(max(e.Pos, 0), len(e.Query))
	return "query: " + e.Msg + " at column " + strconv.Itoa(utf8.RuneCountInString(e.Query[:pos])+1)
}
