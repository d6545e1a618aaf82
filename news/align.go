package news

import (
	"slices"
	"sort"
	"strings"
)

// Alignment thresholds, as Dice coefficients on normalised words.
const (
	// alignMatch pairs paragraphs in order as the same paragraph, edited.
	alignMatch = 0.5
	// alignMove pairs a paragraph that left its place with its new place.
	alignMove = 0.5
	// alignRewrite pairs what is left between two matched paragraphs when it
	// still shares this much: a rewritten paragraph rather than a new one.
	// Different paragraphs of one Wikinews article reach 0.31-0.32 at times
	// (TestUnrelatedParagraphsNotPaired), hence 0.4.
	alignRewrite = 0.4
	// alignPart is the share of a paragraph's words that must come from its
	// neighbour's partner for the two to count as one split or merged.
	alignPart = 0.6
	// alignMaxCells bounds the alignment table; beyond it (thousands of
	// paragraphs a side) only exactly equal paragraphs are paired.
	alignMaxCells = 4 << 20
)

// paraBag is a paragraph as a sorted multiset of interned word ids.
type paraBag []uint32

// dice returns the Dice coefficient of two multisets.
func bagDice(a, b paraBag) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	return 2 * float64(bagOverlap(a, b)) / float64(len(a)+len(b))
}

func bagOverlap(a, b paraBag) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// contained returns the share of a's words found in b.
func bagContained(a, b paraBag) float64 {
	if len(a) == 0 {
		return 0
	}
	return float64(bagOverlap(a, b)) / float64(len(a))
}

