package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFeedSubscriptions(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	added, err := s.AddFeed(ctx, Feed{URL: "https://a.example/feed.xml", Folder: "News/World"})
	if err != nil || !added {
		t.Fatalf("add: %v %v", added, err)
	}
	if added, err := s.AddFeed(ctx, Feed{URL: "https://a.example/feed.xml", Title: "A", Folder: "Other"}); err != nil || added {
		t.Fatalf("add again: %v %v, want not added", added, err)
	}
	if _, err := s.AddFeed(ctx, Feed{URL: "https://b.example/rss"}); err != nil {
		t.Fatal(err)
	}
	fs, err := s.Feeds(ctx)
	if err != nil || len(fs) != 2 {
		t.Fatalf("feeds: %v %+v", err, fs)
	}
	// Ordered by folder: top level first.
	if fs[0].URL != "https://b.example/rss" || fs[1].Title != "A" || fs[1].Folder != "News/World" || fs[1].LastFetch != nil {
		t.Errorf("feeds: %+v", fs)
	}

	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.RecordFetch(ctx, FetchRecord{URL: "https://b.example/rss", At: at, Status: 200, ETag: `"v1"`, LastModified: "Mon, 01 Jan 2026 00:00:00 GMT", BodyHash: "h1", Title: "B news", SiteURL: "https://b.example/"}))
	must(s.RecordFetch(ctx, FetchRecord{URL: "https://b.example/rss", At: at.Add(time.Hour), Status: 304, NotModified: true}))
	must(s.RecordFetch(ctx, FetchRecord{URL: "https://b.example/rss", At: at.Add(2 * time.Hour), Status: 500, Err: "server error: 500 Internal Server Error"}))
	fs, _ = s.Feeds(ctx)
	b := fs[0]
	if b.Title != "B news" || b.SiteURL != "https://b.example/" || b.ETag != `"v1"` || b.LastModified == "" || b.BodyHash != "h1" {
		t.Errorf("validators after 304 and failure: %+v", b)
	}
	if b.LastStatus != 500 || b.LastError == "" || !b.LastFetch.Equal(at.Add(2*time.Hour)) || !b.LastSuccess.Equal(at.Add(time.Hour)) {
		t.Errorf("last fetch: %+v", b)
	}
	must(s.RecordFetch(ctx, FetchRecord{URL: "https://b.example/rss", At: at.Add(3 * time.Hour), Status: 200, BodyHash: "h2", Title: "Renamed"}))
	fs, _ = s.Feeds(ctx)
	if b := fs[0]; b.ETag != "" || b.BodyHash != "h2" || b.LastError != "" || b.Title != "B news" {
		t.Errorf("after a 200 without validators: %+v", b)
	}

	must(s.RemoveFeed(ctx, "https://a.example/feed.xml"))
	if err := s.RemoveFeed(ctx, "https://a.example/feed.xml"); !errors.Is(err, ErrFeedNotFound) {
		t.Errorf("remove twice: %v", err)
	}
	if err := s.RecordFetch(ctx, FetchRecord{URL: "https://a.example/feed.xml", Status: 200}); !errors.Is(err, ErrFeedNotFound) {
		t.Errorf("record for a removed feed: %v", err)
	}
}
