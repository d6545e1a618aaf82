package feeds

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verso-news/verso/news/newstest"
)

// seedCorpus adds the two seed documents (when the shared data is present)
// and a few hostile shapes to a fuzz corpus.
func seedCorpus(f *testing.F) {
	if dir := newstest.Find("seeds"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	for _, s := range []string{
		" date 2021-07-16 Support The Moscow Times!\nTitle\n\nBy AFP\nUpdated:\nA caption July 8, 2021 TASS\n\nBody ''quoted,' he said.",
		"Title over\ntwo lines\n wrapped body line that goes on and on and on and on and on and on and on\nand ends here.\nRelated article: Something\nElse\n",
		"\x1b]52;c;ZXZpbA==\x07\u009b2J&#27;[31m&#x9d;8;;x\u009c",
		"By", "date", "''\"\"``", "a-\n-b", "\n\n\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzParseText: the text dump cleaner never panics and its output is
// sanitized, on any input.
func FuzzParseText(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a := parseText(string(data))
		finalize(&a)
		assertClean(t, a)
		for _, p := range a.Paragraphs {
			if strings.TrimSpace(p) == "" {
				t.Fatalf("empty paragraph")
			}
		}
	})
}

// FuzzParseJSON: JSON and JSONL import never panic, output is sanitized.
func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"title": "T", "maintext": "a\nb", "authors": ["X"], "date_publish": "2017-07-17 17:03:00"}`))
	f.Add([]byte(`[{"title": "T", "paragraphs": ["p"], "published": "2021-07-16T00:00:00Z", "date_source": "explicit"}]`))
	f.Add([]byte("{\"title\": \"a\"}\n{\"title\": \"\\u001b[2Jb\", \"text\": \"&#27;x\"}\n{bad"))
	f.Add([]byte(`{"articles": [{"headline": "H", "body": "B", "author": {"name": "N"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.json", "a.jsonl"} {
			arts, _ := Parse(context.Background(), name, data)
			for _, a := range arts {
				assertClean(t, a)
			}
		}
	})
}

// FuzzParse: any bytes under any of the format's names, through detection
// and every parser (feeds and HTML included), never panic and yield only
// sanitized articles.
func FuzzParse(f *testing.F) {
	seedCorpus(f)
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><title>x&#27;]52;</title><description>&lt;p&gt;y&lt;/p&gt;</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;b&gt;T&lt;/b&gt;</title><content type="xhtml"><div>x</div></content></entry></feed>`))
	f.Add([]byte(`{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "content_html": "<p>x</p>"}]}`))
	f.Add([]byte("\xff\xfe<\x00r\x00s\x00s\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.txt", "a.xml"} {
			arts, _ := Parse(context.Background(), name, data)
			for _, a := range arts {
				assertClean(t, a)
			}
		}
	})
}
