package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// wireServer serves feeds for the fetch tests and counts, from the
// server's side, the full answers and the 304s it gave.
type wireServer struct {
	mu          sync.Mutex
	version     int
	full        map[string]int
	notModified map[string]int
}

func rssItem(guid, title string, paras ...string) string {
	body := "<p>" + strings.Join(paras, "</p><p>") + "</p>"
	return fmt.Sprintf(`<item><title>%s</title><link>https://wire.example/%s</link><guid isPermaLink="false">%s</guid>
<pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate><description><![CDATA[%s]]></description></item>`, title, guid, guid, body)
}

var (
	itemA1 = rssItem("a", "Harbour reopens after storm",
		"The port of Valmora reopened on Monday after a storm closed it for three days, the harbour authority said.",
		"Ferries to the islands will run on a reduced timetable until Wednesday, officials said, while crews inspect the piers.")
	// The same item rewritten from top to bottom: nothing in common with
	// the first text, so only its GUID ties it to the same story.
	itemA2 = rssItem("a", "Minister resigns over port contract",
		"Transport minister Elena Sorrow stepped down late on Tuesday, hours after auditors questioned a dredging contract awarded without tender.",
		"Opposition parties demanded a parliamentary inquiry and the publication of every document related to the deal.")
	itemB = rssItem("b", "Museum buys a lost painting",
		"The city museum has bought a seventeenth-century landscape that had been missing since the war, its director announced.",
		"The painting will go on show in the spring after restoration work on its frame and varnish.")
	itemC = rssItem("c", "Rail strike called off",
		"Unions called off next week's rail strike after the operator agreed to reopen talks on pay and working hours.",
		"Trains will run normally on all lines, the operator said in a statement on Thursday evening.")
)

func (ws *wireServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	switch r.URL.Path {
	case "/wire.xml":
		etag := fmt.Sprintf(`"wire-v%d"`, ws.version)
		lastMod := time.Date(2026, 1, 5, 10, ws.version, 0, 0, time.UTC).Format(http.TimeFormat)
		if r.Header.Get("If-None-Match") == etag {
			ws.notModified[r.URL.Path]++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		ws.full[r.URL.Path]++
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		items := itemA1 + itemB
		if ws.version > 1 {
			items = itemA2 + itemB + itemC
		}
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Valmora Wire</title><link>https://wire.example/</link>%s</channel></rss>`, items)
	case "/atom.xml":
		lastMod := "Mon, 05 Jan 2026 09:00:00 GMT"
		if r.Header.Get("If-Modified-Since") == lastMod {
			ws.notModified[r.URL.Path]++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		ws.full[r.URL.Path]++
		w.Header().Set("Last-Modified", lastMod)
		fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Science Notes</title>
<id>urn:notes</id><updated>2026-01-05T09:00:00Z</updated>
<entry><title>Comet seen from the southern hemisphere</title><id>urn:notes:1</id><link href="https://notes.example/comet"/>
<updated>2026-01-05T09:00:00Z</updated><content type="html">&lt;p&gt;Astronomers in Chile photographed a bright comet on Sunday night, the observatory said.&lt;/p&gt;&lt;p&gt;It will be visible to the naked eye for about two weeks.&lt;/p&gt;</content></entry>
</feed>`)
	case "/500.xml":
		http.Error(w, "internal error", http.StatusInternalServerError)
	case "/slow.xml":
		ws.mu.Unlock()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		ws.mu.Lock()
	case "/big.xml":
		w.Header().Set("Content-Length", fmt.Sprint(40<<20))
		fmt.Fprint(w, "<rss>")
	case "/page.html":
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Valmora</title></head><body><article><h1>Welcome</h1><p>This is the home page of a news site, not its feed.</p></article></body></html>`)
	case "/loop.xml":
		http.Redirect(w, r, "/loop.xml", http.StatusFound)
	default:
		http.NotFound(w, r)
	}
}

func fetchJSON(t *testing.T, db string, args ...string) (int, fetchSummary, string) {
	t.Helper()
	code, out, stderr := runVerso(t, db, append([]string{"fetch", "--json", "--timeout", "500ms"}, args...)...)
	var sum fetchSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("fetch --json: %v\nstdout %s\nstderr %s", err, out, stderr)
	}
	return code, sum, stderr
}

