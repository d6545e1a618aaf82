package news

import (
	"hash/fnv"
	"math/bits"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fingerprint parameters. A shingle is ShingleSize consecutive normalised
// words; a signature holds NumHashes MinHash values, cut into Bands bands of
// Rows rows for LSH candidate search.
const (
	ShingleSize = 5
	NumHashes   = 128
	Bands       = 32
	Rows        = NumHashes / Bands
)

// Fingerprint is the content identity of an article's body, insensitive to
// case, quote styles, diacritics, hyphenation and line breaks.
type Fingerprint struct {
	// Shingles holds the sorted, unique hashes of the body's word shingles.
	Shingles []uint64
	// Signature is the MinHash signature of Shingles.
	Signature [NumHashes]uint32
}

// FingerprintOf fingerprints an article's title-less body.
func FingerprintOf(a *Article) Fingerprint {
	return FingerprintText(strings.Join(a.Paragraphs, "\n"))
}

// FingerprintText fingerprints a body of text.
func FingerprintText(text string) Fingerprint {
	words := NormalizedWords(text)
	var fp Fingerprint
	if len(words) == 0 {
		for i := range fp.Signature {
			fp.Signature[i] = ^uint32(0)
		}
		return fp
	}
	n := len(words) - ShingleSize + 1
	if n < 1 {
		n = 1
	}
	set := make([]uint64, 0, n)
	for i := 0; i < n; i++ {
		end := i + ShingleSize
		if end > len(words) {
			end = len(words)
		}
		h := fnv.New64a()
		for _, w := range words[i:end] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		set = append(set, h.Sum64())
	}
	sort.Slice(set, func(i, j int) bool { return set[i] < set[j] })
	fp.Shingles = dedupSorted(set)
	fp.Signature = minHash(fp.Shingles)
	return fp
}

// BandKeys returns one key per LSH band: two fingerprints that share any key
// are candidates for being versions of one story.
func (f Fingerprint) BandKeys() []uint64 {
	keys := make([]uint64, Bands)
	for b := 0; b < Bands; b++ {
		h := uint64(b+1) * 0x9E3779B97F4A7C15
		for r := 0; r < Rows; r++ {
			h ^= uint64(f.Signature[b*Rows+r])
			h *= 0xBF58476D1CE4E5B9
			h = bits.RotateLeft64(h, 31)
		}
		keys[b] = h
	}
	return keys
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

// NormalizedWords splits text into lower-case words with diacritics, quote
// marks and punctuation removed and end-of-line hyphenation folded.
func NormalizedWords(text string) []string {
	text = strings.ReplaceAll(text, "-\n", "")
	decomposed := norm.NFKD.String(text)
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range decomposed {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining mark: dropped with its diacritic
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '%':
			// apostrophes join a word ("it's"), percent stays with its number
			if r == '%' {
				cur.WriteRune(r)
			}
		default:
			flush()
		}
	}
	flush()
	return words
}

func dedupSorted(s []uint64) []uint64 {
	if len(s) == 0 {
		return s
	}
	out := s[:1]
	for _, v := range s[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

func minHash(set []uint64) [NumHashes]uint32 {
	var sig [NumHashes]uint32
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	for _, x := range set {
		for i := range sig {
			h := mix64(x ^ (uint64(i+1) * 0x9E3779B97F4A7C15))
			if v := uint32(h >> 32); v < sig[i] {
				sig[i] = v
			}
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
