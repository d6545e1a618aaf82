package news

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedArticles reads the two seeds with a minimal cleaner of their own (the
// feeds text parser is not used here so that this package's tests stand
// alone): drop the header lines above the caption, rejoin hard-wrapped
// lines, and start a new paragraph at a blank line or a line that begins
// with a space, as the PDF extraction marks them.
func seedArticles(t testing.TB) (old, new *Article) {
	t.Helper()
	dir := dataDir(t, "seeds")
	read := func(name string) []string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("read seed: %v", err)
		}
		return strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	}
	paras := func(lines []string) []string {
		var out []string
		var cur []string
		flush := func() {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
		}
		for _, l := range lines {
			switch {
			case strings.TrimSpace(l) == "":
				flush()
			case strings.HasPrefix(l, " "):
				flush()
				cur = append(cur, strings.TrimSpace(l))
			default:
				cur = append(cur, strings.TrimSpace(l))
			}
		}
		flush()
		return out
	}
	a := read("000_fbd83e62e615d0ef.txt")
	// line 0: date + banner, 1: title, 3-5: byline, Updated:, caption
	old = &Article{Title: strings.TrimSpace(a[1]), Paragraphs: paras(a[6:])}
	b := read("002_0e0766ed69e2ed85.txt")
	// lines 0-1: title wrapped over two lines, 2: caption
	new = &Article{Title: strings.TrimSpace(b[0]) + " " + strings.TrimSpace(b[1]), Paragraphs: paras(b[3:])}
	return old, new
}

// renderWordsForTest marks word ops git-style: [-deleted-]{+inserted+}.
func renderWordsForTest(ws []WordOp) string {
	var b strings.Builder
	for _, w := range ws {
		switch w.Op {
		case OpEqual:
			b.WriteString(w.Text)
		case OpDelete:
			b.WriteString("[-" + w.Text + "-]")
		case OpInsert:
			b.WriteString("{+" + w.Text + "+}")
		}
	}
	return b.String()
}

// dataDir finds a shared data set like newstest.DataDir, which this
// package's internal tests cannot import (newstest imports news).
func dataDir(tb testing.TB, sub string) string {
	tb.Helper()
	if root := os.Getenv("VERSO_SHARED_DATA"); root != "" {
		if dir := filepath.Join(root, sub); isDir(dir) {
			return dir
		}
		tb.Skipf("shared test data %q not found under VERSO_SHARED_DATA; skipping", sub)
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Skipf("no working directory: %v", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		for _, cand := range []string{filepath.Join(dir, "shared", "data", sub), filepath.Join(dir, "..", "shared", "data", sub)} {
			if isDir(cand) {
				return filepath.Clean(cand)
			}
		}
		if filepath.Dir(dir) == dir {
			tb.Skipf("shared test data %q not found (set VERSO_SHARED_DATA); skipping", sub)
			return ""
		}
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