func bagUnion(a, b paraBag) paraBag {
	out := make(paraBag, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.Sort(out)
	return out
}

// wordInterner gives each folded, normalised word a small id; raw maps a
// normalised word to its folded id so folding runs once per distinct word.
type wordInterner struct {
	raw    map[string]uint32
	folded map[string]uint32
}

func newWordInterner() *wordInterner {
	return &wordInterner{raw: map[string]uint32{}, folded: map[string]uint32{}}
}

func (w *wordInterner) bag(text string) paraBag {
	words := NormalizedWords(text)
	out := make(paraBag, len(words))
	n := 0
	for _, word := range words {
		if alignStopwords[word] {
			continue
		}
		id, ok := w.raw[word]
		if !ok {
			f := foldSpelling(word)
			id, ok = w.folded[f]
			if !ok {
				id = uint32(len(w.folded))
				w.folded[f] = id
			}
			w.raw[word] = id
		}
		out[n] = id
		n++
	}
	out = out[:n]
	slices.Sort(out)
	return out
}

// alignStopwords are English function words, left out of similarity:
// any two paragraphs of one article share enough of them to look 30%
// alike, which would pair unrelated paragraphs as edits.
var alignStopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor so yet of to in on at by for from with without
		into onto over under about after before since until as than then that this these those there here
		is are was were be been being am has have had having do does did will would shall should can could
		may might must it its he she they them their his her him we us our you your i me my who whom whose
		which what when where why how not no all any some more most other such only also just very said says
		if while because up out off down again further once both each few own same too s t`) {
		m[w] = true
	}
	return m
}()

// Paragraph states in an alignment.
const (
	stFree  = iota // not yet placed
	stGroup        // part of a matched group (equal or edit)
	stMove         // half of a move
)

type alignGroup struct {
	oldStart, oldCount, newStart, newCount int
	sim                                    float64
}

type aligner struct {
	old, new         []string
	oldBag, newBag   []paraBag
	sim              [][]float32 // nil when the table would be too large
	oldSt, newSt     []int
	oldRef, newRef   []int // group or move index per paragraph
	groups           []alignGroup
	moves            [][2]int // old index, new index
	moveSim          []float64
	oldHash, newHash []uint64 // of the text with spacing collapsed
}

// alignBlocks aligns two paragraph lists and renders the alignment as
// blocks with word diffs.
func alignBlocks(old, new []string) []Block {
	a := &aligner{old: old, new: new}
	a.prepare()
	a.matchInOrder()
	a.extendSplits()
	a.findMoves()
	a.matchRewrites()
	return a.blocks()
}

func (a *aligner) prepare() {
	words := newWordInterner()
	a.oldBag = make([]paraBag, len(a.old))
	a.newBag = make([]paraBag, len(a.new))
	a.oldHash = make([]uint64, len(a.old))
	a.newHash = make([]uint64, len(a.new))
	for i, p := range a.old {
		a.oldBag[i] = words.bag(p)
		a.oldHash[i] = spacingHash(p)
	}
	for j, p := range a.new {
		a.newBag[j] = words.bag(p)
		a.newHash[j] = spacingHash(p)
	}
	a.oldSt = make([]int, len(a.old))
	a.newSt = make([]int, len(a.new))
	a.oldRef = make([]int, len(a.old))
	a.newRef = make([]int, len(a.new))
	if len(a.old)*len(a.new) <= alignMaxCells {
		a.sim = make([][]float32, len(a.old))
		for i := range a.old {
			a.sim[i] = make([]float32, len(a.new))
			for j := range a.new {
				a.sim[i][j] = float32(a.similarity(i, j))
			}
		}
	}
}

func (a *aligner) similarity(i, j int) float64 {
	if a.oldHash[i] == a.newHash[j] {
		return 1
	}
	x, y := len(a.oldBag[i]), len(a.newBag[j])
	if x == 0 || y == 0 {
		// Paragraphs without words (rules, stray punctuation) pair only
		// when identical.
		return 0
	}
	if 2*float64(min(x, y))/float64(x+y) < alignRewrite {
		return 0 // too different in length to pair at any threshold
	}
	return bagDice(a.oldBag[i], a.newBag[j])
}

func (a *aligner) simAt(i, j int) float64 {
	if a.sim != nil {
		return float64(a.sim[i][j])
	}
	if a.oldHash[i] == a.newHash[j] {
		return 1
	}
	return 0
}

// matchInOrder pairs paragraphs without crossing, maximising the summed
// similarity of pairs above alignMatch (a weighted longest common
// subsequence over the free paragraphs of the given ranges).
func (a *aligner) matchInOrder() {
	a.matchRange(0, len(a.old), 0, len(a.new), alignMatch)
}

func (a *aligner) matchRange(i0, i1, j0, j1 int, threshold float64) {
	var is, js []int
	for i := i0; i < i1; i++ {
		if a.oldSt[i] == stFree {
			is = append(is, i)
		}
	}
	for j := j0; j < j1; j++ {
		if a.newSt[j] == stFree {
			js = append(js, j)
		}
	}
	if len(is) == 0 || len(js) == 0 {
		return
	}
	if a.sim == nil {
		a.matchExact(is, js)
		return
	}
	n, m := len(is), len(js)
	score := make([]float32, (n+1)*(m+1))
	at := func(x, y int) int { return x*(m+1) + y }
	for x := 1; x <= n; x++ {
		for y := 1; y <= m; y++ {
			best := max(score[at(x-1, y)], score[at(x, y-1)])
			if s := a.sim[is[x-1]][js[y-1]]; float64(s) >= threshold {
				best = max(best, score[at(x-1, y-1)]+s)
			}
			score[at(x, y)] = best
		}
	}
	for x, y := n, m; x > 0 && y > 0; {
		s := a.sim[is[x-1]][js[y-1]]
		switch {
		case float64(s) >= threshold && score[at(x, y)] == score[at(x-1, y-1)]+s:
			a.addGroup(is[x-1], js[y-1], float64(s))
			x--
			y--
		case score[at(x, y)] == score[at(x-1, y)]:
			x--
		default:
			y--
		}
	}
}

// matchExact pairs exactly equal paragraphs in order, for inputs too large
// for the similarity table: a longest common subsequence by hashing.
func (a *aligner) matchExact(is, js []int) {
	pos := map[uint64][]int{}
	for _, j := range js {
		pos[a.newHash[j]] = append(pos[a.newHash[j]], j)
	}
	last := -1
	for _, i := range is {
		cands := pos[a.oldHash[i]]
		k := sort.SearchInts(cands, last+1)
		if k < len(cands) {
			a.addGroup(i, cands[k], 1)
			last = cands[k]
		}
	}
}

func (a *aligner) addGroup(i, j int, sim float64) {
	a.groups = append(a.groups, alignGroup{oldStart: i, oldCount: 1, newStart: j, newCount: 1, sim: sim})
	g := len(a.groups) - 1
	a.oldSt[i], a.oldRef[i] = stGroup, g
	a.newSt[j], a.newRef[j] = stGroup, g
}

// extendSplits grows matched pairs over free neighbours that are a part of
// their partner: a paragraph split in two, or two merged into one.
func (a *aligner) extendSplits() {
	if a.sim == nil {
		return
	}
	for g := range a.groups {
		gr := &a.groups[g]
		for changed := true; changed; {
			changed = false
			oldBag := a.groupBag(a.oldBag, gr.oldStart, gr.oldCount)
			newBag := a.groupBag(a.newBag, gr.newStart, gr.newCount)
			cur := bagDice(oldBag, newBag)
			try := func(side []paraBag, st []int, k int, self, other paraBag) bool {
				if k < 0 || k >= len(side) || st[k] != stFree || len(side[k]) == 0 {
					return false
				}
				return bagContained(side[k], other) >= alignPart && bagDice(bagUnion(self, side[k]), other) > cur
			}
			switch {
			case try(a.newBag, a.newSt, gr.newStart+gr.newCount, newBag, oldBag):
				gr.newCount++
			case try(a.newBag, a.newSt, gr.newStart-1, newBag, oldBag):
				gr.newStart--
				gr.newCount++
			case try(a.oldBag, a.oldSt, gr.oldStart+gr.oldCount, oldBag, newBag):
				gr.oldCount++
			case try(a.oldBag, a.oldSt, gr.oldStart-1, oldBag, newBag):
				gr.oldStart--
				gr.oldCount++
			default:
				continue
			}
			changed = true
			for i := gr.oldStart; i < gr.oldStart+gr.oldCount; i++ {
				a.oldSt[i], a.oldRef[i] = stGroup, g
			}
			for j := gr.newStart; j < gr.newStart+gr.newCount; j++ {
				a.newSt[j], a.newRef[j] = stGroup, g
			}
			gr.sim = bagDice(a.groupBag(a.oldBag, gr.oldStart, gr.oldCount), a.groupBag(a.newBag, gr.newStart, gr.newCount))
		}
	}
}

func (a *aligner) groupBag(bags []paraBag, start, count int) paraBag {
	if count == 1 {
		return bags[start]
	}
	var out paraBag
	for k := start; k < start+count; k++ {
		out = append(out, bags[k]...)
	}
	slices.Sort(out)
	return out
}

// findMoves pairs free paragraphs that match out of order, best first. Any
// such pair crosses the in-order matching (or matchInOrder would have taken
// it), so it is a move.
func (a *aligner) findMoves() {
	if a.sim == nil {
		return
	}
	type cand struct {
		i, j int
		s    float32
	}
	var cands []cand
	for i := range a.old {
		if a.oldSt[i] != stFree {
			continue
		}
		for j := range a.new {
			if a.newSt[j] == stFree && float64(a.sim[i][j]) >= alignMove {
				cands = append(cands, cand{i, j, a.sim[i][j]})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool { return cands[x].s > cands[y].s })
	for _, c := range cands {
		if a.oldSt[c.i] != stFree || a.newSt[c.j] != stFree {
			continue
		}
		a.moves = append(a.moves, [2]int{c.i, c.j})
		a.moveSim = append(a.moveSim, float64(c.s))
		k := len(a.moves) - 1
		a.oldSt[c.i], a.oldRef[c.i] = stMove, k
		a.newSt[c.j], a.newRef[c.j] = stMove, k
	}
}

// matchRewrites pairs, in order, what is left between two matched groups
// when it still shares enough words: a rewritten paragraph.
func (a *aligner) matchRewrites() {
	if a.sim == nil {
		return
	}
	anchors := slices.Clone(a.groups)
	sort.Slice(anchors, func(x, y int) bool { return anchors[x].oldStart < anchors[y].oldStart })
	i0, j0 := 0, 0
	for _, g := range anchors {
		a.matchRange(i0, g.oldStart, j0, g.newStart, alignRewrite)
		i0, j0 = g.oldStart+g.oldCount, g.newStart+g.newCount
	}
	a.matchRange(i0, len(a.old), j0, len(a.new), alignRewrite)
}

// blocks walks both versions in order and emits one block per group, free
// paragraph and move half.
func (a *aligner) blocks() []Block {
	var out []Block
	moveSrc := make([]int, len(a.moves))
	moveDst := make([]int, len(a.moves))
	i, j := 0, 0
	for i < len(a.old) || j < len(a.new) {
		switch {
		case i < len(a.old) && a.oldSt[i] == stFree:
			out = append(out, Block{Op: OpDelete, Left: a.old[i], LeftIndex: i, LeftCount: 1, RightIndex: -1, Pair: -1,
				Words: []WordOp{{Op: OpDelete, Text: a.old[i]}}})
			i++
		case i < len(a.old) && a.oldSt[i] == stMove:
			k := a.oldRef[i]
			moveSrc[k] = len(out)
			out = append(out, Block{Op: OpMove, Left: a.old[i], LeftIndex: i, LeftCount: 1, RightIndex: -1,
				Words: []WordOp{{Op: OpDelete, Text: a.old[i]}}, Similarity: a.moveSim[k]})
			i++
		case j < len(a.new) && a.newSt[j] == stFree:
			out = append(out, Block{Op: OpInsert, Right: a.new[j], LeftIndex: -1, RightIndex: j, RightCount: 1, Pair: -1,
				Words: []WordOp{{Op: OpInsert, Text: a.new[j]}}})
			j++
		case j < len(a.new) && a.newSt[j] == stMove:
			k := a.newRef[j]
			moveDst[k] = len(out)
			src := a.old[a.moves[k][0]]
			b := Block{Op: OpMove, Right: a.new[j], LeftIndex: -1, RightIndex: j, RightCount: 1,
				Words: diffWords(src, a.new[j]), Similarity: a.moveSim[k]}
			b.Minor = src != a.new[j] && a.minorChange(src, a.new[j])
			out = append(out, b)
			j++
		case i < len(a.old) && j < len(a.new) && a.oldRef[i] == a.newRef[j] &&
			a.groups[a.oldRef[i]].oldStart == i && a.groups[a.newRef[j]].newStart == j:
			g := a.groups[a.oldRef[i]]
			out = append(out, a.groupBlock(g))
			i += g.oldCount
			j += g.newCount
		default:
			// Unreachable for a consistent alignment; emit the old
			// paragraph as deleted rather than loop or lose text.
			if i < len(a.old) {
				out = append(out, Block{Op: OpDelete, Left: a.old[i], LeftIndex: i, LeftCount: 1, RightIndex: -1, Pair: -1,
					Words: []WordOp{{Op: OpDelete, Text: a.old[i]}}})
				i++
			} else {
				out = append(out, Block{Op: OpInsert, Right: a.new[j], LeftIndex: -1, RightIndex: j, RightCount: 1, Pair: -1,
					Words: []WordOp{{Op: OpInsert, Text: a.new[j]}}})
				j++
			}
		}
	}
	for k := range a.moves {
		out[moveSrc[k]].Pair = moveDst[k]
		out[moveDst[k]].Pair = moveSrc[k]
	}
	return out
}

func (a *aligner) groupBlock(g alignGroup) Block {
	left := strings.Join(a.old[g.oldStart:g.oldStart+g.oldCount], "\n\n")
	right := strings.Join(a.new[g.newStart:g.newStart+g.newCount], "\n\n")
	b := Block{Left: left, Right: right, LeftIndex: g.oldStart, LeftCount: g.oldCount,
		RightIndex: g.newStart, RightCount: g.newCount, Pair: -1, Similarity: g.sim}
	if left == right {
		b.Op, b.Similarity = OpEqual, 1
		b.Words = []WordOp{{Op: OpEqual, Text: left}}
		if left == "" {
			b.Words = []WordOp{}
		}
		return b
	}
	b.Op = OpEdit
	b.Words = diffWords(left, right)
	b.Minor = g.oldCount == 1 && g.newCount == 1 && a.minorChange(left, right)
	return b
}

// spacingHash hashes a paragraph with every run of white space read as one
// space and none at either end, so re-wrapped copies hash alike.
func spacingHash(p string) uint64 {
	h := uint64(14695981039346656037)
	space := false
	started := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			space = started
			continue
		}
		if space {
			h = (h ^ ' ') * 1099511628211
			space = false
		}
		started = true
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// minorChange reports whether two texts have the same words once case,
// diacritics, punctuation, quote marks, spacing and spelling are folded.
func (a *aligner) minorChange(x, y string) bool {
	wx, wy := NormalizedWords(x), NormalizedWords(y)
	if len(wx) != len(wy) {
		return false
	}
	for k := range wx {
		if foldSpelling(wx[k]) != foldSpelling(wy[k]) {
			return false
		}
	}
	return true
}
