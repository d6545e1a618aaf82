package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

func TestDetect(t *testing.T) {
	cases := []struct {
		name string
		data string
		want Format
	}{
		{"a.txt", "Title\n\nBody.", FormatText},
		{"a", "", FormatEmpty},
		{"a.txt", " \n\t\n", FormatEmpty},
		{"a.bin", "abc\x00def", FormatBinary},
		{"a.pdf", "%PDF-1.7\n", FormatBinary},
		{"a.txt", "caf\xe9", FormatInvalidUTF8},
		{"page", "<!DOCTYPE html><html><body><p>x</p></body></html>", FormatHTML},
		{"page.txt", "<html><p>x</p></html>", FormatHTML},
		{"f", `<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></item></channel></rss>`, FormatFeed},
		{"f", `<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>`, FormatFeed},
		{"f", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>`, FormatFeed},
		{"f.json", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, FormatFeed},
		{"a", `{"title": "x", "maintext": "y"}`, FormatJSON},
		{"a", `[{"title": "x"}]`, FormatJSON},
		{"a", "{\"title\": \"x\"}\n{\"title\": \"y\"}\n", FormatJSONL},
		{"a", "{\"title\": \"x\"}\n{bad\n", FormatJSONL},
		{"a.json", `{"title": `, FormatJSON},
		{"a.txt", "[Updated] Storm Hits Coast\n\nThe storm hit.", FormatText},
		{"a.xml", `<?xml version="1.0"?><opml version="2.0"><body/></opml>`, FormatUnsupported},
		{"a.txt", "<3 this story\n\nIt was good.", FormatText},
	}
	for _, c := range cases {
		if got := Detect([]byte(c.data), c.name); got != c.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", c.data, c.name, got, c.want)
		}
	}
}

// reason returns the error's message without the path, checking the type.
func reason(t *testing.T, err error) string {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *feeds.Error", err, err)
	}
	return fe.Reason()
}

// Bad input of every kind gets one clear reason; nothing panics.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	invalid := append([]byte(strings.Repeat("a", 1234)), 0xff, 'b')
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty.txt", nil, "empty file"},
		{"blank.txt", []byte("\n \n"), "empty file (only whitespace)"},
		{"nul.txt", []byte("hello world\x00!"), "binary file (NUL byte at 11)"},
		{"image.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "binary file (PNG image)"},
		{"latin1.txt", invalid, "not valid UTF-8 at byte 1234"},
		{"controls.txt", bytes.Repeat([]byte{1, 2, 3, 'a'}, 100), "binary file (control byte 0x01 at 0)"},
		{"bad.json", []byte("{\"title\": \"x\",\n  \"maintext\": }"), "invalid JSON at line 2, column 15"},
		{"array.json", []byte(`[1, 2]`), "of 2 elements failed"},
		{"opml.xml", []byte(`<?xml version="1.0"?><opml version="2.0"><body/></opml>`), "unsupported XML document (root element <opml>"},
		{"nofeed.xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`), "feed has no items"},
		{"deep.json", []byte(strings.Repeat("[", 10000) + strings.Repeat("]", 10000)), "JSON nested deeper than 200 levels"},
		{"notarticle.json", []byte(`{"foo": 1}`), "no title or text field"},
	}
	for _, c := range cases {
		p := write(c.name, c.data)
		data, err := ReadFile(ctx, p, 0)
		if err != nil {
			t.Fatalf("%s: ReadFile: %v", c.name, err)
		}
		arts, err := Parse(ctx, p, data)
		if err == nil {
			t.Errorf("%s: no error, %d articles", c.name, len(arts))
			continue
		}
		if !strings.Contains(reason(t, err), c.want) {
			t.Errorf("%s: reason %q, want it to contain %q", c.name, reason(t, err), c.want)
		}
		if !strings.HasPrefix(err.Error(), p+": ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %q is not one line starting with the path", c.name, err)
		}
	}

	// 50 MB: refused before it is read.
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := ReadFile(ctx, big, 0); err == nil || reason(t, err) != "file too large: 50.0 MB (limit 32 MB)" {
		t.Errorf("50 MB file: %v", err)
	}

	// A directory and a FIFO are not files to read (a FIFO would block).
	if _, err := ReadFile(ctx, dir, 0); err == nil || reason(t, err) != "is a directory" {
		t.Errorf("directory: %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		if _, err := ReadFile(ctx, fifo, 0); err == nil || !strings.Contains(reason(t, err), "named pipe") {
			t.Errorf("fifo: %v", err)
		}
	}
	if _, err := ReadFile(ctx, filepath.Join(dir, "missing.txt"), 0); err == nil || reason(t, err) != "no such file or directory" {
		t.Errorf("missing: %v", err)
	}

	// Unreadable: only meaningful when not root (root reads through 000).
	locked := write("locked.txt", []byte("Title\n\nBody."))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if _, err := ReadFile(ctx, locked, 0); err == nil || reason(t, err) != "permission denied" {
			t.Errorf("unreadable: %v", err)
		}
	}
}

