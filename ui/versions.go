package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/verso-news/verso/news"
)

// Messages of the versions screen; gen ties them to the open request.
type (
	versionsLoadedMsg struct {
		gen      int
		versions []news.Article
		err      error
	}
	diffReadyMsg struct {
		gen, left, right int
		diff             news.Diff
	}
)

type versionsModel struct {
	c        *common
	gen      int
	want     openVersionsMsg
	versions []news.Article
	left     int
	right    int
	diff     *news.Diff
	diffKey  [2]int
	err      error
	unified  bool
	rendered renderedDiff
	vp       viewport.Model
	change   int
	jumpOff  int // scroll offset right after the last jump
	// notice explains, until the next key, why a key did nothing.
	notice string
}

func newVersionsModel(c *common) versionsModel {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	return versionsModel{c: c, vp: vp}
}

func (v *versionsModel) open(msg openVersionsMsg) tea.Cmd {
	v.gen++
	v.want = msg
	v.versions, v.diff, v.err = nil, nil, nil
	v.rendered = renderedDiff{}
	v.vp.SetContentLines(nil)
	c, gen, id := v.c, v.gen, msg.left
	if id == "" {
		id = msg.right
	}
	return func() tea.Msg {
		vs, err := c.src.Versions(c.ctx, id)
		if err != nil {
			err = fmt.Errorf("load versions of %s: %w", id, err)
		}
		return versionsLoadedMsg{gen: gen, versions: vs, err: err}
	}
}

func (v *versionsModel) restyle() { v.render() }

func (v *versionsModel) resize() tea.Cmd {
	// A notice about the old size ("side by side needs 100 columns")
	// would be wrong about the new one.
	v.notice = ""
	v.render()
	return nil
}

// currentChange is the change the last n or N moved to, while the view is
// still where that jump left it; -1 once the user has scrolled away.
func (v *versionsModel) currentChange() int {
	if v.change >= 0 && v.jumpOff == v.vp.YOffset() {
		return v.change
	}
	return -1
}

func (v *versionsModel) layout() diffLayout {
	if v.unified || v.c.width < splitMinWidth {
		return layoutUnified
	}
	return layoutSplit
}

func (v *versionsModel) compute() tea.Cmd {
	if v.left < 0 || v.right >= len(v.versions) || v.left == v.right {
		return nil
	}
	gen, l, r := v.gen, v.left, v.right
	old, nw := v.versions[l], v.versions[r]
	return func() tea.Msg {
		return diffReadyMsg{gen: gen, left: l, right: r, diff: news.DiffArticles(&old, &nw)}
	}
}

func (v *versionsModel) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case versionsLoadedMsg:
		if msg.gen != v.gen {
			return nil
		}
		if msg.err != nil {
			v.err = msg.err
			return nil
		}
		// the store's order is oldest first; keep it
		vs := msg.versions
		v.versions = vs
		v.left, v.right = -1, -1
		for i := range vs {
			if vs[i].ID == v.want.left {
				v.left = i
			}
			if vs[i].ID == v.want.right {
				v.right = i
			}
		}
		switch {
		case len(vs) < 2:
			v.err = fmt.Errorf("this story has only one version")
			return nil
		case v.left < 0 && v.right < 0:
			v.left, v.right = len(vs)-2, len(vs)-1
		case v.left < 0:
			v.left = max(v.right-1, 0)
			if v.left == v.right {
				v.right = 1
			}
		case v.right < 0:
			v.right = min(v.left+1, len(vs)-1)
			if v.left == v.right {
				v.left = v.right - 1
			}
		}
		if v.left > v.right {
			v.left, v.right = v.right, v.left
		}
		return v.compute()
	case diffReadyMsg:
		if msg.gen != v.gen || msg.left != v.left || msg.right != v.right {
			return nil
		}
		d := msg.diff
		v.diff = &d
		v.change = -1
		v.render()
		v.vp.GotoTop()
		return nil
	case tea.KeyPressMsg:
		return v.key(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		v.vp, cmd = v.vp.Update(msg)
		return cmd
	}
	return nil
}

