package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/store"
)

// pageSize is how many rows one store call brings; the next page is asked
// for when the selection comes within half a page of the end, so scrolling
// never waits and start-up never loads everything.
const pageSize = 100

// seekPageSize is how many rows each store call brings while the list
// loads its way to the end for the bottom key: larger pages (the store's
// most), fewer round trips, and still a frame between them so any key can
// stop it.
const seekPageSize = 1000

// Messages from the list's store calls. gen ties a result to the filter it
// was asked for, so a page for an old filter is dropped.
type (
	pageLoadedMsg struct {
		gen  int
		page store.Page
		err  error
	}
	countLoadedMsg struct {
		gen    int
		count  int
		unread int
		err    error
	}
	topicsLoadedMsg struct {
		topics []topicEntry
		err    error
	}
	allMarkedReadMsg struct {
		gen int
		n   int64
		err error
	}
)

// listFilter is what the list shows: everything, a stored topic or a saved
// query.
type listFilter struct {
	label string
	topic string
	query string
}

func (f listFilter) options(after *store.Cursor) store.ListOptions {
	return store.ListOptions{Query: f.query, Topic: f.topic, Limit: pageSize, After: after}
}

// unreadOptions counts the unread articles under the filter. Terms of a
// query are ANDed, so prefixing is:unread narrows any query (an OR inside
// it joins only its neighbours).
func (f listFilter) unreadOptions() store.ListOptions {
	q := "is:unread"
	if f.query != "" {
		q += " " + f.query
	}
	return store.ListOptions{Query: q, Topic: f.topic}
}

type topicEntry struct {
	label  string
	kind   string
	count  int
	filter listFilter
}

type listRow struct {
	header string
	item   int // index in items, -1 for a day header
}

type rowKey struct{ item, width int }

type listModel struct {
	c      *common
	filter listFilter
	gen    int

	items   []store.Summary
	rows    []listRow
	itemRow []int
	next    *store.Cursor
	loading bool
	loaded  bool // first page arrived
	err     error
	total   int
	unread  int
	counted bool

	sel int
	// top is the first row the user scrolled to; see shownTop.
	top int
	// seekEnd is set by the bottom key while pages are still to come: each
	// page that arrives moves the selection to the new last row and asks
	// for the next, until the end or another key.
	seekEnd bool

	// rows memoises drawn unselected rows by item and width: styling a row
	// is most of a frame's cost while scrolling. Cleared when rows change
	// (reload, read/star state, restyle).
	rowCache map[rowKey]string

	sidebar   bool
	sideFocus bool
	topics    []topicEntry
	topicSel  int
	topicErr  error
	status    string
	// statusInfo marks status as news, not a problem.
	statusInfo bool
	// confirmAll is set while "mark all read? y/n" waits for its answer;
	// confirmFilter and confirmGen are the list it asked about, so that y
	// marks that list or nothing.
	confirmAll    bool
	confirmFilter listFilter
	confirmGen    int
}

func newListModel(c *common) listModel {
	return listModel{c: c, filter: listFilter{label: "All articles"}}
}

func (l *listModel) init() tea.Cmd {
	return l.reload()
}

// reload starts over with the current filter.
func (l *listModel) reload() tea.Cmd {
	l.gen++
	l.rowCache = nil
	l.items, l.rows, l.itemRow = nil, nil, nil
	l.next, l.loaded, l.err, l.counted = nil, false, nil, false
	l.sel, l.top, l.seekEnd = 0, 0, false
	l.loading = true
	return tea.Batch(l.fetch(nil), l.count())
}

func (l *listModel) fetch(after *store.Cursor) tea.Cmd {
	c, gen, opts := l.c, l.gen, l.filter.options(after)
	if l.seekEnd {
		opts.Limit = seekPageSize
	}
	return func() tea.Msg {
		p, err := c.src.List(c.ctx, opts)
		return pageLoadedMsg{gen: gen, page: p, err: err}
	}
}

