package news

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Block and word operations of a Diff.
const (
	OpEqual  = "equal"
	OpInsert = "insert"
	OpDelete = "delete"
	OpEdit   = "edit"
	OpMove   = "move"
)

// Diff is the change from one version of a text to another: a summary and
// the aligned blocks, in reading order of both versions.
//
// Rebuild invariant: joining with "\n\n" the Left of every block whose
// LeftCount > 0, in order, gives the old paragraphs joined with "\n\n"
// (OldText), and the same holds for Right, RightCount and the new paragraphs
// (NewText). Each block's Words rebuild its texts: the equal and delete
// words give Left, the equal and insert words give Right, except for the
// destination half of a move, whose equal and delete words give the Left of
// its source half (Blocks[Pair]).
type Diff struct {
	Summary Summary `json:"summary"`
	Blocks  []Block `json:"blocks"`
}

// Block is one aligned piece of the two versions.
//
//   - equal: the same paragraph on both sides, byte for byte.
//   - edit: old paragraphs on the left rewritten as the new on the right;
//     several paragraphs on one side (joined with "\n\n") mean a split or
//     merge. Minor marks edits of typography, case, spelling or spacing only.
//   - delete: old paragraphs only; insert: new paragraphs only.
//   - move: a paragraph that changed place. It comes as two blocks: the
//     source at its old place (Left only) and the destination at its new
//     place (Right only, with Words diffing the source's text against it);
//     Pair links each half to the other.
type Block struct {
	Op    string   `json:"op"`
	Left  string   `json:"left"`
	Right string   `json:"right"`
	Words []WordOp `json:"words"`
	// LeftIndex is the index of the first old paragraph in Left and
	// LeftCount how many there are (0 and LeftIndex -1 when the block has no
	// old side); likewise RightIndex and RightCount for the new paragraphs.
	LeftIndex  int `json:"left_index"`
	LeftCount  int `json:"left_count"`
	RightIndex int `json:"right_index"`
	RightCount int `json:"right_count"`
	// Pair is the index in Diff.Blocks of the other half of a move, -1 for
	// every other block.
	Pair  int  `json:"pair"`
	Minor bool `json:"minor,omitempty"`
	// Similarity of the two sides' words (Dice coefficient on normalised
	// words) for edits and moves; 1 for equal blocks, 0 otherwise.
	Similarity float64 `json:"similarity"`
}

// WordOp is one run of words within a block: kept, inserted or deleted.
// Text keeps the exact characters, spaces and punctuation included.
type WordOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// NumberChange is a number, or the words qualifying it, as changed between
// versions ("some 85%" to "about 85%"), with a word of context.
type NumberChange struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// Summary is the change between two versions as an editor would state it.
// Paragraph counts are of paragraphs (Added, Removed) or of blocks (Edited,
// Moved, Split, Merged); Retouched counts edits of typography, case,
// spelling or spacing only, which Edited leaves out.
type Summary struct {
	HeadlineChanged bool           `json:"headline_changed"`
	OldHeadline     string         `json:"old_headline"`
	NewHeadline     string         `json:"new_headline"`
	HeadlineWords   []WordOp       `json:"headline_words,omitempty"`
	Added           int            `json:"added"`
	Removed         int            `json:"removed"`
	Edited          int            `json:"edited"`
	Moved           int            `json:"moved"`
	Split           int            `json:"split"`
	Merged          int            `json:"merged"`
	Retouched       int            `json:"retouched"`
	Unchanged       int            `json:"unchanged"`
	QuotesAdded     []string       `json:"quotes_added"`
	QuotesRemoved   []string       `json:"quotes_removed"`
	NumbersChanged  []NumberChange `json:"numbers_changed"`
}

// String states the summary in one line, most telling changes first:
// "headline changed · 4 paragraphs added · 3 edited · 1 moved · some 85% → about 85%".
func (s Summary) String() string {
	var parts []string
	if s.HeadlineChanged {
		parts = append(parts, "headline changed")
	}
	noun := true
	count := func(n int, what string) {
		if n == 0 {
			return
		}
		if noun {
			p := "paragraphs"
			if n == 1 {
				p = "paragraph"
			}
			parts = append(parts, fmt.Sprintf("%d %s %s", n, p, what))
			noun = false
			return
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, what))
	}
	count(s.Added, "added")
	count(s.Removed, "removed")
	count(s.Edited, "edited")
	count(s.Moved, "moved")
	count(s.Split, "split")
	count(s.Merged, "merged")
	if n := len(s.QuotesAdded); n > 0 {
		parts = append(parts, diffPlural(n, "quote", "quotes")+" added")
	}
	if n := len(s.QuotesRemoved); n > 0 {
		parts = append(parts, diffPlural(n, "quote", "quotes")+" removed")
	}
	const maxNumbers = 3
	for i, nc := range s.NumbersChanged {
		if i == maxNumbers {
			parts = append(parts, fmt.Sprintf("%d more numbers changed", len(s.NumbersChanged)-maxNumbers))
			break
		}
		parts = append(parts, nc.Old+" → "+nc.New)
	}
	if len(parts) == 0 {
		if s.Retouched > 0 {
			return "typography only"
		}
		return "no changes"
	}
	return strings.Join(parts, " · ")
}

func diffPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// OldText rebuilds the old version's paragraphs, joined with "\n\n", from
// the blocks.
func (d Diff) OldText() string {
	var parts []string
	for _, b := range d.Blocks {
		if b.LeftCount > 0 {
			parts = append(parts, b.Left)
		}
	}
	return strings.Join(parts, "\n\n")
}

