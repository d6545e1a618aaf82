package news

import (
	"bytes"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fingerprint parameters, chosen on the seeds and on synthetic versions (see
// docs/VERSIONS.md). A shingle is ShingleSize consecutive normalised words:
// four words keep the seeds' shingle containment at 0.75 on raw text while
// different articles on one event still share few shingles. A signature holds
// NumHashes MinHash values cut into Bands bands of Rows rows. Two rows per
// band make a pair with Jaccard 0.3 a candidate with probability 0.95 and one
// with 0.5 with 0.99999, which containment-style versions (a later text that
// adds paragraphs) need; candidates are then confirmed exactly by IsVersion.
const (
	ShingleSize = 4
	NumHashes   = 64
	Bands       = 32
	Rows        = NumHashes / Bands
	// AnchorWindow is the winnowing window for anchors: every run of that
	// many shingles has at least one sampled, so even a short text gets
	// anchors. MaxAnchors keeps the first that many in text order (a
	// story's opening survives most rewrites and a first short version is
	// its opening), so a book-sized text does not flood the key table.
	AnchorWindow = 12
	MaxAnchors   = 32
)

// Version decision thresholds, used by IsVersion and nowhere else so that the
// in-memory StoryIndex and the store's SQL version agree.
const (
	// MinShingles is the least number of shingles (about that many words
	// plus three) a text needs before it is compared at all: shorter texts
	// (a caption, an empty extraction) would match anything that quotes them.
	MinShingles = 20
	// MinContainment is the share of the smaller text's shingles that must
	// occur in the larger one.
	MinContainment = 0.5
	// MinJaccard guards against a short text swallowed by a long unrelated
	// one (a statement quoted in full): the two sets must also overlap this
	// much as a whole...
	MinJaccard = 0.1
	// ...unless the smaller text is almost wholly contained, as a first
	// short flash is in its long final version.
	StrongContainment = 0.8
	MinJaccardStrong  = 0.04
)

// Fingerprint is the content identity of an article's body, insensitive to
// case, quote styles, diacritics, British/American spelling, hyphenation and
// line breaks.
type Fingerprint struct {
	// Shingles holds the sorted, unique hashes of the body's word shingles.
	Shingles []uint64
	// Signature is the MinHash signature of Shingles.
	Signature [NumHashes]uint32
	// Anchors are hashes of consecutive pairs of shingles sampled by
	// winnowing, in text order: a passage that one text shares with another
	// gives both the same anchors whatever else either holds, so anchors find
	// a short text inside a long one, which MinHash bands (estimating
	// Jaccard) miss. BandKeys includes them.
	Anchors []uint64
}

// FingerprintOf fingerprints an article's title-less body.
func FingerprintOf(a *Article) Fingerprint {
	return FingerprintText(strings.Join(a.Paragraphs, "\n"))
}

// FingerprintText fingerprints a body of text.
func FingerprintText(text string) Fingerprint {
	// The words are hashed as they are cut, folded in the tokenizer's
	// buffer: no string per word on the import path.
	hw := make([]uint64, 0, len(text)/6)
	normalizedWords(text, func(w []byte) { hw = append(hw, hashWord(foldSpellingBytes(w))) })
	return FingerprintWordHashes(hw)
}

// FingerprintWordHashes fingerprints a text given as the hashes of its
// normalised words; FingerprintText uses it, and benchmarks use it to build
// realistic fingerprints without generating prose.
func FingerprintWordHashes(hw []uint64) Fingerprint {
	var fp Fingerprint
	if len(hw) == 0 {
		for i := range fp.Signature {
			fp.Signature[i] = ^uint32(0)
		}
		return fp
	}
	n := max(len(hw)-ShingleSize+1, 1)
	set := make([]uint64, 0, n)
	for i := 0; i < n; i++ {
		h := uint64(0x243F6A8885A308D3)
		for _, w := range hw[i:min(i+ShingleSize, len(hw))] {
			h = mix64(h ^ w)
		}
		set = append(set, h)
	}
	fp.Anchors = anchors(set)
	slices.Sort(set)
	fp.Shingles = slices.Compact(set)
	fp.Signature = minHash(fp.Shingles)
	return fp
}

// anchors winnows the shingle sequence (the smallest hash of every window
// of AnchorWindow shingles, re-mixed so the choice is independent of the
// MinHash functions) and hashes each consecutive pair of picks.
func anchors(seq []uint64) []uint64 {
	if len(seq) < 2 {
		return nil
	}
	rank := make([]uint64, len(seq))
	for k, h := range seq {
		rank[k] = mix64(h ^ 0x5851F42D4C957F2D)
	}
	var out []uint64
	last := -1
	prev := uint64(0)
	w := min(AnchorWindow, len(seq))
	for start := 0; start+w <= len(seq) && len(out) < MaxAnchors; start++ {
		best := start
		for k := start + 1; k < start+w; k++ {
			// rightmost minimum, as in winnowing, so a repeated value
			// does not pin the pick to its first occurrence
			if rank[k] <= rank[best] {
				best = k
			}
		}
		if best == last {
			continue
		}
		if last >= 0 {
			out = append(out, mix64(prev*0x9E3779B97F4A7C15^seq[best]))
		}
		last, prev = best, seq[best]
	}
	return out
}

// TooShort reports whether the text has too few shingles to be compared:
// such a text is never a version of anything and has no band keys.
func (f Fingerprint) TooShort() bool { return len(f.Shingles) < MinShingles }

// BandKeys returns the candidate keys of a fingerprint: one per LSH band,
// then its anchors. Two fingerprints that share any key are candidates for
// being versions of one story, to be confirmed with IsVersion. A band key
// never equals an anchor by more than chance. A fingerprint that is
// TooShort has no keys.
func (f Fingerprint) BandKeys() []uint64 {
	if f.TooShort() {
		return nil
	}
	keys := make([]uint64, Bands, Bands+len(f.Anchors))
	for b := range Bands {
		h := uint64(b+1) * 0x9E3779B97F4A7C15
		for r := range Rows {
			h ^= uint64(f.Signature[b*Rows+r])
			h *= 0xBF58476D1CE4E5B9
			h = bits.RotateLeft64(h, 31)
		}
		keys[b] = h
	}
	return append(keys, f.Anchors...)
}

// Resemblance returns the containment of the smaller shingle set in the
// larger and the Jaccard similarity of the two, computed exactly.
func Resemblance(a, b Fingerprint) (containment, jaccard float64) {
	if len(a.Shingles) == 0 || len(b.Shingles) == 0 {
		return 0, 0
	}
	inter := 0
	i, j := 0, 0
	for i < len(a.Shingles) && j < len(b.Shingles) {
		switch {
		case a.Shingles[i] == b.Shingles[j]:
			inter++
			i++
			j++
		case a.Shingles[i] < b.Shingles[j]:
			i++
		default:
			j++
		}
	}
	small := min(len(a.Shingles), len(b.Shingles))
	union := len(a.Shingles) + len(b.Shingles) - inter
	return float64(inter) / float64(small), float64(inter) / float64(union)
}

// IsVersion decides whether two fingerprints are versions of one text: both
// have at least MinShingles shingles, and either the smaller is contained in
// the larger at MinContainment with Jaccard at least MinJaccard, or it is
// contained at StrongContainment with Jaccard at least MinJaccardStrong.
// similarity is the containment, the figure shown beside a version.
func IsVersion(a, b Fingerprint) (ok bool, similarity float64) {
	if a.TooShort() || b.TooShort() {
		return false, 0
	}
	c, j := Resemblance(a, b)
	ok = c >= MinContainment && j >= MinJaccard || c >= StrongContainment && j >= MinJaccardStrong
	return ok, c
}

// NormalizedWords splits text into lower-case words with diacritics, quote
// marks and punctuation removed, and hyphenation folded: a hyphen between
// letters and a hyphen at a line end both join the two halves, so
// "ex-Soviet", "ex-\nSoviet" and "exSoviet" read alike, as they must when one
// version is hard-wrapped.
func NormalizedWords(text string) []string {
	words := make([]string, 0, len(text)/6)
	normalizedWords(text, func(w []byte) { words = append(words, string(w)) })
	return words
}

// normalizedWords calls emit with each word of NormalizedWords in a buffer
// that emit may change but not keep.
func normalizedWords(text string, emit func(w []byte)) {
	if isASCIIText(text) {
		normalizedWordsASCII(text, emit)
	} else {
		normalizedWordsUnicode(text, emit)
	}
}

// normalizedWordsUnicode is normalizedWords for any text.
func normalizedWordsUnicode(text string, emit func([]byte)) {
	decomposed := text
	if !norm.NFKD.IsNormalString(text) {
		decomposed = norm.NFKD.String(text)
	}
	buf := make([]byte, 0, 32)
	flush := func() {
		if len(buf) > 0 {
			emit(buf)
			buf = buf[:0]
		}
	}
	at := func(i int) (rune, int) { return utf8.DecodeRuneInString(decomposed[i:]) }
	for i := 0; i < len(decomposed); {
		r, size := at(i)
		next := i + size
		switch {
		case unicode.Is(unicode.Mn, r) || r == '\u00ad' || r == '\u200b':
			// combining mark (a diacritic), soft hyphen, zero-width space
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case r == '\'' || r == '’':
			// apostrophes join a word ("it's" and "it’s" both read "its")
		case r == '%':
			buf = append(buf, '%') // percent stays with its number
		case fpIsHyphen(r) && len(buf) > 0:
			// Join across the hyphen when a letter or digit follows,
			// directly or after one line break (end-of-line hyphenation);
			// a hyphen followed by a space is a dash and separates.
			k := next
			if k < len(decomposed) && decomposed[k] == '\r' {
				k++
			}
			if k < len(decomposed) && decomposed[k] == '\n' {
				k++
				for k < len(decomposed) && (decomposed[k] == ' ' || decomposed[k] == '\t') {
					k++
				}
			}
			if k < len(decomposed) {
				if r2, _ := at(k); unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					i = k
					continue
				}
			}
			flush()
		default:
			flush()
		}
		i = next
	}
	flush()
}

// normalizedWordsASCII is normalizedWords for ASCII text, byte by byte:
// most news text is ASCII and this runs on every paragraph of every diff.
func normalizedWordsASCII(text string, emit func([]byte)) {
	buf := make([]byte, 0, 32)
	flush := func() {
		if len(buf) > 0 {
			emit(buf)
			buf = buf[:0]
		}
	}
	isAlnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'A' && c <= 'Z':
			buf = append(buf, c+('a'-'A'))
		case isAlnum(c):
			buf = append(buf, c)
		case c == '\'':
		case c == '%':
			buf = append(buf, c)
		case c == '-' && len(buf) > 0:
			k := i + 1
			if k < len(text) && text[k] == '\r' {
				k++
			}
			if k < len(text) && text[k] == '\n' {
				k++
				for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
					k++
				}
			}
			if k < len(text) && isAlnum(text[k]) {
				i = k - 1
				continue
			}
			flush()
		default:
			flush()
		}
	}
	flush()
}

