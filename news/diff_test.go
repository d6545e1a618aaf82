package news

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// checkDiff verifies the rebuild invariant documented on Diff.
func checkDiff(t testing.TB, old, new []string, d Diff) {
	t.Helper()
	if got, want := d.OldText(), strings.Join(old, "\n\n"); got != want {
		t.Fatalf("old text not rebuilt:\n got %q\nwant %q", got, want)
	}
	if got, want := d.NewText(), strings.Join(new, "\n\n"); got != want {
		t.Fatalf("new text not rebuilt:\n got %q\nwant %q", got, want)
	}
	li, ri := 0, 0
	for k, b := range d.Blocks {
		if b.LeftCount > 0 {
			if b.LeftIndex != li {
				t.Fatalf("block %d: left index %d, want %d", k, b.LeftIndex, li)
			}
			if want := strings.Join(old[li:li+b.LeftCount], "\n\n"); b.Left != want {
				t.Fatalf("block %d: left %q, want %q", k, b.Left, want)
			}
			li += b.LeftCount
		} else if b.LeftIndex != -1 || b.Left != "" {
			t.Fatalf("block %d: no left side but index %d, text %q", k, b.LeftIndex, b.Left)
		}
		if b.RightCount > 0 {
			if b.RightIndex != ri {
				t.Fatalf("block %d: right index %d, want %d", k, b.RightIndex, ri)
			}
			ri += b.RightCount
		} else if b.RightIndex != -1 || b.Right != "" {
			t.Fatalf("block %d: no right side but index %d, text %q", k, b.RightIndex, b.Right)
		}
		var l, r strings.Builder
		for _, w := range b.Words {
			switch w.Op {
			case OpEqual:
				l.WriteString(w.Text)
				r.WriteString(w.Text)
			case OpDelete:
				l.WriteString(w.Text)
			case OpInsert:
				r.WriteString(w.Text)
			default:
				t.Fatalf("block %d: word op %q", k, w.Op)
			}
		}
		wantL, wantR := b.Left, b.Right
		switch b.Op {
		case OpMove:
			if b.Pair < 0 || b.Pair >= len(d.Blocks) || d.Blocks[b.Pair].Pair != k || d.Blocks[b.Pair].Op != OpMove {
				t.Fatalf("block %d: move pair %d broken", k, b.Pair)
			}
			if b.RightCount > 0 {
				wantL = d.Blocks[b.Pair].Left
			}
		case OpEqual:
			if b.Left != b.Right {
				t.Fatalf("block %d: equal block with different sides", k)
			}
			fallthrough
		default:
			if b.Pair != -1 {
				t.Fatalf("block %d: %s with pair %d", k, b.Op, b.Pair)
			}
		}
		if l.String() != wantL || r.String() != wantR {
			t.Fatalf("block %d (%s): words rebuild\n L %q\n want %q\n R %q\n want %q", k, b.Op, l.String(), wantL, r.String(), wantR)
		}
	}
	if li != len(old) || ri != len(new) {
		t.Fatalf("blocks cover %d/%d old and %d/%d new paragraphs", li, len(old), ri, len(new))
	}
}

func TestSeedsDiffSummary(t *testing.T) {
	old, new := seedArticles(t)
	d := DiffArticles(old, new)
	checkDiff(t, old.Paragraphs, new.Paragraphs, d)
	s := d.Summary
	if !s.HeadlineChanged || s.OldHeadline != old.Title || s.NewHeadline != new.Title {
		t.Errorf("headline change not reported: %+v", s)
	}
	inserted := ""
	for _, b := range d.Blocks {
		if b.Op == OpInsert {
			inserted += b.Right + "\n"
		}
		if b.Op == OpDelete {
			t.Errorf("old paragraph reported deleted: %q", b.Left)
		}
	}
	for _, want := range []string{"The White House had tried", "But everyone understands that the mission failed", "The Taliban is a terrorist organization banned in Russia"} {
		if !strings.Contains(inserted, want) {
			t.Errorf("added paragraph %q not reported as insert", want)
		}
	}
	for _, b := range d.Blocks {
		if b.Op == OpInsert && (strings.Contains(b.Right, "Taliban insurgents") || strings.Contains(b.Right, "Emomali Rakhmon")) {
			t.Errorf("common paragraph reported as added: %q", b.Right)
		}
	}
	if !slices.Contains(s.NumbersChanged, NumberChange{Old: "some 85%", New: "about 85%"}) {
		t.Errorf("numbers changed %v, want some 85%% → about 85%%", s.NumbersChanged)
	}
	if s.Added < 3 || s.Removed != 0 {
		t.Errorf("added %d removed %d", s.Added, s.Removed)
	}
	line := s.String()
	for _, want := range []string{"headline changed", "paragraphs added", "some 85% → about 85%"} {
		if !strings.Contains(line, want) {
			t.Errorf("summary %q lacks %q", line, want)
		}
	}
	t.Logf("seed summary: %s", line)
	// Typography-only paragraphs are minor word edits, never rewrites.
	for _, b := range d.Blocks {
		if b.Op == OpEdit && strings.Contains(b.Left, "defense ministry") && !b.Minor {
			t.Errorf("case-only edit not minor: %q", b.Right)
		}
	}
}

