package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/verso-news/verso/news"
)

// TestRowChunks checks that rowChunks covers every row once, in order, in
// parts whose sizes come from the small set the batch prepares once.
func TestRowChunks(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 7, 511, 512, 513, 1000, 1024, 4097, 30_001} {
		next := 0
		err := rowChunks(n, func(start, end int) error {
			size := end - start
			if start != next || size <= 0 || size > maxRowsPerInsert || bits.OnesCount(uint(size)) != 1 {
				t.Fatalf("n=%d: part [%d, %d) after %d", n, start, end, next)
			}
			next = end
			return nil
		})
		if err != nil || next != n {
			t.Fatalf("n=%d: covered %d, err %v", n, next, err)
		}
	}
}

// TestKeyListIsJSON checks the band_log form against encoding/json, which
// earlier versions stored and maintenance reads with json_each.
func TestKeyListIsJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 70 {
		keys := make([]int64, n)
		for i := range keys {
			keys[i] = r.Int64N(1<<47) - int64(i%3)*(1<<46)
		}
		want, _ := json.Marshal(keys)
		if n == 0 {
			want = []byte("[]")
		}
		if got := keyList(keys); got != string(want) {
			t.Fatalf("keyList(%v) = %s, want %s", keys, got, want)
		}
	}
}

// TestKeyTableMatchesMap drives a keyTable and a Go map with the same
// random operations, through growth, and compares every answer.
func TestKeyTableMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, hint := range []int{0, 10, 1000} {
		tab := newKeyTable(hint)
		want := map[int64]int32{}
		for i := range 20_000 {
			// Small keys collide in the low bits; large ones are like
			// band keys.
			key := r.Int64N(3000)
			if i%2 == 0 {
				key = r.Int64N(1 << 47)
			}
			if r.IntN(2) == 0 {
				v, found := tab.ref(key)
				_, had := want[key]
				if found != had || (found && *v != want[key]) || (!found && *v != 0) {
					t.Fatalf("hint %d: ref(%d) = %d, %v; map has %d, %v", hint, key, *v, found, want[key], had)
				}
				*v = int32(i)
				want[key] = int32(i)
			} else {
				v, found := tab.get(key)
				w, had := want[key]
				if found != had || v != w {
					t.Fatalf("hint %d: get(%d) = %d, %v; map has %d, %v", hint, key, v, found, w, had)
				}
			}
		}
		if tab.used != len(want) {
			t.Fatalf("hint %d: %d keys, map has %d", hint, tab.used, len(want))
		}
	}
}

// An ambiguous id prefix is an ErrAmbiguous that lists the candidates.
func TestAmbiguousPrefixListsCandidates(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var in []Input
	for i, title := range []string{"First story", "", "Third story"} {
		a := news.Article{ID: fmt.Sprintf("ab%014d", i), Title: title, Paragraphs: []string{fmt.Sprintf("Body number %d of the test.", i)}}
		in = append(in, Input{Article: a, ContentHash: a.ID})
	}
	if _, err := s.Import(ctx, in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Article(ctx, "ab")
	if !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("Article(ab) = %v, want ErrAmbiguous", err)
	}
	for _, want := range []string{"ab00000000000000 (First story)", "ab00000000000001 (untitled)", "(Third story)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

// MarkAllRead marks read exactly the unread articles under the filter.
func TestMarkAllRead(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var in []Input
	for i, title := range []string{"Rain in the valley", "Rain on the coast", "Sun in the hills"} {
		a := news.Article{ID: fmt.Sprintf("mr%014d", i), Title: title, Paragraphs: []string{title + ", the forecasters said on Monday."}}
		in = append(in, Input{Article: a, ContentHash: a.ID})
	}
	if _, err := s.Import(ctx, in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, in[0].Article.ID, true); err != nil {
		t.Fatal(err)
	}
	n, err := s.MarkAllRead(ctx, ListOptions{Query: "rain"})
	if err != nil || n != 1 {
		t.Fatalf("MarkAllRead(rain) = %d, %v; want the one unread rain article", n, err)
	}
	if unread, _ := s.Count(ctx, ListOptions{Query: "is:unread"}); unread != 1 {
		t.Fatalf("%d unread after marking the rain articles, want 1 (the sun one)", unread)
	}
	if n, err := s.MarkAllRead(ctx, ListOptions{}); err != nil || n != 1 {
		t.Fatalf("MarkAllRead() = %d, %v; want 1", n, err)
	}
	// In chunks of one article per transaction, all the same.
	for _, a := range in {
		if err := s.SetRead(ctx, a.Article.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.markAllRead(ctx, ListOptions{}, 1); err != nil || n != 3 {
		t.Fatalf("markAllRead(chunk 1) = %d, %v; want 3", n, err)
	}
	if unread, _ := s.Count(ctx, ListOptions{Query: "is:unread"}); unread != 0 {
		t.Fatalf("%d unread after marking in chunks", unread)
	}
}