// Walk reports a symlink loop once, unreadable and dangling entries as
// errors, skips dotfiles, visits each directory once and in sorted order,
// and the valid files beside the bad ones are all delivered.
func TestWalk(t *testing.T) {
	dir := t.TempDir()
	mk := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("b/2.txt", "two")
	mk("b/1.txt", "one")
	mk("a.txt", "a")
	mk(".hidden/x.txt", "x")
	mk("b/.dot.txt", "dot")
	mk("c/d/deep.txt", "deep")
	must(t, os.Symlink("..", filepath.Join(dir, "c", "d", "up")))          // loop back to c
	must(t, os.Symlink(filepath.Join(dir, "b"), filepath.Join(dir, "bb"))) // second path to b
	must(t, os.Symlink("nowhere", filepath.Join(dir, "dangling.txt")))
	must(t, os.Symlink("self", filepath.Join(dir, "self")))
	if os.Geteuid() != 0 {
		mk("locked/in.txt", "in")
		must(t, os.Chmod(filepath.Join(dir, "locked"), 0))
		t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	}

	var files, errs []string
	err := Walk(context.Background(), []string{dir, filepath.Join(dir, "missing")}, func(path string, err error) error {
		rel, _ := filepath.Rel(dir, path)
		if err != nil {
			errs = append(errs, rel+" => "+reason(t, err))
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"a.txt", "b/1.txt", "b/2.txt", "c/d/deep.txt"}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("files = %q, want %q", files, wantFiles)
	}
	wantErrs := []string{
		"c/d/up => symlink loop (leads back to a parent directory), not followed",
		"dangling.txt => dangling symlink",
	}
	if os.Geteuid() != 0 {
		wantErrs = append(wantErrs, "locked => permission denied")
	}
	wantErrs = append(wantErrs, "self => symlink loop (too many levels of symbolic links)", "missing => no such file or directory")
	if !reflect.DeepEqual(errs, wantErrs) {
		t.Errorf("errors =\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(wantErrs, "\n"))
	}

	// fn's error stops the walk and is returned.
	stop := errors.New("stop")
	n := 0
	if err := Walk(context.Background(), []string{dir}, func(string, error) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("stop: err %v after %d calls", err, n)
	}
	// A cancelled context stops it too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Walk(ctx, []string{dir}, func(string, error) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled walk: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestNewsPleaseSample(t *testing.T) {
	dir := newstest.DataDir(t, "news-please-sample")
	path := filepath.Join(dir, "sample.json")
	data, err := ReadFile(context.Background(), path, 0)
	must(t, err)
	if f := Detect(data, path); f != FormatJSON {
		t.Fatalf("Detect = %q", f)
	}
	arts, err := Parse(context.Background(), path, data)
	must(t, err)
	if len(arts) != 1 {
		t.Fatalf("%d articles", len(arts))
	}
	a := arts[0]
	if a.Title != "Moscow to Kiev: Stick to Minsk ceasefire, stop making false \u2018invasion\u2019 claims" {
		t.Errorf("title = %q", a.Title)
	}
	if a.URL != "https://www.rt.com/news/203203-ukraine-russia-troops-border/" || a.Site != "www.rt.com" || a.Language != "en" {
		t.Errorf("url %q site %q language %q", a.URL, a.Site, a.Language)
	}
	if a.Published == nil || a.Published.Format("2006-01-02 15:04:05") != "2017-07-17 17:03:00" || a.DateSource != news.DateExplicit {
		t.Errorf("published = %v (%s)", a.Published, a.DateSource)
	}
	if len(a.Paragraphs) != 1 || !strings.HasPrefix(a.Paragraphs[0], "Russia has called on Ukraine") {
		t.Errorf("paragraphs = %q", a.Paragraphs)
	}
	if a.Image != "https://img.rt.com/files/news/31/9c/30/00/canada-russia-troops-buildup-.si.jpg" || !strings.HasPrefix(a.Description, "Russia has called on Ukraine") {
		t.Errorf("image %q description %q", a.Image, a.Description)
	}
	if len(a.Byline) != 0 || a.Source.Kind != news.KindJSON || a.Source.Path != path {
		t.Errorf("byline %q source %+v", a.Byline, a.Source)
	}
}

func TestNewsPleaseMapping(t *testing.T) {
	rec := `{"authors": ["Jane Doe", "John Roe"], "date_publish": "2021-07-16 09:30:00", "date_modify": "2021-07-17 10:00:00",
	"title": "A &amp; B", "maintext": "First paragraph.\nSecond paragraph.\n\nThird.", "source_domain": "example.org",
	"url": "https://example.org/a", "language": "de", "description": "Lead."}`
	arts, err := Parse(context.Background(), "rec.json", []byte(rec))
	must(t, err)
	a := arts[0]
	if a.Title != "A & B" || !reflect.DeepEqual(a.Byline, []string{"Jane Doe", "John Roe"}) || len(a.Paragraphs) != 3 || a.Language != "de" {
		t.Errorf("%+v", a)
	}
	if a.Updated == nil || a.Updated.Format("2006-01-02") != "2021-07-17" {
		t.Errorf("updated = %v", a.Updated)
	}
	// Description stands in when there is no main text.
	arts, err = Parse(context.Background(), "rec.json", []byte(`{"title": "T", "description": "Only a lead."}`))
	must(t, err)
	if !reflect.DeepEqual(arts[0].Paragraphs, []string{"Only a lead."}) {
		t.Errorf("paragraphs = %q", arts[0].Paragraphs)
	}
}

// verso's own JSON output imports back to the same article, source
// included.
func TestJSONRoundTrip(t *testing.T) {
	dir := newstest.DataDir(t, "seeds")
	var orig []news.Article
	for _, name := range []string{"000_fbd83e62e615d0ef.txt", "002_0e0766ed69e2ed85.txt"} {
		a := parseSeed(t, name)
		// Fields that analysis and the store fill in must survive too.
		a.Story = "s1"
		a.Entities = []news.Entity{{Name: "Sergei Lavrov", Type: news.Person, Mentions: []news.Mention{{Paragraph: 2, Start: 3, End: 9, Text: "Lavrov"}}}}
		a.Quotes = []news.Quote{{Text: "hasty withdrawal", Speaker: "Sergei Lavrov", Cue: "said", Paragraph: 0, Start: 1, End: 17, Partial: true}}
		a.Topics = []string{"Afghanistan"}
		a.Description = "A summary."
		a.Image = "https://example.com/lead.jpg"
		orig = append(orig, a)
	}
	_ = dir
	one, err := json.Marshal(orig[0])
	must(t, err)
	arr, err := json.MarshalIndent(orig, "", "  ")
	must(t, err)
	var lines bytes.Buffer
	for _, a := range orig {
		b, _ := json.Marshal(a)
		lines.Write(b)
		lines.WriteByte('\n')
	}
	for _, c := range []struct {
		name string
		data []byte
		n    int
	}{{"one.json", one, 1}, {"all.json", arr, 2}, {"all.jsonl", lines.Bytes(), 2}} {
		got, err := Parse(context.Background(), c.name, c.data)
		must(t, err)
		if len(got) != c.n {
			t.Fatalf("%s: %d articles", c.name, len(got))
		}
		for i := range got {
			want := orig[i]
			if !reflect.DeepEqual(got[i], want) {
				g, _ := json.MarshalIndent(got[i], "", " ")
				w, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("%s[%d] differs:\n%s\nwant\n%s", c.name, i, g, w)
			}
		}
	}
}

// A bad JSONL line is reported by its number; the others still import.
// A verso record without a source, or with one of an unknown kind, gets the
// JSON file as its source.
func TestJSONSourceFallback(t *testing.T) {
	for _, rec := range []string{
		`{"title": "T", "paragraphs": ["P."]}`,
		`{"title": "T", "paragraphs": ["P."], "source": {"path": "x", "kind": "weird"}}`,
	} {
		arts, err := Parse(context.Background(), "in.json", []byte(rec))
		must(t, err)
		if arts[0].Source != (news.Source{Path: "in.json", Kind: news.KindJSON}) {
			t.Errorf("%s: source %+v", rec, arts[0].Source)
		}
	}
}

func TestJSONLBadLine(t *testing.T) {
	data := "{\"title\": \"One\", \"text\": \"First.\"}\n\n{\"title\": \"Two\", \"text\": \n{\"title\": \"Three\", \"text\": \"Third.\"}\n[1]\n"
	arts, err := Parse(context.Background(), "arch.jsonl", []byte(data))
	if len(arts) != 2 || arts[0].Title != "One" || arts[1].Title != "Three" {
		t.Errorf("articles = %d", len(arts))
	}
	if err == nil {
		t.Fatal("no error for the bad lines")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "arch.jsonl: 2 of 4 lines failed: line 3: invalid JSON") || !strings.Contains(msg, "line 5: not a JSON object") {
		t.Errorf("error = %q", msg)
	}
	var re *RecordErrors
	if !errors.As(err, &re) || len(re.Errs) != 2 || re.Total != 4 {
		t.Errorf("RecordErrors = %+v", re)
	}
}

// JSON strings carry escapes for control characters; they must not survive.
func TestJSONControlCharacters(t *testing.T) {
	rec := `{"title": "T\u001b]52;c;ZXZpbA==\u0007itle", "authors": ["A\u009b31mB"], "maintext": "Line &#27;[2J one\nLine \u001b[31mtwo\u0000", "url": "javascript:alert(1)", "source_domain": "x\u0085y"}`
	arts, err := Parse(context.Background(), "c.json", []byte(rec))
	must(t, err)
	a := arts[0]
	assertClean(t, a)
	if a.Title != "Title" || a.URL != "" {
		t.Errorf("title %q url %q", a.Title, a.URL)
	}
}

// Every file of both feed parsers' test suites goes through Detect and
// Parse without a panic; well-formed samples give sensible articles.
func TestFeedCorpora(t *testing.T) {
	ctx := context.Background()
	counts := map[string]int{}
	var checked int
	for _, set := range []string{"feeds-gofeed", "feeds-feedparser"} {
		root := newstest.DataDir(t, set)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := ReadFile(ctx, path, 0)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return nil
			}
			f := Detect(data, path)
			arts, perr := Parse(ctx, path, data)
			key := string(f)
			if perr != nil {
				key += " error"
			}
			counts[key]++
			for _, a := range arts {
				assertClean(t, a)
				if a.Source.Path != path || a.ID == "" || a.Paragraphs == nil || a.Byline == nil {
					t.Errorf("%s: incomplete article %+v", path, a)
				}
				if a.Published == nil && a.DateSource != news.DateUnknown || a.Published != nil && a.DateSource != news.DateExplicit {
					t.Errorf("%s: date %v with source %q", path, a.Published, a.DateSource)
				}
			}
			return nil
		})
		must(t, err)
	}
	t.Logf("outcomes over both feed suites: %v", counts)

	// A sample of well-formed feeds with known content.
	gofeed := newstest.DataDir(t, "feeds-gofeed")
	fp := newstest.DataDir(t, "feeds-feedparser")
	samples := []struct {
		path  string
		check func(a news.Article) string
	}{
		{filepath.Join(gofeed, "parser/json/version_json_11.json"), func(a news.Article) string {
			if a.Title != "title" || a.URL != "https://sample-json-feed.com/id" || a.Published == nil || a.Published.Year() != 2019 ||
				a.Image != "https://sample-json-feed.com/image.png" || a.Description != "summary" ||
				!reflect.DeepEqual(a.Categories, []string{"tag1", "tag2"}) || !reflect.DeepEqual(a.Byline, []string{"author_name"}) ||
				!reflect.DeepEqual(a.Paragraphs, []string{"content_html"}) || a.Source.Kind != news.KindFeed {
				return fmt.Sprintf("%+v", a)
			}
			return ""
		}},
		{filepath.Join(fp, "wellformed/rss/item_category_multiple.xml"), nil}, // no title or text: refused
		{filepath.Join(fp, "wellformed/atom10/entry_content_inline_markup_2.xml"), func(a news.Article) string {
			if !reflect.DeepEqual(a.Paragraphs, []string{"History of the <blink> tag"}) {
				return fmt.Sprintf("%q", a.Paragraphs)
			}
			return ""
		}},
	}
	for _, s := range samples {
		data, err := ReadFile(ctx, s.path, 0)
		must(t, err)
		arts, err := Parse(ctx, s.path, data)
		if s.check == nil {
			if err == nil {
				t.Errorf("%s: want an error", s.path)
			}
			continue
		}
		if err != nil || len(arts) == 0 {
			t.Errorf("%s: %v", s.path, err)
			continue
		}
		checked++
		if msg := s.check(arts[0]); msg != "" {
			t.Errorf("%s: %s", s.path, msg)
		}
	}
}