func TestDiffIdentity(t *testing.T) {
	old, _ := seedArticles(t)
	d := DiffArticles(old, old)
	checkDiff(t, old.Paragraphs, old.Paragraphs, d)
	for _, b := range d.Blocks {
		if b.Op != OpEqual {
			t.Fatalf("self diff has %s block", b.Op)
		}
	}
	if got := d.Summary.String(); got != "no changes" {
		t.Errorf("self diff summary %q", got)
	}
}

func TestDiffCases(t *testing.T) {
	p := []string{
		"The council met on Monday to discuss the budget for the coming year and the plans for new schools.",
		"Opposition members walked out after the mayor refused to publish the full accounts of the water company.",
		"A spokesman said the accounts would be released in March once the auditors had finished their review.",
		"Residents have complained for months about rising bills and frequent interruptions to the supply.",
		"The next meeting is scheduled for the first week of February at the town hall.",
	}
	type want struct{ ops string }
	cases := []struct {
		name string
		new  []string
		ops  string
	}{
		{"same", p, "equal equal equal equal equal"},
		{"insert", []string{p[0], p[1], "A new paragraph about something else entirely, with other words in it.", p[2], p[3], p[4]}, "equal equal insert equal equal equal"},
		{"delete", []string{p[0], p[2], p[3], p[4]}, "equal delete equal equal equal"},
		{"move", []string{p[0], p[2], p[3], p[1], p[4]}, "equal move equal equal move equal"},
		{"edit", []string{p[0], strings.Replace(p[1], "walked out", "protested loudly", 1), p[2], p[3], p[4]}, "equal edit equal equal equal"},
		{"split", []string{p[0], "Opposition members walked out after the mayor refused.", "He would not publish the full accounts of the water company.", p[2], p[3], p[4]}, "equal edit equal equal equal"},
		{"merge", []string{p[0], p[1] + " " + p[2], p[3], p[4]}, "equal edit equal equal"},
		{"wrap", []string{p[0], hardWrap(p[1], 30), p[2], p[3], p[4]}, "equal edit equal equal equal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := DiffParagraphs(p, c.new)
			checkDiff(t, p, c.new, d)
			var ops []string
			for _, b := range d.Blocks {
				ops = append(ops, b.Op)
			}
			if got := strings.Join(ops, " "); got != c.ops {
				t.Errorf("ops %q, want %q", got, c.ops)
			}
			switch c.name {
			case "split":
				if d.Summary.Split != 1 {
					t.Errorf("split not counted: %+v", d.Summary)
				}
			case "merge":
				if d.Summary.Merged != 1 {
					t.Errorf("merge not counted: %+v", d.Summary)
				}
			case "wrap":
				if d.Summary.Retouched != 1 || d.Summary.Edited != 0 {
					t.Errorf("wrapping counted as an edit: %+v", d.Summary)
				}
			case "move":
				if d.Summary.Moved != 1 || d.Summary.Added != 0 || d.Summary.Removed != 0 {
					t.Errorf("move summary %+v", d.Summary)
				}
			}
		})
	}
}

func TestWordDiffReadsAsPhrases(t *testing.T) {
	ops := diffWords("he said at a conference in the Uzbek capital Tashkent.", "he told reporters.")
	got := renderWordsForTest(ops)
	if got != "he [-said at a conference in the Uzbek capital Tashkent-]{+told reporters+}." {
		t.Errorf("word diff %q", got)
	}
	ops = diffWords("spreading to neighbouring countries", "spreading to neighboring countries")
	if got := renderWordsForTest(ops); got != "spreading to [-neighbouring-]{+neighboring+} countries" {
		t.Errorf("spelling diff %q", got)
	}
}

