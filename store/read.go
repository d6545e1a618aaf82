package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/verso-news/verso/news"
)

// MaxSearchHits is how many results a search returns in all, over every
// page: ranking is bounded to keep a common word's search fast (List
// pages through every match, newest first).
const MaxSearchHits = maxLimit

const (
	defaultLimit = 50
	maxLimit     = 1000
	// maxSimilarity bounds how many versions get a similarity computed when
	// an article is read; bigger stories list the rest with similarity 0.
	maxSimilarity = 64
)

const summaryCols = `a.seq, a.id, a.story, a.title, a.site, a.byline, a.url, a.published, a.date_source,
	a.pub_key, st.size, a.read, a.starred`

type summaryRow struct {
	seq    int64
	pubKey int64
	s      Summary
}

func scanSummary(sc interface{ Scan(...any) error }, extra ...any) (summaryRow, error) {
	var r summaryRow
	var byline string
	var pub sql.NullInt64
	var ds string
	dest := append([]any{&r.seq, &r.s.ID, &r.s.Story, &r.s.Title, &r.s.Site, &byline, &r.s.URL, &pub, &ds,
		&r.pubKey, &r.s.Versions, &r.s.Read, &r.s.Starred}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	r.s.Byline = decodeStrings(byline)
	r.s.Published = unixPtr(pub)
	r.s.DateSource = news.DateSource(ds)
	r.s.Topics = []string{}
	return r, nil
}

func unixPtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.Unix(v.Int64, 0).UTC()
	return &t
}

func decodeStrings(s string) []string {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil || out == nil {
		return []string{}
	}
	return out
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return defaultLimit
	case n > maxLimit:
		return maxLimit
	}
	return n
}

// denseShare is the share of the index above which a filter is "dense":
// cheaper to test row by row along the date index than to collect first.
const denseShare = 0.005

// filter parses and compiles the query and topic of a ListOptions. With
// walk (a page of a list, not a count) it asks the index how common each
// topic is, to test common ones row by row along the date index.
func (s *Store) filter(ctx context.Context, opts ListOptions, walk bool) (compiled, error) {
	q, err := ParseQuery(opts.Query)
	if err != nil {
		return compiled{}, err
	}
	if t := strings.TrimSpace(opts.Topic); t != "" && foldKey(t) != "" {
		q.Clauses = append(q.Clauses, []Term{{Field: "topic", Value: t}})
	}
	var total int64 = -1
	var ferr error
	dense := func(t Term) bool {
		if !walk || ferr != nil {
			return false
		}
		var count string
		var args []any
		switch t.Field {
		case "topic":
			count, args = "SELECT COALESCE(SUM(articles), 0) FROM topic_stats WHERE label_key = ?", []any{foldKey(t.Value)}
		case "entity", "said":
			// Article counts of the entities named: for said: an upper
			// bound, since a speaker is mentioned where quoted.
			ids, idArgs := entityIDs(t)
			count, args = "SELECT COALESCE(SUM(articles), 0) FROM entities WHERE id IN ("+ids+")", idArgs
		default:
			return false
		}
		if total < 0 {
			if total, ferr = s.size(ctx); ferr != nil {
				return false
			}
		}
		var n int64
		if ferr = s.r.QueryRowContext(ctx, count, args...).Scan(&n); ferr != nil {
			return false
		}
		return float64(n) >= denseShare*float64(total)
	}
	for i := range q.Clauses {
		for j := range q.Clauses[i] {
			if t := &q.Clauses[i][j]; t.Field == "site" {
				if t.siteIDs, ferr = s.siteIDs(ctx, t.Value); ferr != nil {
					return compiled{}, fmt.Errorf("plan query: %w", ferr)
				}
			}
		}
	}
	c := compile(q, dense)
	if ferr != nil {
		return compiled{}, fmt.Errorf("plan query: %w", ferr)
	}
	return c, nil
}

// siteIDs resolves a site: term to the ids of the sites it matches, so the
// list can walk the site index in date order for a single site.
func (s *Store) siteIDs(ctx context.Context, v string) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM sites WHERE key LIKE ? ESCAPE '\' ORDER BY id`, "%"+likeEscape(siteKey(v))+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// size estimates the number of articles cheaply (rows are never deleted,
// so the largest seq is the count).
func (s *Store) size(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM articles").Scan(&n)
	return n, err
}

// matchDense reports whether the FTS expression matches at least
// denseShare of the index, reading at most that many matches.
func (s *Store) matchDense(ctx context.Context, match string) (bool, error) {
	total, err := s.size(ctx)
	if err != nil {
		return false, err
	}
	probe := max(int64(denseShare*float64(total)), 200)
	var n int64
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)", match, probe).Scan(&n); err != nil {
		return false, err
	}
	return n >= probe, nil
}

