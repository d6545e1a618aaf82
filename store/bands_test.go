package store

import (
	"context"
	"path/filepath"
	"testing"
)

// Band keys merged from bands_recent into bands must place versions exactly
// as keys that never moved: the same corpus gives the same stories whether
// the recent keys are merged every few batches or never.
func TestMergedBandKeysFindTheSameStories(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 1200, 7)
	stories := func(recent int64) (map[string]string, *Store) {
		t.Helper()
		s, err := Open(ctx, filepath.Join(t.TempDir(), "v.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		s.recentBands = recent
		for start := 0; start < len(in); start += 100 {
			if _, err := s.Import(ctx, in[start:min(start+100, len(in))], ImportOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := s.r.QueryContext(ctx, "SELECT id, story FROM articles")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var id, story string
			if err := rows.Scan(&id, &story); err != nil {
				t.Fatal(err)
			}
			out[id] = story
		}
		return out, s
	}
	never, _ := stories(1 << 40)
	often, s := stories(5000) // about 100 articles' keys
	if len(never) != len(often) {
		t.Fatalf("%d articles without merges, %d with", len(never), len(often))
	}
	versions := 0
	for id, st := range never {
		if often[id] != st {
			t.Errorf("article %s: story %s without merges, %s with", id, st, often[id])
		}
		if st != id {
			versions++
		}
	}
	if versions == 0 {
		t.Fatal("the corpus has no versions: the test shows nothing")
	}
	var recent, merged int64
	if err := s.r.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM bands_recent), (SELECT COUNT(*) FROM bands)").Scan(&recent, &merged); err != nil {
		t.Fatal(err)
	}
	if merged == 0 || recent >= 5000+100*64 {
		t.Errorf("after merges: %d recent, %d merged band rows", recent, merged)
	}
	checkConsistent(t, s)
	t.Logf("%d articles, %d in a story with another, %d merged and %d recent band rows", len(never), versions, merged, recent)
}
