package store

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/verso-news/verso/news"
)

// deferred holds the rows and counter changes an import batch derives from
// its articles (entities, mentions, speakers, topics, band keys) until the
// batch writes them (every flushEvery new articles, and at commit). Writing
// them a few hundred articles at a time instead of once per article turns
// hundreds of small statements into a few multi-row ones, adds each counter
// once per write however many articles touch it, and inserts band keys in
// key order, so the B-tree takes them in one pass.
type deferred struct {
	entities map[entityKey]*entityDelta
	order    []entityKey // first-seen order, so ids are assigned stably
	mentions []derivedRow
	said     []derivedRow
	topics   []topicRow
	stats    map[labelKind]*topicDelta
	// storyLabels records (label, story) pairs written in this batch, and
	// newStories the stories created in it: for those, the index holds no
	// topic rows, so "is this label new to the story" needs no query.
	storyLabels map[storyLabel]bool
	newStories  map[string]bool
	logs        []logRow
	// keys holds the batch's band keys, so versions imported in one batch
	// find each other before their keys reach the table.
	keys batchKeys
}

// batchKeys maps a band key to the batch's articles that have it: a chain
// per key, newest first, in one slice, so that the 64 keys of each of 500
// articles cost no allocation each.
type batchKeys struct {
	head  keyTable // key → index in nodes of its newest article
	nodes []keyNode
}

type keyNode struct {
	seq  int64
	next int32 // older article with the key, or -1
}

func (k *batchKeys) add(key, seq int64) {
	head, ok := k.head.ref(key)
	next := *head
	if !ok {
		next = -1
	}
	*head = int32(len(k.nodes))
	k.nodes = append(k.nodes, keyNode{seq, next})
}

// members calls fn for the newest bucketScan articles of the batch with
// the key.
func (k *batchKeys) members(key int64, fn func(seq int64)) {
	i, ok := k.head.get(key)
	for n := 0; ok && i >= 0 && n < bucketScan; n++ {
		fn(k.nodes[i].seq)
		i = k.nodes[i].next
	}
}

type entityDelta struct {
	name               string
	articles, mentions int
	aliases            map[string]bool
}

type derivedRow struct {
	entity  entityKey
	article int64
	count   int
}

type labelKind struct{ key, kind string }

type topicDelta struct {
	label             string
	articles, stories int
	weight            float64 // sum of the articles' saliences
}

type storyLabel struct {
	labelKind
	story string
}

type topicRow struct {
	labelKind
	article int64
	story   string
	weight  float64 // the label's salience in the article
}

func newDeferred(articles int) *deferred {
	return &deferred{
		entities:    map[entityKey]*entityDelta{},
		stats:       map[labelKind]*topicDelta{},
		storyLabels: map[storyLabel]bool{},
		newStories:  map[string]bool{},
		keys:        batchKeys{head: newKeyTable(articles * (news.Bands + news.MaxAnchors))},
	}
}

func (d *deferred) empty() bool {
	return len(d.entities) == 0 && len(d.topics) == 0 && len(d.logs) == 0 && len(d.stats) == 0
}

// entity returns the delta of an entity, creating it on first use.
func (d *deferred) entity(ek entityKey, name string) *entityDelta {
	e, ok := d.entities[ek]
	if !ok {
		e = &entityDelta{name: name}
		d.entities[ek] = e
		d.order = append(d.order, ek)
	}
	return e
}

// addBands queues an article's band keys for the log and makes them
// visible to the batch's candidates.
func (d *deferred) addBands(seq int64, keys []int64, list string) {
	if len(keys) == 0 {
		return
	}
	d.logs = append(d.logs, logRow{seq, keys, list})
	for _, k := range keys {
		d.keys.add(k, seq)
	}
}

// maxRowsPerInsert keeps multi-row statements well under SQLite's limit of
// bound parameters (32,766). It is a power of two: see rowChunks.
const maxRowsPerInsert = 512

// rowChunks calls fn for consecutive parts [start, end) of n rows, each a
// power of two rows long and at most maxRowsPerInsert. A statement's text
// depends on its row count, and the batch prepares each text once: sizes
// from this small set are prepared once per transaction, where one
// statement per exact count was parsed again at every write (a
// thousand-row statement costs as much to parse as to run).
func rowChunks(n int, fn func(start, end int) error) error {
	for start := 0; start < n; {
		size := maxRowsPerInsert
		for size > n-start {
			size /= 2
		}
		if err := fn(start, start+size); err != nil {
			return err
		}
		start += size
	}
	return nil
}