// count asks the store for the number of articles under the filter and
// how many of them are unread: two COUNT queries, never a row load.
func (l *listModel) count() tea.Cmd {
	c, gen, opts, uopts := l.c, l.gen, l.filter.options(nil), l.filter.unreadOptions()
	opts.Limit = 0
	return func() tea.Msg {
		n, err := c.src.Count(c.ctx, opts)
		if err != nil {
			return countLoadedMsg{gen: gen, err: err}
		}
		u, err := c.src.Count(c.ctx, uopts)
		if err != nil {
			u = -1
		}
		return countLoadedMsg{gen: gen, count: n, unread: u}
	}
}

func (l *listModel) loadTopics() tea.Cmd {
	c := l.c
	return func() tea.Msg {
		tcs, err := c.src.Topics(c.ctx)
		if err != nil {
			return topicsLoadedMsg{err: fmt.Errorf("load topics: %w", err)}
		}
		all := listFilter{label: "All articles"}
		n, err := c.src.Count(c.ctx, all.options(nil))
		if err != nil {
			n = -1
		}
		out := []topicEntry{{label: "All articles", kind: "", count: n, filter: all}}
		for _, ut := range c.cfg.Topics {
			f := listFilter{label: ut.Name, query: ut.Query}
			n, err := c.src.Count(c.ctx, f.options(nil))
			if err != nil {
				n = -1
			}
			out = append(out, topicEntry{label: ut.Name, kind: "user", count: n, filter: f})
		}
		return topicsLoadedMsg{topics: append(out, mergeTopics(c, tcs)...)}
	}
}

// mergeTopics makes one sidebar row of the topics that share a label
// (an automatic topic and a source category both called "Nokia"): the
// store's topic filter matches the label whatever its kind, so the rows
// would list the same articles. A merged row's count is what its filter
// gives, counted by the store (the union of the kinds), else the larger
// count; rows stay in the store's order, most articles first.
func mergeTopics(c *common, tcs []store.TopicCount) []topicEntry {
	var out []topicEntry
	at := map[string]int{} // label key → index in out
	merged := map[int]bool{}
	for _, t := range tcs {
		k := topicKey(t.Label)
		if i, ok := at[k]; ok {
			out[i].count = max(out[i].count, t.Count)
			merged[i] = true
			continue
		}
		at[k] = len(out)
		out = append(out, topicEntry{label: t.Label, kind: t.Kind, count: t.Count, filter: listFilter{label: "topic: " + t.Label, topic: t.Label}})
	}
	if len(merged) == 0 {
		return out
	}
	for i := range merged {
		if n, err := c.src.Count(c.ctx, out[i].filter.options(nil)); err == nil {
			out[i].count = n
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].count > out[j].count })
	return out
}

// topicKey is the store's key of a topic label, or the label in lower
// case when it has no words to fold.
func topicKey(label string) string {
	if k := store.TopicKey(label); k != "" {
		return k
	}
	return strings.ToLower(strings.TrimSpace(label))
}

func (l *listModel) sidebarFocused() bool { return l.sidebar && l.sideFocus }

// applyState updates the marks of a row whose state changed and keeps the
// unread count right: adjusted in place when the row is loaded (its old
// state is known), counted again by the store when it is not.
func (l *listModel) applyState(m stateChangedMsg) tea.Cmd {
	if m.err != nil {
		l.status = m.err.Error()
		return nil
	}
	found := false
	for i := range l.items {
		if l.items[i].ID == m.id {
			found = true
			l.rowCache = nil
			if m.read != nil {
				if l.counted && l.unread >= 0 && l.items[i].Read != *m.read {
					if *m.read {
						l.unread = max(l.unread-1, 0)
					} else {
						l.unread++
					}
				}
				l.items[i].Read = *m.read
			}
			if m.starred != nil {
				l.items[i].Starred = *m.starred
			}
		}
	}
	if !found && m.read != nil && l.loaded {
		return l.recount()
	}
	return nil
}

// recount asks for the counts again without reloading the rows; a reply
// for another filter is dropped by its generation.
func (l *listModel) recount() tea.Cmd { return l.count() }

