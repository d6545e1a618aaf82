package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

func isQueryError(err error) bool {
	var qe *store.QueryError
	return errors.As(err, &qe)
}

// openStore opens the index the flags and environment name. Unless create
// is set, a missing index is an error rather than made: a command that
// only reads must not leave an empty index, and its folders, at a
// mistyped --db and then report it empty.
func openStore(ctx context.Context, e env, g *globalFlags, create bool) (*store.Store, error) {
	path, err := dbPath(e, g)
	if err != nil {
		return nil, err
	}
	if !create {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			how := "verso import PATH... or verso feeds add URL... creates one"
			if g.db != "" {
				how = "verso import or verso feeds add with the same --db creates one"
			}
			return nil, fmt.Errorf("no index at %s (%s)", path, how)
		}
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return st, nil
}

// withStore runs fn on the existing index and closes it afterwards; a
// missing index is an error. Commands that add to the index use
// withNewStore.
func withStore(ctx context.Context, e env, g *globalFlags, fn func(*store.Store) error) error {
	return useStore(ctx, e, g, false, fn)
}

// withNewStore is withStore for commands that write: it creates the index
// when there is none.
func withNewStore(ctx context.Context, e env, g *globalFlags, fn func(*store.Store) error) error {
	return useStore(ctx, e, g, true, fn)
}

func useStore(ctx context.Context, e env, g *globalFlags, create bool, fn func(*store.Store) error) error {
	st, err := openStore(ctx, e, g, create)
	if err != nil {
		return err
	}
	err = fn(st)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close index: %w", cerr)
	}
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeJSONIndent(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func cmdImport(ctx context.Context, e env, g *globalFlags, args []string) error {
	if len(args) == 0 {
		return usagef("import: name at least one file or folder")
	}
	return withNewStore(ctx, e, g, func(st *store.Store) error {
		sum, err := importPaths(ctx, e, g, st, args, fileOpener())
		if errors.Is(err, context.Canceled) {
			// What was committed stays; say so, and how to finish.
			return fmt.Errorf("import interrupted with %d articles stored; the same command imports the rest: %w",
				sum.New+sum.NewVersions, err)
		}
		if err != nil {
			return err
		}
		if sum.Files == 0 && sum.Failed == 0 && !g.json {
			fmt.Fprintf(e.stderr, "verso: no files found under %s\n", strings.Join(args, ", "))
		}
		if len(sum.Failures) >= minTally && !g.json {
			printTally(e.stderr, sum.Failures)
		}
		// Files first: new and new versions count articles (an archive
		// holds many), failed counts files.
		return printSummary(e, g, sum, sum.Failed, "%s in %.1fs: %s, %s, %d unchanged, %d failed\n",
			plural(sum.Files, "file"), sum.Elapsed, plural(sum.New, "new article"), plural(sum.NewVersions, "new version"), sum.Unchanged, sum.Failed)
	})
}

// minTally is how many failures an import must have for the failure lines
// to be followed by a count of them by reason.
const minTally = 10

// printTally counts failures by reason, numbers folded ("feed has N
// items"), so a folder of thousands of non-articles ends with a few lines
// that say what they were rather than only a scroll of paths.
func printTally(w io.Writer, failures []importIssue) {
	counts := map[string]int{}
	for _, f := range failures {
		counts[failureKind(f.Reason)]++
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b)) })
	fmt.Fprintf(w, "%s failed, by reason:\n", plural(len(failures), "file"))
	for i, k := range kinds {
		if i == 8 && len(kinds) > 9 {
			rest := 0
			for _, k := range kinds[i:] {
				rest += counts[k]
			}
			fmt.Fprintf(w, "  %6d  other reasons (%d kinds)\n", rest, len(kinds)-i)
			break
		}
		fmt.Fprintf(w, "  %6d  %s\n", counts[k], k)
	}
}

var (
	tallyDetail = regexp.MustCompile(` \(.*$| at (byte|line) .*$`)
	// A number with decimals ("33.5 MB") folds whole.
	tallyNumber = regexp.MustCompile(`(^|\s)[0-9]+(\.[0-9]+)*\b`)
)

