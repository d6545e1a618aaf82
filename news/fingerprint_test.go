package news

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSeedsResemble(t *testing.T) {
	dir := dataDir(t, "seeds")
	a, _ := os.ReadFile(filepath.Join(dir, "000_fbd83e62e615d0ef.txt"))
	b, _ := os.ReadFile(filepath.Join(dir, "002_0e0766ed69e2ed85.txt"))
	fa, fb := FingerprintText(string(a)), FingerprintText(string(b))
	c, j := Resemblance(fa, fb)
	shared := 0
	ka, kb := fa.BandKeys(), fb.BandKeys()
	for i := range ka {
		if ka[i] == kb[i] {
			shared++
		}
	}
	t.Logf("containment %.2f jaccard %.2f shared bands %d", c, j, shared)
	if c < 0.5 {
		t.Errorf("seed containment %.2f, want ≥ 0.5", c)
	}
}

// TestMinHashMatchesDefinition checks the unrolled minHash against its
// definition, one shingle at a time: stored band keys come from it, so an
// index built by an earlier version must keep finding the same stories.
func TestMinHashMatchesDefinition(t *testing.T) {
	definition := func(set []uint64) [NumHashes]uint32 {
		var sig [NumHashes]uint32
		for i := range sig {
			sig[i] = ^uint32(0)
		}
		for _, x := range set {
			for i := range sig {
				if v := uint32(mix64(x^(uint64(i+1)*0x9E3779B97F4A7C15)) >> 32); v < sig[i] {
					sig[i] = v
				}
			}
		}
		return sig
	}
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 700 {
		set := make([]uint64, n)
		for i := range set {
			set[i] = r.Uint64()
		}
		if minHash(set) != definition(set) {
			t.Fatalf("%d shingles: minHash differs from its definition", n)
		}
	}
}

// TestFoldedFieldsMatchDefinition checks appendFoldedFields, which makes
// article ids, against its definition on ASCII and non-ASCII text alike:
// a different byte would give every stored article a new id.
func TestFoldedFieldsMatchDefinition(t *testing.T) {
	pieces := []string{"A", "b", "Z", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "9", "-", "É", "\u00a0", "ß", "\xff"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := sb.String()
		want := strings.ToLower(strings.Join(strings.Fields(text), " "))
		if got := string(appendFoldedFields([]byte("x"), text)); got != "x"+want {
			t.Fatalf("appendFoldedFields(%q) = %q, want %q", text, got[1:], want)
		}
	}
}
