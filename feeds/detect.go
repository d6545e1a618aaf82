package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Format is what Detect decided a file holds: one of the parseable formats,
// or a rejection that says why the file cannot be imported.
type Format string

// Parseable formats.
const (
	FormatText  Format = "text"  // a plain-text article dump
	FormatHTML  Format = "html"  // a saved web page
	FormatFeed  Format = "feed"  // RSS, Atom, RDF or JSON Feed
	FormatJSON  Format = "json"  // one article object, or an array of them
	FormatJSONL Format = "jsonl" // JSON Lines: one article object per line
)

// Rejections: files that are not articles in any format verso reads.
const (
	FormatEmpty       Format = "empty"        // no bytes, or only whitespace
	FormatBinary      Format = "binary"       // NUL bytes, control bytes or a known binary signature
	FormatInvalidUTF8 Format = "invalid-utf8" // text that is not UTF-8
	FormatUnsupported Format = "unsupported"  // well-formed but not an article format (an XML root verso does not read)
)

// Rejected reports whether f is a rejection rather than a parseable format.
func (f Format) Rejected() bool {
	switch f {
	case FormatText, FormatHTML, FormatFeed, FormatJSON, FormatJSONL:
		return false
	}
	return true
}

// sniffLen bounds how much of a file the cheap content checks look at, so
// detection costs the same on a 30 MB archive as on a 3 KB dump.
const sniffLen = 8 << 10

// Detect decides a file's format by its content, using name's extension only
// as a hint where the content is ambiguous (a JSON file that does not parse
// is still JSON when it is called .json, so its error is a JSON error).
func Detect(data []byte, name string) Format {
	if u, err := toUTF8(data); err == nil {
		data = u
	}
	f, _ := detect(data, name)
	return f
}

// detect is Detect with the reason for a rejection, which Parse reports.
// data must already be transcoded to UTF-8 when it had a UTF-16/32 BOM
// (see toUTF8); a UTF-16 file without BOM is reported as binary here.
func detect(data []byte, name string) (Format, string) {
	if len(data) == 0 {
		return FormatEmpty, "empty file"
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\f\v")
	trimmed = bytes.TrimPrefix(trimmed, utf8BOM)
	trimmed = bytes.TrimLeft(trimmed, " \t\r\n\f\v")
	if len(trimmed) == 0 {
		return FormatEmpty, "empty file (only whitespace)"
	}
	if what := binarySignature(data); what != "" {
		return FormatBinary, "binary file (" + what + ")"
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return FormatBinary, fmt.Sprintf("binary file (NUL byte at %d)", i)
	}
	if i, c := controlHeavy(data); i >= 0 {
		return FormatBinary, fmt.Sprintf("binary file (control byte 0x%02x at %d)", c, i)
	}
	ext := strings.ToLower(filepath.Ext(name))

	switch trimmed[0] {
	case '<':
		if f, why := detectMarkup(trimmed, ext); f != "" {
			return f, why
		}
	case '{', '[':
		if f := detectJSON(trimmed, ext); f != "" {
			if f == FormatJSON || f == FormatJSONL {
				if i := invalidUTF8At(data); i >= 0 {
					return FormatInvalidUTF8, fmt.Sprintf("not valid UTF-8 at byte %d", i)
				}
			}
			return f, ""
		}
	}
	switch ext {
	case ".json":
		return FormatJSON, ""
	case ".jsonl", ".ndjson":
		return FormatJSONL, ""
	}
	if i := invalidUTF8At(data); i >= 0 {
		return FormatInvalidUTF8, fmt.Sprintf("not valid UTF-8 at byte %d", i)
	}
	return FormatText, ""
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// binarySignature names a few common binary formats by their magic bytes so
// that the error says what the file is rather than only that it is binary.
func binarySignature(data []byte) string {
	sigs := []struct {
		magic string
		what  string
	}{
		{"%PDF-", "PDF document"},
		{"PK\x03\x04", "ZIP archive"},
		{"\x1f\x8b", "gzip data"},
		{"\x89PNG", "PNG image"},
		{"\xff\xd8\xff", "JPEG image"},
		{"GIF8", "GIF image"},
		{"\x7fELF", "ELF executable"},
		{"BZh", ""}, // too short to trust alone; NUL check decides
		{"\xfd7zXZ\x00", "xz data"},
		{"7z\xbc\xaf\x27\x1c", "7-zip archive"},
		{"SQLite format 3\x00", "SQLite database"},
		{"\x28\xb5\x2f\xfd", "zstd data"},
	}
	for _, s := range sigs {
		if s.what != "" && bytes.HasPrefix(data, []byte(s.magic)) {
			return s.what
		}
	}
	return ""
}

// controlHeavy finds binary data that has no NUL byte: more than a few
// percent of C0 control bytes (other than whitespace and ESC, which hostile
// text uses and Sanitize strips) in the first sniffLen bytes. It returns the
// offset and value of the first such byte, or -1.
func controlHeavy(data []byte) (int, byte) {
	head := data[:min(len(data), sniffLen)]
	first, n := -1, 0
	for i, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if first >= 0 && n*100 > len(head)*5 && n >= 4 {
		return first, head[first]
	}
	return -1, 0
}

// invalidUTF8At returns the offset of the first byte that is not valid
// UTF-8, or -1.
func invalidUTF8At(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// detectMarkup classifies a document that starts with '<': a feed when its
// root element is rss, RDF or feed, HTML when it looks like a web page.
// It returns "" when the markup is neither, leaving the decision to the
// extension and the text fallback.
func detectMarkup(data []byte, ext string) (Format, string) {
	head := data[:min(len(data), sniffLen)]
	lower := bytes.ToLower(head)
	root := xmlRoot(head)
	switch strings.ToLower(root) {
	case "rss", "rdf", "feed":
		return FormatFeed, ""
	case "html":
		return FormatHTML, ""
	case "":
		if onlyComments(head) && len(head) == len(data) {
			return FormatEmpty, "empty document (only a comment)"
		}
	default:
		// An XML vocabulary verso does not read (OPML, CDF, sitemaps...):
		// its root is not an HTML element, or an XML prolog announces it.
		if atom.Lookup([]byte(strings.ToLower(root))) == 0 ||
			bytes.HasPrefix(lower, []byte("<?xml")) && !bytes.Contains(lower, []byte("<html")) {
			if ext != ".html" && ext != ".htm" && ext != ".xhtml" {
				return FormatUnsupported, fmt.Sprintf("unsupported XML document (root element <%s>, not a feed or web page)", root)
			}
		}
	}
	for _, marker := range []string{"<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<article", "<div", "<p>", "<p ", "<h1"} {
		if bytes.Contains(lower, []byte(marker)) {
			return FormatHTML, ""
		}
	}
	if ext == ".html" || ext == ".htm" || ext == ".xhtml" {
		return FormatHTML, ""
	}
	return "", ""
}

// onlyComments reports whether an XML/HTML document holds nothing but
// comments, processing instructions and whitespace.
func onlyComments(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.Comment, xml.ProcInst, xml.Directive:
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return false
			}
		default:
			return false
		}
	}
}

