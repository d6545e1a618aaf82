package feeds

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// liveRSS and liveAtom hold two items with one link and one title (a live
// page updated under one headline) told apart only by their GUIDs.
const liveRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Live</title><link>https://live.example/</link>
<item><title>Election night</title><link>https://live.example/election</link><guid isPermaLink="false">live-1</guid>
<description>Polls closed at eight in every region of the country.</description></item>
<item><title>Election night</title><link>https://live.example/election</link><guid isPermaLink="false">live-2</guid>
<description>The first results came in from the northern provinces.</description></item>
</channel></rss>`

const liveAtom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Live</title>
<id>urn:live</id><updated>2026-01-05T09:00:00Z</updated>
<entry><title>Election night</title><id>live-1</id><link href="https://live.example/election"/><updated>2026-01-05T09:00:00Z</updated>
<content type="html">Polls closed at eight in every region of the country.</content></entry>
<entry><title>Election night</title><id>live-2</id><link href="https://live.example/election"/><updated>2026-01-05T09:00:00Z</updated>
<content type="html">The first results came in from the northern provinces.</content></entry>
</feed>`

func TestParseFeedItemsSharedLinkAndTitle(t *testing.T) {
	ctx := context.Background()
	const u = "https://live.example/feed"
	for name, feed := range map[string]string{"rss": liveRSS, "atom": liveAtom} {
		arts, _, err := ParseFeedItems(ctx, u, []byte(feed))
		if err != nil || len(arts) != 2 {
			t.Fatalf("%s: %v, %d articles", name, err, len(arts))
		}
		if arts[0].Source.Path != u+"#live-1" || arts[1].Source.Path != u+"#live-2" {
			t.Errorf("%s: identities %q, %q; want the GUIDs", name, arts[0].Source.Path, arts[1].Source.Path)
		}
		// An edit of the second item keeps its identity, so that it is
		// stored as a new version of the same story.
		edited := strings.Replace(feed, "from the northern provinces", "from the capital, where turnout was high", 1)
		arts2, _, err := ParseFeedItems(ctx, u, []byte(edited))
		if err != nil || len(arts2) != 2 || arts2[1].Source.Path != arts[1].Source.Path || arts2[1].ID == arts[1].ID {
			t.Errorf("%s: edited item: %v, %d articles", name, err, len(arts2))
		}
	}
}

// ParseFeedItems reads a feed exactly as Parse imports a feed file; only
// the source path differs.
func TestParseFeedItemsMatchesParse(t *testing.T) {
	ctx := context.Background()
	const u = "https://wire.example/feed.xml"
	for _, feed := range []string{testRSS, liveRSS, liveAtom} {
		want, werr := Parse(ctx, u, []byte(feed))
		got, _, gerr := ParseFeedItems(ctx, u, []byte(feed))
		if werr != nil || gerr != nil || len(got) != len(want) {
			t.Fatalf("Parse: %v, %d articles; ParseFeedItems: %v, %d articles", werr, len(want), gerr, len(got))
		}
		for i := range got {
			got[i].Source.Path = want[i].Source.Path
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("item %d:\n%+v\nwant\n%+v", i, got[i], want[i])
			}
		}
	}
}
