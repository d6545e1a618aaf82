package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verso-news/verso/store"
)

// emptyIndex makes an index with nothing in it and returns its path.
func emptyIndex(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "v.db")
	st, err := store.Open(context.Background(), db)
	must(t, err)
	must(t, st.Close())
	return db
}

// writeArticles writes n small articles that all mention "harbour", one
// text file each, and returns their folder.
func writeArticles(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		text := fmt.Sprintf("Harbour %d Reopens After Storm\n\nBy A. Writer\n\n"+
			"The harbour of town number %d reopened on Monday after a week of repairs, "+
			"the port authority said, and fishing boats were the first to leave.\n\n"+
			"Inspectors will return on the %dth to check the new sea wall.\n", i, i, i+4)
		must(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%02d.txt", i)), []byte(text), 0o644))
	}
	return dir
}

// Commands that only read refuse a missing index, say how to make one and
// create nothing, folders included; commands that write, and the reader,
// still create it.
func TestReadOnlyCommandsNeedAnIndex(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "typo", "x.db")
	for _, args := range [][]string{{"list"}, {"search", "harbour"}, {"show", "ea41"}, {"versions", "ea41"},
		{"diff", "ea41", "0e07"}, {"topics"}, {"entities"}, {"stats"}, {"reindex"},
		{"feeds", "list"}, {"feeds", "export"}, {"feeds", "remove", "https://example.org/feed"}} {
		args = append(args, "--db", db)
		code, out, stderr := runVerso(t, "", args...)
		want := "verso: no index at " + db + " (verso import or verso feeds add with the same --db creates one)\n"
		if code != exitFailure || out != "" || stderr != want {
			t.Errorf("verso %v: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, code, out, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !os.IsNotExist(err) {
		t.Fatalf("a read-only command created %s (stat: %v)", filepath.Join(dir, "typo"), err)
	}
	// The index named by VERSO_DB: the hint needs no --db.
	env := filepath.Join(dir, "env.db")
	if code, _, stderr := runVerso(t, env, "stats"); code != exitFailure || stderr != "verso: no index at "+env+" (verso import PATH... or verso feeds add URL... creates one)\n" {
		t.Errorf("stats on VERSO_DB: exit %d, stderr %q", code, stderr)
	}

	// The reader (here not on a terminal: it lists) makes an empty index.
	open := filepath.Join(dir, "open", "v.db")
	if code, _, stderr := runVerso(t, open); code != exitOK || !strings.Contains(stderr, "the index is empty") {
		t.Errorf("verso on a new index: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(open); err != nil {
		t.Errorf("the reader did not create its index: %v", err)
	}
	made := filepath.Join(dir, "new", "v.db")
	if code, _, stderr := runVerso(t, made, "import", "--quiet", writeArticles(t, 1)); code != exitOK {
		t.Fatalf("import into a new index: exit %d, stderr %q", code, stderr)
	}
	if code, out, stderr := runVerso(t, made, "stats"); code != exitOK || !strings.HasPrefix(out, "1 articles") {
		t.Errorf("stats after import: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// A query error's column counts characters, not bytes.
func TestQueryErrorColumnCountsCharacters(t *testing.T) {
	db := emptyIndex(t)
	for _, args := range [][]string{{"search", "Ελλάδα after:x"}, {"list", "Ελλάδα", "after:x"}} {
		code, _, stderr := runVerso(t, db, args...)
		if code != exitUsage || !strings.HasSuffix(stderr, " at column 14\n") {
			t.Errorf("verso %q: exit %d, stderr %q; want exit 2 and column 14 (the x)", args, code, stderr)
		}
	}
	if _, _, stderr := runVerso(t, db, "search", "after:x"); !strings.HasSuffix(stderr, " at column 7\n") {
		t.Errorf("search after:x: stderr %q; want column 7", stderr)
	}
}

// Decimal numbers fold whole, and the line for the remaining reasons does
// not read as a count said twice.
func TestFailureTallyDecimalsAndOtherReasons(t *testing.T) {
	var fs []importIssue
	for i, size := range []string{"33.5", "40.0", "128.25"} {
		fs = append(fs, importIssue{Path: fmt.Sprintf("big%d.json", i), Reason: "file too large: " + size + " MB (limit 32 MB)"})
	}
	for i := range 9 {
		fs = append(fs, importIssue{Path: fmt.Sprintf("r%d", i), Reason: fmt.Sprintf("reason %c", 'a'+i)})
	}
	var b strings.Builder
	printTally(&b, fs)
	want := "12 files failed, by reason:\n" +
		"       3  file too large: N MB\n" +
		"       1  reason a\n" +
		"       1  reason b\n" +
		"       1  reason c\n" +
		"       1  reason d\n" +
		"       1  reason e\n" +
		"       1  reason f\n" +
		"       1  reason g\n" +
		"       2  other reasons (2 kinds)\n"
	if b.String() != want {
		t.Errorf("tally:\n%s\nwant:\n%s", b.String(), want)
	}
}

// diff refuses a negative --context and a --width too narrow to draw.
func TestDiffWidthAndContextMustMakeSense(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	for args, msg := range map[string]string{
		"--width -3":   "diff: --width must be at least 20",
		"--width 0":    "diff: --width must be at least 20",
		"--width 19":   "diff: --width must be at least 20",
		"--context -1": "diff: --context must be 0 or more",
	} {
		code, out, stderr := runVerso(t, db, append([]string{"diff", "a", "b"}, strings.Fields(args)...)...)
		if code != exitUsage || out != "" || !strings.HasPrefix(stderr, "verso: "+msg+"\n") {
			t.Errorf("diff a b %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", args, code, out, stderr, msg)
		}
	}
	if code, _, stderr := runVerso(t, db, "import", "--quiet", writeArticles(t, 1)); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	_, out, _ := runVerso(t, db, "list", "--json")
	var row struct{ ID string }
	must(t, json.Unmarshal([]byte(out), &row))
	if code, out, stderr := runVerso(t, db, "diff", row.ID, row.ID, "--width", "20", "--context", "0"); code != exitOK || out == "" {
		t.Errorf("diff --width 20 --context 0: exit %d, stderr %q", code, stderr)
	}
}

// list and search say on stderr when their limit cut the results; --json
// output stays as it was.
func TestListAndSearchSayWhenCut(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	if code, _, stderr := runVerso(t, db, "import", "--quiet", writeArticles(t, 3)); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		args       []string
		rows       int
		wantStderr string
	}{
		{[]string{"list", "--limit", "2"}, 2, "showing 2 of 3 articles; --limit N for more\n"},
		{[]string{"list", "harbour", "--limit", "2"}, 2, "showing 2 of 3 articles; --limit N for more\n"},
		{[]string{"list", "--limit", "3"}, 3, ""},
		{[]string{"list"}, 3, ""},
		{[]string{"list", "--json", "--limit", "2"}, 2, ""},
		{[]string{"search", "harbour", "--limit", "2"}, 4, "more matches than shown; --limit N for more\n"},
		{[]string{"search", "harbour", "--limit", "3"}, 6, ""},
		{[]string{"search", "harbour", "--json", "--limit", "2"}, 2, ""},
	} {
		code, out, stderr := runVerso(t, db, c.args...)
		if rows := strings.Count(out, "\n"); code != exitOK || rows != c.rows || stderr != c.wantStderr {
			t.Errorf("verso %v: exit %d, %d lines, stderr %q; want %d lines, stderr %q\n%s", c.args, code, rows, stderr, c.rows, c.wantStderr, out)
		}
	}
}

// A --limit above the store's page size reads on by the cursor, so the
// hint never asks for a limit that would show no more.
func TestListLimitAboveAPage(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1,003 articles")
	}
	db := filepath.Join(t.TempDir(), "v.db")
	if code, _, stderr := runVerso(t, db, "import", "--quiet", writeCorpus(t, 1003, 5)); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	_, out, _ := runVerso(t, db, "stats", "--json")
	var s store.Stats
	must(t, json.Unmarshal([]byte(out), &s))
	code, out, stderr := runVerso(t, db, "list", "--json", "--limit", "1002")
	if rows := strings.Count(out, "\n"); code != exitOK || rows != min(1002, s.Articles) || stderr != "" {
		t.Errorf("list --limit 1002 of %d: exit %d, %d rows, stderr %q", s.Articles, code, rows, stderr)
	}
	code, out, stderr = runVerso(t, db, "list", "--limit", "1001")
	if want := fmt.Sprintf("showing 1001 of %d articles; --limit N for more\n", s.Articles); code != exitOK || strings.Count(out, "\n") != 1001 || stderr != want {
		t.Errorf("list --limit 1001: exit %d, %d rows, stderr %q; want %q", code, strings.Count(out, "\n"), stderr, want)
	}
	// A search stops at the store's bound whatever the limit, and says so.
	code, out, stderr = runVerso(t, db, "search", "the", "--limit", "5000")
	if want := "search ranks at most 1000 matches; verso list the --limit N lists every match, newest first\n"; code != exitOK || stderr != want {
		t.Errorf("search the --limit 5000: exit %d, %d lines, stderr %q; want %q", code, strings.Count(out, "\n"), stderr, want)
	}
}

// Importing verso's own `show --json` output records the file read and its
// kind, json, as the README's source field says.
func TestImportOwnJSONRecordsTheJSONFile(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.db")
	if code, _, stderr := runVerso(t, a, "import", "--quiet", writeArticles(t, 1)); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	_, out, _ := runVerso(t, a, "list", "--json")
	var row struct{ ID string }
	must(t, json.Unmarshal([]byte(out), &row))
	_, out, _ = runVerso(t, a, "show", row.ID, "--json")
	exported := filepath.Join(dir, "a.json")
	must(t, os.WriteFile(exported, []byte(out), 0o644))

	// Named relatively, as a user would: the source is the file as named.
	t.Chdir(dir)
	b := filepath.Join(dir, "b.db")
	if code, _, stderr := runVerso(t, b, "import", "--quiet", "a.json"); code != exitOK {
		t.Fatalf("import a.json: exit %d: %s", code, stderr)
	}
	_, out, _ = runVerso(t, b, "show", row.ID, "--json")
	var got struct {
		Source struct{ Path, Kind string }
	}
	must(t, json.Unmarshal([]byte(out), &got))
	if got.Source.Kind != "json" || got.Source.Path != "a.json" {
		t.Errorf("source %+v, want {Path:a.json Kind:json}", got.Source)
	}
}

// A page whose file name is not valid UTF-8 keeps its kind: the name is
// cleaned for storing, which must not read as a record naming another file.
func TestOddFileNameKeepsItsKind(t *testing.T) {
	dir := t.TempDir()
	page := `<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>
<p>The harbour reopened on Monday after a week of repairs, and the first boats left at dawn with the tide.</p>
<p>Fishermen said the new quay was wider and safer, and that the town had waited long enough for it.</p>
</article></body></html>`
	must(t, os.WriteFile(filepath.Join(dir, "caf\xe9.html"), []byte(page), 0o644))
	db := filepath.Join(t.TempDir(), "v.db")
	if code, _, stderr := runVerso(t, db, "import", "--quiet", dir); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	_, out, _ := runVerso(t, db, "list", "--json")
	var row struct{ ID string }
	must(t, json.Unmarshal([]byte(out), &row))
	_, out, _ = runVerso(t, db, "show", row.ID, "--json")
	var got struct{ Source struct{ Kind string } }
	must(t, json.Unmarshal([]byte(out), &got))
	if got.Source.Kind != "html" {
		t.Errorf("kind %q, want html", got.Source.Kind)
	}
}

// Every record of a JSON archive has the archive as its source, whichever
// record names another file.
func TestArchiveRecordsAllKindJSON(t *testing.T) {
	dir := t.TempDir()
	first := `{"title": "Harbour reopens after storm", "maintext": "The harbour reopened on Monday after a week of repairs.\n\nFishing boats were the first to leave.", "source_domain": "example.org"}`
	second := `{"title": "Bridge closes for repairs", "paragraphs": ["The old bridge closed on Tuesday for a month of repairs, the council said.", "Buses will take the long way round."], "source": {"path": "story.html", "kind": "html"}}`
	must(t, os.WriteFile(filepath.Join(dir, "arch.jsonl"), []byte(first+"\n"+second+"\n"), 0o644))
	db := filepath.Join(t.TempDir(), "v.db")
	if code, _, stderr := runVerso(t, db, "import", "--quiet", dir); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	_, out, _ := runVerso(t, db, "stats", "--json")
	if !strings.Contains(out, `"json": 2`) && !strings.Contains(out, `"json":2`) {
		t.Errorf("stats: %s; want both articles of kind json", out)
	}
}
