package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

// noFeeds is what list and fetch say to a user with no subscriptions.
const noFeeds = "no feeds: subscribe with 'verso feeds add URL' or 'verso feeds import FILE.opml'"

// cmdFeeds manages subscriptions: add, list, remove, import, export.
func cmdFeeds(ctx context.Context, e env, g *globalFlags, args []string) error {
	if len(args) == 0 {
		return usagef("feeds: name a subcommand: add URL..., list, remove URL..., import FILE.opml, export")
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		if len(args) == 0 {
			return usagef("feeds add: name at least one feed URL")
		}
		return withNewStore(ctx, e, g, func(st *store.Store) error { return feedsAdd(ctx, e, g, st, args) })
	case "list", "ls":
		if len(args) > 0 {
			return usagef("feeds list: unexpected argument %q", args[0])
		}
		return withStore(ctx, e, g, func(st *store.Store) error { return feedsList(ctx, e, g, st) })
	case "remove", "rm":
		if len(args) == 0 {
			return usagef("feeds remove: name at least one feed URL")
		}
		return withStore(ctx, e, g, func(st *store.Store) error { return feedsRemove(ctx, e, g, st, args) })
	case "import":
		if len(args) != 1 {
			return usagef("feeds import: name exactly one OPML file (- for standard input)")
		}
		return withNewStore(ctx, e, g, func(st *store.Store) error { return feedsImport(ctx, e, g, st, args[0]) })
	case "export":
		if len(args) > 0 {
			return usagef("feeds export: unexpected argument %q", args[0])
		}
		return withStore(ctx, e, g, func(st *store.Store) error { return feedsExport(ctx, e, st) })
	}
	return usagef("feeds: unknown subcommand %q (want add, list, remove, import or export)", sub)
}

// feedChange is the JSON answer of feeds add, remove and import.
type feedChange struct {
	Added    []string     `json:"added"`
	Existing []string     `json:"existing"`
	Removed  []string     `json:"removed"`
	Failed   int          `json:"failed"`
	Failures []fetchIssue `json:"failures"`
}

func newFeedChange() *feedChange {
	return &feedChange{Added: []string{}, Existing: []string{}, Removed: []string{}, Failures: []fetchIssue{}}
}

func (c *feedChange) fail(e env, url, reason string) {
	c.Failed++
	c.Failures = append(c.Failures, fetchIssue{URL: url, Reason: reason})
	fmt.Fprintf(e.stderr, "%s: %s\n", url, reason)
}

// finish prints the change and turns failures into exit status 1.
func (c *feedChange) finish(e env, g *globalFlags) error {
	if g.json {
		if err := writeJSONIndent(e.stdout, c); err != nil {
			return err
		}
	} else {
		for _, u := range c.Added {
			fmt.Fprintln(e.stdout, "added", u)
		}
		for _, u := range c.Existing {
			fmt.Fprintln(e.stdout, "already subscribed", u)
		}
		for _, u := range c.Removed {
			fmt.Fprintln(e.stdout, "removed", u)
		}
	}
	if c.Failed > 0 {
		return partialError{c.Failed}
	}
	return nil
}

func (c *feedChange) add(ctx context.Context, st *store.Store, f store.Feed) error {
	added, err := st.AddFeed(ctx, f)
	if err != nil {
		return err
	}
	if added {
		c.Added = append(c.Added, f.URL)
	} else {
		c.Existing = append(c.Existing, f.URL)
	}
	return nil
}

func feedsAdd(ctx context.Context, e env, g *globalFlags, st *store.Store, urls []string) error {
	c := newFeedChange()
	for _, raw := range urls {
		u, err := feeds.NormalizeURL(raw)
		if err != nil {
			c.fail(e, raw, err.Error())
			continue
		}
		if err := c.add(ctx, st, store.Feed{URL: u}); err != nil {
			return err
		}
	}
	return c.finish(e, g)
}

