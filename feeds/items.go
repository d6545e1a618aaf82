package feeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/verso-news/verso/news"
)

// FeedInfo is what a fetched feed document says about itself.
type FeedInfo struct {
	Title   string // the feed's title
	SiteURL string // the site it belongs to (the feed's link)
}

// maxItemKey bounds an item identity's length; a longer GUID or link is
// replaced by its hash.
const maxItemKey = 1024

// ParseFeedItems reads a fetched feed document: the articles of its items
// (through Parse, so exactly as a feed file is imported), each with a
// stable identity as Source.Path, "<feedURL>#<key>", where key is the
// item's GUID, or its link when it has no GUID, or (when neither tells the
// items apart) "id:" and the article id. A store that versions a changed
// file at the same path thus makes a changed item a new version of the
// same story, however much its text changed.
//
// A document that is not a feed (a web page, an error page in JSON) is
// refused with a reason, even though Parse would read it as an article.
func ParseFeedItems(ctx context.Context, feedURL string, body []byte) ([]news.Article, FeedInfo, error) {
	if f := Detect(body, feedURL); f != FormatFeed {
		return nil, FeedInfo{}, &Error{Path: feedURL, Err: notAFeed(f, body, feedURL)}
	}
	arts, err := Parse(ctx, feedURL, body)
	if len(arts) == 0 {
		return nil, FeedInfo{}, err
	}
	info, ids := itemIdentities(body)
	seen := map[string]int{}
	for i := range arts {
		a := &arts[i]
		key := ids.of(a)
		if key == "" {
			key = "id:" + a.ID
		}
		if len(key) > maxItemKey {
			sum := sha256.Sum256([]byte(key))
			key = "sha256:" + hex.EncodeToString(sum[:])
		}
		// Two items with one key in one document (a feed repeating an
		// item) stay apart.
		if n := seen[key]; n > 0 {
			seen[key] = n + 1
			key = fmt.Sprintf("%s#%d", key, n+1)
		} else {
			seen[key] = 1
		}
		a.Source.Path = feedURL + "#" + key
		a.Source.Kind = news.KindFeed
	}
	if info.Title == "" && len(arts) > 0 {
		info.Title = arts[0].Site
	}
	return arts, info, err
}

// notAFeed says what a fetched document is when it is not a feed.
func notAFeed(f Format, body []byte, name string) error {
	switch f {
	case FormatHTML:
		return errors.New("not a feed: the address returned a web page (HTML)")
	case FormatJSON, FormatJSONL:
		return errors.New("not a feed: the address returned JSON that is not a JSON Feed")
	case FormatText:
		return errors.New("not a feed: the address returned plain text")
	}
	if u, err := toUTF8(body); err == nil {
		body = u
	}
	if _, why := detect(body, name); why != "" {
		return errors.New("not a feed: " + why)
	}
	return fmt.Errorf("not a feed (%s)", f)
}

// identities matches parsed articles back to their items' GUIDs. Parse
// does not keep GUIDs, so the document is read again by gofeed; an
// article is matched by its link (the item link, or a GUID that is an http
// URL, as feedItem sets it) and title together, then by its link alone,
// then by its title alone, each only when it names one item.
type identities struct {
	byLinkTitle, byLink, byTitle map[string][]string
}

func itemIdentities(data []byte) (info FeedInfo, ids identities) {
	ids = identities{map[string][]string{}, map[string][]string{}, map[string][]string{}}
	defer func() {
		if r := recover(); r != nil {
			ids = identities{}
		}
	}()
	if u, err := toUTF8(data); err == nil {
		data = u
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		if fixed, n := controlRefsToPlaceholders(data); n > 0 {
			feed, err = gofeed.NewParser().Parse(bytes.NewReader(fixed))
		}
	}
	if err != nil || feed == nil {
		return FeedInfo{}, ids
	}
	info = FeedInfo{Title: cleanLine(placeholdersToControls(feedText(feed.Title))), SiteURL: cleanURL(feed.Link)}
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		guid := strings.TrimSpace(sanitize(it.GUID))
		link := it.Link
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		link = cleanURL(placeholdersToControls(link))
		title := cleanLine(placeholdersToControls(feedText(it.Title)))
		key := guid
		if key == "" {
			key = link
		}
		ids.byLinkTitle[link+"\x00"+title] = append(ids.byLinkTitle[link+"\x00"+title], key)
		if link != "" {
			ids.byLink[link] = append(ids.byLink[link], key)
		}
		if title != "" {
			ids.byTitle[title] = append(ids.byTitle[title], key)
		}
	}
	return info, ids
}

// of returns the key of a's item, "" when no item is known to be a's.
func (ids identities) of(a *news.Article) string {
	if k, ok := only(ids.byLinkTitle[a.URL+"\x00"+a.Title]); ok {
		return k
	}
	if a.URL != "" {
		if k, ok := only(ids.byLink[a.URL]); ok {
			return k
		}
		return ""
	}
	k, _ := only(ids.byTitle[a.Title])
	return k
}

// only returns the one distinct key of keys.
func only(keys []string) (string, bool) {
	if len(keys) == 0 {
		return "", false
	}
	for _, k := range keys[1:] {
		if k != keys[0] {
			return "", false
		}
	}
	return keys[0], true
}
