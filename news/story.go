package news

// StoryIndex groups fingerprints into stories in memory: LSH buckets find
// candidates, IsVersion confirms them and union-find merges stories, so a new
// text joins its story, or bridges two, in time near-linear in the archive
// size (never all pairs). The store keeps its own persistent version in SQL
// and must use IsVersion for the decision so that both agree.
//
// A StoryIndex is not safe for concurrent use.
type StoryIndex struct {
	ids      []string
	byID     map[string]int32
	shingles [][]uint64
	parent   []int32
	// heads maps a key to its newest entry; an entry is one key of one
	// document: entryDoc names the document and next the previous entry
	// with the same key (-1 ends the chain).
	heads    map[uint64]int32
	entryDoc []int32
	next     []int32
	stats    IndexStats
	seen     []int32 // scratch: candidates already checked in one Add
}

// MaxBucketScan bounds how many documents of one LSH bucket are checked
// against a new text: a bucket that large is made by boilerplate shared
// across a site, and its newest members suffice to place a real version.
const MaxBucketScan = 64

// IndexStats counts the work a StoryIndex did, for benchmarks and reports.
type IndexStats struct {
	Docs        int `json:"docs"`
	TooShort    int `json:"too_short"`
	Candidates  int `json:"candidates"`  // distinct candidate pairs checked with IsVersion
	Confirmed   int `json:"confirmed"`   // pairs IsVersion accepted
	Merges      int `json:"merges"`      // unions that joined two existing stories
	Truncations int `json:"truncations"` // bucket scans cut at MaxBucketScan
}

// NewStoryIndex returns an empty index sized for about n documents.
func NewStoryIndex(n int) *StoryIndex {
	return &StoryIndex{
		byID:     make(map[string]int32, n),
		heads:    make(map[uint64]int32, n*Bands),
		entryDoc: make([]int32, 0, n*Bands),
		next:     make([]int32, 0, n*Bands),
	}
}

// Add indexes a document and returns its story id: the id of the earliest
// added document of the story it joined, or its own id when it starts one.
// Adding an id again returns its current story without re-indexing it.
func (x *StoryIndex) Add(id string, fp Fingerprint) string {
	if d, ok := x.byID[id]; ok {
		return x.ids[x.find(d)]
	}
	if x.byID == nil {
		x.byID = make(map[string]int32)
		x.heads = make(map[uint64]int32)
	}
	d := int32(len(x.ids))
	x.ids = append(x.ids, id)
	x.byID[id] = d
	x.shingles = append(x.shingles, fp.Shingles)
	x.parent = append(x.parent, d)
	x.stats.Docs++
	keys := fp.BandKeys()
	if keys == nil {
		x.stats.TooShort++
		return id
	}
	x.seen = x.seen[:0]
	for _, k := range keys {
		head, ok := x.heads[k]
		if !ok {
			head = -1
		}
		e := int32(len(x.entryDoc))
		x.entryDoc = append(x.entryDoc, d)
		x.next = append(x.next, head)
		x.heads[k] = e
		scanned := 0
		for ; head >= 0; head = x.next[head] {
			c := x.entryDoc[head]
			if c == d {
				continue // the same key twice in one document
			}
			if scanned == MaxBucketScan {
				x.stats.Truncations++
				break
			}
			scanned++
			if x.find(c) == x.find(d) || x.checked(c) {
				continue
			}
			x.seen = append(x.seen, c)
			x.stats.Candidates++
			if ok, _ := IsVersion(fp, Fingerprint{Shingles: x.shingles[c]}); ok {
				x.stats.Confirmed++
				if x.find(d) != d {
					x.stats.Merges++
				}
				x.union(c, d)
			}
		}
	}
	return x.ids[x.find(d)]
}

func (x *StoryIndex) checked(c int32) bool {
	for _, s := range x.seen {
		if s == c {
			return true
		}
	}
	return false
}

// Story returns the story id of a document, or "" when id was never added.
func (x *StoryIndex) Story(id string) string {
	d, ok := x.byID[id]
	if !ok {
		return ""
	}
	return x.ids[x.find(d)]
}

// Len returns the number of documents indexed.
func (x *StoryIndex) Len() int { return len(x.ids) }

// Stats returns the work counters.
func (x *StoryIndex) Stats() IndexStats { return x.stats }

// Stories returns every story with more than one version, as lists of ids
// in the order they were added, keyed by story id.
func (x *StoryIndex) Stories() map[string][]string {
	groups := map[string][]string{}
	for d := range x.ids {
		root := x.ids[x.find(int32(d))]
		groups[root] = append(groups[root], x.ids[d])
	}
	for k, g := range groups {
		if len(g) < 2 {
			delete(groups, k)
		}
	}
	return groups
}

// find returns the root of d's set with path halving; the root is always the
// set's earliest document, which keeps story ids stable as stories grow.
func (x *StoryIndex) find(d int32) int32 {
	for x.parent[d] != d {
		x.parent[d] = x.parent[x.parent[d]]
		d = x.parent[d]
	}
	return d
}

func (x *StoryIndex) union(a, b int32) {
	ra, rb := x.find(a), x.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	x.parent[rb] = ra
}