// whereSQL returns the conditions of c as one SQL expression with its
// args. The MATCH expression becomes a rowid filter: its rows looked up and
// sorted when it is selective, tested along the date index when dense.
func (c compiled) whereSQL(dense bool) (string, []any) {
	conds := append([]string(nil), c.where...)
	args := append([]any(nil), c.args...)
	if c.match != "" {
		cond := "a.seq IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
		if dense {
			// The unary + keeps SQLite from looking rows up by seq and
			// sorting them: it walks the date index, testing each entry
			// against the match set it built once.
			cond = "+a.seq IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
		}
		conds = append([]string{cond}, conds...)
		args = append([]any{c.match}, args...)
	}
	if len(conds) == 0 {
		return "1", args
	}
	return strings.Join(conds, " AND "), args
}

// List returns one page of articles newest first (undated last), filtered
// by opts.Query and opts.Topic. Paging is by keyset: pass the returned Next
// as opts.After for the following page.
func (s *Store) List(ctx context.Context, opts ListOptions) (Page, error) {
	c, err := s.filter(ctx, opts, true)
	if err != nil {
		return Page{}, err
	}
	limit := clampLimit(opts.Limit)
	dense := false
	if c.match != "" {
		if dense, err = s.matchDense(ctx, c.match); err != nil {
			return Page{}, fmt.Errorf("list: %w", err)
		}
	}
	where, args := c.whereSQL(dense)
	if opts.After != nil {
		where += " AND (a.pub_key, a.id) < (?, ?)"
		args = append(args, opts.After.Published, opts.After.ID)
	}
	args = append(args, limit+1)
	rows, err := s.r.QueryContext(ctx, `SELECT `+summaryCols+` FROM articles a JOIN stories st ON st.id = a.story
		WHERE `+where+` ORDER BY a.pub_key DESC, a.id DESC LIMIT ?`, args...)
	if err != nil {
		return Page{}, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	var out []summaryRow
	for rows.Next() {
		r, err := scanSummary(rows)
		if err != nil {
			return Page{}, fmt.Errorf("list: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("list: %w", err)
	}
	rows.Close()
	var page Page
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		page.Next = &Cursor{Published: last.pubKey, ID: last.s.ID}
	}
	if err := s.fillTopics(ctx, out); err != nil {
		return Page{}, fmt.Errorf("list: %w", err)
	}
	page.Items = make([]Summary, len(out))
	for i, r := range out {
		page.Items[i] = r.s
	}
	return page, nil
}

// Count returns how many articles match opts (Limit and After ignored).
func (s *Store) Count(ctx context.Context, opts ListOptions) (int, error) {
	c, err := s.filter(ctx, opts, false)
	if err != nil {
		return 0, err
	}
	q := "SELECT COUNT(*) FROM articles a WHERE "
	where, args := c.whereSQL(false)
	if c.match != "" && len(c.where) == 0 {
		// Words only: count in the full-text index without touching rows.
		q, where, args = "SELECT COUNT(*) FROM fts WHERE fts MATCH ?", "", []any{c.match}
	}
	var n int
	if err := s.r.QueryRowContext(ctx, q+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return n, nil
}

// fillTopics sets the kept topics of each row: its best auto topics by
// salience × idf among those found in at least two stories and not too
// general (topics.go), then its source categories. One query per page.
func (s *Store) fillTopics(ctx context.Context, rows []summaryRow) error {
	if len(rows) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(rows))
	args := make([]any, len(rows))
	for i, r := range rows {
		idx[r.seq] = i
		args[i] = r.seq
	}
	q := `SELECT t.article, t.kind, s.label, t.weight, s.articles, n.n FROM topics t
		JOIN topic_stats s ON s.label_key = t.label_key AND s.kind = t.kind,
		(SELECT COALESCE(MAX(seq), 0) AS n FROM articles) n
		WHERE t.article IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(rows)), ", ") + `)
		AND (t.kind <> 'auto' OR s.stories >= 2) ORDER BY t.article, t.kind, s.label`
	res, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	defer res.Close()
	auto := make([][]topicCand, len(rows))
	var source [][2]any // row index, label
	for res.Next() {
		var seq, df, n int64
		var kind, label string
		var w float64
		if err := res.Scan(&seq, &kind, &label, &w, &df, &n); err != nil {
			return fmt.Errorf("topics: %w", err)
		}
		i := idx[seq]
		if kind != "auto" {
			source = append(source, [2]any{i, label})
			continue
		}
		if !generalTopic(df, n) {
			auto[i] = append(auto[i], topicCand{label, w * topicIDF(df, n)})
		}
	}
	if err := res.Err(); err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	for i := range rows {
		if len(auto[i]) > 0 {
			rows[i].s.Topics = append(rows[i].s.Topics, bestTopics(auto[i])...)
		}
	}
	for _, sl := range source {
		r := &rows[sl[0].(int)].s
		label := sl[1].(string)
		if !slices.ContainsFunc(r.Topics, func(t string) bool { return strings.EqualFold(t, label) }) {
			r.Topics = append(r.Topics, label)
		}
	}
	return nil
}

// Search returns the first limit results of a search: SearchPage's first
// page.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	page, err := s.SearchPage(ctx, SearchOptions{Query: query, Limit: limit})
	return page.Hits, err
}

// SearchPage returns one page of the articles matching opts.Query, best
// first, each with a snippet whose matches are wrapped in
// HighlightStart/HighlightEnd. Pass the returned Next as opts.After for
// the page after it: the pages of a search continue one ranked list, with
// no result twice and none left out, up to maxLimit results in all.
//
// A query of rare words is ranked by bm25 (title weighted up), a query
// with a common word or a prefix by recentTier; both rank their matches
// in tiers, the newest matches first (see nextTier), and the cursor keeps
// the rest of the tier being read, so a next page only loads its own rows
// and is not ranked again. A query with no words (only filters) lists its
// matches newest first, paged by List's keyset.
func (s *Store) SearchPage(ctx context.Context, opts SearchOptions) (HitPage, error) {
	q, err := ParseQuery(opts.Query)
	if err != nil {
		return HitPage{}, err
	}
	c := compile(q, nil)
	cur := opts.After
	switch {
	case cur != nil && cur.query != opts.Query:
		return HitPage{}, fmt.Errorf("search %q: the cursor is for the search %q", opts.Query, cur.query)
	case cur == nil && c.match != "":
		if cur, err = s.searchStart(ctx, q, opts.Query); err != nil {
			return HitPage{}, fmt.Errorf("search %q: %w", opts.Query, err)
		}
	case cur == nil:
		cur = &SearchCursor{query: opts.Query}
	}
	limit := min(clampLimit(opts.Limit), maxLimit-cur.shown)
	if limit <= 0 {
		return HitPage{Hits: []Hit{}}, nil
	}
	if c.match == "" {
		return s.searchList(ctx, q, cur, limit)
	}
	next := *cur
	var seqs []int64
	var scores []float64
	for len(seqs) < limit {
		if len(next.seqs) == 0 {
			if next.below <= 0 {
				break
			}
			if err := s.nextTier(ctx, q, c, &next); err != nil {
				return HitPage{}, fmt.Errorf("search %q: %w", opts.Query, err)
			}
			continue
		}
		n := min(limit-len(seqs), len(next.seqs))
		seqs, scores = append(seqs, next.seqs[:n]...), append(scores, next.scores[:n]...)
		next.seqs, next.scores = next.seqs[n:], next.scores[n:]
	}
	hits, err := s.hitsFor(ctx, q, seqs, scores)
	if err != nil {
		return HitPage{}, fmt.Errorf("search %q: %w", opts.Query, err)
	}
	page := HitPage{Hits: hits}
	if next.shown += len(seqs); next.shown < maxLimit && (len(next.seqs) > 0 || next.below > 0) {
		page.Next = &next
	}
	return page, nil
}

// searchStart sets up the cursor of a word search: bm25 when its words
// are rare, recentTier otherwise, over the articles imported so far.
func (s *Store) searchStart(ctx context.Context, q *Query, query string) (*SearchCursor, error) {
	rare, err := s.rareWords(ctx, q)
	if err != nil {
		return nil, err
	}
	newest, err := s.size(ctx)
	if err != nil {
		return nil, err
	}
	return &SearchCursor{query: query, ranked: rare, newest: newest, below: newest + 1}, nil
}

// searchList answers a query with no words: its matches newest first, the
// opening of each body (or a quotation by the said: speaker) as snippet.
func (s *Store) searchList(ctx context.Context, q *Query, cur *SearchCursor, limit int) (HitPage, error) {
	list, err := s.List(ctx, ListOptions{Query: cur.query, Limit: limit, After: cur.list})
	if err != nil {
		return HitPage{}, err
	}
	page := HitPage{Hits: make([]Hit, len(list.Items))}
	for i, it := range list.Items {
		page.Hits[i] = Hit{Summary: it}
	}
	if err := s.leadSnippets(ctx, page.Hits, saidKeys(q)); err != nil {
		return HitPage{}, fmt.Errorf("search %q: %w", cur.query, err)
	}
	if shown := cur.shown + len(page.Hits); list.Next != nil && shown < maxLimit {
		page.Next = &SearchCursor{query: cur.query, shown: shown, list: list.Next}
	}
	return page, nil
}

// tierMin is how many matches the first tier of a search holds when it can:
// the default page. It is not the page's limit, so that the ranked list,
// and with it every page, does not depend on the size of the pages asked
// for.
const tierMin = defaultLimit

// nextTier ranks the next tier of a word search, the matches below
// cur.below, into cur.seqs and cur.scores, and moves cur.below down to
// where the tier after it starts (0 when there is none). Ranking costs a
// row lookup per match, so a search ranks a bounded number of its newest
// matches first and older ones only when the pages go on past them: the
// ranked list is the first tier best first, then the second best first,
// and so on.
func (s *Store) nextTier(ctx context.Context, q *Query, c compiled, cur *SearchCursor) error {
	first := cur.below > cur.newest
	if !cur.ranked {
		return s.recentTier(ctx, q, c, cur, first)
	}
	// bm25: the first tier is the newest searchWindow matches (widened
	// while filters leave fewer than tierMin of them), the second all the
	// older ones: the words are rare, so there are not many.
	var floor int64
	window := searchWindow
	for {
		var err error
		if first {
			if floor, err = s.matchFloor(ctx, c.match, cur.below, window); err != nil {
				return err
			}
		}
		if err := s.rankTier(ctx, c, cur, floor); err != nil {
			return err
		}
		if !first || floor == 0 || len(cur.seqs) >= tierMin || len(c.where) == 0 || window >= 64*searchWindow {
			break
		}
		window *= 8
	}
	cur.below = floor
	return nil
}

// searchWindow is how many of its newest matches a rare-word query with
// many matches (an OR of words) ranks in its first tier.
const searchWindow = 2000

// matchFloor returns the smallest rowid among the newest window matches of
// an FTS expression below below, or 0 when there are no more than window.
func (s *Store) matchFloor(ctx context.Context, match string, below int64, window int) (int64, error) {
	var n, floor int64
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(rowid), 0) FROM
		(SELECT rowid FROM fts WHERE fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?)`, match, below, window+1).Scan(&n, &floor)
	if err != nil || n <= int64(window) {
		return 0, err
	}
	return floor + 1, nil
}