func TestFeedHTMLBody(t *testing.T) {
	rss := `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example &amp; News</title><language>en</language>
<item><title>Storm &lt;b&gt;hits&lt;/b&gt; coast</title><link>https://example.com/storm</link>
<dc:creator>Jane Doe</dc:creator><category>Weather</category><category>Coast</category>
<pubDate>Fri, 16 Jul 2021 09:30:00 +0300</pubDate>
<description><![CDATA[<p>First <em>paragraph</em>.</p><script>alert(1)</script><div>Second<br>third</div><figure><img src="x.jpg"><figcaption>A caption</figcaption></figure><p>&#27;[31mRed &amp; ready</p>]]></description>
</item>
<item><title>Only updated</title><link>https://example.com/u</link><description>Plain text.

Two paragraphs.</description></item>
</channel></rss>`
	arts, err := Parse(context.Background(), "f.xml", []byte(rss))
	must(t, err)
	if len(arts) != 2 {
		t.Fatalf("%d articles", len(arts))
	}
	a := arts[0]
	want := []string{"First paragraph.", "Second", "third", "Red & ready"}
	if a.Title != "Storm hits coast" || a.Site != "Example & News" || a.URL != "https://example.com/storm" || a.Language != "en" ||
		!reflect.DeepEqual(a.Paragraphs, want) || !reflect.DeepEqual(a.Captions, []string{"A caption"}) ||
		!reflect.DeepEqual(a.Byline, []string{"Jane Doe"}) || !reflect.DeepEqual(a.Categories, []string{"Weather", "Coast"}) {
		b, _ := json.MarshalIndent(a, "", " ")
		t.Errorf("%s", b)
	}
	if a.Published == nil || a.Published.Format("2006-01-02T15:04") != "2021-07-16T06:30" || a.DateSource != news.DateExplicit {
		t.Errorf("published %v %s", a.Published, a.DateSource)
	}
	assertClean(t, a)
	if b := arts[1]; !reflect.DeepEqual(b.Paragraphs, []string{"Plain text.", "Two paragraphs."}) || b.Published != nil || b.DateSource != news.DateUnknown {
		t.Errorf("%+v", b)
	}
}

