package feeds

import (
	"context"
	"strings"
	"testing"
)

// XML forbids control characters even as references, but feeds carry
// them (&#27; before an escape sequence). The feed is read anyway and each
// escape sequence removed whole (raw control bytes, by contrast, are
// dropped by the XML parser, which leaves an escape's printable rest).
func TestFeedWithControlReferences(t *testing.T) {
	feed := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Site &#x1b;[31mname</title><link>https://example.org/</link><description>x</description>
<item><title>Title &#27;]0;PWNED&#7;&#27;[31mred&#27;[0m end</title><link>https://example.org/a</link>
<pubDate>Fri, 16 Jul 2021 12:00:00 +0000</pubDate>
<description>Before &#27;[2J&#27;]52;c;cm0gLXJmIH4=&#7;&#27;]8;;https://evil.example/&#27;\click&#27;]8;;&#27;\ after, &amp; more text &#233;t&#233;.</description></item>
<item><title>Second item</title><link>https://example.org/b</link><description>A second, ordinary item.</description></item>
</channel></rss>`
	arts, err := Parse(context.Background(), "hostile.xml", []byte(feed))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(arts) != 2 {
		t.Fatalf("%d articles, want 2", len(arts))
	}
	a := arts[0]
	if a.Title != "Title red end" {
		t.Errorf("title %q, want %q", a.Title, "Title red end")
	}
	if a.Site != "Site name" {
		t.Errorf("site %q, want %q", a.Site, "Site name")
	}
	body := strings.Join(a.Paragraphs, "\n")
	if body != "Before click after, & more text été." {
		t.Errorf("body %q", body)
	}
	for _, s := range append([]string{a.Title, a.Site}, a.Paragraphs...) {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r >= controlPlaceholder }) {
			t.Errorf("control or placeholder left in %q", s)
		}
	}
}

func TestControlRefsToPlaceholders(t *testing.T) {
	in := "a&#27;b&#x1B;c&#9;d&#10;e&#233;f&#x9b;g&#65;h&#0027;i&#x001B;j&#128512;"
	out, n := controlRefsToPlaceholders([]byte(in))
	if n != 5 {
		t.Errorf("rewrote %d references, want 5 (ESC four ways and CSI)", n)
	}
	if !strings.HasSuffix(string(out), "j&#128512;") {
		t.Errorf("a reference beyond the controls changed: %s", out)
	}
	if !strings.Contains(string(out), "&#9;d&#10;e&#233;f") || !strings.Contains(string(out), "g&#65;h") {
		t.Errorf("legal references changed: %s", out)
	}
}
