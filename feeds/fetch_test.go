package feeds

import (
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>https://wire.example/</link>
<item><title>First story</title><link>https://wire.example/1</link><guid isPermaLink="false">wire-1</guid>
<description>&lt;p&gt;The first story has a paragraph of text.&lt;/p&gt;</description></item>
<item><title>Second story</title><link>https://wire.example/2</link>
<description>The second story, without a GUID.</description></item>
</channel></rss>`

func fetchErr(t *testing.T, res Response) string {
	t.Helper()
	if res.Err == nil {
		t.Fatalf("fetch %s: no error, status %d", res.URL, res.Status)
	}
	fe, ok := res.Err.(*Error)
	if !ok || fe.Path != res.URL {
		t.Fatalf("error %T %v does not name the URL", res.Err, res.Err)
	}
	return fe.Reason()
}

func TestFetchConditionalGET(t *testing.T) {
	const etag, lastMod = `"v1"`, "Mon, 05 Jan 2026 10:00:00 GMT"
	var full, notModified atomic.Int32
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, testRSS)
	}))
	defer srv.Close()

	f := &Fetcher{}
	ctx := context.Background()
	res := f.Fetch(ctx, Request{URL: srv.URL + "/feed"})
	if res.Err != nil || res.Status != 200 || res.ETag != etag || res.LastModified != lastMod || !strings.Contains(string(res.Body), "First story") {
		t.Fatalf("first fetch: %+v", res)
	}
	if s, _ := ua.Load().(string); !strings.HasPrefix(s, "verso/") {
		t.Errorf("User-Agent %q does not name verso", s)
	}
	res = f.Fetch(ctx, Request{URL: srv.URL + "/feed", ETag: res.ETag, LastModified: res.LastModified})
	if res.Err != nil || !res.NotModified || res.Status != 304 || res.Body != nil {
		t.Fatalf("second fetch: %+v", res)
	}
	if full.Load() != 1 || notModified.Load() != 1 {
		t.Errorf("server sent %d full answers and %d 304s, want 1 and 1", full.Load(), notModified.Load())
	}
}

func TestFetchGzip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("no gzip in Accept-Encoding: %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		fmt.Fprint(gz, testRSS)
		gz.Close()
	}))
	defer srv.Close()
	res := (&Fetcher{}).Fetch(context.Background(), Request{URL: srv.URL})
	if res.Err != nil || string(res.Body) != testRSS {
		t.Fatalf("gzip fetch: err %v, body %.60q", res.Err, res.Body)
	}
}

func TestFetchFailures(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/slowbody", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<rss>")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		// Chunked: the size is only known by reading.
		for range 8 {
			fmt.Fprint(w, strings.Repeat("x", 1024))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/bigdeclared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		fmt.Fprint(w, "<rss>")
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/toftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example/feed", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	f := &Fetcher{Timeout: 300 * time.Millisecond, MaxBytes: 4096}
	for _, tc := range []struct{ path, want string }{
		{"/500", "HTTP 500 Internal Server Error"},
		{"/slow", "timed out after 300ms"},
		{"/slowbody", "timed out after 300ms"},
		{"/big", "body too large: over the 4 KB limit"},
		{"/bigdeclared", "body too large: 97 KB (limit 4 KB)"},
		{"/loop", "stopped after 5 redirects"},
		{"/toftp", "redirected to a ftp: URL"},
	} {
		start := time.Now()
		reason := fetchErr(t, f.Fetch(context.Background(), Request{URL: srv.URL + tc.path}))
		if !strings.Contains(reason, tc.want) {
			t.Errorf("%s: reason %q, want %q", tc.path, reason, tc.want)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s took %s", tc.path, d)
		}
	}
	for _, bad := range []string{"ftp://x.example/feed", "file:///etc/passwd", "feed.xml", "http://", "https://user:pw@x.example/"} {
		fetchErr(t, f.Fetch(context.Background(), Request{URL: bad}))
	}
}

func TestNormalizeURL(t *testing.T) {
	for in, want := range map[string]string{
		" HTTPS://Example.COM/Feed.xml#top ": "https://example.com/Feed.xml",
		"http://example.com":                 "http://example.com/",
		"https://example.com/a?b=c":          "https://example.com/a?b=c",
	} {
		if got, err := NormalizeURL(in); err != nil || got != want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestFetchAllPerHostLimit(t *testing.T) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		fmt.Fprint(w, testRSS)
	}))
	defer srv.Close()
	var reqs []Request
	for i := range 8 {
		reqs = append(reqs, Request{URL: fmt.Sprintf("%s/feed%d", srv.URL, i)})
	}
	got := map[string]bool{}
	// A plain transport: the default one also caps connections per host,
	// which would hide a FetchAll that did not.
	err := (&Fetcher{PerHost: 2, Workers: 8, Transport: &http.Transport{}}).FetchAll(context.Background(), reqs, func(r Response) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.URL, r.Err)
		}
		got[r.URL] = true
	})
	if err != nil || len(got) != len(reqs) {
		t.Fatalf("FetchAll: %v, %d responses", err, len(got))
	}
	if most > 2 {
		t.Errorf("%d requests in flight to one host, want at most 2", most)
	}
}

func TestParseFeedItems(t *testing.T) {
	ctx := context.Background()
	const u = "https://wire.example/feed.xml"
	arts, info, err := ParseFeedItems(ctx, u, []byte(testRSS))
	if err != nil || len(arts) != 2 {
		t.Fatalf("ParseFeedItems: %v, %d articles", err, len(arts))
	}
	if info.Title != "Test Wire" || info.SiteURL != "https://wire.example/" {
		t.Errorf("info %+v", info)
	}
	if arts[0].Source.Path != u+"#wire-1" || arts[1].Source.Path != u+"#https://wire.example/2" {
		t.Errorf("identities %q, %q; want the GUID, then the link", arts[0].Source.Path, arts[1].Source.Path)
	}
	// The same item with other text keeps its identity.
	changed := strings.Replace(testRSS, "has a paragraph of text", "was rewritten from top to bottom", 1)
	arts2, _, _ := ParseFeedItems(ctx, u, []byte(changed))
	if arts2[0].Source.Path != arts[0].Source.Path || arts2[0].ID == arts[0].ID {
		t.Errorf("changed item: path %q id %s, was %q %s", arts2[0].Source.Path, arts2[0].ID, arts[0].Source.Path, arts[0].ID)
	}
	for _, tc := range []struct{ body, want string }{
		{"<!DOCTYPE html><html><head><title>Hi</title></head><body><p>Welcome to our site.</p></body></html>", "web page (HTML)"},
		{`{"error": "not found"}`, "JSON that is not a JSON Feed"},
		{"", "empty"},
		{`<?xml version="1.0"?><opml version="2.0"><body/></opml>`, "not a feed"},
	} {
		_, _, err := ParseFeedItems(ctx, u, []byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), u+": ") {
			t.Errorf("%.30q: error %v, want %q", tc.body, err, tc.want)
		}
	}
}
