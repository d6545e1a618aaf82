package store

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
)

// Band keys of recently imported articles wait in band_log, one appended row
// per article, until about defaultRecentBands keys have gathered; then they
// are merged into bands in key order, which writes each page of that large
// table once. Meanwhile the importing process keeps them sorted in memory
// (bandIndex) to look them up: appending a row costs neither a B-tree insert
// per key nor a rewrite of the pages random keys would dirty, which were a
// sixth of an import's work when recent keys had a table of their own.

// defaultRecentBands is how many band keys band_log gathers (those of about
// 16,000 articles; about 18 MB in memory with a batch's) before they are
// merged into bands.
const defaultRecentBands = 1 << 20

// bandIndex is the in-memory copy of band_log: every (key, article) pair of
// the log, sorted. It describes the log as of the generation it was read
// at; a merge (by this process or another) starts a new generation.
type bandIndex struct {
	mu     sync.Mutex
	loaded bool
	gen    int64     // band_state.generation the rows belong to
	upTo   int64     // the newest article read from the log
	rows   []bandRow // sorted by key, then article
}

type bandRow struct{ key, article int64 }

func compareBandRows(x, y bandRow) int {
	// Not cmp.Or: it would compare the articles of every pair too, and
	// this orders a batch's 128,000 keys.
	if x.key != y.key {
		return cmp.Compare(x.key, y.key)
	}
	return cmp.Compare(x.article, y.article)
}

// logRow is one article's band_log row.
type logRow struct {
	article int64
	keys    []int64
	list    string // keyList(keys)
}

// syncBands brings the index up to the committed log: it is called at the
// start of an import batch, before the batch writes to the log, so that a
// rolled-back batch never leaves its keys in memory. Rows appended by
// another process since are read; a merge by another process (a new
// generation) empties the index first.
func (b *batch) syncBands() (err error) {
	x := b.store.bands
	x.mu.Lock()
	defer x.mu.Unlock()
	// A copy that failed to read the whole log is not trusted again: the
	// next batch reads the log from the start.
	defer func() {
		if err != nil {
			x.loaded, x.rows = false, nil
		}
	}()
	var gen int64
	if _, err := b.scan("SELECT generation FROM band_state WHERE id = 1", nil, &gen); err != nil {
		return fmt.Errorf("band log: %w", err)
	}
	if !x.loaded || gen != x.gen {
		x.loaded, x.gen, x.upTo, x.rows = true, gen, 0, nil
	}
	rows, err := b.tx.QueryContext(b.ctx, "SELECT article, keys FROM band_log WHERE article > ? ORDER BY article", x.upTo)
	if err != nil {
		return fmt.Errorf("band log: %w", err)
	}
	defer rows.Close()
	var add []bandRow
	upTo := x.upTo
	for rows.Next() {
		var article int64
		var list string
		if err := rows.Scan(&article, &list); err != nil {
			return fmt.Errorf("band log: %w", err)
		}
		var keys []int64
		if err := json.Unmarshal([]byte(list), &keys); err != nil {
			return fmt.Errorf("band log: article %d: %w", article, err)
		}
		for _, k := range keys {
			add = append(add, bandRow{k, article})
		}
		upTo = article
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("band log: %w", err)
	}
	x.insert(add)
	x.upTo = upTo
	b.bandsSynced = true
	var one int
	found, err := b.scan("SELECT 1 FROM bands LIMIT 1", nil, &one)
	if err != nil {
		return fmt.Errorf("band keys: %w", err)
	}
	b.bandsMerged = found
	return nil
}

// insert merges rows into the sorted index; add must be in article order
// (as a batch logs them and band_log is read).
func (x *bandIndex) insert(add []bandRow) {
	if len(add) == 0 {
		return
	}
	x.rows = mergeSorted(x.rows, sortByKeyStable(add))
}