// failureKind is a failure's reason without its particulars: the
// parenthesised detail, the position, and numbers (not the 8 of UTF-8).
func failureKind(reason string) string {
	return tallyNumber.ReplaceAllString(tallyDetail.ReplaceAllString(news.Sanitize(reason), ""), "${1}N")
}

// importPaths runs an import with failure lines on stderr and, on a
// terminal, a progress line.
func importPaths(ctx context.Context, e env, g *globalFlags, st *store.Store, roots []string, op opener) (importSummary, error) {
	im := &importer{st: st, fileDates: g.fileDates}
	im.onFailure = func(is importIssue) {
		fmt.Fprintf(e.stderr, "%s: %s\n", is.Path, is.Reason)
	}
	var pp *progressPrinter
	if e.stderrTTY && !g.quiet && !g.json {
		pp = &progressPrinter{w: e.stderr}
		im.progress = pp.update
		inner := im.onFailure
		im.onFailure = func(is importIssue) { pp.clear(); inner(is) }
	}
	sum, err := im.run(ctx, roots, op)
	if pp != nil {
		pp.clear()
	}
	return sum, err
}

func cmdExtract(ctx context.Context, e env, g *globalFlags, args []string) error {
	if len(args) != 1 {
		return usagef("extract: name exactly one file")
	}
	// feeds errors already read "path: reason".
	data, err := feeds.ReadFile(ctx, args[0], maxFileSize)
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	// Like import: the articles with text are shown, and a file with
	// none, or with records skipped, is an error (exit 1).
	arts, skipped := feeds.Parse(ctx, args[0], data)
	arts, skipped = withText(args[0], arts, skipped)
	for i := range arts {
		news.Analyze(&arts[i])
		arts[i].Normalize()
		if g.json {
			if err := writeJSONIndent(e.stdout, &arts[i]); err != nil {
				return err
			}
			continue
		}
		printArticle(e, &arts[i])
	}
	if skipped != nil {
		return fmt.Errorf("extract: %w", skipped)
	}
	return nil
}

func cmdList(ctx context.Context, e env, g *globalFlags, args []string) error {
	return withStore(ctx, e, g, func(st *store.Store) error {
		return printList(ctx, e, g, st, strings.Join(args, " "))
	})
}

func printList(ctx context.Context, e env, g *globalFlags, st *store.Store, query string) error {
	// The store caps a page; a larger --limit reads on by the cursor.
	opts := store.ListOptions{Query: query, Limit: g.limit}
	var items []store.Summary
	more := false
	for {
		page, err := st.List(ctx, opts)
		if err != nil {
			return err
		}
		items = append(items, page.Items...)
		more = page.Next != nil
		if !more || len(items) >= g.limit {
			break
		}
		opts.After, opts.Limit = page.Next, g.limit-len(items)
	}
	if len(items) > g.limit {
		items, more = items[:g.limit], true
	}
	if g.json {
		for _, s := range items {
			if err := writeJSON(e.stdout, s); err != nil {
				return err
			}
		}
		return nil
	}
	if len(items) == 0 {
		fmt.Fprintln(e.stderr, emptyHint(query))
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, s := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\n", shortID(s.ID), dateCol(s.Published, s.DateSource), clip(orDash(s.Site), 24), clip(untitled(s.Title), 80), versionBadge(s.Versions))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if more {
		fmt.Fprintln(e.stderr, moreHint(ctx, st, query, len(items)))
	}
	return nil
}

// quickCount counts the articles matching query, if the store can within
// countBudget: a hint on stderr is not worth a slow query on a large index.
func quickCount(ctx context.Context, st *store.Store, query string) (int, bool) {
	cctx, cancel := context.WithTimeout(ctx, countBudget)
	defer cancel()
	n, err := st.Count(cctx, store.ListOptions{Query: query})
	return n, err == nil
}

