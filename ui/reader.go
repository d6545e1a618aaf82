package ui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
)

// Messages from the reader's store calls; id ties each to the article it
// was asked for.
type (
	articleLoadedMsg struct {
		id  string
		art *news.Article
		err error
	}
	readerVersionsMsg struct {
		id       string
		versions []versionEntry
		err      error
	}
	linkOpenedMsg struct{ err error }
)

// versionEntry is one row of the related-versions panel.
type versionEntry struct {
	art     news.Article
	summary string // "older: " or "newer: " and the change from the version read to this one
	current bool
	index   int // position in the story, oldest first
}

// match is one in-article search hit, in cells on a rendered line.
type match struct{ line, start, end int }

type readerModel struct {
	c       *common
	id      string
	art     *news.Article
	err     error
	starred bool
	read    bool

	hl      highlightOpts
	md      *glamour.TermRenderer
	mdWidth int
	mdDark  bool
	lines   []string
	// hdrRows is how many rows the unfolded header of lines has: with the
	// viewport's height it tells whether lines carry the folded header.
	hdrRows  int
	vp       viewport.Model
	versions []versionEntry
	verSel   int
	verErr   error

	input     textinput.Model
	searching bool
	query     string
	matches   []match
	cur       int
	status    string
	// statusInfo marks status as news (link copied), not a problem.
	statusInfo bool
}

func newReaderModel(c *common) readerModel {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "find in article"
	ti.SetStyles(inputStyles(c.styles.Dark))
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	return readerModel{c: c, hl: highlightOpts{quotes: true, entities: true}, input: ti, vp: vp}
}

func (r *readerModel) typing() bool      { return r.searching }
func (r *readerModel) hasVersions() bool { return len(r.others()) > 0 }

// open starts loading article id; the previous article stays on screen
// until the new one arrives only if it is the same.
func (r *readerModel) open(id string) tea.Cmd {
	r.id = id
	r.art, r.err, r.versions, r.verErr = nil, nil, nil, nil
	r.lines, r.matches, r.query, r.status, r.statusInfo = nil, nil, "", "", false
	r.verSel, r.searching = 0, false
	r.input.Reset()
	r.vp.SetContentLines(nil)
	r.vp.GotoTop()
	c := r.c
	return func() tea.Msg {
		a, err := c.src.Article(c.ctx, id)
		if err != nil {
			err = fmt.Errorf("load article %s: %w", id, err)
		}
		return articleLoadedMsg{id: id, art: a, err: err}
	}
}

func (r *readerModel) loadVersions(a *news.Article) tea.Cmd {
	c, id := r.c, a.ID
	cur := *a
	return func() tea.Msg {
		vs, err := c.src.Versions(c.ctx, id)
		if err != nil {
			return readerVersionsMsg{id: id, err: fmt.Errorf("load versions: %w", err)}
		}
		// the store gives versions oldest first; that order, not the
		// dates (often equal or inferred), says which one is older
		curIdx := 0
		for i := range vs {
			if vs[i].ID == cur.ID {
				curIdx = i
			}
		}
		out := make([]versionEntry, 0, len(vs))
		for i := range vs {
			v := vs[i]
			e := versionEntry{art: v, current: i == curIdx, index: i}
			if !e.current {
				// told from where the reader stands: what changes from
				// the version being read to this one
				rel := "older: "
				if i > curIdx {
					rel = "newer: "
				}
				e.summary = rel + changeSummary(&cur, &v)
			}
			out = append(out, e)
		}
		return readerVersionsMsg{id: id, versions: out}
	}
}

func (r *readerModel) currentIndex() int {
	for _, v := range r.versions {
		if v.current {
			return v.index
		}
	}
	return 0
}

func (r *readerModel) others() []versionEntry {
	out := make([]versionEntry, 0, len(r.versions))
	for _, v := range r.versions {
		if !v.current {
			out = append(out, v)
		}
	}
	return out
}

func (r *readerModel) applyState(m stateChangedMsg) {
	if m.err != nil {
		if m.id == r.id {
			r.status, r.statusInfo = m.err.Error(), false
		}
		return
	}
	if m.id != r.id {
		return
	}
	if m.read != nil {
		r.read = *m.read
	}
	if m.starred != nil {
		r.starred = *m.starred
	}
}

