package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verso-news/verso/news/newstest"
)

// runVerso runs the command line in-process against db and returns its
// exit code, stdout and stderr.
func runVerso(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errb,
		getenv: func(k string) string {
			if k == "VERSO_DB" {
				return db
			}
			return ""
		},
	}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestImportSeedsIsIdempotent(t *testing.T) {
	seeds := newstest.DataDir(t, "seeds")
	db := filepath.Join(t.TempDir(), "v.db")

	code, out, stderr := runVerso(t, db, "import", "--json", seeds)
	if code != exitOK {
		t.Fatalf("import exit %d, stderr %s", code, stderr)
	}
	var sum importSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("import --json: %v\n%s", err, out)
	}
	if sum.New+sum.NewVersions != 2 || sum.Failed != 0 {
		t.Errorf("first import: %+v, want 2 stored, 0 failed", sum)
	}

	code, out, _ = runVerso(t, db, "import", "--json", seeds)
	if code != exitOK {
		t.Fatalf("second import exit %d", code)
	}
	sum = importSummary{}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.NewVersions != 0 || sum.Unchanged != 2 {
		t.Errorf("second import: %+v, want 2 unchanged and nothing new", sum)
	}

	code, out, _ = runVerso(t, db, "list", "--json")
	if code != exitOK {
		t.Fatalf("list exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("list --json gave %d lines, want 2:\n%s", len(lines), out)
	}
	var first struct {
		ID       string `json:"id"`
		Versions int    `json:"versions"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Versions != 2 {
		t.Errorf("seed versions = %d, want 2 (one story)", first.Versions)
	}

	code, out, _ = runVerso(t, db, "search", "--json", `"hasty withdrawal" lavrov`)
	if code != exitOK || !strings.Contains(out, `"highlights"`) {
		t.Errorf("search exit %d, out %s", code, out)
	}

	// Text output has the list's columns (id, date, site, title).
	code, out, _ = runVerso(t, db, "search", "hasty withdrawal")
	if code != exitOK || !strings.Contains(out, "The Moscow Times") || !strings.Contains(out, "Russia Says 'Hasty Withdrawal'") {
		t.Errorf("search: exit %d, out %s", code, out)
	}

	// A query term that starts with "-" is an exclusion, not a flag.
	code, out, stderr = runVerso(t, db, "search", "--json", "lavrov", `-"white house"`)
	if code != exitOK || strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, first.ID) && !strings.Contains(out, "Hasty") {
		t.Errorf("search lavrov -\"white house\": exit %d, stderr %q, out %s; want only the first seed", code, stderr, out)
	}

	code, _, stderr = runVerso(t, db, "search", `title:`)
	if code != exitUsage || !strings.Contains(stderr, "column") {
		t.Errorf("malformed query: exit %d, stderr %q; want exit 2 with a position", code, stderr)
	}

	code, out, _ = runVerso(t, db, "versions", "--json", first.ID)
	if code != exitOK || !strings.Contains(out, "headline_changed") {
		t.Errorf("versions exit %d, out %s", code, out)
	}
}

func TestImportReportsBadFilesAndGoesOn(t *testing.T) {
	seeds := newstest.DataDir(t, "seeds")
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(seeds, "000_fbd83e62e615d0ef.txt"))
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "good.txt"), data, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "binary.bin"), []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3}, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "latin1.txt"), []byte("Caf\xe9 au lait\n\nA paragraph.\n"), 0o644))
	must(t, os.Symlink(dir, filepath.Join(dir, "loop")))

	db := filepath.Join(t.TempDir(), "v.db")
	code, out, stderr := runVerso(t, db, "import", dir)
	if code != exitFailure {
		t.Errorf("exit %d, want %d when some inputs fail; stderr:\n%s", code, exitFailure, stderr)
	}
	for _, name := range []string{"binary.bin", "empty.txt", "latin1.txt"} {
		if !strings.Contains(stderr, name+": ") {
			t.Errorf("no failure line for %s in:\n%s", name, stderr)
		}
	}
	if !strings.Contains(out, "1 new") {
		t.Errorf("summary %q: the good file must still be stored", out)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	for _, args := range [][]string{{"frobnicate"}, {"import"}, {"show"}, {"list", "--limit", "-3"}, {"diff", "a"},
		{"list", "--jsn"}, {"search", "lavrov", "--bogus"}} {
		if code, _, _ := runVerso(t, db, args...); code != exitUsage {
			t.Errorf("verso %v: exit %d, want %d", args, code, exitUsage)
		}
	}
	// A mistyped flag is named, with the flag it was probably meant to be.
	if _, _, stderr := runVerso(t, db, "list", "--jsn"); !strings.Contains(stderr, "unknown flag --jsn, did you mean --json?") {
		t.Errorf("list --jsn: stderr %q", stderr)
	}
}

// Help is found however it is asked for, flags around it included; a
// one-dash word stays a query exclusion.
func TestHelpAndExclusions(t *testing.T) {
	db := emptyIndex(t) // search and stats need an index
	for _, args := range [][]string{{"help", "list"}, {"--db", db, "help", "list"}, {"list", "--help"}, {"list", "-h"}} {
		code, out, stderr := runVerso(t, db, args...)
		if code != exitOK || !strings.HasPrefix(out, "usage: verso list") {
			t.Errorf("verso %v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	if code, _, stderr := runVerso(t, db, "search", "lavrov", "-biden"); code != exitOK {
		t.Errorf("search lavrov -biden: exit %d: %s", code, stderr)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// An undated text takes its file's time only with --file-dates, and a
// dated version of the same story later replaces that with an inferred date.
func TestImportFileDates(t *testing.T) {
	seeds := newstest.DataDir(t, "seeds")
	dir := t.TempDir()
	undated, err := os.ReadFile(filepath.Join(seeds, "002_0e0766ed69e2ed85.txt"))
	must(t, err)
	path := filepath.Join(dir, "later.txt")
	must(t, os.WriteFile(path, undated, 0o600))
	mod := time.Date(2021, 7, 20, 9, 30, 0, 0, time.UTC)
	must(t, os.Chtimes(path, mod, mod))

	show := func(db string) map[string]any {
		t.Helper()
		code, out, stderr := runVerso(t, db, "list", "--json")
		if code != exitOK {
			t.Fatalf("list: exit %d: %s", code, stderr)
		}
		var row map[string]any
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			must(t, json.Unmarshal([]byte(line), &row))
			if strings.Contains(fmt.Sprint(row["title"]), "Mission in Afghanistan Has Failed") {
				return row
			}
		}
		t.Fatalf("later version not listed:\n%s", out)
		return nil
	}

	plain := filepath.Join(t.TempDir(), "plain.db")
	if code, _, stderr := runVerso(t, plain, "import", "--quiet", path); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if row := show(plain); row["date_source"] != "unknown" || row["published"] != nil {
		t.Errorf("without --file-dates: date_source %v, published %v; want unknown, null", row["date_source"], row["published"])
	}

	db := filepath.Join(t.TempDir(), "dated.db")
	if code, _, stderr := runVerso(t, db, "import", "--file-dates", path); code != exitOK {
		t.Fatalf("import --file-dates: exit %d: %s", code, stderr)
	}
	if row := show(db); row["date_source"] != "file" || row["published"] != "2021-07-20T09:30:00Z" {
		t.Errorf("with --file-dates: date_source %v, published %v; want file, 2021-07-20T09:30:00Z", row["date_source"], row["published"])
	}
	if code, _, stderr := runVerso(t, db, "import", "--file-dates", filepath.Join(seeds, "000_fbd83e62e615d0ef.txt")); code != exitOK {
		t.Fatalf("import first version: exit %d: %s", code, stderr)
	}
	if row := show(db); row["date_source"] != "inferred" || !strings.HasPrefix(fmt.Sprint(row["published"]), "2021-07-16") {
		t.Errorf("after the dated version: date_source %v, published %v; want inferred 2021-07-16", row["date_source"], row["published"])
	}
}

// Import and extract give the same verdict on a file: one with no body
// text or holding data rather than prose fails both (exit 1, one line
// naming the file and the reason); an article passes both.
func TestExtractAgreesWithImport(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"one-line.txt": "hello\n",
		"values.csv":   "x,y\n1,2\n3,4\n",
		"tokens.tsv":   "1\tThe\tDT\n2\tcat\tNN\n3\tsat\tVBD\n",
		"article.txt": "Rain Returns to the Valley\n\nBy A. Writer\n\n" +
			"Rain fell across the valley on Monday for the first time in three months, " +
			"farmers said, easing a drought that had dried wells and pastures.\n\n" +
			"The weather service expects more showers later in the week.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{
		"one-line.txt": "no article text found",
		"values.csv":   "comma-separated values, not an article",
		"tokens.tsv":   "tab-separated columns, not an article",
	}
	db := filepath.Join(t.TempDir(), "v.db")
	for name, reason := range want {
		path := filepath.Join(dir, name)
		code, out, stderr := runVerso(t, db, "extract", path)
		if code != 1 || out != "" || !strings.Contains(stderr, path+": "+reason) {
			t.Errorf("extract %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", name, code, out, stderr, reason)
		}
	}
	code, out, stderr := runVerso(t, db, "extract", filepath.Join(dir, "article.txt"))
	if code != 0 || !strings.Contains(out, "Rain Returns to the Valley") {
		t.Errorf("extract article.txt: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, out, stderr = runVerso(t, db, "import", dir)
	if code != 1 || !strings.Contains(out, "1 new") {
		t.Errorf("import: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	for name, reason := range want {
		if !strings.Contains(stderr, filepath.Join(dir, name)+": "+reason) {
			t.Errorf("import did not report %s: %s; stderr %q", name, reason, stderr)
		}
	}
}

// Each command's help lists its own flags; a flag it does not take is a
// usage error, not silently ignored.
func TestCommandFlags(t *testing.T) {
	db := emptyIndex(t) // search and stats need an index
	code, out, _ := runVerso(t, db, "stats", "--help")
	if code != 0 || !strings.HasPrefix(out, "usage: verso stats [flags]") || strings.Contains(out, "--unified") || !strings.Contains(out, "--json") {
		t.Errorf("stats --help: exit %d\n%s", code, out)
	}
	code, out, _ = runVerso(t, db, "help", "search")
	if code != 0 || !strings.Contains(out, "--limit") || !strings.Contains(out, "Query language") {
		t.Errorf("help search: exit %d\n%s", code, out)
	}
	code, _, stderr := runVerso(t, db, "stats", "--unified")
	if code != 2 || !strings.Contains(stderr, "--unified is not a flag of stats") {
		t.Errorf("stats --unified: exit %d, stderr %q", code, stderr)
	}
	// Global flags go anywhere, before the command too.
	if code, _, stderr := runVerso(t, db, "--json", "stats"); code != 0 {
		t.Errorf("--json stats: exit %d, stderr %q", code, stderr)
	}
	if code, out, _ := runVerso(t, db, "--version"); code != 0 || !strings.HasPrefix(out, "verso ") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	// One dash and another command's flag name: a word to exclude.
	if code, _, stderr := runVerso(t, db, "search", "talks", "-context"); code != 0 {
		t.Errorf("search talks -context: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runVerso(t, db, "list", "--limit", "abc"); code != 2 || !strings.Contains(stderr, `list: --limit "abc" is not a whole number`) {
		t.Errorf("--limit abc: exit %d, stderr %q", code, stderr)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/home/ana/verso.db": "/home/ana/verso.db",
		"my news.db":         "'my news.db'",
		"it's.db":            `'it'\''s.db'`,
		"":                   "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// A long list of failures ends with a count by kind of reason.
func TestFailureTally(t *testing.T) {
	var fs []importIssue
	for i := range 12 {
		fs = append(fs, importIssue{Path: fmt.Sprintf("f%d.xml", i), Reason: fmt.Sprintf("feed has %d items, none with a title or text", i+2)})
	}
	fs = append(fs, importIssue{Path: "x.xml", Reason: "unsupported XML document (root element <opml>, not a feed or web page)"},
		importIssue{Path: "y.txt", Reason: "not valid UTF-8 at byte 12"})
	var b strings.Builder
	printTally(&b, fs)
	want := "14 files failed, by reason:\n" +
		"      12  feed has N items, none with a title or text\n" +
		"       1  not valid UTF-8\n" +
		"       1  unsupported XML document\n"
	if b.String() != want {
		t.Errorf("tally:\n%s\nwant:\n%s", b.String(), want)
	}
}

// An archive with a bad record keeps reporting it on every import, and
// the good records read from it stay stored once; fixing the file then
// brings no duplicate.
func TestReimportOfPartlyFailedArchiveReportsAgain(t *testing.T) {
	dir := t.TempDir()
	arch := filepath.Join(dir, "arch.jsonl")
	good := `{"title": "Harbour reopens after storm", "maintext": "The harbour reopened on Monday after a week of repairs.\n\nFishing boats were the first to leave.", "date_publish": "2021-07-16 10:00:00", "source_domain": "example.org"}`
	must(t, os.WriteFile(arch, []byte(good+"\n{\"title\": \"broken\", \n{\"title\": \"title only\"}\n"), 0o644))
	db := filepath.Join(t.TempDir(), "v.db")
	for i, want := range []string{"1 new article", "1 unchanged"} {
		code, out, stderr := runVerso(t, db, "import", dir)
		if code != exitFailure {
			t.Errorf("import %d: exit %d, want %d while the archive has a bad record", i+1, code, exitFailure)
		}
		if !strings.Contains(out, want) || !strings.Contains(out, "1 failed") {
			t.Errorf("import %d: summary %q, want %q and 1 failed", i+1, out, want)
		}
		if !strings.Contains(stderr, "line 2: invalid JSON") || !strings.Contains(stderr, "1 of 2 records have no body text") {
			t.Errorf("import %d: the bad and the empty record are not both reported:\n%s", i+1, stderr)
		}
	}
	must(t, os.WriteFile(arch, []byte(good+"\n"), 0o644))
	code, out, stderr := runVerso(t, db, "import", dir)
	if code != exitOK || !strings.Contains(out, "1 unchanged") || stderr != "" {
		t.Errorf("after the fix: exit %d, summary %q, stderr %q; want 0, 1 unchanged, no failure", code, out, stderr)
	}
	if _, out, _ := runVerso(t, db, "list"); strings.Count(out, "Harbour reopens") != 1 {
		t.Errorf("list after three imports:\n%s", out)
	}
}