// Deeply nested markup in a feed item is handled without recursion limits.
func TestFeedDeepNesting(t *testing.T) {
	body := strings.Repeat("<div>", 50000) + "deep" + strings.Repeat("</div>", 50000)
	paras, _ := feedParagraphs(body)
	if len(paras) != 1 || paras[0] != "deep" {
		t.Errorf("paras = %q", paras)
	}
}

// Every saved page of the Mozilla set is detected as HTML by its content,
// whatever it is called.
func TestDetectMozillaPages(t *testing.T) {
	root := newstest.DataDir(t, "readability-mozilla")
	files, err := filepath.Glob(filepath.Join(root, "*", "source.html"))
	must(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		must(t, err)
		for _, name := range []string{f, "page.txt", "page"} {
			if got := Detect(data, name); got != FormatHTML {
				t.Errorf("%s as %q: %s", f, name, got)
			}
		}
	}
}

// TestIsFoldedMatchesFolding checks isFolded against what it stands for:
// s is folded when joining its fields with single spaces gives s back.
func TestIsFoldedMatchesFolding(t *testing.T) {
	pieces := []string{"a", "b", " ", " ", "\t", "\n", "\u00a0", "\u2003", "é", "\xff", "\xe2\x80", "x y", "\u3000", "\u0085", "\v", "\f", "\r"}
	var s []byte
	for i := range 200000 {
		s = s[:0]
		for k := i; k > 0; k /= len(pieces) {
			s = append(s, pieces[k%len(pieces)]...)
		}
		str := string(s)
		want := strings.Join(strings.Fields(str), " ") == str
		if got := isFolded(str); got != want {
			t.Fatalf("isFolded(%q) = %v, want %v", str, got, want)
		}
	}
}

