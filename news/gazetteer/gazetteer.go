// Package gazetteer holds verso's embedded lists of real-world names (first
// names, countries, demonyms, cities and regions, organisations) and of
// ordinary English words, so that entity recognition needs no model and no
// download. The data is built by ./gen from freely licensed packages (see
// gen/main.go for sources and licences) and parsed once on first use.
package gazetteer

//go:generate go run ./gen -npm /tmp/h3gaz -dict /usr/share/dict/american-english -curated gen/curated.tsv -out data.txt.gz

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"hash/maphash"
	"io"
	"math"
	"strings"
	"sync"
)

//go:embed data.txt.gz
var raw []byte

// Kind is a bit set of what a name is known as; one surface form can be
// several things (Georgia is a country, a US state and a first name).
type Kind uint16

const (
	FirstName Kind = 1 << iota
	Country
	Place
	Demonym
	Org
)

// Entry is what the gazetteer knows of one surface form.
type Entry struct {
	Kind Kind
	// Canon maps a kind to the canonical name for that reading when it
	// differs from the surface form (U.S. -> United States, Afghan ->
	// Afghanistan, UN -> United Nations).
	Canon map[Kind]string
}

// Canonical returns the canonical name of s read as kind k.
func (e Entry) Canonical(s string, k Kind) string {
	if c, ok := e.Canon[k]; ok {
		return c
	}
	return s
}

// Table is the parsed gazetteer. It is immutable once built and safe for
// concurrent use.
type Table struct {
	names map[string]*Entry
	// wordSet holds each ordinary lowercase word, by hash, with what is
	// known of it: the analyser asks about most words of every article,
	// and a Go map of 64,000 strings costs two or three cache misses per
	// question (its control word, then the key's bytes), this one.
	wordSet  wordSet
	maxWords map[string]int // first word of a multi-word name -> most words in a name starting so
	// firstWords has the bit firstWordBit(w) set for each key w of
	// maxWords: a one-hash Bloom filter. The analyser asks MaxWords of
	// every word of every article, and only some 2,600 words open a
	// multi-word name; a clear bit in this 8 KB array (which stays in
	// cache) answers most of them without a map lookup.
	firstWords [firstWordBits / 64]uint64
}

// firstWordBits is the size of Table.firstWords: with 2,600 first words,
// about one other word in 25 finds its bit set and is looked up.
const firstWordBits = 1 << 16

// firstWordBit hashes w (32-bit FNV-1a) to a bit of Table.firstWords.
func firstWordBit(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h % firstWordBits
}

// wordInfo is what the table knows of an ordinary word.
type wordInfo struct {
	band  uint8 // background frequency band (see Rank), or noBand
	forms Form  // derived from the word list once at parse (see Form)
}

// Form says how an ordinary word is made from another word of the list:
// facts the analyser would otherwise look up for every word of every
// article, computed once for the whole list.
type Form uint8

const (
	// VerbForm is a past tense, participle or -ing form whose stem, with
	// or without a final e or a doubled consonant, is a word of its own
	// (arrested, started, wanted, stopped, planning).
	VerbForm Form = 1 << iota
	// Plural ends in s (not ss) and is a word without it (elections).
	Plural
)

var load = sync.OnceValue(func() *Table { return parse(raw) })

// Default returns the embedded gazetteer, parsing it on first use.
func Default() *Table { return load() }

func parse(data []byte) *Table {
	t := &Table{names: make(map[string]*Entry, 50000), maxWords: map[string]int{}}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return t // an empty table still works: rules alone
	}
	all, err := io.ReadAll(zr)
	if err != nil {
		return t
	}
	// one string for the whole file: names and words below are substrings
	// of it, not one allocation per line
	text := string(all)
	words := make(map[string]wordInfo, strings.Count(text, "\nw\t")+1)
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		kindS, rest2, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		name, canon, _ := strings.Cut(rest2, "\t")
		var k Kind
		switch kindS {
		case "w":
			if _, dup := words[name]; !dup {
				words[name] = wordInfo{band: parseBand(canon)}
			}
			continue
		case "f":
			k = FirstName
		case "c":
			k = Country
		case "p":
			k = Place
		case "d":
			k = Demonym
		case "o":
			k = Org
		default:
			continue
		}
		e := t.names[name]
		if e == nil {
			e = &Entry{}
			t.names[name] = e
		}
		e.Kind |= k
		if canon != "" {
			if e.Canon == nil {
				e.Canon = map[Kind]string{}
			}
			e.Canon[k] = canon
		}
		if strings.ContainsAny(name, " ,") {
			if n := wordCount(name); n > 1 {
				first := firstWord(name)
				if n > t.maxWords[first] {
					t.maxWords[first] = n
				}
			}
		}
	}
	for w := range t.maxWords {
		b := firstWordBit(w)
		t.firstWords[b/64] |= 1 << (b % 64)
	}
	// forms asks IsWord, so the set is filled first and the forms are
	// written into it.
	t.wordSet = newWordSet(words)
	for w := range words {
		if f := t.forms(w); f != 0 {
			t.wordSet.slot(w).info.forms = f
		}
	}
	return t
}