// insertRows runs head + "VALUES (...), ..." for rows in chunks; suffix
// follows the values list (an ON CONFLICT clause).
func (b *batch) insertRows(head, suffix string, cols, rows int, arg func(i int) []any) error {
	return rowChunks(rows, func(start, end int) error {
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			args = append(args, arg(i)...)
		}
		_, err := b.exec(head+" VALUES "+valuesList(end-start, cols)+suffix, args...)
		return err
	})
}

// flushDerived writes everything deferred so far. It runs every flushEvery
// new articles, at commit, and before any statement that reads the derived
// tables (a story merge, a reindex removing an article's rows).
func (b *batch) flushDerived() error {
	d := b.def
	if d.empty() {
		return nil
	}
	ids, err := b.upsertEntities()
	if err != nil {
		return err
	}
	var aliases [][2]any
	for _, ek := range d.order {
		id := ids[ek]
		for _, al := range sortedKeys(d.entities[ek].aliases) {
			aliases = append(aliases, [2]any{al, id})
		}
	}
	if err := b.insertRows("INSERT OR IGNORE INTO entity_aliases (alias_key, entity)", "", 2, len(aliases),
		func(i int) []any { return aliases[i][:] }); err != nil {
		return err
	}
	for _, t := range []struct {
		table string
		rows  []derivedRow
	}{{"mentions (entity, article, count)", d.mentions}, {"said (speaker, article, count)", d.said}} {
		// The entity ids are looked up once, not at every comparison.
		rows := make([][3]int64, len(t.rows))
		for i, r := range t.rows {
			rows[i] = [3]int64{ids[r.entity], r.article, int64(r.count)}
		}
		// Primary-key order: each page of the table is visited once.
		slices.SortFunc(rows, func(x, y [3]int64) int {
			return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
		})
		if err := b.insertRows("INSERT OR FAIL INTO "+t.table, "", 3, len(rows),
			func(i int) []any { return []any{rows[i][0], rows[i][1], rows[i][2]} }); err != nil {
			return err
		}
	}
	if err := b.insertRows("INSERT OR FAIL INTO topics (label_key, kind, article, story, weight)", "", 5, len(d.topics),
		func(i int) []any { t := d.topics[i]; return []any{t.key, t.kind, t.article, t.story, t.weight} }); err != nil {
		return err
	}
	stats := sortedLabels(d.stats)
	if err := b.insertRows("INSERT INTO topic_stats (label_key, kind, label, articles, stories, weight)",
		" ON CONFLICT (label_key, kind) DO UPDATE SET articles = articles + excluded.articles, stories = stories + excluded.stories,"+
			" weight = weight + excluded.weight",
		6, len(stats), func(i int) []any {
			l := stats[i]
			t := d.stats[l]
			return []any{l.key, l.kind, t.label, t.articles, t.stories, t.weight}
		}); err != nil {
		return err
	}
	if err := b.insertRows("INSERT OR FAIL INTO band_log (article, keys)", "", 2, len(d.logs),
		func(i int) []any { return []any{d.logs[i].article, d.logs[i].list} }); err != nil {
		return err
	}
	b.logged = append(b.logged, d.logs...)
	// What was written is in the index now; the batch's own lookups
	// (storyLabels, newStories, keys) stay valid and are kept.
	clear(d.entities)
	d.order = d.order[:0]
	d.mentions = d.mentions[:0]
	d.said = d.said[:0]
	d.topics = d.topics[:0]
	clear(d.stats)
	d.logs = d.logs[:0]
	return nil
}

// upsertEntities creates the batch's new entities and adds its counts to
// the known ones, returning every entity's id.
func (b *batch) upsertEntities() (map[entityKey]int64, error) {
	d := b.def
	ids := make(map[entityKey]int64, len(d.order))
	err := rowChunks(len(d.order), func(start, end int) error {
		chunk := d.order[start:end]
		args := make([]any, 0, 5*len(chunk))
		for _, ek := range chunk {
			e := d.entities[ek]
			args = append(args, e.name, ek.typ, ek.key, e.articles, e.mentions)
		}
		st, err := b.stmt("INSERT INTO entities (name, type, key, articles, mentions) VALUES " + valuesList(len(chunk), 5) +
			" ON CONFLICT (key, type) DO UPDATE SET articles = articles + excluded.articles, mentions = mentions + excluded.mentions" +
			" RETURNING id, key, type")
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(b.ctx, args...)
		if err != nil {
			return fmt.Errorf("upsert entities: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var ek entityKey
			if err := rows.Scan(&id, &ek.key, &ek.typ); err != nil {
				return fmt.Errorf("upsert entities: %w", err)
			}
			ids[ek] = id
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("upsert entities: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sortedLabels(m map[labelKind]*topicDelta) []labelKind {
	out := make([]labelKind, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(x, y labelKind) int {
		return cmp.Or(strings.Compare(x.key, y.key), strings.Compare(x.kind, y.kind))
	})
	return out
}