// Plain text that holds data (columns, values, token lists) is not read as
// an article dump; prose with commas, short lines or tables inside is.
func TestTabularTextIsNotAnArticle(t *testing.T) {
	rows := func(n int, row string) string { return strings.Repeat(row+"\n", n) }
	for _, c := range []struct {
		name, text string
		tabular    bool
	}{
		{"conll tabs", "# sent_id = 1\n# text = The cat sat.\n" + rows(10, "1\tThe\tthe\tDET\t_"), true},
		{"csv", "name,age\nAda,36\nAlan,41\n", true},
		{"semicolons", "a;b;c\n1;2;3\n", true},
		{"tokens", rows(30, "Tashkent B-LOC"), true},
		{"prose", "Russia on Friday blamed the US, its allies and Nato for the risks, the ministry said.\n\nTalks, officials added, will resume, perhaps, in May.\n", false},
		{"two prose lines with one comma each", "Rain fell on Monday, farmers said.\nMore is due on Friday, forecasters say.\n", false},
		{"short title lines then prose", "Headline\nBy AFP\n\n" + rows(3, "A paragraph of several words that reads like an article, with a comma."), false},
		{"one line", "hello", false},
		{"a table inside an article", "Election results were announced on Sunday night in the capital, officials said.\n\nParty\tSeats\tVotes\nLabour\t12\t40,112\nGreens\t4\t12,004\n\nTurnout was the lowest since the war, the commission said.\n", false},
		{"a tab-indented list", "Ten things to pack for the trip this summer, from our travel desk.\n" + rows(10, "1.\tA passport with six months left before it expires"), false},
		{"a dateline brief", "London, 12 May\nShares fell, traders said.\n", false},
	} {
		if got := tabularText([]byte(c.text)) != ""; got != c.tabular {
			t.Errorf("%s: tabular = %v, want %v", c.name, got, c.tabular)
		}
	}
	seeds := newstest.DataDir(t, "seeds")
	for _, seed := range []string{"000_fbd83e62e615d0ef.txt", "002_0e0766ed69e2ed85.txt"} {
		data, err := os.ReadFile(filepath.Join(seeds, seed))
		if err != nil {
			t.Fatal(err)
		}
		if why := tabularText(data); why != "" {
			t.Errorf("%s: %s", seed, why)
		}
	}
}

