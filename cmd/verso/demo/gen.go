//go:build ignore

// gen.go turns the Wikinews news articles of the GUM corpus
// (../shared/data/gum-wikinews/dep/GUM_news_*.conllu) into wikinews.jsonl,
// verso's own article JSON, for the embedded demo corpus. Run it with
// `go generate ./cmd/verso/demo` when the corpus changes.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

type source struct {
	Path string `json:"path"`
	Kind string `json:"kind"`
}

type article struct {
	Title      string     `json:"title"`
	Byline     []string   `json:"byline"`
	Site       string     `json:"site"`
	URL        string     `json:"url"`
	Source     source     `json:"source"`
	Published  *time.Time `json:"published"`
	DateSource string     `json:"date_source"`
	Language   string     `json:"language"`
	Paragraphs []string   `json:"paragraphs"`
	Captions   []string   `json:"captions,omitempty"`
	Categories []string   `json:"categories,omitempty"`
}

func main() {
	dir := "../../../../shared/data/gum-wikinews/dep"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	files, err := filepath.Glob(filepath.Join(dir, "GUM_news_*.conllu"))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "gen: no GUM news files in %s\n", dir)
		os.Exit(1)
	}
	sort.Strings(files)
	out, err := os.Create("wikinews.jsonl")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	defer out.Close()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		a, err := convert(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		if err := enc.Encode(a); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// convert rebuilds the running text of one document from its tokens and
// their SpaceAfter=No marks, one paragraph per "# newpar" block.
func convert(path string) (article, error) {
	f, err := os.Open(path)
	if err != nil {
		return article{}, err
	}
	defer f.Close()
	var a article
	a.Byline = []string{"Wikinews"}
	a.Site = "Wikinews"
	a.Language = "en"
	a.Source = source{Path: "demo/wikinews/" + strings.TrimSuffix(filepath.Base(path), ".conllu"), Kind: "json"}
	var paras, captions []string
	var cur strings.Builder
	// block is the innermost element of the current paragraph block
	// ("p", "head", "caption", ...); a caption holds captionLeft more
	// sentences, after which the text runs on as a paragraph.
	block, captionLeft := "", 0
	// Headings are dropped; a figure's caption is not running text.
	flush := func() {
		switch s := strings.TrimSpace(cur.String()); {
		case s == "" || block == "head":
		case block == "caption":
			captions = append(captions, detokenize(s))
		default:
			paras = append(paras, s)
		}
		cur.Reset()
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# meta::title = "):
			a.Title = strings.TrimPrefix(line, "# meta::title = ")
		case strings.HasPrefix(line, "# meta::sourceURL = "):
			a.URL = strings.TrimPrefix(line, "# meta::sourceURL = ")
		case strings.HasPrefix(line, "# meta::dateCreated = "):
			if t, err := time.Parse("2006-01-02", strings.TrimPrefix(line, "# meta::dateCreated = ")); err == nil {
				a.Published = &t
				a.DateSource = "explicit"
			}
		case strings.HasPrefix(line, "# newpar_block = "):
			// "figure rend:::"..." (1 s) | caption (1 s)": nested
			// elements, the last one holding the text.
			flush()
			parts := strings.Split(strings.TrimPrefix(line, "# newpar_block = "), " | ")
			last := parts[len(parts)-1]
			block = strings.Fields(last)[0]
			if m := sentenceCount.FindStringSubmatch(last); m != nil {
				captionLeft, _ = strconv.Atoi(m[1])
			}
		case strings.HasPrefix(line, "# sent_id = "):
			if block == "caption" {
				if captionLeft == 0 {
					flush()
					block = "p"
				}
				captionLeft--
			}
		case strings.HasPrefix(line, "#"), line == "":
		default:
			cols := strings.Split(line, "\t")
			if len(cols) < 10 || strings.ContainsAny(cols[0], "-.") {
				continue // multi-word token ranges and empty nodes
			}
			cur.WriteString(cols[1])
			if !strings.Contains(cols[9], "SpaceAfter=No") {
				cur.WriteByte(' ')
			}
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return article{}, fmt.Errorf("%s: %w", path, err)
	}
	// The first paragraph of a Wikinews article is its dateline, or
	// starts with it.
	if len(paras) > 0 {
		paras[0] = strings.TrimSpace(dateline.ReplaceAllString(paras[0], ""))
		if paras[0] == "" {
			paras = paras[1:]
		}
	}
	for i, p := range paras {
		paras[i] = detokenize(p)
	}
	a.Paragraphs = paras
	a.Captions = captions
	return a, nil
}

// The corpus marks most but not all joins with SpaceAfter=No; these fix
// the rest (possessives, contractions, hyphenated compounds, punctuation).
var (
	spaceBeforeClitic = regexp.MustCompile(`(\w) ('s|'re|'ve|'ll|'d|n't|')(\W|$)`)
	spacedHyphen      = regexp.MustCompile(`(\w) - (\w)`)
	spaceBeforePunct  = regexp.MustCompile(` ([,.;:?!)%])`)
	spaceAfterParen   = regexp.MustCompile(`\( `)
)

func detokenize(p string) string {
	p = spaceBeforeClitic.ReplaceAllString(p, "$1$2$3")
	p = spacedHyphen.ReplaceAllString(p, "$1-$2")
	p = spaceBeforePunct.ReplaceAllString(p, "$1")
	p = spaceAfterParen.ReplaceAllString(p, "(")
	return p
}

// dateline is the day and date a Wikinews article opens with.
var dateline = regexp.MustCompile(`^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}, \d{4}`)

// sentenceCount is the "(N s)" of a block element.
var sentenceCount = regexp.MustCompile(`\((\d+) s\)\s*$`)