// resize leaves top alone: it is where the user scrolled to, and the
// rows drawn start from it moved only as far as the new height needs
// (shownTop). A selection pushed to the top of a tiny window so does not
// pin the list there when the window grows again.
func (l *listModel) resize() tea.Cmd {
	// a taller window may show past what is loaded
	return l.maybeFetch()
}

// listHeight is the number of rows between the title and status lines.
func (l *listModel) listHeight() int { return max(l.c.height-2, 1) }

func (l *listModel) sidebarWidth() int {
	if !l.sidebar {
		return 0
	}
	return min(30, max(l.c.width/3, 10))
}

func (l *listModel) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageLoadedMsg:
		if msg.gen != l.gen {
			return nil
		}
		l.loading = false
		l.loaded = true
		if msg.err != nil {
			l.err = msg.err
			return nil
		}
		l.appendPage(msg.page)
		if l.seekEnd {
			l.move(len(l.items))
			l.seekEnd = l.next != nil
		}
		return l.maybeFetch()
	case countLoadedMsg:
		if msg.gen == l.gen && msg.err == nil {
			l.total, l.unread, l.counted = msg.count, msg.unread, true
		}
		return nil
	case allMarkedReadMsg:
		if msg.err != nil {
			l.status, l.statusInfo = msg.err.Error(), false
			return nil
		}
		if msg.gen == l.gen {
			// Every loaded row is under the filter that was marked.
			for i := range l.items {
				l.items[i].Read = true
			}
			l.rowCache = nil
		}
		l.status, l.statusInfo = "marked "+plural(int(msg.n), "article", "articles")+" read", true
		return l.recount()
	case topicsLoadedMsg:
		l.topics, l.topicErr = msg.topics, msg.err
		l.topicSel = min(l.topicSel, max(len(l.topics)-1, 0))
		return nil
	case tea.KeyPressMsg:
		l.status, l.statusInfo = "", false
		l.seekEnd = false // the bottom key sets it again
		if l.confirmAll {
			l.confirmAll = false
			switch {
			case msg.String() != "y":
				l.status, l.statusInfo = "nothing marked", true
			case l.gen != l.confirmGen:
				l.status, l.statusInfo = "nothing marked: the list changed", true
			default:
				return l.markAllRead(l.confirmFilter)
			}
			return nil
		}
		if l.sidebarFocused() {
			return l.sidebarKey(msg)
		}
		return l.key(msg)
	case tea.MouseWheelMsg:
		l.seekEnd, l.confirmAll = false, false
		switch msg.Button {
		case tea.MouseWheelDown:
			l.move(3)
		case tea.MouseWheelUp:
			l.move(-3)
		}
		return l.maybeFetch()
	case tea.MouseClickMsg:
		l.seekEnd, l.confirmAll = false, false
		return l.click(msg.Mouse())
	}
	return nil
}

func (l *listModel) key(msg tea.KeyPressMsg) tea.Cmd {
	k := l.c.keys
	h := l.listHeight()
	switch {
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.HalfDown):
		l.move(h / 2)
	case key.Matches(msg, k.HalfUp):
		l.move(-h / 2)
	case key.Matches(msg, k.PageDown):
		l.move(h)
	case key.Matches(msg, k.PageUp):
		l.move(-h)
	case key.Matches(msg, k.Top):
		l.move(-len(l.items))
	case key.Matches(msg, k.Bottom):
		l.move(len(l.items))
		l.seekEnd = l.next != nil
	case key.Matches(msg, k.Open):
		if it, ok := l.selected(); ok {
			return l.c.goTo(openArticleMsg{id: it.ID, starred: it.Starred})
		}
	case key.Matches(msg, k.Search):
		return l.c.goTo(openSearchMsg{})
	case key.Matches(msg, k.Topics):
		l.sidebar, l.sideFocus = true, true
		return l.loadTopics()
	case key.Matches(msg, k.ToggleRead):
		if it, ok := l.selected(); ok {
			return setReadCmd(l.c, it.ID, !it.Read)
		}
	case key.Matches(msg, k.Star):
		if it, ok := l.selected(); ok {
			return setStarredCmd(l.c, it.ID, !it.Starred)
		}
	case key.Matches(msg, k.MarkAllRead):
		switch {
		case len(l.items) == 0:
		case l.counted && l.unread == 0:
			l.status, l.statusInfo = "all read already", true
		default:
			// A mass change with no undo: asked first.
			what := "all articles"
			if l.counted && l.unread >= 0 {
				what = plural(l.unread, "unread article", "unread articles")
			}
			if l.filter.topic != "" || l.filter.query != "" {
				what += " under " + clean(l.filter.label)
			}
			l.confirmAll, l.confirmFilter, l.confirmGen = true, l.filter, l.gen
			l.status, l.statusInfo = "mark "+what+" read? y/n", true
		}
	case key.Matches(msg, k.Back):
		if l.filter.topic != "" || l.filter.query != "" {
			l.filter = listFilter{label: "All articles"}
			return l.reload()
		}
		if l.sidebar {
			l.sidebar = false
		}
	}
	return l.maybeFetch()
}