// NewText rebuilds the new version's paragraphs, joined with "\n\n", from
// the blocks.
func (d Diff) NewText() string {
	var parts []string
	for _, b := range d.Blocks {
		if b.RightCount > 0 {
			parts = append(parts, b.Right)
		}
	}
	return strings.Join(parts, "\n\n")
}

// Changes returns the indexes of the blocks that are not equal, so a viewer
// can jump from change to change.
func (d Diff) Changes() []int {
	var out []int
	for i, b := range d.Blocks {
		if b.Op != OpEqual {
			out = append(out, i)
		}
	}
	return out
}

// DiffArticles diffs two versions of an article: headline, paragraphs,
// quotes (from Article.Quotes, when filled) and numbers.
func DiffArticles(old, new *Article) Diff {
	if old == nil {
		old = &Article{}
	}
	if new == nil {
		new = &Article{}
	}
	d := DiffParagraphs(old.Paragraphs, new.Paragraphs)
	s := &d.Summary
	s.OldHeadline, s.NewHeadline = old.Title, new.Title
	if diffCollapse(old.Title) != diffCollapse(new.Title) {
		s.HeadlineChanged = true
		s.HeadlineWords = diffWords(diffCollapse(old.Title), diffCollapse(new.Title))
	}
	s.QuotesAdded = quotesMissing(new.Quotes, old.Paragraphs)
	s.QuotesRemoved = quotesMissing(old.Quotes, new.Paragraphs)
	return d
}

// DiffParagraphs diffs two texts given as paragraphs. A text diffed with
// itself gives only equal blocks.
func DiffParagraphs(old, new []string) Diff {
	d := Diff{Blocks: alignBlocks(old, new)}
	s := &d.Summary
	s.QuotesAdded, s.QuotesRemoved = []string{}, []string{}
	for _, b := range d.Blocks {
		switch b.Op {
		case OpEqual:
			s.Unchanged++
		case OpInsert:
			s.Added += b.RightCount
		case OpDelete:
			s.Removed += b.LeftCount
		case OpEdit:
			switch {
			case b.Minor:
				s.Retouched++
			default:
				s.Edited++
			}
			if b.RightCount > 1 {
				s.Split++
			}
			if b.LeftCount > 1 {
				s.Merged++
			}
		case OpMove:
			if b.RightCount > 0 {
				s.Moved++
			}
		}
		if b.Op == OpEdit || b.Op == OpMove && b.RightCount > 0 {
			s.NumbersChanged = append(s.NumbersChanged, numberChanges(b.Words)...)
		}
	}
	if s.NumbersChanged == nil {
		s.NumbersChanged = []NumberChange{}
	}
	return d
}

// quotesMissing returns the texts of quotes whose words do not occur, in
// order, anywhere in the other version's body: those were added (or
// removed). Comparing against the body rather than the other version's
// quote list keeps the answer right when only one version's quotes were
// extracted.
func quotesMissing(quotes []Quote, other []string) []string {
	out := []string{}
	if len(quotes) == 0 {
		return out
	}
	body := " " + strings.Join(NormalizedWords(strings.Join(other, "\n")), " ") + " "
	seen := map[string]bool{}
	for _, q := range quotes {
		norm := strings.Join(NormalizedWords(q.Text), " ")
		if norm == "" || seen[norm] {
			continue
		}
		seen[norm] = true
		if !strings.Contains(body, " "+norm+" ") {
			out = append(out, diffCollapse(q.Text))
		}
	}
	return out
}

// numberChanges finds the replaced runs of words that hold a number or sit
// next to one, with a word of context either side.
func numberChanges(words []WordOp) []NumberChange {
	var out []NumberChange
	for i := 0; i < len(words); {
		if words[i].Op == OpEqual {
			i++
			continue
		}
		j := i
		var del, ins strings.Builder
		for j < len(words) && words[j].Op != OpEqual {
			if words[j].Op == OpDelete {
				del.WriteString(words[j].Text)
			} else {
				ins.WriteString(words[j].Text)
			}
			j++
		}
		var before, after string
		if i > 0 {
			before = lastWordWithTail(words[i-1].Text)
		}
		if j < len(words) {
			after = firstWordWithLead(words[j].Text)
		}
		i = j
		d, n := del.String(), ins.String()
		if strings.TrimSpace(d) == "" || strings.TrimSpace(n) == "" {
			continue
		}
		hunkNum := diffHasDigit(d) || diffHasDigit(n)
		if !hunkNum && !diffHasDigit(before) && !diffHasDigit(after) {
			continue
		}
		if !hunkNum && !diffHasDigit(before) {
			before = ""
		}
		if !hunkNum && !diffHasDigit(after) {
			after = ""
		}
		o, nw := diffCollapse(before+d+after), diffCollapse(before+n+after)
		const maxLen = 60
		if o == nw || len(o) > maxLen || len(nw) > maxLen {
			continue
		}
		out = append(out, NumberChange{Old: o, New: nw})
	}
	return out
}

// lastWordWithTail returns the last word of s and what follows it.
func lastWordWithTail(s string) string {
	end := strings.LastIndexFunc(s, diffIsWordRune)
	if end < 0 {
		return ""
	}
	start := strings.LastIndexFunc(s[:end], unicode.IsSpace)
	if start < 0 {
		return s
	}
	_, size := utf8.DecodeRuneInString(s[start:])
	return s[start+size:]
}

// firstWordWithLead returns the start of s up to the end of its first word.
func firstWordWithLead(s string) string {
	start := strings.IndexFunc(s, diffIsWordRune)
	if start < 0 {
		return ""
	}
	end := strings.IndexFunc(s[start:], unicode.IsSpace)
	if end < 0 {
		return s
	}
	return s[:start+end]
}

func diffIsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func diffHasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

func diffCollapse(s string) string { return strings.Join(strings.Fields(s), " ") }