// xmlRoot returns the local name of the first element of an XML document,
// or "" when the prefix given is not XML. It reads only as far as the root
// element's start tag.
func xmlRoot(head []byte) string {
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if r, err := charset.NewReaderLabel(label, in); err == nil {
			return r, nil
		}
		// An unknown encoding still has a recognisable root element; the
		// parser proper reports the encoding.
		return in, nil
	}
	for i := 0; i < 64; i++ {
		tok, err := d.RawToken()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return ""
}

// detectJSON classifies a document that starts with '{' or '['.
func detectJSON(data []byte, ext string) Format {
	if json.Valid(data) {
		if data[0] == '{' && isJSONFeed(data) {
			return FormatFeed
		}
		if ext == ".jsonl" || ext == ".ndjson" {
			return FormatJSONL
		}
		return FormatJSON
	}
	// JSON Lines: several lines that each hold one object. One bad line
	// must not turn the whole file into text, so two good lines suffice.
	if data[0] == '{' {
		good, objLines := 0, 0
		rest := data
		for n := 0; n < 50 && len(rest) > 0; n++ {
			line := rest
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				line, rest = rest[:i], rest[i+1:]
			} else {
				rest = nil
			}
			line = bytes.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			if line[0] == '{' {
				objLines++
				if json.Valid(line) {
					good++
				}
			}
		}
		if good >= 1 && objLines >= 2 {
			return FormatJSONL
		}
	}
	switch ext {
	case ".json":
		return FormatJSON
	case ".jsonl", ".ndjson":
		return FormatJSONL
	}
	return ""
}

