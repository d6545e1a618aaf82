package eval

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/verso-news/verso/news"
)

// LoadWikiGold reads wikigold.conll.txt: "token TAG" lines, blank lines
// between sentences, "-DOCSTART- O" between documents. Each sentence becomes
// a paragraph of its document, tokens joined by single spaces (the corpus is
// tokenized: "Lavrov 's"). Tags are IO (I-PER, I-LOC, I-ORG, I-MISC), so a
// run of one tag is one mention.
func LoadWikiGold(ctx context.Context, path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	var docs []Doc
	var cur *Doc
	var sent []string
	var tags []string
	flushSent := func() {
		if len(sent) == 0 {
			return
		}
		if cur == nil {
			docs = append(docs, Doc{Name: fmt.Sprintf("wikigold-%03d", len(docs))})
			cur = &docs[len(docs)-1]
		}
		p := len(cur.Paragraphs)
		var b strings.Builder
		starts := make([]int, len(sent))
		pos := 0
		for i, t := range sent {
			if i > 0 {
				b.WriteByte(' ')
				pos++
			}
			starts[i] = pos
			b.WriteString(t)
			pos += len([]rune(t))
		}
		cur.Paragraphs = append(cur.Paragraphs, b.String())
		for i := 0; i < len(tags); {
			if tags[i] == "O" {
				i++
				continue
			}
			j := i + 1
			for j < len(tags) && tags[j] == tags[i] {
				j++
			}
			sp := Span{Para: p, Start: starts[i], EndPara: p, End: starts[j-1] + len([]rune(sent[j-1]))}
			sp.Text = strings.Join(sent[i:j], " ")
			switch strings.TrimPrefix(strings.TrimPrefix(tags[i], "I-"), "B-") {
			case "PER":
				sp.Type = news.Person
			case "LOC":
				sp.Type = news.Place
			case "ORG":
				sp.Type = news.Organization
			default:
				sp.Type = news.Misc
				sp.Misc = true
			}
			sp.Named = true
			cur.Entities = append(cur.Entities, sp)
			i = j
		}
		sent, tags = sent[:0], tags[:0]
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			flushSent()
			continue
		}
		tok, tag, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if tok == "-DOCSTART-" {
			flushSent()
			docs = append(docs, Doc{Name: fmt.Sprintf("wikigold-%03d", len(docs))})
			cur = &docs[len(docs)-1]
			continue
		}
		sent = append(sent, tok)
		tags = append(tags, tag)
	}
	flushSent()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	// drop empty documents left by a leading DOCSTART
	out := docs[:0]
	for _, d := range docs {
		if len(d.Paragraphs) > 0 {
			out = append(out, d)
		}
	}
	return out, nil
}