func (l *listModel) sidebarKey(msg tea.KeyPressMsg) tea.Cmd {
	k := l.c.keys
	n := len(l.topics)
	switch {
	case key.Matches(msg, k.Down):
		l.topicSel = min(l.topicSel+1, max(n-1, 0))
	case key.Matches(msg, k.Up):
		l.topicSel = max(l.topicSel-1, 0)
	case key.Matches(msg, k.Top):
		l.topicSel = 0
	case key.Matches(msg, k.Bottom):
		l.topicSel = max(n-1, 0)
	case key.Matches(msg, k.Open):
		if l.topicSel < n {
			l.filter = l.topics[l.topicSel].filter
			l.sideFocus = false
			return l.reload()
		}
	case key.Matches(msg, k.Topics):
		l.sidebar, l.sideFocus = false, false
	case key.Matches(msg, k.Back):
		l.sideFocus = false
	case msg.String() == "tab" || msg.String() == "l" || msg.String() == "right":
		l.sideFocus = false
	}
	return nil
}

func (l *listModel) click(m tea.Mouse) tea.Cmd {
	sw := l.sidebarWidth()
	if m.Y < 1 || m.Y > l.listHeight() {
		return nil
	}
	if l.sidebar && m.X < sw {
		i := m.Y - 1
		if i < len(l.topics) {
			l.sideFocus = true
			if l.topicSel == i {
				l.filter = l.topics[i].filter
				l.sideFocus = false
				return l.reload()
			}
			l.topicSel = i
		}
		return nil
	}
	l.sideFocus = false
	r := l.shownTop() + m.Y - 1
	if r < 0 || r >= len(l.rows) || l.rows[r].item < 0 {
		return nil
	}
	if l.rows[r].item == l.sel {
		it := l.items[l.sel]
		return l.c.goTo(openArticleMsg{id: it.ID, starred: it.Starred})
	}
	l.sel = l.rows[r].item
	return l.maybeFetch()
}

func (l *listModel) selected() (store.Summary, bool) {
	if l.sel >= 0 && l.sel < len(l.items) {
		return l.items[l.sel], true
	}
	return store.Summary{}, false
}

func (l *listModel) move(d int) {
	if len(l.items) == 0 {
		return
	}
	l.sel = min(max(l.sel+d, 0), len(l.items)-1)
	l.ensureVisible()
}

// ensureVisible scrolls so the selection is on screen, showing its day
// header when there is room.
func (l *listModel) ensureVisible() { l.top = l.shownTop() }

// shownTop is the first row drawn: top, moved as little as needed for
// the selection (with its day header) to be on screen and for the rows to
// fill the window.
func (l *listModel) shownTop() int {
	if len(l.items) == 0 {
		return 0
	}
	top := l.top
	r := l.itemRow[l.sel]
	h := l.listHeight()
	if r-1 >= 0 && l.rows[r-1].item < 0 && r-1 < top {
		r--
	}
	if r < top {
		top = r
	}
	if sel := l.itemRow[l.sel]; sel >= top+h {
		top = sel - h + 1
	}
	return max(0, min(top, max(len(l.rows)-h, 0)))
}

