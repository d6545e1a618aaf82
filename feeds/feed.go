package feeds

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/verso-news/verso/news"
)

// parseFeedItems reads an RSS, Atom, RDF or JSON Feed document with
// gofeed: one article per item, the item's HTML content (or its description
// when there is no content) turned into paragraphs, its dates explicit
// because the feed states them. guids[i] is the GUID of the item arts[i]
// came from ("" when it has none), kept from this one parse because
// nothing in the article tells apart items that share link and title.
func parseFeedItems(ctx context.Context, path string, data []byte) (arts []news.Article, guids []string, info FeedInfo, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, FeedInfo{}, err
	}
	// gofeed is a third-party parser fed hostile input; a panic in it must
	// become an error for this file, not the end of the import.
	defer func() {
		if r := recover(); r != nil {
			arts, guids, info, err = nil, nil, FeedInfo{}, fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	restore := false
	if err != nil && strings.Contains(err.Error(), "illegal character code") {
		// XML forbids control characters even as references (&#27;),
		// but feeds carry them; rather than lose every item, read them as
		// placeholders and put the characters back for finalize's
		// sanitizer, which removes each escape sequence whole.
		if fixed, n := controlRefsToPlaceholders(data); n > 0 {
			feed, err = gofeed.NewParser().Parse(bytes.NewReader(fixed))
			restore = true
		}
	}
	if err != nil {
		return nil, nil, FeedInfo{}, fmt.Errorf("parse feed: %w", err)
	}
	if len(feed.Items) == 0 {
		return nil, nil, FeedInfo{}, fmt.Errorf("feed has no items")
	}
	site, siteURL := feedText(feed.Title), feed.Link
	if restore {
		site, siteURL = placeholdersToControls(site), placeholdersToControls(siteURL)
	}
	info = FeedInfo{Title: cleanLine(site), SiteURL: cleanURL(siteURL)}
	skipped := 0
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return arts, guids, info, err
			}
		}
		a := feedItem(path, site, feed, it)
		if restore {
			restoreControls(&a)
		}
		if strings.TrimSpace(a.Title) == "" && len(a.Paragraphs) == 0 {
			skipped++
			continue
		}
		arts = append(arts, a)
		guids = append(guids, strings.TrimSpace(sanitize(it.GUID)))
	}
	if len(arts) == 0 {
		return nil, nil, FeedInfo{}, fmt.Errorf("feed has %d items, none with a title or text", skipped)
	}
	return arts, guids, info, nil
}

// feedItem maps one item. Fields that feeds carry as HTML (title, content,
// description) are converted to text; everything is sanitized by finalize.
func feedItem(path, site string, feed *gofeed.Feed, it *gofeed.Item) news.Article {
	a := news.Article{
		Title:    feedText(it.Title),
		Site:     site,
		URL:      it.Link,
		Source:   news.Source{Path: path, Kind: news.KindFeed},
		Language: feed.Language,
	}
	for _, p := range it.Authors {
		if p != nil {
			name := p.Name
			if name == "" {
				name = p.Email
			}
			a.Byline = append(a.Byline, feedText(name))
		}
	}
	if len(a.Byline) == 0 && it.Author != nil && it.Author.Name != "" {
		a.Byline = []string{feedText(it.Author.Name)}
	}
	if len(a.Byline) == 0 && it.DublinCoreExt != nil {
		a.Byline = append(a.Byline, it.DublinCoreExt.Creator...)
	}
	for _, c := range it.Categories {
		for _, part := range strings.Split(c, ",") {
			if part = strings.TrimSpace(part); part != "" {
				a.Categories = append(a.Categories, part)
			}
		}
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published = utcPtr(it.PublishedParsed)
		a.DateSource = news.DateExplicit
		a.DateReason = "feed item publication date"
	case it.UpdatedParsed != nil:
		a.Published = utcPtr(it.UpdatedParsed)
		a.DateSource = news.DateExplicit
		a.DateReason = "feed item updated date (no publication date given)"
	}
	if it.UpdatedParsed != nil {
		a.Updated = utcPtr(it.UpdatedParsed)
	}
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	} else if strings.TrimSpace(it.Description) != "" {
		summary, _ := feedParagraphs(it.Description)
		a.Description = strings.Join(summary, " ")
	}
	a.Paragraphs, a.Captions = feedParagraphs(body)
	if it.Image != nil {
		a.Image = it.Image.URL
	}
	for _, e := range it.Enclosures {
		if a.Image == "" && e != nil && strings.HasPrefix(e.Type, "image/") {
			a.Image = e.URL
		}
	}
	if a.URL == "" && strings.HasPrefix(it.GUID, "http") {
		a.URL = it.GUID
	}
	for _, l := range it.Links {
		if l != "" && l != a.URL {
			a.RelatedLinks = append(a.RelatedLinks, news.Link{URL: l})
		}
	}
	return a
}

