package feeds

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"
)

const testOPML = `<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="1.0">
<head><title>My feeds</title></head>
<body>
  <outline text="Top Feed" xmlUrl="https://top.example/rss" htmlUrl="https://top.example/"/>
  <outline text="News">
    <outline text="World">
      <outline text="Caf&#233; Wire" type="rss" xmlurl="https://wire.example/feed.xml"/>
      <outline title="Agency" text="ignored" type="rss" xmlUrl="HTTPS://Agency.example/atom"/>
    </outline>
    <outline text="Local Paper" type="rss" xmlUrl="http://local.example/feed"/>
    <outline text="Duplicate" type="rss" xmlUrl="https://top.example/rss"/>
  </outline>
  <outline text="Broken" type="rss" xmlUrl="javascript:alert(1)"/>
  <outline text="Empty folder"></outline>
</body>
</opml>`

func TestOPMLRoundTrip(t *testing.T) {
	subs, err := ReadOPML(strings.NewReader(testOPML))
	if err == nil || !strings.Contains(err.Error(), `outline "Broken"`) {
		t.Errorf("error %v, want the javascript: outline named", err)
	}
	want := []Subscription{
		{URL: "https://top.example/rss", Title: "Top Feed", SiteURL: "https://top.example/"},
		{URL: "https://wire.example/feed.xml", Title: "Café Wire", Folder: "News/World"},
		{URL: "https://agency.example/atom", Title: "Agency", Folder: "News/World"},
		{URL: "http://local.example/feed", Title: "Local Paper", Folder: "News"},
	}
	if !slices.Equal(subs, want) {
		t.Fatalf("read:\n%+v\nwant\n%+v", subs, want)
	}

	var buf bytes.Buffer
	if err := WriteOPML(&buf, "verso subscriptions", subs, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range []string{`<?xml version="1.0" encoding="UTF-8"?>`, `<opml version="2.0">`, `<dateCreated>Fri, 02 Jan 2026 03:04:05 +0000</dateCreated>`,
		`<outline text="News" title="News">`, `type="rss" xmlUrl="https://wire.example/feed.xml"`} {
		if !strings.Contains(out, s) {
			t.Errorf("export lacks %s:\n%s", s, out)
		}
	}
	// Valid XML that reads back to the same subscriptions.
	if err := xml.Unmarshal(buf.Bytes(), new(struct{})); err != nil {
		t.Fatalf("export is not XML: %v", err)
	}
	back, err := ReadOPML(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	key := func(s Subscription) string { return s.Folder + "|" + s.URL + "|" + s.Title + "|" + s.SiteURL }
	a, b := slices.Sorted(slices.Values(mapSubs(subs, key))), slices.Sorted(slices.Values(mapSubs(back, key)))
	if !slices.Equal(a, b) {
		t.Errorf("round trip:\n%v\nwant\n%v", b, a)
	}
}

func mapSubs(subs []Subscription, f func(Subscription) string) []string {
	var out []string
	for _, s := range subs {
		out = append(out, f(s))
	}
	return out
}

func TestReadOPMLRejects(t *testing.T) {
	for _, doc := range []string{
		`<rss><channel/></rss>`,
		`<opml><body>` + strings.Repeat("<outline text='x'>", 100) + `</body></opml>`,
	} {
		if _, err := ReadOPML(strings.NewReader(doc)); err == nil {
			t.Errorf("%.40q: no error", doc)
		}
	}
}