// mergeSorted returns the rows of a and b, both sorted, in one new sorted
// slice.
func mergeSorted(a, b []bandRow) []bandRow {
	out := make([]bandRow, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if compareBandRows(a[i], b[j]) <= 0 {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// appendNewest appends up to limit articles of the log with the key to
// out, newest first.
func (x *bandIndex) appendNewest(out []int64, key int64, limit int) []int64 {
	x.mu.Lock()
	defer x.mu.Unlock()
	hi := sort.Search(len(x.rows), func(i int) bool { return x.rows[i].key > key })
	for n, i := 0, hi-1; i >= 0 && x.rows[i].key == key && n < limit; i-- {
		out = append(out, x.rows[i].article)
		n++
	}
	return out
}

// committed updates the index once the batch that synced it has committed:
// its logged keys join the index, or, when it merged the log into bands,
// the index starts the new generation empty.
func (b *batch) committed() {
	if !b.bandsSynced {
		return
	}
	x := b.store.bands
	x.mu.Lock()
	defer x.mu.Unlock()
	if b.mergedGen != 0 {
		x.gen, x.rows = b.mergedGen, nil
	} else {
		x.insert(expandLog(b.logged))
	}
	x.upTo = b.loggedUpTo(x.upTo)
}

// loggedUpTo returns the newest article in the log once the batch's rows
// are in it, given the newest before them.
func (b *batch) loggedUpTo(before int64) int64 {
	if n := len(b.logged); n > 0 {
		// Articles are logged in the order they are stored.
		return max(before, b.logged[n-1].article)
	}
	return before
}

// forget drops the index after a failed commit, when what the log holds is
// no longer certain; the next batch reads it again.
func (x *bandIndex) forget() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.loaded, x.rows = false, nil
}

// sortByKeyStable sorts rows by key, keeping the order of rows with equal
// keys: on rows in article order that is (key, article) order. A radix sort
// on the keys' 47 bits: a batch's 128,000 rows in a few passes rather
// than the 2 million comparisons of a comparison sort.
func sortByKeyStable(rows []bandRow) []bandRow {
	tmp := make([]bandRow, len(rows))
	src, dst := rows, tmp
	for shift := uint(0); shift < 48; shift += 8 {
		var count [257]int
		for _, r := range src {
			count[int(byte(uint64(r.key)>>shift))+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, r := range src {
			b := byte(uint64(r.key) >> shift)
			dst[count[b]] = r
			count[b]++
		}
		src, dst = dst, src
	}
	// Six passes: the sorted rows are back in rows.
	if len(src) > 0 && &src[0] != &rows[0] {
		copy(rows, src)
	}
	if slices.ContainsFunc(rows, func(r bandRow) bool { return r.key < 0 || r.key >= 1<<48 }) {
		// Keys are 47-bit (BandKeys >> 17); anything else sorts the slow way.
		slices.SortStableFunc(rows, func(x, y bandRow) int { return cmp.Compare(x.key, y.key) })
	}
	return rows
}

func expandLog(logged []logRow) []bandRow {
	var out []bandRow
	for _, r := range logged {
		for _, k := range r.keys {
			out = append(out, bandRow{k, r.article})
		}
	}
	return out
}

// mergeBands moves the log into bands once it holds recentBands keys,
// in key order, and starts a new generation.
func (b *batch) mergeBands() error {
	if !b.bandsSynced {
		return nil
	}
	x := b.store.bands
	x.mu.Lock()
	pending := 0
	for _, r := range b.logged {
		pending += len(r.keys)
	}
	if int64(len(x.rows)+pending) < b.store.recentBands {
		x.mu.Unlock()
		return nil
	}
	// The index is sorted already; the batch's rows are sorted and merged
	// in, on a copy: the index changes only once the batch has committed.
	all := mergeSorted(x.rows, sortByKeyStable(expandLog(b.logged)))
	upTo := b.loggedUpTo(x.upTo)
	x.mu.Unlock()
	if err := b.insertRows("INSERT OR IGNORE INTO bands (key, article)", "", 2, len(all),
		func(i int) []any { return []any{all[i].key, all[i].article} }); err != nil {
		return fmt.Errorf("merge band keys: %w", err)
	}
	// Only the rows merged leave the log (the copy and the batch's rows
	// cover every article up to upTo), so a copy that somehow missed a
	// newer row never deletes it.
	if _, err := b.exec("DELETE FROM band_log WHERE article <= ?", upTo); err != nil {
		return fmt.Errorf("merge band keys: %w", err)
	}
	found, err := b.scan("UPDATE band_state SET generation = generation + 1 WHERE id = 1 RETURNING generation", nil, &b.mergedGen)
	if err != nil {
		return fmt.Errorf("merge band keys: %w", err)
	}
	if !found {
		return errors.New("merge band keys: band_state has no row; the index is damaged")
	}
	return nil
}

// keyList is the band_log form of an article's keys: a JSON list of
// integers, readable by SQLite's json_each for maintenance.
func keyList(keys []int64) string {
	b := make([]byte, 0, 16*len(keys)+2)
	b = append(b, '[')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, k, 10)
	}
	return string(append(b, ']'))
}