func utcPtr(t *time.Time) *time.Time {
	u := t.UTC()
	return &u
}

// feedText turns a field that may hold HTML markup or entities (a feed
// title of type="html") into plain text on one line.
func feedText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	paras, _ := feedParagraphs(s)
	return strings.Join(paras, " ")
}

// Elements that start a new paragraph, and elements whose content is never
// text to read.
var (
	feedBlockTags = map[atom.Atom]bool{
		atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
		atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
		atom.Blockquote: true, atom.Pre: true, atom.Tr: true, atom.Table: true, atom.Section: true,
		atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Hr: true,
		atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Figure: true, atom.Address: true,
		atom.Main: true, atom.Nav: true, atom.Details: true, atom.Summary: true, atom.Center: true,
	}
	feedSkipTags = map[atom.Atom]bool{
		atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Object: true,
		atom.Template: true, atom.Head: true, atom.Svg: true, atom.Math: true,
		atom.Form: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Audio: true,
		atom.Video: true, atom.Canvas: true, atom.Applet: true, atom.Frameset: true,
	}
)

// feedParagraphs converts an HTML fragment (a feed item's content) into
// paragraphs of plain text: block elements end paragraphs, whitespace is
// folded, scripts and styles dropped, figcaptions returned as captions.
// Text without any markup is split on blank lines instead. It streams
// tokens rather than building a tree, so nesting depth costs nothing and
// never fails.
func feedParagraphs(s string) (paras, captions []string) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	if !strings.Contains(s, "<") {
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.Join(strings.Fields(html.UnescapeString(p)), " "); p != "" {
				paras = append(paras, p)
			}
		}
		return paras, nil
	}
	var cur, capt strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	skip, inCaption := 0, 0
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if skip > 0 {
				continue
			}
			if inCaption > 0 {
				capt.Write(z.Text())
			} else {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if feedSkipTags[a] {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch {
			case a == atom.Figcaption && tt == html.StartTagToken:
				inCaption++
			case a == atom.Figcaption && tt == html.EndTagToken && inCaption > 0:
				inCaption--
				if t := strings.Join(strings.Fields(capt.String()), " "); t != "" && inCaption == 0 {
					captions = append(captions, t)
				}
				if inCaption == 0 {
					capt.Reset()
				}
			case feedBlockTags[a]:
				if inCaption == 0 {
					flush()
				}
			case a == atom.Td || a == atom.Th:
				cur.WriteByte(' ')
			}
		}
	}
	flush()
	return paras, captions
}

// controlPlaceholder is where controlRefsToPlaceholders moves control
// characters: Supplementary Private Use Area-B, which real feeds do not use.
const controlPlaceholder = 0x10FF00

// controlRefs matches numeric character references (&#27; &#x1b; &#0027;);
// controlRefsToPlaceholders rewrites those to C0 and C1 controls other than
// tab, newline and carriage return.
var controlRefs = regexp.MustCompile(`&#(?:[0-9]+|[xX][0-9a-fA-F]+);`)

// controlRefsToPlaceholders rewrites references to control characters as
// references to placeholder characters, and says how many it rewrote.
func controlRefsToPlaceholders(data []byte) ([]byte, int) {
	n := 0
	out := controlRefs.ReplaceAllFunc(data, func(ref []byte) []byte {
		num := string(ref[2 : len(ref)-1])
		base := 10
		if num[0] == 'x' || num[0] == 'X' {
			num, base = num[1:], 16
		}
		c, err := strconv.ParseUint(num, base, 32)
		if err != nil || !isControl(rune(c)) {
			return ref
		}
		n++
		return []byte(fmt.Sprintf("&#x%X;", controlPlaceholder+c))
	})
	return out, n
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f)
}

// placeholdersToControls undoes controlRefsToPlaceholders on decoded text.
func placeholdersToControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= controlPlaceholder && r <= controlPlaceholder+0x9f {
			return r - controlPlaceholder
		}
		return r
	}, s)
}

// restoreControls puts the control characters back in every text of a,
// so that finalize sees (and strips) what the feed meant.
func restoreControls(a *news.Article) {
	for _, s := range []*string{&a.Title, &a.Site, &a.URL, &a.Language, &a.Description, &a.Image} {
		*s = placeholdersToControls(*s)
	}
	for _, list := range [][]string{a.Byline, a.Categories, a.Paragraphs, a.Captions} {
		for i := range list {
			list[i] = placeholdersToControls(list[i])
		}
	}
	for i := range a.RelatedLinks {
		a.RelatedLinks[i].Text = placeholdersToControls(a.RelatedLinks[i].Text)
		a.RelatedLinks[i].URL = placeholdersToControls(a.RelatedLinks[i].URL)
	}
}
