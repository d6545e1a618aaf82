package feeds

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// gumParagraph is one paragraph of a GUM document rebuilt from its CoNLL-U
// sentences, with the block it sits in (head, p, figure, sp, quote...).
type gumParagraph struct {
	block string
	text  string
}

// readGUM rebuilds a GUM Wikinews document's paragraphs and metadata.
func readGUM(t *testing.T, path string) (title, created string, paras []gumParagraph) {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# meta::title = "):
			title = strings.TrimPrefix(line, "# meta::title = ")
		case strings.HasPrefix(line, "# meta::dateCreated = "):
			created = strings.TrimPrefix(line, "# meta::dateCreated = ")
		case line == "# newpar" || strings.HasPrefix(line, "# newpar "):
			paras = append(paras, gumParagraph{})
		case strings.HasPrefix(line, "# newpar_block = ") && len(paras) > 0:
			paras[len(paras)-1].block = strings.Fields(strings.TrimPrefix(line, "# newpar_block = "))[0]
		case strings.HasPrefix(line, "# text = ") && len(paras) > 0:
			sent := strings.TrimPrefix(line, "# text = ")
			// GUM keeps the dateline sentence ("Tuesday, September 1,
			// 2015") inside the headline's or first paragraph's block; a
			// page shows it on its own line.
			if _, _, n, ok := parseDatePrefix(sent); ok && n == len(sent) {
				block := paras[len(paras)-1].block
				paras = append(paras, gumParagraph{block: "date", text: sent}, gumParagraph{block: block})
				continue
			}
			p := &paras[len(paras)-1]
			p.text = strings.TrimSpace(p.text + " " + sent)
		}
	}
	must(t, sc.Err())
	return title, created, paras
}

// The 43 GUM Wikinews articles and interviews, written out as text dumps
// in reading order (headline, date line, photo captions, paragraphs, then
// hard-wrapped at 72 columns), measure the cleaner on real news text:
// headline, explicit date from the date line, body kept.
func TestWikinewsAsTextDumps(t *testing.T) {
	dir := newstest.DataDir(t, "gum-wikinews")
	files, err := filepath.Glob(filepath.Join(dir, "dep", "*.conllu"))
	must(t, err)
	var n, titles, dated, dates, captionsFound, captionsTotal, bodyAsCaption int
	var recall, precision, wrecall float64
	for _, file := range files {
		_, _, paras := readGUM(t, file)
		if len(paras) < 2 || paras[0].block != "head" {
			continue
		}
		var dump, wrapped strings.Builder
		var body []string
		dateLine := ""
		for i, p := range paras {
			if p.text == "" {
				continue
			}
			dump.WriteString(p.text + "\n\n")
			wrapped.WriteString(hardWrap(p.text, 72) + "\n\n")
			switch {
			case i == 0:
			case p.block == "figure":
				captionsTotal++
			case p.block == "date":
				if i <= 3 && dateLine == "" {
					dateLine = p.text // a date line under the headline
					dated++
				}
			default:
				body = append(body, p.text)
			}
		}
		n++
		a := parseText(dump.String())
		finalize(&a)
		// The headline as the text shows it (GUM's metadata title differs
		// in a few: "Ličen"/"Licen", "Stardust@home" tokenised).
		if a.Title == strings.Join(strings.Fields(paras[0].text), " ") {
			titles++
		}
		if dateLine != "" {
			want, _, _, _ := parseDatePrefix(dateLine)
			if a.Published != nil && a.DateSource == news.DateExplicit && a.Published.Equal(want) {
				dates++
			}
		}
		r, p := tokenOverlap(body, a.Paragraphs)
		recall += r
		precision += p
		for _, c := range a.Captions {
			found := false
			for _, q := range paras {
				if q.block == "figure" && q.text == c {
					found = true
				}
			}
			if found {
				captionsFound++
			} else {
				bodyAsCaption++
				t.Logf("%s: body text taken for a caption: %q", filepath.Base(file), c)
			}
		}
		w := parseText(wrapped.String())
		finalize(&w)
		r, _ = tokenOverlap(body, w.Paragraphs)
		wrecall += r
	}
	if n == 0 {
		t.Skip("no documents")
	}
	t.Logf("%d documents: headline exact %d; %d with a date line under the headline, read as the explicit published date %d; body token recall %.3f precision %.3f (hard-wrapped recall %.3f); captions recognised %d of %d figure captions, body lines taken for captions %d",
		n, titles, dated, dates, recall/float64(n), precision/float64(n), wrecall/float64(n), captionsFound, captionsTotal, bodyAsCaption)
	if titles*10 < n*9 || dates*10 < dated*9 || recall/float64(n) < 0.97 {
		t.Errorf("text cleaning below expectations on Wikinews dumps")
	}
}