// maybeFetch asks for the next page when the selection nears the end of
// what is loaded.
func (l *listModel) maybeFetch() tea.Cmd {
	if l.loading || l.next == nil || !l.loaded {
		return nil
	}
	if !l.seekEnd && len(l.items)-l.sel > pageSize/2 && len(l.rows)-l.shownTop() > 2*l.listHeight() {
		return nil
	}
	l.loading = true
	return l.fetch(l.next)
}

func (l *listModel) appendPage(p store.Page) {
	for _, it := range p.Items {
		day := l.day(it)
		prev := ""
		if n := len(l.items); n > 0 {
			prev = l.day(l.items[n-1])
		}
		if len(l.items) == 0 || day != prev {
			l.rows = append(l.rows, listRow{header: day, item: -1})
		}
		l.items = append(l.items, it)
		l.itemRow = append(l.itemRow, len(l.rows))
		l.rows = append(l.rows, listRow{item: len(l.items) - 1})
	}
	l.next = p.Next
	if len(p.Items) == 0 {
		// an empty page ends the list whatever its cursor says, so a
		// confused source cannot make the list fetch forever
		l.next = nil
	}
}

// row draws item i at width w, from the memo unless it is selected.
func (l *listModel) row(i, w int) string {
	if i == l.sel && !l.sideFocus {
		return renderRow(l.c, l.items[i], w, true)
	}
	k := rowKey{i, w}
	if r, ok := l.rowCache[k]; ok {
		return r
	}
	r := renderRow(l.c, l.items[i], w, false)
	if l.rowCache == nil || len(l.rowCache) > 4096 {
		l.rowCache = make(map[rowKey]string, 256)
	}
	l.rowCache[k] = r
	return r
}

func (l *listModel) restyle() { l.rowCache = nil }

// day is the header a row goes under. A bare date stays on its own day
// rather than moving to the previous one west of UTC.
func (l *listModel) day(it store.Summary) string {
	if it.Published == nil {
		return "Undated"
	}
	now := l.c.now().In(l.c.loc)
	t := it.Published.In(l.c.loc)
	if dateOnly(*it.Published) {
		u := it.Published.UTC()
		t = time.Date(u.Year(), u.Month(), u.Day(), 12, 0, 0, 0, l.c.loc)
	}
	return dayLabel(t, now)
}

func (l *listModel) view() string {
	s := l.c.styles
	w, h := l.c.width, l.listHeight()
	title := s.Header.Render("verso") + s.Muted.Render(" · ") + s.Title.Render(clean(l.filter.label))
	if l.c.demo {
		title += s.Muted.Render(" · demo")
	}

	var body []string
	switch {
	case l.err != nil:
		body = []string{"", s.Error.Render("Could not load articles: ") + clean(l.err.Error())}
	case !l.loaded:
		body = []string{"", s.Muted.Render("Loading…")}
	case len(l.items) == 0 && l.filter.topic == "" && l.filter.query == "":
		body = emptyIndexView(s, l.c.importCmd)
	case len(l.items) == 0:
		body = []string{"", s.Muted.Render("No articles match " + clean(l.filter.label) + ". Press esc to show all.")}
	default:
		lw := w - l.sidebarWidth()
		for r := l.shownTop(); r < len(l.rows) && len(body) < h; r++ {
			row := l.rows[r]
			if row.item < 0 {
				if len(body) == h-1 {
					break // a day header with none of its rows under it
				}
				body = append(body, s.DayHeader.Render(truncate(row.header, lw)))
				continue
			}
			body = append(body, l.row(row.item, lw))
		}
	}
	for len(body) < h {
		body = append(body, "")
	}
	main := strings.Join(body, "\n")
	if l.sidebar {
		main = lipgloss.JoinHorizontal(lipgloss.Top, l.sidebarView(h), main)
	}

	return title + "\n" + main + "\n" + l.statusLine()
}