func (r *readerModel) restyle() {
	r.input.SetStyles(inputStyles(r.c.styles.Dark))
	r.rebuild()
}

// resize renders the article again for the new size and keeps the
// reader's place: the current match stays on screen if it was, the end
// stays the end, and otherwise the same share of the article is above
// the screen, however the lines wrap now.
func (r *readerModel) resize() tea.Cmd {
	off, total, h := r.vp.YOffset(), len(r.lines), r.vp.Height()
	atBottom := off > 0 && r.vp.AtBottom()
	matchShown := r.query != "" && r.cur < len(r.matches) && r.matches[r.cur].line >= off && r.matches[r.cur].line < off+h
	r.rebuild()
	switch n := len(r.lines); {
	case matchShown && r.cur < len(r.matches):
		r.vp.SetYOffset(off * n / max(total, 1))
		r.show(r.matches[r.cur])
	case atBottom:
		r.vp.GotoBottom()
	case total > 0 && n != total:
		r.vp.SetYOffset(off * n / total)
	}
	return nil
}

func (r *readerModel) panelHeight() int {
	n := len(r.others())
	if n == 0 || r.c.height < 10 {
		return 0
	}
	return 1 + min(n, 3)
}

func (r *readerModel) layout() {
	r.vp.SetWidth(r.c.width)
	r.vp.SetHeight(max(r.c.height-1-r.panelHeight(), 1))
}

// rebuild renders the article for the current width, background and
// highlight toggles. It runs in Update (on load, resize, toggle), never in
// View.
func (r *readerModel) rebuild() {
	r.layout()
	if r.art == nil {
		return
	}
	w := max(r.c.width, 10)
	textW := min(w-4, 100)
	if w < 40 {
		// every column counts on a small terminal: glamour's margins
		// leave little enough for the words
		textW = w - 2
	}
	if r.md == nil || r.mdWidth != textW || r.mdDark != r.c.styles.Dark {
		md, err := newMarkdownRenderer(r.c.styles.Dark, textW)
		if err != nil {
			r.err = err
			return
		}
		r.md, r.mdWidth, r.mdDark = md, textW, r.c.styles.Dark
	}
	// the header lines up with the body's text, inside glamour's margins
	bodyW := max(textW-2*docMargin(r.c.styles.Dark), 1)
	lines := r.header(bodyW)
	body, err := renderMarkdown(r.md, articleMarkdown(r.art, r.hl), r.c.styles)
	if err != nil {
		r.err = err
		return
	}
	hdrRows := len(lines)
	if r.foldsHeader(hdrRows) {
		// a tiny window: the full header would fill it, so the title
		// alone on one line, and the body under it
		lines = []string{"  " + r.c.styles.Title.Render(truncate(rowTitle(r.art.Title), bodyW))}
	} else {
		lines = append(lines, "")
	}
	lines = append(lines, body...)
	lines = append(lines, relatedLines(r.art.RelatedLinks, bodyW, strings.Repeat(" ", docMargin(r.c.styles.Dark)), r.c.styles)...)
	r.lines, r.hdrRows = lines, hdrRows
	r.applySearch(false)
}

// foldsHeader reports whether a header of rows rows is too tall for the
// viewport, so that rebuild folds it to the title alone.
func (r *readerModel) foldsHeader(rows int) bool {
	return rows+1 > r.vp.Height()/2
}

