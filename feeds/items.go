package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

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
// (exactly as Parse imports a feed file), each with a stable identity as
// Source.Path, "<feedURL>#<key>", where key is the item's GUID, or its
// link when it has no GUID, or "id:" and the article id when it has
// neither. A store that versions a changed file at the same path thus
// makes a changed item a new version of the same story, however much its
// text changed.
//
// A document that is not a feed (a web page, an error page in JSON) is
// refused with a reason, even though Parse would read it as an article.
func ParseFeedItems(ctx context.Context, feedURL string, body []byte) ([]news.Article, FeedInfo, error) {
	data, format, why, err := sniff(ctx, feedURL, body)
	if err != nil {
		return nil, FeedInfo{}, err
	}
	if format != FormatFeed {
		return nil, FeedInfo{}, fileError(feedURL, notAFeed(format, why))
	}
	arts, guids, info, err := parseFeedItems(ctx, feedURL, data)
	arts, err = finish(feedURL, format, arts, err)
	if len(arts) == 0 {
		return nil, FeedInfo{}, err
	}
	seen := map[string]int{}
	for i := range arts {
		a := &arts[i]
		key := guids[i]
		if key == "" {
			key = a.URL
		}
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
	return arts, info, err
}

// notAFeed says what a fetched document is when it is not a feed; why is
// detect's reason for a rejection.
func notAFeed(f Format, why string) error {
	switch f {
	case FormatHTML:
		return errors.New("not a feed: the address returned a web page (HTML)")
	case FormatJSON, FormatJSONL:
		return errors.New("not a feed: the address returned JSON that is not a JSON Feed")
	case FormatText:
		return errors.New("not a feed: the address returned plain text")
	}
	if why != "" {
		return errors.New("not a feed: " + why)
	}
	return fmt.Errorf("not a feed (%s)", f)
}