// moreThan reports whether more than n articles match query, or may: a
// count that does not finish in time says yes.
func moreThan(ctx context.Context, st *store.Store, query string, n int) bool {
	c, ok := quickCount(ctx, st, query)
	return !ok || c > n
}

// countBudget bounds quickCount.
const countBudget = 500 * time.Millisecond

// moreHint tells that a list stopped at its limit, with the number of
// matching articles when the store counts them quickly.
func moreHint(ctx context.Context, st *store.Store, query string, shown int) string {
	if n, ok := quickCount(ctx, st, query); ok && n > shown {
		return fmt.Sprintf("showing %d of %d articles; --limit N for more", shown, n)
	}
	return "more articles than shown; --limit N for more"
}

// padCells pads s to n terminal cells: wide characters (CJK) take two, so
// padding by bytes or runes would misalign the counts.
func padCells(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// fitCells sanitises s and cuts or pads it to exactly n terminal cells, so
// that columns line up whatever the text's script.
func fitCells(s string, n int) string {
	return padCells(ansi.Truncate(news.Sanitize(s), n, "…"), n)
}

func untitled(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(untitled)"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func emptyHint(query string) string {
	if query != "" {
		return "no articles match " + query
	}
	return "the index is empty: import articles with 'verso import PATH...', or try 'verso demo'"
}

// searchHit is the JSON form of a search result: the row, the snippet as
// plain text, and the matches as code-point ranges into the snippet.
type searchHit struct {
	store.Summary
	Snippet    string   `json:"snippet"`
	Highlights [][2]int `json:"highlights"`
	Score      float64  `json:"score"`
}

func cmdSearch(ctx context.Context, e env, g *globalFlags, args []string) error {
	query := strings.TrimSpace(strings.Join(args, " "))
	if query == "" {
		return usagef("search: give a query, for example: verso search 'lavrov \"hasty withdrawal\"'")
	}
	return withStore(ctx, e, g, func(st *store.Store) error {
		// One result more than shown tells whether the limit cut the
		// list; the ranking does not depend on the page size.
		page, err := st.SearchPage(ctx, store.SearchOptions{Query: query, Limit: g.limit + 1})
		if err != nil {
			return err
		}
		hits, more := page.Hits, false
		if len(hits) > g.limit {
			hits, more = hits[:g.limit], true
		}
		color := e.stdoutTTY && e.getenv("NO_COLOR") == ""
		for _, h := range hits {
			text, ranges := splitHighlights(h.Snippet)
			if g.json {
				if err := writeJSON(e.stdout, searchHit{Summary: h.Summary, Snippet: text, Highlights: ranges, Score: h.Score}); err != nil {
					return err
				}
				continue
			}
			// The columns of verso list, each hit followed by its snippet.
			fmt.Fprintf(e.stdout, "%s  %s  %s  %s%s\n    %s\n", shortID(h.ID), dateCol(h.Published, h.DateSource),
				fitCells(orDash(h.Site), 24), clip(untitled(h.Title), 80), versionBadge(h.Versions), markSnippet(h.Snippet, color))
		}
		if len(hits) == 0 && !g.json {
			fmt.Fprintln(e.stderr, "no articles match", query)
		}
		switch {
		case g.json:
		case more:
			fmt.Fprintln(e.stderr, "more matches than shown; --limit N for more")
		case len(hits) >= store.MaxSearchHits && moreThan(ctx, st, query, len(hits)):
			db := ""
			if g.db != "" {
				db = " --db " + shellQuote(g.db)
			}
			fmt.Fprintf(e.stderr, "search ranks at most %d matches; verso list %s --limit N%s lists every match, newest first\n",
				store.MaxSearchHits, shellQuote(query), db)
		}
		return nil
	})
}

// splitHighlights removes the store's highlight markers from a snippet and
// returns where they were, as code-point offsets.
func splitHighlights(s string) (string, [][2]int) {
	var b strings.Builder
	ranges := [][2]int{}
	n, start := 0, -1
	for _, r := range s {
		switch string(r) {
		case store.HighlightStart:
			start = n
		case store.HighlightEnd:
			if start >= 0 {
				ranges = append(ranges, [2]int{start, n})
				start = -1
			}
		default:
			b.WriteRune(r)
			n++
		}
	}
	return b.String(), ranges
}

func markSnippet(s string, color bool) string {
	open, close := "[", "]"
	if color {
		open, close = "\x1b[1;7m", "\x1b[0m"
	}
	s = news.Sanitize(s)
	s = strings.ReplaceAll(s, store.HighlightStart, open)
	return strings.ReplaceAll(s, store.HighlightEnd, close)
}

func cmdShow(ctx context.Context, e env, g *globalFlags, args []string) error {
	if len(args) != 1 {
		return usagef("show: give one article id")
	}
	return withStore(ctx, e, g, func(st *store.Store) error {
		a, err := st.Article(ctx, args[0])
		if err != nil {
			return err
		}
		if g.json {
			return writeJSONIndent(e.stdout, a)
		}
		printArticle(e, a)
		return nil
	})
}

// printArticle writes an article as plain text for reading in a pipe.
func printArticle(e env, a *news.Article) {
	w := e.stdout
	fmt.Fprintln(w, news.Sanitize(a.Title))
	var meta []string
	if len(a.Byline) > 0 {
		meta = append(meta, "By "+strings.Join(a.Byline, ", "))
	}
	// "By BBC News · BBC News" says it twice.
	if a.Site != "" && !slices.ContainsFunc(a.Byline, func(b string) bool { return strings.EqualFold(b, a.Site) }) {
		meta = append(meta, a.Site)
	}
	meta = append(meta, dateLong(a.Published, a.DateSource, a.DateReason))
	fmt.Fprintln(w, news.Sanitize(strings.Join(meta, " · ")))
	if a.URL != "" {
		fmt.Fprintln(w, news.Sanitize(a.URL))
	}
	switch {
	case a.Story != "":
		fmt.Fprintf(w, "id %s  story %s  source %s (%s)\n", a.ID, shortID(a.Story), news.Sanitize(a.Source.Path), a.Source.Kind)
	case a.ID != "":
		fmt.Fprintf(w, "id %s  source %s (%s)\n", a.ID, news.Sanitize(a.Source.Path), a.Source.Kind)
	}
	fmt.Fprintln(w)
	for _, c := range a.Captions {
		fmt.Fprintf(w, "[caption] %s\n\n", news.Sanitize(c))
	}
	for _, p := range a.Paragraphs {
		fmt.Fprintf(w, "%s\n\n", news.Sanitize(p))
	}
	for _, l := range a.RelatedLinks {
		fmt.Fprintf(w, "Related: %s %s\n", news.Sanitize(l.Text), news.Sanitize(l.URL))
	}
	if len(a.Quotes) > 0 {
		fmt.Fprintln(w, "\nQuotes:")
		for _, q := range a.Quotes {
			sp := q.Speaker
			if sp == "" {
				sp = "(unknown speaker)"
			}
			fmt.Fprintf(w, "  %s %s: “%s”\n", news.Sanitize(sp), q.Cue, news.Sanitize(q.Text))
		}
	}
	if len(a.Entities) > 0 {
		fmt.Fprintln(w, "\nEntities:")
		for _, en := range a.Entities {
			fmt.Fprintf(w, "  %-13s %s (%d)\n", en.Type, news.Sanitize(en.Name), len(en.Mentions))
		}
	}
	if len(a.Topics) > 0 {
		fmt.Fprintf(w, "\nTopics: %s\n", news.Sanitize(strings.Join(a.Topics, ", ")))
	}
	if len(a.Versions) > 0 {
		fmt.Fprintln(w, "\nOther versions:")
		for _, v := range a.Versions {
			fmt.Fprintf(w, "  %s  %s  %s (similarity %.2f)\n", shortID(v.ID), dateCol(v.Published, ""), news.Sanitize(v.Title), v.Similarity)
		}
	}
}

func cmdTopics(ctx context.Context, e env, g *globalFlags, args []string) error {
	return withStore(ctx, e, g, func(st *store.Store) error {
		topics, err := st.Topics(ctx)
		if err != nil {
			return err
		}
		user, err := userTopics(ctx, e, g, st)
		if err != nil {
			return err
		}
		topics = append(topics, user...)
		if len(topics) > g.limit {
			topics = topics[:g.limit]
		}
		if g.json {
			if topics == nil {
				topics = []store.TopicCount{}
			}
			return writeJSONIndent(e.stdout, topics)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		if len(topics) > 0 {
			fmt.Fprintln(tw, "TOPIC\tKIND\tARTICLES")
		}
		for _, t := range topics {
			fmt.Fprintf(tw, "%s\t%s\t%d\n", news.Sanitize(t.Label), t.Kind, t.Count)
		}
		return tw.Flush()
	})
}

func cmdEntities(ctx context.Context, e env, g *globalFlags, args []string) error {
	return withStore(ctx, e, g, func(st *store.Store) error {
		ents, err := st.Entities(ctx, g.limit)
		if err != nil {
			return err
		}
		if g.json {
			if ents == nil {
				ents = []store.EntityCount{}
			}
			return writeJSONIndent(e.stdout, ents)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ENTITY\tTYPE\tARTICLES\tMENTIONS")
		for _, en := range ents {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", news.Sanitize(en.Name), en.Type, en.Articles, en.Mentions)
		}
		return tw.Flush()
	})
}

func cmdStats(ctx context.Context, e env, g *globalFlags, args []string) error {
	return withStore(ctx, e, g, func(st *store.Store) error {
		s, err := st.Stats(ctx)
		if err != nil {
			return err
		}
		if g.json {
			return writeJSONIndent(e.stdout, s)
		}
		fmt.Fprintf(e.stdout, "%d articles in %d stories\n", s.Articles, s.Stories)
		for _, sec := range []struct {
			name string
			m    map[string]int
		}{{"by kind", s.ByKind}, {"by site", s.BySite}, {"by month", s.ByMonth}} {
			fmt.Fprintf(e.stdout, "\n%s:\n", sec.name)
			for _, k := range sortedKeys(sec.m, sec.name == "by month") {
				fmt.Fprintf(e.stdout, "  %s %d\n", fitCells(k, 40), sec.m[k])
			}
		}
		return nil
	})
}

func cmdReindex(ctx context.Context, e env, g *globalFlags, args []string) error {
	return withStore(ctx, e, g, func(st *store.Store) error {
		n, err := st.Reindex(ctx, news.Analyze)
		if err != nil {
			return err
		}
		if g.json {
			return writeJSON(e.stdout, map[string]int{"reindexed": n})
		}
		fmt.Fprintf(e.stdout, "re-analysed %d articles\n", n)
		return nil
	})
}

func shortID(id string) string {
	if len(id) > 10 {
		return id[:10]
	}
	return id
}

func clip(s string, n int) string {
	s = news.Sanitize(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func versionBadge(n int) string {
	if n > 1 {
		return fmt.Sprintf("  [%d versions]", n)
	}
	return ""
}

func dateCol(t *time.Time, src news.DateSource) string {
	if t == nil {
		return "undated   "
	}
	s := t.UTC().Format("2006-01-02")
	if src == news.DateInferred {
		s += "~"
	}
	return s
}

func dateLong(t *time.Time, src news.DateSource, why string) string {
	if t == nil {
		return "date unknown"
	}
	s := t.UTC().Format("Mon 2 Jan 2006")
	switch src {
	case news.DateExplicit, "":
		return s
	case news.DateInferred:
		if why != "" {
			return s + " (inferred: " + why + ")"
		}
		return s + " (inferred)"
	default:
		return s + " (" + string(src) + " date)"
	}
}

func sortedKeys(m map[string]int, byKey bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !byKey {
		sort.SliceStable(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	}
	return keys
}

// plural writes "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