func TestNumberChanges(t *testing.T) {
	d := DiffParagraphs(
		[]string{"Nearly 350 Afghan refugees crossed the border on Friday, officials in the capital said."},
		[]string{"Nearly 400 Afghan refugees crossed the border on Friday, officials in the capital said."})
	if want := []NumberChange{{"Nearly 350 Afghan", "Nearly 400 Afghan"}}; !slices.Equal(d.Summary.NumbersChanged, want) {
		t.Errorf("numbers %v, want %v", d.Summary.NumbersChanged, want)
	}
	// A no-break space before the number: context keeps whole characters.
	d = DiffParagraphs([]string{"claimed control over some\u00a085% of the country"}, []string{"claimed control over about\u00a085% of the country"})
	if want := []NumberChange{{"some 85%", "about 85%"}}; !slices.Equal(d.Summary.NumbersChanged, want) {
		t.Errorf("numbers %q, want %q", d.Summary.NumbersChanged, want)
	}
}

func TestQuotesAddedRemoved(t *testing.T) {
	old := &Article{Title: "T", Paragraphs: []string{`"We will not leave," he said.`}, Quotes: []Quote{{Text: "We will not leave,"}}}
	new := &Article{Title: "T", Paragraphs: []string{`"We will stay," he said.`}, Quotes: []Quote{{Text: "We will stay,"}}}
	s := DiffArticles(old, new).Summary
	if !slices.Equal(s.QuotesAdded, []string{"We will stay,"}) || !slices.Equal(s.QuotesRemoved, []string{"We will not leave,"}) {
		t.Errorf("quotes added %q removed %q", s.QuotesAdded, s.QuotesRemoved)
	}
}

func TestSummaryString(t *testing.T) {
	s := Summary{HeadlineChanged: true, Added: 4, Edited: 3, Moved: 1, NumbersChanged: []NumberChange{{"some 85%", "about 85%"}}}
	if got, want := s.String(), "headline changed · 4 paragraphs added · 3 edited · 1 moved · some 85% → about 85%"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := (Summary{Removed: 1}).String(); got != "1 paragraph removed" {
		t.Errorf("got %q", got)
	}
}

func TestSentencesAndTokensRebuild(t *testing.T) {
	for _, s := range []string{
		`Russia's defense ministry said U.S. troops left. "It's clear," he said! Mr. Smith agreed? Yes… 20,000 reservists.`,
		"", "a", "  spaced  out  ", "ünïcödé wörds—and dashes - here.", "00000\xd7! 0", "\xff. A \xfe! B",
	} {
		if got := strings.Join(diffSentences(s), ""); got != s {
			t.Errorf("sentences of %q rebuild %q", s, got)
		}
		if got := strings.Join(wordTokens(s), ""); got != s {
			t.Errorf("tokens of %q rebuild %q", s, got)
		}
	}
	if n := len(diffSentences(`Russia's defense ministry said U.S. troops left. "It's clear," he said! Mr. Smith agreed?`)); n != 3 {
		t.Errorf("got %d sentences, want 3", n)
	}
}