// isJSONFeed reports whether a JSON object is a JSON Feed document (its
// "version" names jsonfeed.org).
func isJSONFeed(data []byte) bool {
	var probe struct {
		Version     *string         `json:"version"`
		Items       json.RawMessage `json:"items"`
		FeedURL     *string         `json:"feed_url"`
		HomePageURL *string         `json:"home_page_url"`
		Paragraphs  json.RawMessage `json:"paragraphs"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return false
	}
	if probe.Version != nil && strings.Contains(*probe.Version, "jsonfeed.org") {
		return true
	}
	items := bytes.TrimSpace(probe.Items)
	return len(items) > 0 && items[0] == '[' && probe.Paragraphs == nil &&
		(probe.FeedURL != nil || probe.HomePageURL != nil)
}

// toUTF8 transcodes UTF-16 and UTF-32 input (with a BOM, or XML without one,
// recognised by the byte pattern of "<?") to UTF-8, and rewrites an XML
// declaration's encoding so that the feed parser does not decode it twice.
// Other input is returned unchanged; a UTF-8 BOM is dropped.
func toUTF8(data []byte) ([]byte, error) {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, []byte{0x00, 0x00, 0xFE, 0xFF}):
		enc = utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0x00, 0x00}):
		enc = utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0x00, 0x00, 0x00, '<'}):
		enc = utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	case bytes.HasPrefix(data, []byte{'<', 0x00, 0x00, 0x00}):
		enc = utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	case bytes.HasPrefix(data, []byte{0x00, '<', 0x00}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case bytes.HasPrefix(data, []byte{'<', 0x00, '?', 0x00}), bytes.HasPrefix(data, []byte{'<', 0x00, '!', 0x00}), bytes.HasPrefix(data, []byte{'<', 0x00}) && len(data) > 3 && data[3] == 0:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	default:
		return bytes.TrimPrefix(data, utf8BOM), nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("decode UTF-16/32: %w", err)
	}
	out = bytes.TrimPrefix(out, utf8BOM)
	return rewriteXMLEncoding(out), nil
}

// rewriteXMLEncoding replaces the encoding named in an XML declaration with
// utf-8, for documents already transcoded.
func rewriteXMLEncoding(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("<?xml")) {
		return data
	}
	end := bytes.Index(data, []byte("?>"))
	if end < 0 {
		return data
	}
	decl := string(data[:end])
	i := strings.Index(decl, "encoding=")
	if i < 0 || i+len("encoding=")+1 >= len(decl) {
		return data
	}
	q := decl[i+len("encoding=")]
	if q != '"' && q != '\'' {
		return data
	}
	j := strings.IndexByte(decl[i+len("encoding=")+1:], q)
	if j < 0 {
		return data
	}
	newDecl := decl[:i] + `encoding="utf-8"` + decl[i+len("encoding=")+2+j:]
	return append([]byte(newDecl), data[end:]...)
}

// tabularText tells plain text that holds data rather than an article:
// tab-separated columns (CoNLL, WebAnno and other annotation exports),
// comma- or semicolon-separated values, or one or two words per line
// (token lists). It returns the reason, or "" for text that may be prose.
// Read as an article dump, such a file would join its rows into one
// paragraph of fragments and fill the list with junk. An article with a
// table, a tab-indented list or a dateline inside stays an article: data
// is nearly all rows, and its cells are words, not sentences.
func tabularText(data []byte) string {
	const most = 200
	var lines [][]byte
	for line := range bytes.SplitSeq(data, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			lines = append(lines, line)
			if len(lines) == most {
				break
			}
		}
	}
	if len(lines) < 2 {
		return ""
	}
	rows, cellRows, short := 0, 0, 0
	for _, l := range lines {
		if len(bytes.Fields(l)) <= 2 {
			short++
		}
		if l[0] == '#' {
			continue // comment and header lines of annotation formats
		}
		rows++
		if bytes.IndexByte(l, '\t') >= 0 && wordCells(l, '\t') {
			cellRows++
		}
	}
	switch {
	case rows >= 2 && 10*cellRows >= 9*rows:
		return "tab-separated columns, not an article"
	case separatedValues(lines, ',') || separatedValues(lines, ';'):
		return "comma-separated values, not an article"
	case len(lines) >= 20 && 10*short >= 9*len(lines):
		return "one or two words per line (a word list or annotated tokens), not an article"
	}
	return ""
}

// wordCells reports whether every sep-separated cell of line is at most
// three words: a table row's, not a list item's sentence.
func wordCells(line []byte, sep byte) bool {
	for cell := range bytes.SplitSeq(line, []byte{sep}) {
		if len(bytes.Fields(cell)) > 3 {
			return false
		}
	}
	return true
}

// separatedValues reports whether every line has the same number of sep
// (at least one), the cells are words or numbers, and no line ends a
// sentence.
func separatedValues(lines [][]byte, sep byte) bool {
	n := bytes.Count(lines[0], []byte{sep})
	if n == 0 {
		return false
	}
	for _, l := range lines {
		if bytes.Count(l, []byte{sep}) != n || !wordCells(l, sep) || endsSentence(string(l)) {
			return false
		}
	}
	return true
}
