package eval

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/verso-news/verso/news"
)

// LoadGUM reads the GUM Wikinews documents under dir (dep/*.conllu for text
// and entities, xml/*.xml for <quote> and <q> elements).
//
// Text: tokens joined as the CoNLL-U SpaceAfter=No marks say, paragraphs at
// "# newpar", the headline (first paragraph, a <head>) kept as a paragraph
// so that gold mentions in it are scored too.
//
// Entities: every bracketed Entity= span of type person, organization or
// place. A mention is Named when one of its head tokens (the minspan field,
// 1-based positions within the mention) is a proper noun (UPOS PROPN):
// "Donald Trump", "the United States", "US President Donald Trump" are
// named; "he", "the president", "an all-girl Afghan team" are not, even
// when linked to a Wikipedia identity.
func LoadGUM(ctx context.Context, dir string) ([]Doc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "dep", "*.conllu"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var docs []Doc
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, toks, err := readConllu(f)
		if err != nil {
			return nil, err
		}
		base := strings.TrimSuffix(filepath.Base(f), ".conllu")
		if err := readGUMQuotes(filepath.Join(dir, "xml", base+".xml"), &d, toks); err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// gtok is one token's place in the reconstructed text.
type gtok struct {
	para, start, end int
	upos             string
}

type openEnt struct {
	id, typ, minspan string
	identity         bool
	first            int // document token index
}

func readConllu(path string) (Doc, []gtok, error) {
	f, err := os.Open(path)
	if err != nil {
		return Doc{}, nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	d := Doc{Name: strings.TrimSuffix(filepath.Base(path), ".conllu")}
	var toks []gtok
	var para []rune
	paraIdx := -1
	var open []openEnt
	mwtEnd := 0   // last sub-token id of the current multi-word token
	mwtForm := "" // its surface form, written with its first sub-token
	mwtSpace := true
	flush := func() {
		if paraIdx >= 0 {
			d.Paragraphs[paraIdx] = strings.TrimSpace(string(para))
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	needSpace := false
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if strings.HasPrefix(line, "# newpar") && !strings.HasPrefix(line, "# newpar_block") {
				flush()
				d.Paragraphs = append(d.Paragraphs, "")
				paraIdx = len(d.Paragraphs) - 1
				para = para[:0]
				needSpace = false
			}
			if strings.HasPrefix(line, "# meta::title = ") {
				d.Title = strings.TrimPrefix(line, "# meta::title = ")
			}
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 10 {
			continue
		}
		if paraIdx < 0 {
			d.Paragraphs = append(d.Paragraphs, "")
			paraIdx = 0
		}
		id := cols[0]
		if _, b, ok := strings.Cut(id, "-"); ok {
			mwtEnd, _ = strconv.Atoi(b)
			mwtForm = cols[1]
			mwtSpace = !strings.Contains(cols[9], "SpaceAfter=No")
			continue
		}
		if strings.Contains(id, ".") {
			continue
		}
		n, _ := strconv.Atoi(id)
		form := cols[1]
		space := !strings.Contains(cols[9], "SpaceAfter=No")
		inMWT := n <= mwtEnd && mwtForm != ""
		if needSpace && len(para) > 0 {
			para = append(para, ' ')
		}
		start := len(para)
		if inMWT {
			// sub-tokens of "Trump's": spell them out of the surface form
			rest := []rune(mwtForm)
			fr := []rune(form)
			if len(fr) <= len(rest) && strings.EqualFold(string(rest[:len(fr)]), form) {
				para = append(para, rest[:len(fr)]...)
				mwtForm = string(rest[len(fr):])
			} else {
				para = append(para, rest...)
				mwtForm = ""
			}
			if n == mwtEnd {
				if mwtForm != "" {
					para = append(para, []rune(mwtForm)...)
				}
				mwtForm = ""
				space = mwtSpace && space
			} else {
				space = false
			}
		} else {
			para = append(para, []rune(form)...)
		}
		needSpace = space
		idx := len(toks)
		toks = append(toks, gtok{para: paraIdx, start: start, end: len(para), upos: cols[3]})
		// entity brackets
		for _, item := range strings.Split(cols[9], "|") {
			if !strings.HasPrefix(item, "Entity=") {
				continue
			}
			open = parseEntityField(strings.TrimPrefix(item, "Entity="), idx, open, func(e openEnt, last int) {
				addGUMEntity(&d, toks, e, last)
			})
		}
	}
	flush()
	return d, toks, sc.Err()
}

// parseEntityField walks "(3-person-...-Donald_Trump(5-place-...)3)":
// '(' opens a mention (closed at once when its fields end in ')'), "N)"
// closes the last open mention with id N.
func parseEntityField(s string, idx int, open []openEnt, done func(openEnt, int)) []openEnt {
	for i := 0; i < len(s); {
		if s[i] == '(' {
			j := i + 1
			for j < len(s) && s[j] != '(' && s[j] != ')' {
				j++
			}
			fields := strings.Split(s[i+1:j], "-")
			e := openEnt{first: idx}
			if len(fields) > 0 {
				e.id = fields[0]
			}
			if len(fields) > 1 {
				e.typ = fields[1]
			}
			if len(fields) > 5 {
				e.minspan = fields[5]
			}
			if len(fields) > 7 && strings.Join(fields[7:], "-") != "" {
				e.identity = true
			}
			if j < len(s) && s[j] == ')' {
				done(e, idx)
				i = j + 1
				continue
			}
			open = append(open, e)
			i = j
			continue
		}
		// "N)"
		j := i
		for j < len(s) && s[j] != ')' && s[j] != '(' {
			j++
		}
		id := s[i:j]
		for k := len(open) - 1; k >= 0; k-- {
			if open[k].id == id {
				done(open[k], idx)
				open = append(open[:k], open[k+1:]...)
				break
			}
		}
		if j < len(s) && s[j] == ')' {
			j++
		}
		i = j
	}
	return open
}

func addGUMEntity(d *Doc, toks []gtok, e openEnt, last int) {
	var typ news.EntityType
	switch e.typ {
	case "person":
		typ = news.Person
	case "organization":
		typ = news.Organization
	case "place":
		typ = news.Place
	default:
		return
	}
	a, b := toks[e.first], toks[last]
	named := false
	for _, h := range strings.Split(e.minspan, ",") {
		k, err := strconv.Atoi(h)
		if err != nil || k < 1 || e.first+k-1 > last {
			continue
		}
		if toks[e.first+k-1].upos == "PROPN" {
			named = true
		}
	}
	d.Entities = append(d.Entities, Span{Para: a.para, Start: a.start, EndPara: b.para, End: b.end, Type: typ, Named: named, HasIdentity: e.identity})
}

// readGUMQuotes reads <quote> and <q> elements from the TreeTagger-style XML
// (one token or tag per line) and maps them onto the CoNLL-U tokens, which
// come in the same order. GUM closes a <quote> at each sentence end, so
// adjacent <quote> elements are merged into one quotation.
func readGUMQuotes(path string, d *Doc, toks []gtok) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	n := 0
	var qStack, sStack []int
	type rng struct{ a, b int }
	var quotes, scare []rng
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "<quote"):
			qStack = append(qStack, n)
		case strings.HasPrefix(line, "</quote>"):
			if len(qStack) > 0 {
				quotes = append(quotes, rng{qStack[len(qStack)-1], n})
				qStack = qStack[:len(qStack)-1]
			}
		case strings.HasPrefix(line, "<q>") || strings.HasPrefix(line, "<q "):
			sStack = append(sStack, n)
		case strings.HasPrefix(line, "</q>"):
			if len(sStack) > 0 {
				scare = append(scare, rng{sStack[len(sStack)-1], n})
				sStack = sStack[:len(sStack)-1]
			}
		case strings.HasPrefix(line, "<"):
		default:
			n++
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if n != len(toks) {
		return fmt.Errorf("%s: %d tokens in XML, %d in CoNLL-U", path, n, len(toks))
	}
	sort.Slice(quotes, func(i, j int) bool { return quotes[i].a < quotes[j].a })
	var merged []rng
	for _, q := range quotes {
		if q.b <= q.a {
			continue
		}
		if len(merged) > 0 && merged[len(merged)-1].b >= q.a {
			if q.b > merged[len(merged)-1].b {
				merged[len(merged)-1].b = q.b
			}
			continue
		}
		merged = append(merged, q)
	}
	toSpan := func(r rng) Span {
		a, b := toks[r.a], toks[r.b-1]
		return Span{Para: a.para, Start: a.start, EndPara: b.para, End: b.end}
	}
	for _, q := range merged {
		d.Quotes = append(d.Quotes, toSpan(q))
	}
	for _, q := range scare {
		if q.b > q.a {
			s := toSpan(q)
			s.ScareQuote = true
			d.Scare = append(d.Scare, s)
		}
	}
	return nil
}