// TestDiffProperties edits random texts in every way the aligner knows and
// checks the rebuild invariant and that a text diffed with itself is equal.
func TestDiffProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields("the a council mayor said on Friday 85% of troops border Russia NATO \"quoted\" it's ex-Soviet neighbouring U.S. 20,000 water, company. Afghanistan; report (new) — and")
	sentence := func() string {
		n := 4 + rng.IntN(12)
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(w, " ") + "."
	}
	para := func() string {
		n := 1 + rng.IntN(3)
		s := make([]string, n)
		for i := range s {
			s[i] = sentence()
		}
		return strings.Join(s, " ")
	}
	for iter := range 400 {
		old := make([]string, rng.IntN(12))
		for i := range old {
			old[i] = para()
		}
		new := slices.Clone(old)
		for range rng.IntN(6) {
			switch k := rng.IntN(7); {
			case k == 0 || len(new) == 0:
				i := rng.IntN(len(new) + 1)
				new = slices.Insert(new, i, para())
			case k == 1:
				i := rng.IntN(len(new))
				new = slices.Delete(new, i, i+1)
			case k == 2:
				i, j := rng.IntN(len(new)), rng.IntN(len(new))
				p := new[i]
				new = slices.Delete(new, i, i+1)
				new = slices.Insert(new, min(j, len(new)), p)
			case k == 3:
				i := rng.IntN(len(new))
				w := strings.Fields(new[i])
				w[rng.IntN(len(w))] = vocab[rng.IntN(len(vocab))]
				new[i] = strings.Join(w, " ")
			case k == 4:
				i := rng.IntN(len(new))
				new[i] = hardWrap(new[i], 20+rng.IntN(40))
			case k == 5 && len(new) > 1:
				i := rng.IntN(len(new) - 1)
				new[i] += " " + new[i+1]
				new = slices.Delete(new, i+1, i+2)
			case k == 6:
				i := rng.IntN(len(new))
				if s := diffSentences(new[i]); len(s) > 1 {
					new[i] = strings.TrimSpace(s[0])
					new = slices.Insert(new, i+1, strings.Join(s[1:], ""))
				}
			}
		}
		t.Run(fmt.Sprint(iter), func(t *testing.T) {
			checkDiff(t, old, new, DiffParagraphs(old, new))
			self := DiffParagraphs(old, old)
			checkDiff(t, old, old, self)
			for _, b := range self.Blocks {
				if b.Op != OpEqual {
					t.Fatalf("self diff block %s", b.Op)
				}
			}
		})
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("one two three.|two paragraphs here.", "one two four.|second paragraph here.|third")
	f.Add("wrapped\nline-\nbreak.\n\nblank|b", "wrapped line-break.|b")
	f.Add("", "x")
	f.Add("\ue72c", "00000\xd7! 0")
	f.Add("a|b", "b|a")
	f.Add("\"Quoted,\" he said.|Some 85% of it.", "''Quoted,\" he said.|About 85% of it.")
	f.Fuzz(func(t *testing.T, a, b string) {
		// Paragraphs split at "|" so that they can hold line breaks and
		// blank lines themselves.
		old, new := strings.Split(a, "|"), strings.Split(b, "|")
		checkDiff(t, old, new, DiffParagraphs(old, new))
		self := DiffParagraphs(old, old)
		for _, blk := range self.Blocks {
			if blk.Op != OpEqual {
				t.Fatalf("self diff block %s", blk.Op)
			}
		}
		_ = self.Summary.String()
		// Word diff of the whole texts, as used for headlines.
		var l, r strings.Builder
		for _, w := range diffWords(a, b) {
			if w.Op != OpInsert {
				l.WriteString(w.Text)
			}
			if w.Op != OpDelete {
				r.WriteString(w.Text)
			}
		}
		if l.String() != a || r.String() != b {
			t.Fatalf("word diff does not rebuild: %q / %q", l.String(), r.String())
		}
	})
}

// hardWrap breaks text into lines of at most width columns, hyphenating
// long words at the line end the way a PDF extraction does.
func hardWrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if col+1+len(w) > width {
				if len(w) > 8 && width-col-1 > 4 && isLetters(w) {
					cut := width - col - 2
					b.WriteString(" " + w[:cut] + "-\n")
					w = w[cut:]
				} else {
					b.WriteString("\n")
				}
				col = 0
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// TestDiffHugeInput checks that inputs far beyond any article stay bounded:
// a one-paragraph text of 20,000 sentences and 5,000 short paragraphs.
func TestDiffHugeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	var a, b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&a, "Sentence number %d is here. ", i)
		fmt.Fprintf(&b, "Sentence number %d is there. ", i+1)
	}
	old, new := []string{a.String()}, []string{b.String()}
	checkDiff(t, old, new, DiffParagraphs(old, new))
	var po, pn []string
	for i := range 5000 {
		po = append(po, fmt.Sprintf("Paragraph %d.", i))
		pn = append(pn, fmt.Sprintf("Paragraph %d.", i+i%2))
	}
	checkDiff(t, po, pn, DiffParagraphs(po, pn))
}

// TestUnrelatedParagraphsNotPaired replaces one paragraph of each Wikinews
// article with another paragraph of the same article (old) and with a third
// one (new): the two share a subject and names but are different text, and
// should show as a deletion and an insertion, not as a rewrite.
func TestUnrelatedParagraphsNotPaired(t *testing.T) {
	texts := wikinewsTexts(t)
	trials, paired := 0, 0
	for _, paras := range texts {
		if len(paras) < 8 {
			continue
		}
		for k := 2; k+4 < len(paras); k += 3 {
			old := slices.Clone(paras[:k+1])
			new := slices.Clone(paras[:k+1])
			old[k], new[k] = paras[k+2], paras[k+4]
			if len(strings.Fields(old[k])) < 12 || len(strings.Fields(new[k])) < 12 {
				continue
			}
			trials++
			d := DiffParagraphs(old, new)
			checkDiff(t, old, new, d)
			for _, b := range d.Blocks {
				if b.Op == OpEdit || b.Op == OpMove {
					paired++
					t.Logf("paired at %.2f:\n  %.80q\n  %.80q", b.Similarity, old[k], new[k])
				}
			}
		}
	}
	t.Logf("%d of %d unrelated paragraph pairs shown as rewrites", paired, trials)
	if trials == 0 || float64(paired)/float64(trials) > 0.05 {
		t.Errorf("%d of %d unrelated paragraph pairs paired, want ≤ 5%%", paired, trials)
	}
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