// rareWords reports whether every word of q's text terms (negated ones
// too) has fewer than searchWindow matches and no term is a prefix. bm25
// reads the whole posting list of each word of a query to weigh it, which
// for a word in a large share of a million articles costs tens of
// milliseconds; probing a word's first searchWindow matches costs well
// under one.
func (s *Store) rareWords(ctx context.Context, q *Query) (bool, error) {
	for _, clause := range q.Clauses {
		for _, t := range clause {
			if !t.isText() {
				continue
			}
			if t.Prefix {
				return false, nil
			}
			for _, w := range tokens(t.Value) {
				var n int
				if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
					ftsString(w), searchWindow).Scan(&n); err != nil {
					return false, err
				}
				if n >= searchWindow {
					return false, nil
				}
			}
		}
	}
	return true, nil
}

// recentSpan is how many of the newest articles recentTier looks in
// first; it looks at all of them only when those hold too few matches.
// recentWindow is how many matches a tier ranks, each costing a read of
// the article's row for its title (about 3 µs); recentFiltered is how many
// when the query has filters, tested on each match's row as it is found.
const (
	recentSpan     = 200_000
	recentWindow   = 500
	recentFiltered = 200
)

// recentTier ranks the next tier of a query with a common word or a
// prefix: the newest recentWindow matches below cur.below (the first
// tier looks among the newest recentSpan articles when they hold at least
// tierMin matches, so a phrase of common words is not looked for in the
// whole archive), by how many of the query's words the title holds, then
// newest first. The score is the title's matching words times ten, plus a
// fraction for recency.
func (s *Store) recentTier(ctx context.Context, q *Query, c compiled, cur *SearchCursor, first bool) error {
	from, where, window := "fts", "", recentWindow
	if len(c.where) > 0 {
		// Newest matches first, each tested against the filters: CROSS
		// JOIN keeps SQLite from walking a filter's index instead. Each
		// test reads an article row, so fewer are ranked.
		from, where = "fts CROSS JOIN articles a ON a.seq = fts.rowid", " AND "+strings.Join(c.where, " AND ")
		window = recentFiltered
	}
	los := []int64{0}
	if lo := cur.newest - recentSpan; first && lo > 0 {
		los = []int64{lo, 0}
	}
	var seqs []int64
	var lo int64
	for _, lo = range los {
		args := append([]any{c.match, lo, cur.below}, c.args...)
		args = append(args, window)
		rows, err := s.r.QueryContext(ctx, `SELECT fts.rowid FROM `+from+` WHERE fts MATCH ? AND fts.rowid >= ? AND fts.rowid < ?`+where+
			` ORDER BY fts.rowid DESC LIMIT ?`, args...)
		if err != nil {
			return err
		}
		seqs = seqs[:0]
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq); err != nil {
				rows.Close()
				return err
			}
			seqs = append(seqs, seq)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(seqs) >= tierMin {
			break
		}
	}
	// The next tier starts below the oldest match taken when the window
	// was full, else below the articles looked in.
	cur.below = lo
	if len(seqs) == window {
		cur.below = seqs[len(seqs)-1]
	}
	cur.seqs, cur.scores = nil, nil
	if len(seqs) == 0 {
		return nil
	}
	list, err := json.Marshal(seqs)
	if err != nil {
		return err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.seq, a.title FROM json_each(?) j JOIN articles a ON a.seq = j.value`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	m := newMatcher(q)
	scores := make(map[int64]float64, len(seqs))
	for rows.Next() {
		var seq int64
		var title string
		if err := rows.Scan(&seq, &title); err != nil {
			return err
		}
		hits := 0
		for _, sp := range wordSpans(title) {
			if m.match(fold(title[sp[0]:sp[1]])) {
				hits++
			}
		}
		scores[seq] = 10*float64(hits) + float64(seq)/float64(cur.newest+1)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	best := slices.Collect(maps.Keys(scores))
	slices.SortFunc(best, func(a, b int64) int { return cmp.Or(cmp.Compare(scores[b], scores[a]), cmp.Compare(b, a)) })
	cur.seqs, cur.scores = best, make([]float64, len(best))
	for i, seq := range best {
		cur.scores[i] = scores[seq]
	}
	return nil
}

// rankTier ranks the matches from floor up to cur.below by bm25 (title
// weighted up), best first, into cur.seqs and cur.scores; at most
// maxLimit of them, as many as a search returns. Ranking and loading rows
// are separate steps: in one SQL statement SQLite would compute the
// snippet of every match.
func (s *Store) rankTier(ctx context.Context, c compiled, cur *SearchCursor, floor int64) error {
	args := append([]any{c.match, floor, cur.below}, c.args...)
	args = append(args, maxLimit)
	from, where := "fts", ""
	if len(c.where) > 0 {
		// Only filters need the article row; words alone rank from FTS.
		from, where = "fts JOIN articles a ON a.seq = fts.rowid", " AND "+strings.Join(c.where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT fts.rowid, bm25(fts, 10.0, 3.0, 1.0, 3.0, 1.0) AS score
		FROM `+from+` WHERE fts MATCH ? AND fts.rowid >= ? AND fts.rowid < ?`+where+` ORDER BY score, fts.rowid LIMIT ?`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cur.seqs, cur.scores = nil, nil
	for rows.Next() {
		var seq int64
		var score float64
		if err := rows.Scan(&seq, &score); err != nil {
			return err
		}
		cur.seqs = append(cur.seqs, seq)
		cur.scores = append(cur.scores, -score)
	}
	return rows.Err()
}