func feedsRemove(ctx context.Context, e env, g *globalFlags, st *store.Store, urls []string) error {
	c := newFeedChange()
	for _, raw := range urls {
		u, err := feeds.NormalizeURL(raw)
		if err != nil {
			u = raw // a URL stored before normalisation rules changed
		}
		err = st.RemoveFeed(ctx, u)
		if errors.Is(err, store.ErrFeedNotFound) {
			c.fail(e, raw, "not subscribed")
			continue
		}
		if err != nil {
			return err
		}
		c.Removed = append(c.Removed, u)
	}
	return c.finish(e, g)
}

func feedsImport(ctx context.Context, e env, g *globalFlags, st *store.Store, path string) error {
	var r io.Reader = e.stdin
	from := "standard input"
	if path != "-" {
		// ReadFile refuses a directory or a FIFO, and its errors name the
		// path, which an os error would repeat.
		data, err := feeds.ReadFile(ctx, path, 0)
		if err != nil {
			return fmt.Errorf("feeds import: %w", err)
		}
		r, from = bytes.NewReader(data), path
	}
	subs, err := feeds.ReadOPML(r)
	if len(subs) == 0 && err != nil {
		return fmt.Errorf("feeds import: %s: %w", from, err)
	}
	c := newFeedChange()
	// Outlines that could not be read: one line each.
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			c.fail(e, path, line)
		}
	}
	for _, s := range subs {
		if err := c.add(ctx, st, store.Feed{URL: s.URL, Title: s.Title, SiteURL: s.SiteURL, Folder: s.Folder}); err != nil {
			return err
		}
	}
	if !g.json {
		fmt.Fprintf(e.stdout, "%d added, %d already subscribed, %d skipped (%s in %s)\n",
			len(c.Added), len(c.Existing), c.Failed, plural(len(subs), "feed"), from)
		if c.Failed > 0 {
			return partialError{c.Failed}
		}
		return nil
	}
	return c.finish(e, g)
}

func feedsExport(ctx context.Context, e env, st *store.Store) error {
	fs, err := st.Feeds(ctx)
	if err != nil {
		return err
	}
	subs := make([]feeds.Subscription, len(fs))
	for i, f := range fs {
		subs[i] = feeds.Subscription{URL: f.URL, Title: f.Title, SiteURL: f.SiteURL, Folder: f.Folder}
	}
	return feeds.WriteOPML(e.stdout, "verso subscriptions", subs, time.Now())
}