// header draws title, byline, site, date with provenance and link.
func (r *readerModel) header(w int) []string {
	s := r.c.styles
	a := r.art
	ind := "  "
	wrap := lipgloss.NewStyle().Width(max(w, 1))
	var out []string
	title := rowTitle(a.Title)
	for _, l := range strings.Split(wrap.Render(title), "\n") {
		out = append(out, ind+s.Title.Render(l))
	}
	if meta := bylineSite(a.Byline, a.Site); meta != "" {
		out = append(out, ind+s.Muted.Render(truncate(meta, w)))
	}
	date := dateLine(a.Published, a.DateSource, r.c.loc)
	if a.DateSource != news.DateExplicit && clean(a.DateReason) != "" {
		date += " — " + clean(a.DateReason)
	}
	marks := ""
	if r.starred {
		marks = "  ★"
	}
	// The provenance of an inferred date is a sentence: wrapped, not cut.
	dateLines := strings.Split(wrap.Render(date), "\n")
	for i, l := range dateLines {
		l = s.Muted.Render(strings.TrimRight(l, " "))
		if i == len(dateLines)-1 {
			l += s.Star.Render(marks)
		}
		out = append(out, ind+l)
	}
	if u := clean(a.URL); u != "" {
		out = append(out, ind+s.Badge.Render(truncate(u, w)))
	} else if p := clean(a.Source.Path); p != "" {
		out = append(out, ind+s.Muted.Render(truncate("from "+p, w)))
	}
	out = append(out, ind+s.Muted.Render(strings.Repeat("─", max(min(w, 60), 1))))
	return out
}

// bylineSite is the header's "By AFP · The Moscow Times" line. The site is
// left out when the byline already names it (case-insensitively), so a
// wire or site byline does not read "By BBC News · BBC News".
func bylineSite(byline []string, site string) string {
	var meta []string
	site = clean(site)
	by := make([]string, 0, len(byline))
	for _, b := range byline {
		if b = clean(b); b != "" {
			by = append(by, b)
			if strings.EqualFold(b, site) {
				site = ""
			}
		}
	}
	if len(by) > 0 {
		meta = append(meta, "By "+strings.Join(by, ", "))
	}
	if site != "" {
		meta = append(meta, site)
	}
	return strings.Join(meta, " · ")
}

func (r *readerModel) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case articleLoadedMsg:
		if msg.id != r.id {
			return nil
		}
		if msg.err != nil {
			r.err = msg.err
			return nil
		}
		r.art = msg.art
		r.id = msg.art.ID
		r.rebuild()
		cmds := []tea.Cmd{setReadCmd(r.c, r.art.ID, true)}
		if len(r.art.Versions) > 0 {
			cmds = append(cmds, r.loadVersions(r.art))
		}
		return tea.Batch(cmds...)
	case readerVersionsMsg:
		if r.art == nil || msg.id != r.art.ID {
			return nil
		}
		r.versions, r.verErr = msg.versions, msg.err
		r.verSel = 0
		// The panel takes rows. Only the viewport's height changes, unless
		// the header now folds to one line (or unfolds): that alone needs
		// the article rendered again.
		folded := r.foldsHeader(r.hdrRows)
		r.layout()
		if r.lines == nil || r.foldsHeader(r.hdrRows) != folded {
			r.rebuild()
		} else {
			// as rebuild's paint would: keep the offset within the new height
			r.vp.SetYOffset(r.vp.YOffset())
		}
		return nil
	case linkOpenedMsg:
		if msg.err != nil {
			r.status, r.statusInfo = msg.err.Error()+" ("+r.c.keys.CopyLink.Help().Key+" copies it)", false
		}
		return nil
	case tea.PasteMsg:
		if r.searching {
			var cmd tea.Cmd
			r.input, cmd = r.input.Update(msg)
			r.query = r.input.Value()
			r.applySearch(true)
			return cmd
		}
	case tea.KeyPressMsg:
		if r.searching {
			return r.searchKey(msg)
		}
		r.status, r.statusInfo = "", false
		return r.key(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		r.vp, cmd = r.vp.Update(msg)
		return cmd
	case tea.MouseClickMsg:
		m := msg.Mouse()
		top := r.vp.Height()
		if ph := r.panelHeight(); ph > 0 && m.Y > top && m.Y < top+ph {
			i := m.Y - top - 1
			if i == r.verSel {
				return r.openVersion()
			}
			r.verSel = i
		}
	}
	return nil
}