// hitsFor loads the rows of seqs, the results of a page in order with
// their scores, with their snippets and topics.
func (s *Store) hitsFor(ctx context.Context, q *Query, seqs []int64, scores []float64) ([]Hit, error) {
	if len(seqs) == 0 {
		return []Hit{}, nil
	}
	args := make([]any, len(seqs))
	pos := make(map[int64]int, len(seqs))
	for i, seq := range seqs {
		args[i], pos[seq] = seq, i
	}
	// quote:x is answered from the quotations when one of them matches:
	// the body's best window may be the narration around them.
	quoteCol := "''"
	if hasQuoteTerm(q) {
		quoteCol = "a.quote_text"
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+summaryCols+`, a.body, `+quoteCol+`
		FROM articles a JOIN stories st ON st.id = a.story
		WHERE a.seq IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(seqs)), ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]summaryRow, 0, len(seqs))
	var bodies []string
	m := newMatcher(q)
	for rows.Next() {
		var body, quotes string
		r, err := scanSummary(rows, &body, &quotes)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		if q := matchingQuotes(m, quotes); q != "" {
			body = q
		}
		bodies = append(bodies, body)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	snippets := make(map[int64]string, len(out))
	for i, sn := range snippetsOf(m, bodies) {
		snippets[out[i].seq] = sn
	}
	slices.SortFunc(out, func(a, b summaryRow) int { return cmp.Compare(pos[a.seq], pos[b.seq]) })
	if err := s.fillTopics(ctx, out); err != nil {
		return nil, err
	}
	hits := make([]Hit, len(out))
	for i, r := range out {
		hits[i] = Hit{Summary: r.s, Snippet: snippets[r.seq], Score: scores[pos[r.seq]]}
	}
	return hits, nil
}

// hasQuoteTerm reports whether a query looks for words in quotations.
func hasQuoteTerm(q *Query) bool {
	for _, clause := range q.Clauses {
		for _, t := range clause {
			if t.Field == "quote" && !t.Neg {
				return true
			}
		}
	}
	return false
}

// matchingQuotes returns the quotations of an article (its quote_text
// column, one per line) that have a word the query looks for, joined by
// " … ", or "" when none has. (A snippet starts at a word, so quotation
// marks around them would show only at the end.)
func matchingQuotes(m *matcher, lines string) string {
	var quotes []string
	for q := range strings.Lines(lines) {
		if q = strings.TrimSpace(q); m.matches(q) {
			quotes = append(quotes, q)
		}
	}
	return strings.Join(quotes, " … ")
}

// snippetsOf cuts the snippet of each body, on every core: a page of 50
// hits is about a quarter of a search's time.
func snippetsOf(m *matcher, bodies []string) []string {
	out := make([]string, len(bodies))
	workers := min(runtime.GOMAXPROCS(0), len(bodies)/8)
	if workers < 2 {
		for i, b := range bodies {
			out[i] = m.snippet(b)
		}
		return out
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(bodies); i += workers {
				out[i] = m.snippet(bodies[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// cleanSnippet turns paragraph separators and the byline's JSON into
// readable text.
func cleanSnippet(s string) string {
	s = strings.ReplaceAll(s, paraSep, " ")
	return strings.Join(strings.Fields(s), " ")
}

// leadSnippets gives filter-only hits the start of their body as snippet.
func (s *Store) leadSnippets(ctx context.Context, hits []Hit, said []string) error {
	for i := range hits {
		var lead, quotes string
		err := s.r.QueryRowContext(ctx, "SELECT substr(body, 1, 200), quotes FROM articles WHERE id = ?", hits[i].ID).Scan(&lead, &quotes)
		if err != nil {
			return fmt.Errorf("snippet %s: %w", hits[i].ID, err)
		}
		if q, ok := quoteBy(quotes, said); ok {
			// said:lavrov is answered by what Lavrov said.
			hits[i].Snippet = cleanSnippet("“" + q.Text + "” — " + q.Speaker)
			continue
		}
		lead = cleanSnippet(lead)
		if len([]rune(lead)) >= 190 {
			if k := strings.LastIndex(lead, " "); k > 0 {
				lead = lead[:k] + " …"
			}
		}
		hits[i].Snippet = lead
	}
	return nil
}

// saidKeys returns the folded names of a query's positive said: terms.
func saidKeys(q *Query) []string {
	var out []string
	for _, clause := range q.Clauses {
		for _, t := range clause {
			if t.Field == "said" && !t.Neg {
				if k := foldKey(t.Value); k != "" {
					out = append(out, k)
				}
			}
		}
	}
	return out
}

// quoteBy returns the first quotation in an article's quotes JSON whose
// speaker's name holds one of keys as whole words, as said: matches.
func quoteBy(quotesJSON string, keys []string) (news.Quote, bool) {
	if len(keys) == 0 {
		return news.Quote{}, false
	}
	var quotes []news.Quote
	if json.Unmarshal([]byte(quotesJSON), &quotes) != nil {
		return news.Quote{}, false
	}
	by := func(q news.Quote) bool {
		name := " " + foldKey(q.Speaker) + " "
		return q.Speaker != "" && slices.ContainsFunc(keys, func(k string) bool { return strings.Contains(name, " "+k+" ") })
	}
	// A whole quotation says more than a quoted phrase.
	i := slices.IndexFunc(quotes, func(q news.Quote) bool { return !q.Partial && by(q) })
	if i < 0 {
		i = slices.IndexFunc(quotes, by)
	}
	if i < 0 {
		return news.Quote{}, false
	}
	q := quotes[i]
	q.Text = strings.TrimRight(q.Text, ",;: ")
	return q, true
}

const articleCols = `a.seq, a.id, a.story, a.title, a.byline, a.site, a.url, a.source_path, a.source_kind, a.published,
	a.date_source, a.date_reason, a.updated, a.language, a.body, a.captions, a.related, a.categories, a.entities,
	a.quotes, a.topics`

// storedArticle is an article as read back, with its row number.
type storedArticle struct {
	seq int64
	a   news.Article
}

func scanArticle(sc interface{ Scan(...any) error }) (storedArticle, error) {
	var r storedArticle
	a := &r.a
	var byline, kind, ds, body, capt, rel, cats, ents, quotes, topics string
	var pub, upd sql.NullInt64
	if err := sc.Scan(&r.seq, &a.ID, &a.Story, &a.Title, &byline, &a.Site, &a.URL, &a.Source.Path, &kind, &pub,
		&ds, &a.DateReason, &upd, &a.Language, &body, &capt, &rel, &cats, &ents, &quotes, &topics); err != nil {
		return r, err
	}
	a.Source.Kind = news.SourceKind(kind)
	a.DateSource = news.DateSource(ds)
	a.Published = unixPtr(pub)
	a.Updated = unixPtr(upd)
	a.Byline = decodeStrings(byline)
	if body != "" {
		a.Paragraphs = strings.Split(body, paraSep)
	}
	a.Captions = decodeStrings(capt)
	a.Categories = decodeStrings(cats)
	if len(a.Categories) == 0 {
		a.Categories = nil
	}
	a.Topics = decodeStrings(topics)
	// JSON written by this package; a damaged value leaves the list empty
	// rather than failing the whole read.
	_ = json.Unmarshal([]byte(rel), &a.RelatedLinks)
	decodeEntities(ents, a)
	_ = json.Unmarshal([]byte(quotes), &a.Quotes)
	a.Normalize()
	return r, nil
}

// resolve finds the row of an id or a unique id prefix.
func (s *Store) resolve(ctx context.Context, id string) (storedArticle, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" {
		return storedArticle{}, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	row := s.r.QueryRowContext(ctx, "SELECT "+articleCols+" FROM articles a WHERE a.id = ?", id)
	r, err := scanArticle(row)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("article %s: %w", id, err)
	}
	// One more than an ambiguous prefix's error names, so it can say there
	// are more.
	found, err := s.queryArticles(ctx, "SELECT "+articleCols+" FROM articles a WHERE a.id >= ? AND a.id < ? ORDER BY a.id LIMIT ?",
		id, id+"\U0010FFFF", candidatesShown+1)
	if err != nil {
		return r, fmt.Errorf("article %s: %w", id, err)
	}
	switch len(found) {
	case 0:
		return r, fmt.Errorf("article %s: %w", id, ErrNotFound)
	case 1:
		return found[0], nil
	}
	return r, fmt.Errorf("article %s: %w: %s", id, ErrAmbiguous, idCandidates(found))
}

// candidatesShown is how many articles an ambiguous id prefix's error names.
const candidatesShown = 5

// idCandidates names the articles of an ambiguous id prefix, found by
// resolve's query (at most candidatesShown+1 of them).
func idCandidates(found []storedArticle) string {
	var out []string
	for i, f := range found {
		if i == candidatesShown {
			out = append(out, "…")
			break
		}
		title := f.a.Title
		if title == "" {
			title = "untitled"
		}
		if r := []rune(title); len(r) > 40 {
			title = string(r[:39]) + "…"
		}
		out = append(out, fmt.Sprintf("%s (%s)", f.a.ID, title))
	}
	return strings.Join(out, ", ")
}

// Article returns one article by id or unique id prefix, with its kept
// topics and the other versions of its story (with their similarity).
func (s *Store) Article(ctx context.Context, id string) (*news.Article, error) {
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	vs, err := s.storyArticles(ctx, r.a.Story)
	if err != nil {
		return nil, err
	}
	if err := s.keptTopics(ctx, []*storedArticle{&r}); err != nil {
		return nil, err
	}
	r.a.Versions = versionRefs(&r.a, vs)
	return &r.a, nil
}

// Versions returns every version of the story of id (id included), oldest
// first: dated versions by date, then inferred and undated ones in import
// order. Each carries its kept topics and its own Versions list.
func (s *Store) Versions(ctx context.Context, id string) ([]news.Article, error) {
	r, err := s.resolve(ctx, id)
	if err != nil {
		return nil, err
	}
	vs, err := s.storyArticles(ctx, r.a.Story)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*storedArticle, len(vs))
	for i := range vs {
		ptrs[i] = &vs[i]
	}
	if err := s.keptTopics(ctx, ptrs); err != nil {
		return nil, err
	}
	out := make([]news.Article, len(vs))
	for i := range vs {
		out[i] = vs[i].a
		out[i].Versions = versionRefs(&vs[i].a, vs)
	}
	return out, nil
}

// storyArticles loads a story's articles in version order.
func (s *Store) storyArticles(ctx context.Context, story string) ([]storedArticle, error) {
	out, err := s.queryArticles(ctx, "SELECT "+articleCols+` FROM articles a WHERE a.story = ?
		ORDER BY (a.published IS NULL OR a.date_source = 'inferred'),
		CASE WHEN a.published IS NOT NULL AND a.date_source <> 'inferred' THEN a.published END, a.seq`, story)
	if err != nil {
		return nil, fmt.Errorf("story %s: %w", story, err)
	}
	return out, nil
}

// queryArticles runs a query selecting articleCols on the read pool and
// scans every row.
func (s *Store) queryArticles(ctx context.Context, q string, args ...any) ([]storedArticle, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storedArticle
	for rows.Next() {
		r, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// versionRefs lists the versions of a's story other than a, in version
// order, with the shingle containment between each and a.
func versionRefs(a *news.Article, story []storedArticle) []news.VersionRef {
	refs := []news.VersionRef{}
	var fp news.Fingerprint
	computed := false
	for i := range story {
		v := &story[i].a
		if v.ID == a.ID {
			continue
		}
		ref := news.VersionRef{ID: v.ID, Title: v.Title, Published: v.Published}
		if len(story) <= maxSimilarity {
			if !computed {
				fp, computed = news.FingerprintOf(a), true
			}
			c, _ := news.Resemblance(fp, news.FingerprintOf(v))
			ref.Similarity = float64(int(c*1000+0.5)) / 1000
		}
		refs = append(refs, ref)
	}
	return refs
}

// keptTopics replaces the analysed topics of each article by its kept
// topics (its best auto topics weighted against the archive, then its
// source categories), as List reports them.
func (s *Store) keptTopics(ctx context.Context, arts []*storedArticle) error {
	rows := make([]summaryRow, len(arts))
	for i, a := range arts {
		rows[i].seq = a.seq
		rows[i].s.Topics = []string{}
	}
	if err := s.fillTopics(ctx, rows); err != nil {
		return err
	}
	for i, a := range arts {
		a.a.Topics = rows[i].s.Topics
	}
	return nil
}

// Topics lists source topics and the automatic topics found in at least two
// stories and not too general (on more than generalShare of an archive of
// generalMinArticles or more), with article counts, most common first.
func (s *Store) Topics(ctx context.Context) ([]TopicCount, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT label, kind, articles FROM topic_stats,
		(SELECT COALESCE(MAX(seq), 0) AS n FROM articles) n
		WHERE kind <> 'auto' OR (stories >= 2 AND (n.n < ? OR articles <= ? * n.n))
		ORDER BY articles DESC, label_key, kind`, generalMinArticles, generalShare)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	defer rows.Close()
	out := []TopicCount{}
	for rows.Next() {
		var t TopicCount
		if err := rows.Scan(&t.Label, &t.Kind, &t.Count); err != nil {
			return nil, fmt.Errorf("topics: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	return out, nil
}

// Entities lists the entities mentioned in most articles; limit <= 0 means
// all of them.
func (s *Store) Entities(ctx context.Context, limit int) ([]EntityCount, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT name, type, articles, mentions FROM entities WHERE articles > 0
		ORDER BY articles DESC, mentions DESC, name LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("entities: %w", err)
	}
	defer rows.Close()
	out := []EntityCount{}
	for rows.Next() {
		var e EntityCount
		var typ string
		if err := rows.Scan(&e.Name, &typ, &e.Articles, &e.Mentions); err != nil {
			return nil, fmt.Errorf("entities: %w", err)
		}
		e.Type = news.EntityType(typ)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("entities: %w", err)
	}
	return out, nil
}

// Stats counts articles and stories, and articles by source kind, site and
// month of publication ("unknown" for undated ones).
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{ByKind: map[string]int{}, BySite: map[string]int{}, ByMonth: map[string]int{}}
	if err := s.r.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM stories)").
		Scan(&st.Articles, &st.Stories); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	groups := []struct {
		q string
		m map[string]int
	}{
		{"SELECT source_kind, COUNT(*) FROM articles GROUP BY source_kind", st.ByKind},
		{"SELECT s.name, COUNT(*) FROM articles a JOIN sites s ON s.id = a.site_id GROUP BY s.name", st.BySite},
		{`SELECT COALESCE(strftime('%Y-%m', published, 'unixepoch'), 'unknown'), COUNT(*) FROM articles GROUP BY 1`, st.ByMonth},
	}
	for _, g := range groups {
		rows, err := s.r.QueryContext(ctx, g.q)
		if err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return st, fmt.Errorf("stats: %w", err)
			}
			if k == "" {
				k = "unknown"
			}
			g.m[k] += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
	}
	return st, nil
}