// A caption keeps its text, not the label a broadcaster puts before it
// for screen readers.
func TestCaptionLabelRemoved(t *testing.T) {
	text := "Floods Hit Northern Towns\n\nImage caption, Residents were moved to a school\n\nHundreds of people left their homes on Sunday, officials said.\n"
	arts, err := Parse(context.Background(), "floods.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := arts[0].Captions; len(got) != 1 || got[0] != "Residents were moved to a school" {
		t.Errorf("captions = %q", got)
	}
}

// A broadcaster's label with nothing after it is no caption at all.
func TestCaptionLabelAloneIsDropped(t *testing.T) {
	page := `<html><head><title>Floods Hit Northern Towns</title></head><body><article><h1>Floods Hit Northern Towns</h1>
<figure><img src="a.jpg"><figcaption>Media caption,</figcaption></figure>
<figure><img src="b.jpg"><figcaption>Image caption, Residents were moved to a school</figcaption></figure>
<p>Hundreds of people left their homes on Sunday, officials said, as the river rose through the night and water reached the main square.</p>
<p>The council opened two schools as shelters and asked residents to stay away from the river banks until the water falls.</p>
</article></body></html>`
	arts, err := Parse(context.Background(), "floods.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if got := arts[0].Captions; len(got) != 1 || got[0] != "Residents were moved to a school" {
		t.Errorf("captions = %q, want only the labelled caption's text", got)
	}
}