func (r *readerModel) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Back):
		if r.query != "" {
			r.query, r.matches = "", nil
			r.applySearch(false)
			return nil
		}
		return r.c.goTo(backMsg{})
	case scrollViewport(&r.vp, k, msg):
	case key.Matches(msg, k.Search):
		// A new find starts empty, as in less and vim; n/N keep stepping
		// through the previous one until Enter replaces it.
		r.searching = true
		r.input.Reset()
		r.input.SetWidth(max(r.c.width-3, 1))
		return r.input.Focus()
	case key.Matches(msg, k.NextMatch):
		r.step(1)
	case key.Matches(msg, k.PrevMatch):
		r.step(-1)
	case key.Matches(msg, k.NextArticle):
		return r.c.goTo(stepArticleMsg{d: 1})
	case key.Matches(msg, k.PrevArticle):
		return r.c.goTo(stepArticleMsg{d: -1})
	case key.Matches(msg, k.ToggleQuotes):
		r.hl.quotes = !r.hl.quotes
		r.status, r.statusInfo = onOff("quote highlights", r.hl.quotes), true
		r.rebuild()
	case key.Matches(msg, k.ToggleEntities):
		r.hl.entities = !r.hl.entities
		r.status, r.statusInfo = onOff("entity highlights", r.hl.entities), true
		r.rebuild()
	case key.Matches(msg, k.OpenLink):
		u, ok := r.link()
		if !ok {
			return nil
		}
		c := r.c
		r.status, r.statusInfo = "opening "+u, true
		return func() tea.Msg { return linkOpenedMsg{err: c.open(c.ctx, u)} }
	case key.Matches(msg, k.CopyLink):
		u, ok := r.link()
		if !ok {
			return nil
		}
		// OSC 52 has no answer: whether the terminal (or tmux, with
		// set-clipboard on) took it cannot be known here.
		r.status, r.statusInfo = "link sent to the clipboard", true
		return tea.SetClipboard(u)
	case key.Matches(msg, k.ToggleRead):
		if r.art != nil {
			r.status, r.statusInfo = "marked unread", true
			if !r.read {
				r.status = "marked read"
			}
			return setReadCmd(r.c, r.art.ID, !r.read)
		}
	case key.Matches(msg, k.Star):
		if r.art != nil {
			r.status, r.statusInfo = "starred", true
			if r.starred {
				r.status = "star removed"
			}
			return setStarredCmd(r.c, r.art.ID, !r.starred)
		}
	case key.Matches(msg, k.CycleVersion):
		if n := len(r.others()); n > 0 {
			if msg.String() == "shift+tab" {
				r.verSel = (r.verSel + n - 1) % n
			} else {
				r.verSel = (r.verSel + 1) % n
			}
		}
	case key.Matches(msg, k.Open):
		return r.openVersion()
	case key.Matches(msg, k.SideBySide):
		return r.sideBySide()
	}
	return nil
}

// openVersion shows the selected other version in place of this one.
func (r *readerModel) openVersion() tea.Cmd {
	o := r.others()
	if r.verSel < 0 || r.verSel >= len(o) {
		return nil
	}
	r.starred = false
	return r.open(o[r.verSel].art.ID)
}

// sideBySide opens the versions screen on this article and the selected
// other version, older on the left.
func (r *readerModel) sideBySide() tea.Cmd {
	o := r.others()
	if r.art == nil {
		return nil
	}
	if len(o) == 0 {
		if len(r.art.Versions) == 0 {
			r.status = "this article has no other versions"
			return nil
		}
		// the panel is still loading: let the versions screen pick the
		// neighbouring version itself
		return r.c.goTo(openVersionsMsg{story: r.art.Story, left: r.art.ID, fromReader: true})
	}
	other := o[min(r.verSel, len(o)-1)]
	left, right := other.art.ID, r.art.ID
	if other.index > r.currentIndex() {
		left, right = r.art.ID, other.art.ID
	}
	story := r.art.Story
	return r.c.goTo(openVersionsMsg{story: story, left: left, right: right, fromReader: true})
}

func (r *readerModel) searchKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		r.searching = false
		r.input.Blur()
		r.query = r.input.Value()
		r.applySearch(true)
		if r.query != "" && len(r.matches) == 0 {
			r.status, r.statusInfo = "no match for "+clean(r.query), false
		}
		return nil
	case "esc":
		r.searching = false
		r.input.Blur()
		r.applySearch(false)
		return nil
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	// show matches while typing
	r.query = r.input.Value()
	r.applySearch(true)
	return cmd
}