func (v *versionsModel) key(msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	v.notice = ""
	switch {
	case key.Matches(msg, k.Back):
		return v.c.goTo(backMsg{})
	case scrollViewport(&v.vp, k, msg):
	case key.Matches(msg, k.NextMatch):
		v.jump(1)
	case key.Matches(msg, k.PrevMatch):
		v.jump(-1)
	case key.Matches(msg, k.Unified):
		if v.c.width < splitMinWidth {
			v.notice = fmt.Sprintf("side by side needs %d columns", splitMinWidth)
			break
		}
		v.unified = !v.unified
		v.render()
	case key.Matches(msg, k.NextVersion):
		return v.step(false, 1)
	case key.Matches(msg, k.PrevVersion):
		return v.step(false, -1)
	case key.Matches(msg, k.NextOlder):
		return v.step(true, 1)
	case key.Matches(msg, k.PrevOlder):
		return v.step(true, -1)
	}
	return nil
}

// step moves one side of the comparison by d versions, the other side
// staying where it is: ] and [ the newer (right) side, } and { the older
// (left) one. The older side stays older than the newer side; when a side
// cannot move, the status line says why, and when it moves, to where.
func (v *versionsModel) step(older bool, d int) tea.Cmd {
	if len(v.versions) < 2 || v.left < 0 || v.right < 0 {
		return nil
	}
	n := len(v.versions)
	k := v.c.keys
	switch {
	case !older && d > 0 && v.right+1 >= n:
		v.notice = "the newer side is the newest version"
	case !older && d < 0 && v.right-1 <= v.left:
		v.notice = "the newer side is next to the older side"
		if v.left > 0 {
			v.notice += "; " + k.PrevOlder.Help().Key + " moves the older side back"
		}
	case older && d < 0 && v.left == 0:
		v.notice = "the older side is the oldest version"
	case older && d > 0 && v.left+1 >= v.right:
		v.notice = "the older side is next to the newer side"
		if v.right+1 < n {
			v.notice += "; " + k.NextVersion.Help().Key + " moves the newer side on"
		}
	case older:
		v.left += d
		v.notice = fmt.Sprintf("older side: version %d of %d", v.left+1, n)
		v.diff = nil
		return v.compute()
	default:
		v.right += d
		v.notice = fmt.Sprintf("newer side: version %d of %d", v.right+1, n)
		v.diff = nil
		return v.compute()
	}
	return nil
}

// jump moves to the next or previous change. After a jump it steps from
// that change; once the user has scrolled, it starts from the screen.
func (v *versionsModel) jump(d int) {
	ch := v.rendered.changes
	if len(ch) == 0 {
		return
	}
	top := v.vp.YOffset()
	i := -1
	if v.change >= 0 && v.change < len(ch) && v.jumpOff == top {
		i = v.change + d
	} else if d > 0 {
		i = sort.SearchInts(ch, top)
	} else {
		i = sort.SearchInts(ch, top) - 1
	}
	// wrap around at either end
	i = (i + len(ch)) % len(ch)
	v.change = i
	v.vp.SetYOffset(ch[i])
	v.jumpOff = v.vp.YOffset()
}

func (v *versionsModel) headerLines() []string {
	if len(v.versions) == 0 || v.left < 0 || v.right < 0 {
		return nil
	}
	s := v.c.styles
	w := v.c.width
	old, nw := &v.versions[v.left], &v.versions[v.right]
	date := func(a *news.Article) string {
		d := dateLine(a.Published, a.DateSource, v.c.loc)
		if site := clean(a.Site); site != "" {
			d += " · " + site
		}
		return d
	}
	pos := fmt.Sprintf("versions %d ↔ %d of %d", v.left+1, v.right+1, len(v.versions))
	if w < 40 {
		pos = fmt.Sprintf("v%d ↔ v%d of %d", v.left+1, v.right+1, len(v.versions))
	}
	sum := "comparing…"
	if v.diff != nil {
		sum = v.diff.Summary.String()
	}
	posLine := s.Header.Render(truncate(pos, w))
	if rest := w - lipgloss.Width(pos) - 3; rest > 0 {
		posLine += s.Muted.Render(" · ") + s.Badge.Render(truncate(clean(sum), rest))
	}
	switch v.headerSize() {
	case headerNone:
		return nil
	case headerCompact:
		// one line: which versions, and what changed
		return []string{posLine}
	}
	var out []string
	if v.layout() == layoutSplit {
		// line up with diffview's columns: gutter, space, text, space, rule
		leftW := max((w-7)/2, 1)
		colW := leftW + 3
		rightW := max(w-colW-2, 1)
		sep := s.Muted.Render("│ ")
		out = append(out,
			padRight(s.Removed.Render("older ")+s.Title.Render(truncate(rowTitle(old.Title), max(colW-7, 1))), colW)+sep+s.Added.Render("newer ")+s.Title.Render(truncate(rowTitle(nw.Title), max(rightW-6, 1))),
			padRight(s.Muted.Render(truncate("      "+date(old), colW-1)), colW)+sep+s.Muted.Render(truncate("      "+date(nw), rightW)),
		)
	} else {
		out = append(out,
			s.Removed.Render("older ")+s.Title.Render(truncate(rowTitle(old.Title), max(w-6, 1))),
			s.Muted.Render(truncate("      "+date(old), w)),
			s.Added.Render("newer ")+s.Title.Render(truncate(rowTitle(nw.Title), max(w-6, 1))),
			s.Muted.Render(truncate("      "+date(nw), w)),
		)
	}
	out = append(out, posLine)
	out = append(out, s.Muted.Render(strings.Repeat("─", max(w, 1))))
	return out
}