func isASCIIText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func fpIsHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// foldSpelling maps common British spellings to American ones
// (neighbouring, defence, capitalised), so that an edition's house style
// reads as the same words. It is applied on both sides, so an odd fold
// ("detour" to "detor") only ever makes two identical words agree.
func foldSpelling(w string) string {
	if len(w) < 5 {
		return w
	}
	if f := foldSpellingBytes([]byte(w)); string(f) != w {
		return string(f)
	}
	return w
}

// foldSpellingBytes is foldSpelling in place: every fold shortens the word
// or keeps its length.
func foldSpellingBytes(w []byte) []byte {
	if len(w) < 5 {
		return w
	}
	if i := bytes.Index(w, []byte("our")); i > 1 {
		w[i+1] = 'r'
		w = append(w[:i+2], w[i+3:]...)
	}
	for _, suf := range spellingFolds[w[len(w)-1]] {
		if len(w) > len(suf.from)+2 && string(w[len(w)-len(suf.from):]) == suf.from {
			return append(w[:len(w)-len(suf.from)], suf.to...)
		}
	}
	return w
}

// spellingFolds are foldSpellingBytes' suffix rewrites keyed by the
// suffix's last byte, so that most words are tested against none or a
// few. No suffix ends another, so the order within a list does not matter.
var spellingFolds = [256][]struct{ from, to string }{
	'n': {{"isation", "ization"}},
	'g': {{"ising", "izing"}, {"ysing", "yzing"}, {"lling", "ling"}},
	'd': {{"ised", "ized"}, {"ysed", "yzed"}, {"lled", "led"}},
	's': {{"ises", "izes"}, {"ences", "enses"}, {"tres", "ters"}},
	'e': {{"ise", "ize"}, {"yse", "yze"}, {"ence", "ense"}, {"ogue", "og"}, {"tre", "ter"}},
}

// hashWord is FNV-1a over the word's bytes, inlined to avoid an allocation
// per word on the import path.
func hashWord[T string | []byte](w T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

func minHash(set []uint64) [NumHashes]uint32 {
	var sig [NumHashes]uint32
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	// Four shingles at a time: each signature slot is loaded and stored
	// once per four hashes, and the minimum is taken without branches.
	// The result is the same as one shingle at a time.
	n := len(set) &^ 3
	for k := 0; k < n; k += 4 {
		x0, x1, x2, x3 := set[k], set[k+1], set[k+2], set[k+3]
		for i := range sig {
			c := uint64(i+1) * 0x9E3779B97F4A7C15
			a := min(uint32(mix64(x0^c)>>32), uint32(mix64(x1^c)>>32))
			b := min(uint32(mix64(x2^c)>>32), uint32(mix64(x3^c)>>32))
			sig[i] = min(a, b, sig[i])
		}
	}
	for _, x := range set[n:] {
		for i := range sig {
			c := uint64(i+1) * 0x9E3779B97F4A7C15
			sig[i] = min(uint32(mix64(x^c)>>32), sig[i])
		}
	}
	return sig
}

// mix64 is the splitmix64 finaliser: a cheap, well-distributed hash.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}
