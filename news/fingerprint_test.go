package news

import (
	"os"
	"path/filepath"
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
