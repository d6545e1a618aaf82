package htmleval_test

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/verso-news/verso/feeds/htmleval"
)

// snippetPage is one page of go-trafilatura's evaluation set: text that an
// article extraction must contain (With) and boilerplate it must not (Without).
type snippetPage struct {
	URL, File, Title, Date string
	With, Without, Authors []string
}

// trafilaturaDir is go-trafilatura's module directory in the module cache,
// which holds its evaluation set (test-files/, scripts/comparison/data.go).
func trafilaturaDir(t *testing.T) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build info")
	}
	version := ""
	for _, m := range info.Deps {
		if m.Path == "github.com/markusmobius/go-trafilatura" {
			version = m.Version
		}
	}
	if version == "" {
		// Test binaries may carry no dependency list: read the module's go.mod.
		if mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod")); err == nil {
			if m := regexp.MustCompile(`github\.com/markusmobius/go-trafilatura (v\S+)`).FindSubmatch(mod); m != nil {
				version = string(m[1])
			}
		}
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		cache = filepath.Join(build.Default.GOPATH, "pkg", "mod")
	}
	dir := filepath.Join(cache, "github.com", "markusmobius", "go-trafilatura@"+version)
	if _, err := os.Stat(filepath.Join(dir, "scripts", "comparison", "data.go")); version == "" || err != nil {
		t.Skipf("go-trafilatura evaluation set not in the module cache (%s)", dir)
	}
	return dir
}

// loadSnippetPages reads the evaluation entries from the Go source of
// go-trafilatura's comparison script (a map literal), without running it.
func loadSnippetPages(t *testing.T, dir string) []snippetPage {
	src := filepath.Join(dir, "scripts", "comparison", "data.go")
	f, err := parser.ParseFile(token.NewFileSet(), src, nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", src, err)
	}
	str := func(e ast.Expr) string {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, err := strconv.Unquote(lit.Value)
			if err == nil {
				return s
			}
		}
		return ""
	}
	strs := func(e ast.Expr) []string {
		var out []string
		if cl, ok := e.(*ast.CompositeLit); ok {
			for _, el := range cl.Elts {
				if s := str(el); s != "" {
					out = append(out, s)
				}
			}
		}
		return out
	}
	var pages []snippetPage
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		entry, ok := kv.Value.(*ast.CompositeLit)
		url := str(kv.Key)
		if !ok || url == "" {
			return true
		}
		p := snippetPage{URL: url}
		for _, el := range entry.Elts {
			field, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch id, _ := field.Key.(*ast.Ident); {
			case id == nil:
			case id.Name == "File":
				p.File = str(field.Value)
			case id.Name == "Title":
				p.Title = str(field.Value)
			case id.Name == "Date":
				p.Date = str(field.Value)
			case id.Name == "Authors":
				p.Authors = strs(field.Value)
			case id.Name == "With":
				p.With = strs(field.Value)
			case id.Name == "Without":
				p.Without = strs(field.Value)
			}
		}
		if p.File != "" {
			pages = append(pages, p)
		}
		return false
	})
	slices.SortFunc(pages, func(a, b snippetPage) int { return strings.Compare(a.File, b.File) })
	return pages
}

type snippetScore struct {
	tp, fn, fp, tn, failed, pages int
	title, titleN                 int
	authors, authorsN             int
	dateOK, dateWrong, dateN      int
	elapsed                       time.Duration
}

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", n, d, 100*float64(n)/float64(d))
}

func (s *snippetScore) add(p snippetPage, text string) {
	for _, w := range p.With {
		if text != "" && strings.Contains(text, w) {
			s.tp++
		} else {
			s.fn++
		}
	}
	for _, w := range p.Without {
		if text != "" && strings.Contains(text, w) {
			s.fp++
		} else {
			s.tn++
		}
	}
}

// TestMeasureSnippets runs the extractors on go-trafilatura's own
// evaluation set (about 980 annotated pages, many languages, independent of
// Readability) and scores them the way its comparison script does: a "with"
// snippet found is a true positive, a "without" snippet found a false
// positive. Runs only with VERSO_MEASURE=1 (several minutes on 2 cores).
func TestMeasureSnippets(t *testing.T) {
	if os.Getenv("VERSO_MEASURE") == "" {
		t.Skip("set VERSO_MEASURE=1 to measure the extraction libraries")
	}
	dir := trafilaturaDir(t)
	pages := loadSnippetPages(t, dir)
	if len(pages) < 100 {
		t.Fatalf("only %d evaluation entries read", len(pages))
	}
	only := os.Getenv("VERSO_MEASURE_ONLY")
	detail := os.Getenv("VERSO_MEASURE_DETAIL") != ""
	var rows []string
	for _, ex := range extractors() {
		if only != "" && !slices.ContainsFunc(strings.Split(only, ","), func(o string) bool { return strings.Contains(ex.name, o) }) {
			continue
		}
		var sc snippetScore
		for _, p := range pages {
			data, err := os.ReadFile(filepath.Join(dir, "test-files", "comparison", p.File))
			if err != nil {
				data, err = os.ReadFile(filepath.Join(dir, "test-files", "mock", p.File))
			}
			if err != nil {
				continue
			}
			if !strings.HasPrefix(ex.name, "verso") {
				data = []byte(utf8Page(data))
			}
			start := time.Now()
			got, err := ex.run(data)
			sc.elapsed += time.Since(start)
			sc.pages++
			if err != nil {
				sc.failed++
			}
			sc.add(p, got.text)
			if p.Title != "" {
				sc.titleN++
				if htmleval.NormSpace(got.title) == htmleval.NormSpace(p.Title) {
					sc.title++
				}
			}
			if len(p.Authors) > 0 {
				sc.authorsN++
				if htmleval.BylineWords(got.byline) == htmleval.BylineWords(strings.Join(p.Authors, ", ")) {
					sc.authors++
				}
			}
			if p.Date != "" {
				sc.dateN++
				switch {
				case htmleval.SameDay(p.Date, got.published):
					sc.dateOK++
				case got.published != nil:
					sc.dateWrong++
				}
			}
			if detail {
				for _, w := range p.Without {
					if got.text != "" && strings.Contains(got.text, w) {
						t.Logf("%s FP %s: %q", ex.name, p.File, w)
					}
				}
				for _, w := range p.With {
					if got.text == "" || !strings.Contains(got.text, w) {
						t.Logf("%s FN %s: %q", ex.name, p.File, w)
					}
				}
			}
		}
		prec := float64(sc.tp) / float64(max(sc.tp+sc.fp, 1))
		rec := float64(sc.tp) / float64(max(sc.tp+sc.fn, 1))
		acc := float64(sc.tp+sc.tn) / float64(max(sc.tp+sc.tn+sc.fp+sc.fn, 1))
		f1 := 0.0
		if prec+rec > 0 {
			f1 = 2 * prec * rec / (prec + rec)
		}
		rows = append(rows, fmt.Sprintf("| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %s | %s | %s | %s | %.1f |",
			ex.name, sc.pages, sc.failed, prec, rec, acc, f1, pct(sc.title, sc.titleN), pct(sc.authors, sc.authorsN),
			pct(sc.dateOK, sc.dateN), pct(sc.dateWrong, sc.dateN), float64(sc.elapsed.Microseconds())/1000/float64(max(sc.pages, 1))))
	}
	t.Logf("\n| extractor | pages | errors | precision | recall | accuracy | F1 | title | authors | date right (day) | date wrong | ms/page |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n%s", strings.Join(rows, "\n"))
}
