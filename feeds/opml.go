package feeds

import (
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Subscription is a feed as an OPML file lists it.
type Subscription struct {
	URL     string // the feed (OPML xmlUrl)
	Title   string
	SiteURL string // the site (OPML htmlUrl)
	// Folder is the path of the outlines the feed is nested in, names
	// joined by "/" ("News/World"); "" at the top level.
	Folder string
}

// maxOPMLDepth bounds outline nesting; deeper outlines are an error
// rather than a stack of folders no one made.
const maxOPMLDepth = 64

// ReadOPML reads the subscriptions of an OPML 1.0 or 2.0 document: every
// outline with an xmlUrl (attribute names in any case), nested outlines
// without one being folders. At most DefaultMaxBytes are read. A feed
// listed twice is kept once, in its first place. Outlines whose URL is
// not http or https are skipped and named in the returned error, beside
// the subscriptions that were read.
func ReadOPML(r io.Reader) ([]Subscription, error) {
	lr := &io.LimitedReader{R: r, N: DefaultMaxBytes + 1}
	d := xml.NewDecoder(lr)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	var subs []Subscription
	var bad []error
	seen := map[string]bool{}
	var folders []string // the open outlines' names, "" for a feed outline
	sawOPML := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if lr.N <= 0 {
				return nil, fmt.Errorf("OPML file larger than %s", byteSize(DefaultMaxBytes))
			}
			return nil, fmt.Errorf("read OPML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if name == "opml" {
				sawOPML = true
			}
			if name != "outline" {
				continue
			}
			if len(folders) >= maxOPMLDepth {
				return nil, fmt.Errorf("read OPML: outlines nested deeper than %d", maxOPMLDepth)
			}
			attr := func(key string) string {
				for _, a := range t.Attr {
					if strings.EqualFold(a.Name.Local, key) {
						return strings.TrimSpace(a.Value)
					}
				}
				return ""
			}
			title := cleanLine(attr("title"))
			if title == "" {
				title = cleanLine(attr("text"))
			}
			raw := attr("xmlUrl")
			if raw == "" {
				folders = append(folders, strings.ReplaceAll(title, "/", "∕"))
				continue
			}
			folders = append(folders, "")
			u, err := NormalizeURL(raw)
			if err != nil {
				if title != "" && title != raw {
					err = fmt.Errorf("%s: %w", raw, err)
				}
				bad = append(bad, fmt.Errorf("outline %q: %w", cmp.Or(title, raw), err))
				continue
			}
			if seen[u] {
				continue
			}
			seen[u] = true
			subs = append(subs, Subscription{URL: u, Title: title, SiteURL: cleanURL(attr("htmlUrl")), Folder: folderPath(folders[:len(folders)-1])})
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "outline") && len(folders) > 0 {
				folders = folders[:len(folders)-1]
			}
		}
	}
	if !sawOPML {
		return nil, errors.New("read OPML: no <opml> element (not an OPML file)")
	}
	return subs, errors.Join(bad...)
}

// folderPath joins the names of the folders an outline is in, skipping
// feed outlines that (unusually) hold others and unnamed folders.
func folderPath(names []string) string {
	var parts []string
	for _, n := range names {
		if n != "" {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "/")
}

type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Title   string   `xml:"head>title"`
	Created string   `xml:"head>dateCreated"`
	Body    opmlBody `xml:"body"`
}

type opmlBody struct {
	Outline []opmlOutline `xml:"outline"`
}

type opmlOutline struct {
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	Type     string        `xml:"type,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Outlines []opmlOutline `xml:"outline"`
}

// WriteOPML writes subs as an OPML 2.0 document: folders as nested
// outlines, folders and feeds in alphabetical order, each feed an outline
// of type "rss" with text, title, xmlUrl and htmlUrl.
func WriteOPML(w io.Writer, title string, subs []Subscription, created time.Time) error {
	subs = append([]Subscription(nil), subs...)
	sort.SliceStable(subs, func(i, j int) bool {
		a, b := strings.ToLower(cmp.Or(subs[i].Title, subs[i].URL)), strings.ToLower(cmp.Or(subs[j].Title, subs[j].URL))
		if a != b {
			return a < b
		}
		return subs[i].URL < subs[j].URL
	})
	root := &opmlOutline{}
	folder := func(path string) *opmlOutline {
		o := root
		if path == "" {
			return o
		}
	next:
		for _, name := range strings.Split(path, "/") {
			for i := range o.Outlines {
				if c := &o.Outlines[i]; c.XMLURL == "" && c.Text == name {
					o = c
					continue next
				}
			}
			o.Outlines = append(o.Outlines, opmlOutline{Text: name, Title: name})
			o = &o.Outlines[len(o.Outlines)-1]
		}
		return o
	}
	// Folders first, so that they come before the feeds at each level.
	folders := map[string]bool{}
	var paths []string
	for _, s := range subs {
		if s.Folder != "" && !folders[s.Folder] {
			folders[s.Folder] = true
			paths = append(paths, s.Folder)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		folder(p)
	}
	for _, s := range subs {
		o := folder(s.Folder)
		t := cmp.Or(s.Title, s.URL)
		o.Outlines = append(o.Outlines, opmlOutline{Text: t, Title: t, Type: "rss", XMLURL: s.URL, HTMLURL: s.SiteURL})
	}
	doc := opmlDoc{Version: "2.0", Title: title, Created: created.UTC().Format(time.RFC1123Z), Body: opmlBody{root.Outlines}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	return nil
}