// How much of the header the screen has room for.
const (
	headerFull    = iota // headlines, dates and sites, position and summary, rule
	headerCompact        // position and summary on one line
	headerNone           // the diff and the status line only
)

// minDiffRows is the least diff a full header may leave on screen; below
// it the header shrinks to one line, so a small terminal still shows the
// diff rather than only the header.
const minDiffRows = 8

func (v *versionsModel) headerSize() int {
	full := 6 // older, its date, newer, its date, position, rule
	if v.layout() == layoutSplit {
		full = 4 // both columns share the headline and date lines
	}
	body := v.c.height - 1 // the status line
	switch {
	case body-full >= minDiffRows:
		return headerFull
	case body >= 3:
		return headerCompact
	}
	return headerNone
}

// render draws the diff for the current width and layout into the
// viewport. The place in the diff survives a resize or a change of layout,
// though lines wrap differently: a change that was jumped to stays on
// screen, the end stays the end, and otherwise the same share of the diff
// is above the screen.
func (v *versionsModel) render() {
	hh := len(v.headerLines())
	v.vp.SetWidth(v.c.width)
	v.vp.SetHeight(max(v.c.height-hh-1, 1))
	if v.diff == nil {
		return
	}
	off, total := v.vp.YOffset(), len(v.rendered.lines)
	atBottom := off > 0 && v.vp.AtBottom()
	onChange := v.change >= 0 && v.change < len(v.rendered.changes) && v.jumpOff == off
	v.rendered = renderDiff(*v.diff, v.layout(), v.c.width, v.c.styles)
	v.vp.SetContentLines(v.rendered.lines)
	switch n := len(v.rendered.lines); {
	case onChange && v.change < len(v.rendered.changes):
		v.vp.SetYOffset(v.rendered.changes[v.change])
		v.jumpOff = v.vp.YOffset()
	case atBottom:
		v.vp.GotoBottom()
	case total > 0 && n != total:
		v.vp.SetYOffset(off * n / total)
	default:
		v.vp.SetYOffset(off)
	}
}

func (v *versionsModel) view() string {
	s := v.c.styles
	h := v.c.height
	var lines []string
	switch {
	case v.err != nil:
		lines = append(lines, s.Error.Render(truncate(clean(v.err.Error()), v.c.width)))
	case v.versions == nil:
		lines = append(lines, s.Muted.Render("Loading versions…"))
	default:
		lines = append(lines, v.headerLines()...)
		if v.diff == nil {
			lines = append(lines, s.Muted.Render("comparing…"))
		} else {
			lines = append(lines, v.vp.View())
		}
	}
	body := strings.Join(lines, "\n")
	if n := lipgloss.Height(body); n < h-1 {
		body += strings.Repeat("\n", h-1-n)
	}
	left := ""
	if v.notice != "" {
		left = s.Status.Render(v.notice)
	} else if len(v.rendered.changes) > 0 {
		cur := "–"
		if c := v.currentChange(); c >= 0 {
			cur = fmt.Sprintf("%d", c+1)
		}
		left = s.Status.Render(fmt.Sprintf("change %s/%d", cur, len(v.rendered.changes)))
	}
	return body + "\n" + statusBar(v.c, left, v.c.keys.versionsHelp())
}

// legend explains the diff marks, shown in the full help.
func (v *versionsModel) legend() string {
	s := v.c.styles
	return strings.Join([]string{
		s.Header.Render("Marks"),
		s.RemovedWord.Render("removed") + "  " + s.AddedWord.Render("added") + "  " +
			s.Removed.Render("- removed paragraph") + "  " + s.Added.Render("+ added paragraph") + "  " +
			"~ edited paragraph  " + s.Moved.Render("> ↕ moved paragraph"),
	}, "\n")
}