// applySearch finds the query in the rendered lines (case-insensitive,
// on the text as displayed) and paints the matches; jump moves to the
// first match at or after the top of the screen.
func (r *readerModel) applySearch(jump bool) {
	r.matches = r.matches[:0]
	q := strings.ToLower(r.query)
	if q != "" {
		for i, l := range r.lines {
			plain := ansi.Strip(l)
			low := strings.ToLower(plain)
			if len(low) != len(plain) {
				// case folding changed byte lengths; search the plain text
				low = plain
			}
			for off := 0; ; {
				j := strings.Index(low[off:], q)
				if j < 0 {
					break
				}
				st := off + j
				en := st + len(q)
				r.matches = append(r.matches, match{line: i, start: ansi.StringWidth(plain[:st]), end: ansi.StringWidth(plain[:en])})
				off = en
			}
		}
	}
	if jump && len(r.matches) > 0 {
		top := r.vp.YOffset()
		r.cur = sort.Search(len(r.matches), func(i int) bool { return r.matches[i].line >= top })
		if r.cur == len(r.matches) {
			r.cur = 0
		}
	}
	r.cur = min(r.cur, max(len(r.matches)-1, 0))
	r.paint()
	if jump && len(r.matches) > 0 {
		r.show(r.matches[r.cur])
	}
}

func (r *readerModel) step(d int) {
	n := len(r.matches)
	if n == 0 {
		if r.query != "" {
			r.status, r.statusInfo = "no match for "+clean(r.query), false
		}
		return
	}
	r.cur = (r.cur + d + n) % n
	r.paint()
	r.show(r.matches[r.cur])
}

func (r *readerModel) show(m match) {
	off := r.vp.YOffset()
	h := r.vp.Height()
	if m.line < off || m.line >= off+h {
		r.vp.SetYOffset(max(m.line-h/3, 0))
	}
}

// paint sets the viewport content: rendered lines with matches styled.
func (r *readerModel) paint() {
	off := r.vp.YOffset()
	if len(r.matches) == 0 {
		r.vp.SetContentLines(r.lines)
		r.vp.SetYOffset(off)
		return
	}
	lines := make([]string, len(r.lines))
	copy(lines, r.lines)
	s := r.c.styles
	for i := 0; i < len(r.matches); {
		ln := r.matches[i].line
		var ranges []lipgloss.Range
		for ; i < len(r.matches) && r.matches[i].line == ln; i++ {
			st := s.Match
			if i == r.cur {
				st = s.CurrentMatch
			}
			ranges = append(ranges, lipgloss.NewRange(r.matches[i].start, r.matches[i].end, st))
		}
		lines[ln] = lipgloss.StyleRanges(lines[ln], ranges...)
	}
	r.vp.SetContentLines(lines)
	r.vp.SetYOffset(off)
}

func (r *readerModel) view() string {
	s := r.c.styles
	w, h := r.c.width, r.c.height
	var b strings.Builder
	switch {
	case r.err != nil:
		b.WriteString(s.Error.Render("Could not show this article: ") + clean(r.err.Error()))
		b.WriteString(strings.Repeat("\n", max(h-1, 0)))
	case r.art == nil:
		b.WriteString(s.Muted.Render("Loading…"))
		b.WriteString(strings.Repeat("\n", max(h-1, 0)))
	default:
		b.WriteString(r.vp.View())
		b.WriteString("\n")
		if ph := r.panelHeight(); ph > 0 {
			b.WriteString(r.panelView(w, ph))
			b.WriteString("\n")
		}
	}
	b.WriteString(r.statusLine())
	return b.String()
}