// wordSet is an open-addressing hash set of the ordinary words with their
// wordInfo, keyed by a 64-bit hash of the word alone: a word not in the
// list is taken for one only if its hash equals one of 64,000 others, about
// one chance in 10^14 per question.
type wordSet struct {
	seed  maphash.Seed
	slots []wordSlot // a power of two long, at most half full
}

type wordSlot struct {
	hash uint64 // 0: empty (hashes are stored with the low bit set)
	info wordInfo
}

func newWordSet(words map[string]wordInfo) wordSet {
	size := 1
	for size < 2*len(words) {
		size *= 2
	}
	for {
		s := wordSet{seed: maphash.MakeSeed(), slots: make([]wordSlot, size)}
		if s.fill(words) {
			return s
		}
		// Two words hashed alike under this seed: try another.
	}
}

// fill inserts words and reports false when two of them share a hash.
func (s *wordSet) fill(words map[string]wordInfo) bool {
	mask := uint64(len(s.slots) - 1)
	for w, info := range words {
		h := maphash.String(s.seed, w) | 1
		i := h & mask
		for s.slots[i].hash != 0 {
			if s.slots[i].hash == h {
				return false
			}
			i = (i + 1) & mask
		}
		s.slots[i] = wordSlot{h, info}
	}
	return true
}

func (s *wordSet) get(w string) (wordInfo, bool) {
	if p := s.slot(w); p != nil {
		return p.info, true
	}
	return wordInfo{}, false
}

// slot returns the slot of w, or nil when w is not in the set.
func (s *wordSet) slot(w string) *wordSlot {
	if len(s.slots) == 0 {
		return nil
	}
	mask := uint64(len(s.slots) - 1)
	h := maphash.String(s.seed, w) | 1
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i].hash {
		case h:
			return &s.slots[i]
		case 0:
			return nil
		}
	}
}

// forms works out the Form bits of the word w from the word list.
func (t *Table) forms(w string) Form {
	var f Form
	if t.verbForm(w) {
		f |= VerbForm
	}
	if strings.HasSuffix(w, "s") && t.IsWord(w[:len(w)-1]) && !strings.HasSuffix(w, "ss") {
		f |= Plural
	}
	return f
}

// verbForm reports a past tense or participle of a verb (arrested,
// started, wanted, attacking), which make poor topics: the stem with or
// without a final e is a word of its own.
func (t *Table) verbForm(w string) bool {
	for _, suf := range []string{"ed", "ing"} {
		if !strings.HasSuffix(w, suf) || len(w) < len(suf)+3 {
			continue
		}
		stem := w[:len(w)-len(suf)]
		if t.IsWord(stem) || t.IsWord(stem+"e") {
			return true
		}
		// doubled consonant: stopped, planning
		if n := len(stem); n > 2 && stem[n-1] == stem[n-2] && t.IsWord(stem[:n-1]) {
			return true
		}
	}
	return false
}

// noBand marks a word without a background frequency band: one rarer than
// the generator's cut-off (-freq-top), or one the frequency list lacks.
const noBand = 0xff

// parseBand reads a word's band field (decimal, 0-63), or noBand.
func parseBand(s string) uint8 {
	if s == "" || len(s) > 2 {
		return noBand
	}
	b := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return noBand
		}
		b = b*10 + int(c-'0')
	}
	if b > 63 {
		return noBand
	}
	return uint8(b)
}

// wordCount counts words as the tokenizer in package news sees them: runs
// split on spaces (a comma is its own word).
func wordCount(s string) int {
	return len(strings.Fields(strings.ReplaceAll(s, ",", " ,")))
}

func firstWord(s string) string {
	f := strings.Fields(strings.ReplaceAll(s, ",", " ,"))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// Lookup returns what is known of the exact surface form s.
func (t *Table) Lookup(s string) (Entry, bool) {
	e, ok := t.names[s]
	if !ok {
		return Entry{}, false
	}
	return *e, true
}

// IsWord reports whether lower is an ordinary lowercase English word.
func (t *Table) IsWord(lower string) bool {
	_, ok := t.wordSet.get(lower)
	return ok
}

// Word reports whether lower is an ordinary lowercase English word and, if
// so, its Form bits.
func (t *Table) Word(lower string) (Form, bool) {
	info, ok := t.wordSet.get(lower)
	return info.forms, ok
}

// Rank returns the approximate rank (1 = commonest) of the ordinary word
// lower in English at large (the commoner of its ranks in English Wikipedia
// and in SUBTLEX-US film subtitles), or 0 when lower is not a word or is
// rarer than the cut-off (the 16,384th word). Ranks are stored in half-octave bands
// (b = floor(2*log2(rank))), and Rank returns the band's geometric middle,
// 2^((2b+1)/4): close enough for an idf-like weight, which needs ln(rank).
func (t *Table) Rank(lower string) float64 {
	info, ok := t.wordSet.get(lower)
	if !ok || info.band == noBand {
		return 0
	}
	return math.Exp2(float64(2*int(info.band)+1) / 4)
}

// MaxWords returns the most words of any multi-word name that starts with
// the word first, or 1.
func (t *Table) MaxWords(first string) int {
	if b := firstWordBit(first); t.firstWords[b/64]&(1<<(b%64)) == 0 {
		return 1 // not a key of maxWords
	}
	if n := t.maxWords[first]; n > 1 {
		return n
	}
	return 1
}