func (l *listModel) sidebarView(h int) string {
	s := l.c.styles
	w := l.sidebarWidth()
	lines := make([]string, 0, h)
	if l.topicErr != nil {
		lines = append(lines, s.Error.Render(truncate(clean(l.topicErr.Error()), w-1)))
	} else if l.topics == nil {
		lines = append(lines, s.Muted.Render("Loading topics…"))
	}
	start := 0
	if l.topicSel >= h {
		start = l.topicSel - h + 1
	}
	for i := start; i < len(l.topics) && len(lines) < h; i++ {
		t := l.topics[i]
		var cnt string
		mark := " "
		if t.kind == "user" {
			mark = "★"
		}
		cnt = thousands(t.count)
		if t.count < 0 {
			cnt = ""
		}
		// mark, space, name, at least one space, count, space, rule
		name := truncate(clean(t.label), max(w-5-len(cnt), 1))
		line := mark + " " + padRight(name, max(w-4-len(cnt), 0)) + cnt + " "
		switch {
		case i == l.topicSel && l.sideFocus:
			line = s.Selected.Render(padRight(line, w-1))
		case t.filter == l.filter:
			line = s.SidebarActive.Render(line)
		default:
			line = s.Sidebar.Render(line)
		}
		lines = append(lines, line)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	col := make([]string, len(lines))
	for i, ln := range lines {
		col[i] = padRight(truncate(ln, w-1), w-1) + s.Muted.Render("│")
	}
	return strings.Join(col, "\n")
}

func (l *listModel) statusLine() string {
	s := l.c.styles
	hm := l.c.keys.listHelp()
	if l.sidebarFocused() {
		hm = l.c.keys.sidebarHelp()
	}
	if l.status != "" {
		style := s.Error
		if l.statusInfo {
			style = s.Status
		}
		return statusBar(l.c, style.Render(truncate(clean(l.status), l.c.width)), hm)
	}
	// the longest description that leaves room for some help
	budget := max(l.c.width-14, l.c.width/2)
	vs := l.statusVariants()
	left := ""
	for _, v := range vs {
		if left = v; lipgloss.Width(v) <= budget {
			break
		}
	}
	if lipgloss.Width(left) > budget {
		left = truncate(left, budget)
	}
	return statusBar(l.c, left, hm)
}

// statusVariants describes the list from the most to the least detailed:
// the filter, the selected row's position, the number of articles and how
// many are unread, e.g. "topic: Afghanistan · 3 of 1,234 articles · 12
// unread". The counts come from the store (COUNT queries), so they are
// right before every row is loaded.
func (l *listModel) statusVariants() []string {
	s := l.c.styles
	sep := s.Muted.Render(" · ")
	filter := ""
	if l.filter.topic != "" || l.filter.query != "" {
		filter = s.StatusKey.Render(truncate(clean(l.filter.label), max(l.c.width/3, 1))) + sep
	}
	unread := ""
	if l.counted && l.unread >= 0 {
		if l.unread == 0 {
			unread = "all read"
		} else {
			unread = thousands(l.unread) + " unread"
		}
	}
	total := thousands(len(l.items))
	switch {
	case l.counted:
		total = thousands(l.total)
	case l.next != nil:
		total += "+"
	}
	if len(l.items) == 0 {
		if !l.counted {
			return []string{""}
		}
		return []string{
			filter + s.Status.Render(plural(l.total, "article", "articles")),
			s.Status.Render(plural(l.total, "article", "articles")),
		}
	}
	pos := thousands(l.sel + 1)
	noun := " articles"
	if l.counted && l.total == 1 {
		noun = " article"
	}
	var out []string
	if unread != "" {
		out = append(out,
			filter+s.Status.Render(pos+" of "+total+noun)+sep+s.Unread.Render(unread),
			s.Status.Render(pos+"/"+total)+sep+s.Unread.Render(unread))
	} else {
		out = append(out, filter+s.Status.Render(pos+" of "+total+noun))
	}
	return append(out, s.Status.Render(pos+"/"+total))
}

// thousands formats n with comma separators: 1234567 → "1,234,567".
func thousands(n int) string {
	str := fmt.Sprintf("%d", n)
	neg := strings.HasPrefix(str, "-")
	str = strings.TrimPrefix(str, "-")
	var b strings.Builder
	for i, r := range str {
		if i > 0 && (len(str)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// statusBar draws the bottom line: a left part and the short help, cut to
// the width.
func statusBar(c *common, left string, hm helpMap) string {
	w := c.width
	lw := lipgloss.Width(left)
	hv := shortHelp(c, hm, max(w-lw-2, 0))
	gap := max(w-lw-lipgloss.Width(hv), 1)
	return truncate(left+strings.Repeat(" ", gap)+hv, w)
}

// shortHelp lists as many of the screen's short bindings as fit in w
// cells, in order, and ends with "? help" (or the help key that works
// there) whenever that fits at all, so the way to every other key is
// always on screen.
func shortHelp(c *common, hm helpMap, w int) string {
	if w < 6 {
		return ""
	}
	sep := c.styles.Muted.Render(" · ")
	var bs []key.Binding
	for _, b := range hm.short {
		if b.Enabled() {
			bs = append(bs, b)
		}
	}
	render := func(b key.Binding) string {
		h := b.Help()
		return c.styles.StatusKey.Render(h.Key) + " " + c.styles.Status.Render(h.Desc)
	}
	var last string
	for i, b := range bs {
		if h := b.Help(); h == c.keys.Help.Help() || h == c.keys.HelpAnywhere.Help() {
			last = render(b)
			bs = append(bs[:i:i], bs[i+1:]...)
			break
		}
	}
	lastW := lipgloss.Width(last)
	if lastW > w {
		last, lastW = "", 0
	}
	var parts []string
	used := 0
	for _, b := range bs {
		p := render(b)
		pw := lipgloss.Width(p)
		if len(parts) > 0 {
			pw += 3
		}
		reserve := 0
		if last != "" {
			reserve = lastW + 3
		}
		if used+pw+reserve > w {
			break
		}
		parts = append(parts, p)
		used += pw
	}
	if last != "" {
		parts = append(parts, last)
	}
	return strings.Join(parts, sep)
}

// renderRow draws one list row: unread and star marks, time, site,
// title cut to fit, and a version badge. The list's day headers give the
// date; see renderDatedRow for rows without them.
func renderRow(c *common, it store.Summary, w int, selected bool) string {
	tm := "     "
	if it.Published != nil && !dateOnly(*it.Published) {
		tm = it.Published.In(c.loc).Format("15:04")
	}
	return drawRow(c, it, tm, w, selected)
}

// renderDatedRow draws a row that has no day header above it (search
// results): the time column becomes the date, "16 Jul 2021", with the time
// after it when the row is wide enough and the article has one, and
// "undated" for an article without a date, as the list's Undated header.
func renderDatedRow(c *common, it store.Summary, w int, selected bool) string {
	if w < datedRowDateWidth {
		// a narrow window keeps its few cells for the title
		return drawRow(c, it, "", w, selected)
	}
	return drawRow(c, it, rowDate(c, it, w >= datedRowTimeWidth), w, selected)
}

// datedRowDateWidth is the narrowest dated row that shows the date.
const datedRowDateWidth = 40

// datedRowTimeWidth is the narrowest dated row that also shows the time.
const datedRowTimeWidth = 100

// rowDate is a dated row's date column: always as wide for one setting of
// withTime, so the columns after it line up.
func rowDate(c *common, it store.Summary, withTime bool) string {
	const dateW = len("16 Jul 2021")
	width := dateW
	if withTime {
		width += len(" 15:04")
	}
	if it.Published == nil {
		return padRight("undated", width)
	}
	t := it.Published.In(c.loc)
	if dateOnly(*it.Published) {
		// a bare date stays on its own day, as in the list's headers
		t = it.Published.UTC()
		withTime = false
	}
	d := t.Format("_2 Jan 2006")
	if withTime {
		d += t.Format(" 15:04")
	}
	return padRight(d, width)
}

// minTitleCells is the least room a row keeps for its title before it
// drops the versions badge.
const minTitleCells = 10

// drawRow draws a row with tm in the time column (none when tm is "").
func drawRow(c *common, it store.Summary, tm string, w int, selected bool) string {
	s := c.styles
	unread, star := " ", " "
	if !it.Read {
		unread = "●"
	}
	if it.Starred {
		star = "★"
	}
	siteW := 0
	if w >= 50 {
		siteW = min(18, w/6)
	}
	site := padRight(truncate(clean(it.Site), siteW), siteW)
	badge := ""
	if it.Versions > 1 {
		badge = fmt.Sprintf("%d versions", it.Versions)
	}
	fixed := 2 + 2
	if tm != "" {
		fixed += ansi.StringWidth(tm) + 1
	}
	if siteW > 0 {
		fixed += siteW + 1
	}
	if badge != "" {
		if w-fixed-len(badge)-1 < minTitleCells {
			badge = "" // the title first
		} else {
			fixed += len(badge) + 1
		}
	}
	titleW := max(w-fixed, 1)
	if w < 24 {
		// too narrow for anything but the title
		t := truncate(unread+" "+rowTitle(it.Title), w)
		if selected {
			return s.Selected.Render(padRight(t, w))
		}
		return t
	}
	title := padRight(truncate(rowTitle(it.Title), titleW), titleW)
	if selected {
		line := unread + " " + star + " "
		if tm != "" {
			line += tm + " "
		}
		if siteW > 0 {
			line += site + " "
		}
		line += title
		if badge != "" {
			line += " " + badge
		}
		return s.Selected.Render(padRight(truncate(line, w), w))
	}
	var b strings.Builder
	b.WriteString(s.Unread.Render(unread) + " " + s.Star.Render(star) + " ")
	if tm != "" {
		b.WriteString(s.Time.Render(tm) + " ")
	}
	if siteW > 0 {
		b.WriteString(s.Site.Render(site) + " ")
	}
	if it.Read {
		b.WriteString(s.Muted.Render(title))
	} else {
		b.WriteString(s.Title.Render(title))
	}
	if badge != "" {
		b.WriteString(" " + s.Badge.Render(badge))
	}
	return b.String()
}

func emptyIndexView(s Styles, importCmd string) []string {
	if importCmd == "" {
		importCmd = "verso import PATH…"
	}
	return []string{
		"",
		s.Title.Render("Your index is empty."),
		"",
		"Import articles (text dumps, web pages, feeds, JSON archives):",
		"  " + s.StatusKey.Render(clean(importCmd)),
		"",
		"Or look around with the sample corpus first:",
		"  " + s.StatusKey.Render("verso demo"),
	}
}

// markAllRead marks every unread article under filter read.
func (l *listModel) markAllRead(filter listFilter) tea.Cmd {
	c, gen, opts := l.c, l.gen, filter.options(nil)
	return func() tea.Msg {
		n, err := c.src.MarkAllRead(c.ctx, opts) // its errors say "mark all read"
		return allMarkedReadMsg{gen: gen, n: n, err: err}
	}
}

func setReadCmd(c *common, id string, read bool) tea.Cmd {
	return func() tea.Msg {
		if err := c.src.SetRead(c.ctx, id, read); err != nil {
			return stateChangedMsg{id: id, err: fmt.Errorf("mark %s: %w", id, err)}
		}
		return stateChangedMsg{id: id, read: &read}
	}
}

func setStarredCmd(c *common, id string, starred bool) tea.Cmd {
	return func() tea.Msg {
		if err := c.src.SetStarred(c.ctx, id, starred); err != nil {
			return stateChangedMsg{id: id, err: fmt.Errorf("star %s: %w", id, err)}
		}
		return stateChangedMsg{id: id, starred: &starred}
	}
}

// rowTitle names a row whose source gave no headline (a body-only HTML
// fragment, a JSON record without title) instead of leaving it blank.
func rowTitle(title string) string {
	if t := clean(title); t != "" {
		return t
	}
	return "(untitled)"
}