func TestFetchFeeds(t *testing.T) {
	ws := &wireServer{version: 1, full: map[string]int{}, notModified: map[string]int{}}
	srv := httptest.NewServer(ws)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "v.db")
	good := []string{srv.URL + "/wire.xml", srv.URL + "/atom.xml"}
	bad := map[string]string{
		srv.URL + "/500.xml":   "HTTP 500 Internal Server Error",
		srv.URL + "/slow.xml":  "timed out after 500ms",
		srv.URL + "/big.xml":   "body too large: 40 MB (limit 32 MB)",
		srv.URL + "/page.html": "not a feed: the address returned a web page (HTML)",
		srv.URL + "/loop.xml":  "stopped after 5 redirects",
	}
	urls := slices.Concat(good, slices.Sorted(func(yield func(string) bool) {
		for u := range bad {
			if !yield(u) {
				return
			}
		}
	}))
	if code, out, stderr := runVerso(t, db, append([]string{"feeds", "add"}, urls...)...); code != exitOK || strings.Count(out, "added ") != len(urls) {
		t.Fatalf("feeds add: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runVerso(t, db, "feeds", "add", "ftp://files.example/feed", srv.URL+"/wire.xml"); code != exitFailure || !strings.Contains(stderr, "ftp://files.example/feed: ") {
		t.Errorf("feeds add ftp: exit %d, stderr %q; want exit 1 and a line for it", code, stderr)
	}

	code, sum, stderr := fetchJSON(t, db)
	if code != exitFailure {
		t.Errorf("fetch exit %d, want %d", code, exitFailure)
	}
	if sum.New != 3 || sum.Failed != len(bad) || sum.Feeds != len(urls) {
		t.Errorf("first fetch: %+v; want 3 new items and %d failed feeds", sum, len(bad))
	}
	for u, reason := range bad {
		if n := strings.Count(stderr, u+": "); n != 1 || !strings.Contains(stderr, u+": "+reason) {
			t.Errorf("%d lines for %s, want one with %q; stderr:\n%s", n, u, reason, stderr)
		}
	}

	// Unchanged feeds answer 304 to the validators of the last fetch.
	_, sum, _ = fetchJSON(t, db, good...)
	if sum.NotModified != 2 || sum.New+sum.NewVersions != 0 || sum.Failed != 0 {
		t.Errorf("second fetch: %+v; want both feeds not modified", sum)
	}
	ws.mu.Lock()
	if ws.full["/wire.xml"] != 1 || ws.notModified["/wire.xml"] != 1 || ws.full["/atom.xml"] != 1 || ws.notModified["/atom.xml"] != 1 {
		t.Errorf("server saw full %v and 304 %v; want one of each per feed (ETag for the wire, Last-Modified for the Atom feed)", ws.full, ws.notModified)
	}
	// The wire rewrites item a, keeps b and adds c.
	ws.version = 2
	ws.mu.Unlock()
	_, sum, _ = fetchJSON(t, db, good[0])
	if sum.New != 1 || sum.NewVersions != 1 || sum.Unchanged != 1 {
		t.Errorf("after the change: %+v; want 1 new, 1 new version, 1 unchanged", sum)
	}
	code, out, _ := runVerso(t, db, "list", "--json")
	if code != exitOK {
		t.Fatal("list failed")
	}
	versions := map[string]int{}
	stories := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var row struct{ Title, Story string }
		var full map[string]any
		must(t, json.Unmarshal([]byte(line), &row))
		must(t, json.Unmarshal([]byte(line), &full))
		versions[row.Title] = int(full["versions"].(float64))
		stories[row.Title] = row.Story
	}
	if len(versions) != 5 || versions["Minister resigns over port contract"] != 2 || stories["Minister resigns over port contract"] != stories["Harbour reopens after storm"] || versions["Museum buys a lost painting"] != 1 {
		t.Errorf("stories after the change: versions %v", versions)
	}

	code, out, _ = runVerso(t, db, "feeds", "list", "--json")
	if code != exitOK {
		t.Fatal("feeds list failed")
	}
	listed := map[string]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f map[string]any
		must(t, json.Unmarshal([]byte(line), &f))
		listed[f["url"].(string)] = f
	}
	if w := listed[good[0]]; w["title"] != "Valmora Wire" || w["last_status"] != 200.0 || w["last_error"] != "" || w["last_fetch"] == nil || w["etag"] != `"wire-v2"` {
		t.Errorf("wire feed listed as %v", w)
	}
	if f := listed[srv.URL+"/500.xml"]; f["last_status"] != 500.0 || !strings.Contains(fmt.Sprint(f["last_error"]), "HTTP 500") {
		t.Errorf("failing feed listed as %v", f)
	}
	if code, out, _ := runVerso(t, db, "feeds", "list"); code != exitOK || !strings.Contains(out, "Valmora Wire") || !strings.Contains(out, "HTTP 500") {
		t.Errorf("feeds list: exit %d\n%s", code, out)
	}

	if code, _, _ := runVerso(t, db, "fetch", "https://unknown.example/feed"); code != exitUsage {
		t.Errorf("fetch of an unsubscribed URL: exit %d, want %d", code, exitUsage)
	}
	if code, out, _ := runVerso(t, db, "feeds", "remove", srv.URL+"/slow.xml"); code != exitOK || !strings.Contains(out, "removed") {
		t.Errorf("feeds remove: exit %d %s", code, out)
	}
	if code, _, stderr := runVerso(t, db, "feeds", "remove", srv.URL+"/slow.xml"); code != exitFailure || !strings.Contains(stderr, "not subscribed") {
		t.Errorf("feeds remove twice: exit %d %s", code, stderr)
	}
}

func TestFeedsOPMLThroughTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	opml := filepath.Join(dir, "subs.opml")
	must(t, os.WriteFile(opml, []byte(`<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Top" type="rss" xmlUrl="https://top.example/rss"/>
  <outline text="News"><outline text="World">
    <outline text="Wire" type="rss" xmlUrl="https://wire.example/feed.xml" htmlUrl="https://wire.example/"/>
  </outline>
  <outline text="Local" type="rss" xmlUrl="https://local.example/atom"/></outline>
  <outline text="Bad" type="rss" xmlUrl="gopher://old.example/"/>
</body></opml>`), 0o644))
	db := filepath.Join(dir, "a.db")
	code, out, stderr := runVerso(t, db, "feeds", "import", opml)
	if code != exitFailure || !strings.Contains(out, "3 added") || !strings.Contains(stderr, `outline "Bad"`) {
		t.Errorf("feeds import: exit %d\n%s%s", code, out, stderr)
	}
	code, exported, _ := runVerso(t, db, "feeds", "export")
	if code != exitOK || !strings.Contains(exported, `<opml version="2.0">`) {
		t.Fatalf("export: exit %d\n%s", code, exported)
	}
	out2 := filepath.Join(dir, "out.opml")
	must(t, os.WriteFile(out2, []byte(exported), 0o644))
	db2 := filepath.Join(dir, "b.db")
	if code, _, stderr := runVerso(t, db2, "feeds", "import", out2); code != exitOK {
		t.Fatalf("import of the export: exit %d %s", code, stderr)
	}
	_, again, _ := runVerso(t, db2, "feeds", "export")
	strip := func(s string) string { // dateCreated differs by the second
		i, j := strings.Index(s, "<dateCreated>"), strings.Index(s, "</dateCreated>")
		return s[:i] + s[j:]
	}
	if strip(again) != strip(exported) {
		t.Errorf("round trip differs:\n%s\nvs\n%s", again, exported)
	}
	for _, s := range []string{`<outline text="World" title="World">`, `xmlUrl="https://wire.example/feed.xml" htmlUrl="https://wire.example/"`, `xmlUrl="https://top.example/rss"`, `xmlUrl="https://local.example/atom"`} {
		if !strings.Contains(exported, s) {
			t.Errorf("export lacks %s", s)
		}
	}
}

func TestFetchSameFeedNamedTwice(t *testing.T) {
	ws := &wireServer{version: 1, full: map[string]int{}, notModified: map[string]int{}}
	srv := httptest.NewServer(ws)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "v.db")
	u := srv.URL + "/wire.xml"
	if code, out, stderr := runVerso(t, db, "feeds", "add", u); code != exitOK {
		t.Fatalf("feeds add: exit %d\n%s%s", code, out, stderr)
	}
	// The same feed three times, two of them spelt otherwise.
	code, sum, stderr := fetchJSON(t, db, u, strings.Replace(u, "http://", "HTTP://", 1), u+"#latest")
	if code != exitOK || sum.Feeds != 1 || sum.New != 2 {
		t.Errorf("fetch: exit %d, %+v\n%s", code, sum, stderr)
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if n := ws.full["/wire.xml"] + ws.notModified["/wire.xml"]; n != 1 {
		t.Errorf("server got %d requests for the feed, want 1", n)
	}
}

// Every error of the feeds commands names its file or URL once.
func TestFeedsErrorsNameThePathOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	notOPML := filepath.Join(dir, "page.opml")
	must(t, os.WriteFile(notOPML, []byte("<html><body>hello</body></html>"), 0o644))
	folder := filepath.Join(dir, "folder.opml")
	must(t, os.Mkdir(folder, 0o755))
	for _, tc := range []struct {
		args        []string
		name, cause string
	}{
		{[]string{"feeds", "import", folder}, folder, "is a directory"},
		{[]string{"feeds", "import", notOPML}, notOPML, "not an OPML file"},
		{[]string{"feeds", "import", filepath.Join(dir, "missing.opml")}, filepath.Join(dir, "missing.opml"), "no such file"},
		{[]string{"feeds", "add", "https://"}, "https://", "no host"},
		{[]string{"feeds", "add", "https://me:secret@feeds.example/rss"}, "https://me:secret@feeds.example/rss", "credentials"},
		{[]string{"feeds", "add", "feeds.example/rss"}, "feeds.example/rss", "not an absolute URL"},
		{[]string{"fetch", "ftp://feeds.example/rss"}, "ftp://feeds.example/rss", "only http and https"},
	} {
		code, _, stderr := runVerso(t, db, tc.args...)
		if code == exitOK || strings.Count(stderr, tc.name) != 1 || !strings.Contains(stderr, tc.cause) {
			t.Errorf("%v: exit %d, stderr %q; want %s named once and %q", tc.args, code, stderr, tc.name, tc.cause)
		}
	}
}