func (r *readerModel) panelView(w, ph int) string {
	s := r.c.styles
	o := r.others()
	title := fmt.Sprintf("── %s ", plural(len(o), "other version", "other versions"))
	hint := " tab pick · enter open · v side by side "
	line := s.Muted.Render(truncate(title+strings.Repeat("─", max(w-lipgloss.Width(title)-lipgloss.Width(hint), 0))+hint, w))
	rows := []string{line}
	start := 0
	if r.verSel >= ph-1 {
		start = r.verSel - (ph - 2)
	}
	end := min(start+ph-1, len(o))
	// At 100 columns and more the summaries get the room they need first
	// (up to all but a quarter of the row) and the headlines what is left,
	// so "newer: headline changed · 4 paragraphs added" is read whole;
	// narrower, headlines keep three fifths.
	const dateW = 17
	rest := max(w-lipgloss.Width("▸ ")-dateW-1, 1)
	sumW := 0
	for i := start; i < end; i++ {
		sumW = max(sumW, lipgloss.Width(clean(o[i].summary)))
	}
	tw := rest // the headline's column, with the space after it
	switch {
	case sumW == 0:
	case w >= 100:
		sumW = min(sumW, rest-max(rest/4, 12)-1)
		tw = rest - sumW
	default:
		tw = max(rest*3/5, 1)
		sumW = max(rest-tw, 1)
	}
	for i := start; i < end; i++ {
		v := o[i]
		date := "undated"
		if v.art.Published != nil {
			date = v.art.Published.In(r.c.loc).Format("2 Jan 2006 15:04")
			if dateOnly(*v.art.Published) {
				date = v.art.Published.UTC().Format("2 Jan 2006")
			}
		}
		mark := "  "
		if i == r.verSel {
			mark = "▸ "
		}
		title := rowTitle(v.art.Title)
		sum := clean(v.summary)
		row := mark + padRight(date, dateW) + " "
		if sum == "" {
			row += truncate(title, rest)
		} else {
			row += padRight(truncate(title, tw-1), tw-1) + " " + truncate(sum, sumW)
		}
		if i == r.verSel {
			row = s.PanelSelected.Render(truncate(row, w))
		} else {
			row = truncate(row, w)
		}
		rows = append(rows, row)
	}
	return strings.Join(rows, "\n")
}

func (r *readerModel) statusLine() string {
	s := r.c.styles
	if r.searching {
		// the query line, and how many matches it has so far
		cnt := ""
		if r.query != "" {
			cnt = "no match"
			if n := len(r.matches); n > 0 {
				cnt = plural(n, "match", "matches")
			}
		}
		cw := lipgloss.Width(cnt)
		if r.c.width < cw+16 {
			cnt, cw = "", 0
		}
		r.input.SetWidth(max(r.c.width-3-cw-1, 1))
		in := truncate(r.input.View(), r.c.width-cw)
		if cnt == "" {
			return in
		}
		return padRight(in, r.c.width-cw) + s.Muted.Render(cnt)
	}
	left := ""
	switch {
	case r.status != "" && r.statusInfo:
		left = s.Status.Render(truncate(clean(r.status), r.c.width))
	case r.status != "":
		left = s.Error.Render(truncate(clean(r.status), r.c.width))
	case r.query != "" && len(r.matches) > 0:
		left = s.Status.Render(fmt.Sprintf("/%s %d/%d", truncate(clean(r.query), 20), r.cur+1, len(r.matches)))
	case r.art != nil:
		left = s.Status.Render(fmt.Sprintf("%3.0f%%", r.vp.ScrollPercent()*100))
	}
	return statusBar(r.c, left, r.c.keys.readerHelp(r.hasVersions()))
}

// legend explains the highlight colours, shown in the full help.
func (r *readerModel) legend() string {
	s := r.c.styles
	on := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	return strings.Join([]string{
		s.Header.Render("Highlights"),
		lipgloss.NewStyle().Foreground(s.Palette.Quote).Italic(true).Render("“quotation”") + " " +
			lipgloss.NewStyle().Foreground(s.Palette.Speaker).Faint(true).Render("‹speaker›") +
			s.Muted.Render(" (Q, "+on(r.hl.quotes)+")"),
		s.entityStyle(news.Person).Render("person") + "  " +
			s.entityStyle(news.Organization).Render("organisation") + "  " +
			s.entityStyle(news.Place).Render("place") + "  " +
			s.entityStyle(news.Misc).Render("other") +
			s.Muted.Render(" (E, "+on(r.hl.entities)+")"),
	}, "\n")
}

// link returns the article's link when it is safe to open or copy; when it
// is not, the status line says why.
func (r *readerModel) link() (string, bool) {
	if r.art == nil {
		return "", false
	}
	u, err := safeURL(r.art.URL)
	if err != nil {
		r.status = err.Error()
		return "", false
	}
	return u, true
}