// SetRead marks an article (id or unique prefix) read or unread.
func (s *Store) SetRead(ctx context.Context, id string, read bool) error {
	return s.setFlag(ctx, id, "read", read)
}

// MarkAllRead marks every unread article under opts (its query and topic;
// opts.After and opts.Limit are ignored) as read and returns how many it
// changed. It writes markChunk articles per transaction: a row rewrite
// per article (read sits in two covering indexes too) would hold the
// write lock for tens of seconds on a large archive, past an importer's
// busy timeout. Cancelled, it keeps what it marked.
func (s *Store) MarkAllRead(ctx context.Context, opts ListOptions) (int64, error) {
	return s.markAllRead(ctx, opts, markChunk)
}

func (s *Store) markAllRead(ctx context.Context, opts ListOptions, chunk int) (int64, error) {
	opts.After, opts.Limit = nil, 0
	c, err := s.filter(ctx, opts, false)
	if err != nil {
		return 0, fmt.Errorf("mark all read: %w", err)
	}
	where, args := c.whereSQL(false)
	q := "UPDATE articles SET read = 1 WHERE seq IN (SELECT a.seq FROM articles a WHERE a.read = 0 AND (" + where + ") LIMIT " +
		strconv.Itoa(chunk) + ")"
	var total int64
	for {
		r, err := s.w.ExecContext(ctx, q, args...)
		if err != nil {
			return total, fmt.Errorf("mark all read: %w", err)
		}
		n, err := r.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("mark all read: %w", err)
		}
		total += n
		if n < int64(chunk) {
			return total, nil
		}
	}
}

// markChunk is how many articles MarkAllRead marks per transaction.
const markChunk = 5000

// SetStarred stars or unstars an article (id or unique prefix).
func (s *Store) SetStarred(ctx context.Context, id string, starred bool) error {
	return s.setFlag(ctx, id, "starred", starred)
}

func (s *Store) setFlag(ctx context.Context, id, col string, on bool) error {
	r, err := s.resolve(ctx, id)
	if err != nil {
		return err
	}
	v := 0
	if on {
		v = 1
	}
	// col is one of two constants above, never user text.
	if _, err := s.w.ExecContext(ctx, "UPDATE articles SET "+col+" = ? WHERE seq = ?", v, r.seq); err != nil {
		return fmt.Errorf("set %s on %s: %w", col, r.a.ID, err)
	}
	return nil
}