func feedsList(ctx context.Context, e env, g *globalFlags, st *store.Store) error {
	fs, err := st.Feeds(ctx)
	if err != nil {
		return err
	}
	if g.json {
		for _, f := range fs {
			if err := writeJSON(e.stdout, f); err != nil {
				return err
			}
		}
		return nil
	}
	if len(fs) == 0 {
		fmt.Fprintln(e.stderr, noFeeds)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, f := range fs {
		last := "never"
		if f.LastFetch != nil {
			last = f.LastFetch.Local().Format("2006-01-02 15:04")
		}
		status := "ok"
		switch {
		case f.LastFetch == nil:
			status = "—"
		case f.LastError != "":
			status = "failed"
		}
		title := orDash(f.Title)
		if f.Folder != "" {
			title = f.Folder + "/" + title
		}
		if f.LastError != "" {
			title += " (" + clip(f.LastError, 100) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", status, last, f.URL, title)
	}
	return tw.Flush()
}

// fetchSummary is what a fetch did, printed at the end or as JSON. New,
// NewVersions and Unchanged count items; NotModified counts feeds that
// answered 304 or sent the same body as last time.
type fetchSummary struct {
	store.ImportResult
	Feeds       int          `json:"feeds"`
	NotModified int          `json:"not_modified"`
	Skipped     int          `json:"skipped"` // items without text (a headline alone)
	Failed      int          `json:"failed"`
	Failures    []fetchIssue `json:"failures"`
	Elapsed     float64      `json:"elapsed_seconds"`
}

type fetchIssue struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

func cmdFetch(ctx context.Context, e env, g *globalFlags, args []string) error {
	var want []string
	for _, raw := range args {
		u, err := feeds.NormalizeURL(raw)
		if err != nil {
			return usagef("fetch: %s: %v", raw, err)
		}
		// A feed named twice (or spelt two ways) is fetched once.
		if !slices.Contains(want, u) {
			want = append(want, u)
		}
	}
	return withNewStore(ctx, e, g, func(st *store.Store) error {
		subs, err := st.Feeds(ctx)
		if err != nil {
			return err
		}
		if len(want) > 0 {
			byURL := map[string]store.Feed{}
			for _, f := range subs {
				byURL[f.URL] = f
			}
			subs = subs[:0:0]
			for _, u := range want {
				f, ok := byURL[u]
				if !ok {
					return usagef("fetch: %s is not subscribed (add it with 'verso feeds add %s')", u, u)
				}
				subs = append(subs, f)
			}
		}
		if len(subs) == 0 {
			fmt.Fprintln(e.stderr, noFeeds)
			return nil
		}
		fr := &feedFetcher{st: st, fetcher: &feeds.Fetcher{Timeout: g.timeout}}
		fr.onFailure = func(is fetchIssue) { fmt.Fprintf(e.stderr, "%s: %s\n", is.URL, is.Reason) }
		var pp *progressPrinter
		if e.stderrTTY && !g.quiet && !g.json {
			pp = &progressPrinter{w: e.stderr, what: "feeds", verb: "fetching"}
			fr.progress = pp.update
			inner := fr.onFailure
			fr.onFailure = func(is fetchIssue) { pp.clear(); inner(is) }
		}
		sum, err := fr.run(ctx, subs)
		if pp != nil {
			pp.clear()
		}
		if err != nil {
			return err
		}
		return printSummary(e, g, sum, sum.Failed, "%d new, %s, %d unchanged, %d not modified, %d failed (%s in %.1fs)\n",
			sum.New, plural(sum.NewVersions, "new version"), sum.Unchanged, sum.NotModified, sum.Failed, plural(sum.Feeds, "feed"), sum.Elapsed)
	})
}

// printSummary prints what an import or fetch did, as JSON or as one
// line, and turns failures into exit status 1.
func printSummary(e env, g *globalFlags, sum any, failed int, format string, args ...any) error {
	if g.json {
		if err := writeJSONIndent(e.stdout, sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, format, args...)
	}
	if failed > 0 {
		return partialError{failed}
	}
	return nil
}

// feedFetcher fetches subscribed feeds concurrently and stores what they
// hold from one goroutine (SQLite has one writer), one feed at a time.
type feedFetcher struct {
	st        *store.Store
	fetcher   *feeds.Fetcher
	onFailure func(fetchIssue)
	progress  func(done, total int)
}

func (fr *feedFetcher) run(ctx context.Context, subs []store.Feed) (fetchSummary, error) {
	start := time.Now()
	sum := fetchSummary{Failures: []fetchIssue{}, Feeds: len(subs)}
	byURL := make(map[string]store.Feed, len(subs))
	reqs := make([]feeds.Request, len(subs))
	for i, f := range subs {
		byURL[f.URL] = f
		reqs[i] = feeds.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified}
	}
	var storeErr error
	done := 0
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fetchErr := fr.fetcher.FetchAll(ctx, reqs, func(res feeds.Response) {
		done++
		if storeErr == nil && ctx.Err() == nil {
			if err := fr.handle(ctx, byURL[res.URL], res, &sum); err != nil {
				storeErr = err
				cancel()
			}
		}
		if fr.progress != nil {
			fr.progress(done, len(reqs))
		}
	})
	if storeErr != nil {
		return sum, storeErr
	}
	if fetchErr != nil {
		return sum, fetchErr
	}
	sum.Elapsed = time.Since(start).Seconds()
	return sum, nil
}

// handle stores one fetched feed: its new and changed items, then the
// fetch itself (validators last, so that a crash in between re-fetches).
// Only a store error is returned; the feed's own failures are counted.
func (fr *feedFetcher) handle(ctx context.Context, sub store.Feed, res feeds.Response, sum *fetchSummary) error {
	rec := store.FetchRecord{URL: sub.URL, At: time.Now(), Status: res.Status, ETag: res.ETag, LastModified: res.LastModified}
	fail := func(err error) error {
		is := fetchIssue{URL: sub.URL, Reason: shortReason(sub.URL, err)}
		sum.Failed++
		sum.Failures = append(sum.Failures, is)
		if fr.onFailure != nil {
			fr.onFailure(is)
		}
		rec.Err = is.Reason
		return fr.record(ctx, rec)
	}
	if res.Err != nil {
		return fail(res.Err)
	}
	if res.NotModified {
		sum.NotModified++
		rec.NotModified = true
		return fr.record(ctx, rec)
	}
	h := sha256.Sum256(res.Body)
	rec.BodyHash = hex.EncodeToString(h[:])
	if rec.BodyHash == sub.BodyHash {
		// A server that ignores conditional requests sent the same body.
		sum.NotModified++
		rec.NotModified = true
		return fr.record(ctx, rec)
	}
	arts, info, parseErr := feeds.ParseFeedItems(ctx, sub.URL, res.Body)
	if len(arts) == 0 {
		if parseErr == nil {
			parseErr = errors.New("no items")
		}
		return fail(parseErr)
	}
	rec.Title, rec.SiteURL = info.Title, info.SiteURL
	var fresh []news.Article
	skipped := 0
	for _, a := range arts {
		switch {
		case len(a.Paragraphs) == 0:
			skipped++
		default:
			// An item fetched before with this text is not analysed again.
			known, err := fr.st.Known(ctx, a.Source.Path, a.ID)
			if err != nil {
				return err
			}
			if known {
				sum.Unchanged++
			} else {
				fresh = append(fresh, a)
			}
		}
	}
	if skipped == len(arts) {
		return fail(fmt.Errorf("no item has text (%d items with a headline only)", len(arts)))
	}
	sum.Skipped += skipped
	for start := 0; start < len(fresh); start += store.DefaultBatchSize {
		part := fresh[start:min(start+store.DefaultBatchSize, len(fresh))]
		news.AnalyzeAll(len(part), func(i int) *news.Article { return &part[i] })
		in := make([]store.Input, len(part))
		for i := range part {
			// The item's content id as its "file" hash: the same text at the
			// same item identity is unchanged, other text a new version.
			in[i] = store.Input{Article: part[i], ContentHash: part[i].ID}
		}
		r, err := fr.st.Import(ctx, in, store.ImportOptions{})
		if err != nil {
			return fmt.Errorf("store items of %s: %w", sub.URL, err)
		}
		sum.New += r.New
		sum.NewVersions += r.NewVersions
		sum.Unchanged += r.Unchanged
		clear(part)
	}
	if parseErr != nil {
		// The readable items are stored; the feed still counts as failed
		// and is not recorded as seen, so the next fetch reads it again.
		// parseErr names the URL, as fail does; left in, shortReason
		// would cut the message there.
		var fe *feeds.Error
		if errors.As(parseErr, &fe) {
			parseErr = fe.Err
		}
		return fail(fmt.Errorf("%d items read, some not: %w", len(arts), parseErr))
	}
	return fr.record(ctx, rec)
}

// record stores the fetch; a feed removed meanwhile is no error.
func (fr *feedFetcher) record(ctx context.Context, rec store.FetchRecord) error {
	if err := fr.st.RecordFetch(ctx, rec); err != nil && !errors.Is(err, store.ErrFeedNotFound) {
		return err
	}
	return nil
}
