package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden pins every screen at two sizes on both backgrounds. Run
// `go test ./ui -run TestGolden -update` after an intended change and
// review the diff of testdata/.
func TestGolden(t *testing.T) {
	screens := []struct {
		name string
		step func(h *harness)
	}{
		{"list", func(h *harness) {}},
		{"topics", func(h *harness) { h.keys("t") }},
		{"reader", func(h *harness) { h.send(openArticleMsg{id: "a2000000000000002"}) }},
		{"reader-search", func(h *harness) { h.send(openArticleMsg{id: "a2000000000000002"}); h.keys("/nato<enter>") }},
		{"search", func(h *harness) { h.keys("/lavrov") }},
		{"search-error", func(h *harness) { h.keys(`/lavrov "hasty`) }},
		{"versions", func(h *harness) { h.send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"}) }},
		{"help", func(h *harness) { h.send(openArticleMsg{id: "a2000000000000002"}); h.keys("?") }},
	}
	for _, sc := range screens {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			for _, dark := range []bool{true, false} {
				bg := "light"
				if dark {
					bg = "dark"
				}
				t.Run(fmt.Sprintf("%s/%dx%d/%s", sc.name, sz[0], sz[1], bg), func(t *testing.T) {
					h := newHarness(t, newFakeSource(seedLike()...), sz[0], sz[1], dark)
					sc.step(h)
					f := h.frame()
					checkFits(t, "golden frame", f, sz[0], sz[1])
					golden.RequireEqual(t, f)
				})
			}
		}
	}
}
