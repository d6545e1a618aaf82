package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/store"
)

// searchDebounce is how long typing must pause before a query runs.
const searchDebounce = 150 * time.Millisecond

// searchPage is how many results one answer brings: the first for a
// query, then one more page each time the selection nears the end. Each
// result costs a row, a snippet and its topics, which on a million
// articles is most of a search's time. searchMax is the most the store
// returns for one query (its pages end there).
const (
	searchPage = 50
	searchMax  = 1000
)

// Messages of the search screen. seq is the keystroke generation: a
// debounce tick or a result for anything but the latest input is dropped,
// and a page for any results but those shown.
type (
	searchDebounceMsg struct{ seq int }
	searchResultsMsg  struct {
		seq   int
		query string
		hits  []store.Hit
		next  *store.SearchCursor // nil: no more pages
		err   error
	}
	searchPageLoadedMsg struct {
		seq   int
		query string
		hits  []store.Hit
		next  *store.SearchCursor
		err   error
	}
)

type searchModel struct {
	c       *common
	input   textinput.Model
	seq     int
	query   string // the query the results are for
	shown   int    // the keystroke generation the results are for
	hits    []store.Hit
	err     error
	running bool
	sel     int
	top     int
	// next is where the next page starts, nil when there is none;
	// loadingMore is set while that page is on its way and moreErr when it
	// failed, which stops further pages until a retry or a new query.
	next        *store.SearchCursor
	loadingMore bool
	moreErr     error
	// last is the query of the previous search, offered back by up on an
	// empty line.
	last string
	// openFirst is set by enter typed before the results caught up with
	// the query: its search runs at once and its first result opens.
	openFirst bool
}

// placeholder shows the query language on an empty search line.
const placeholder = `lavrov "hasty withdrawal" site:moscowtimes after:2021-07-01`

func newSearchModel(c *common) searchModel {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = placeholder
	ti.SetStyles(inputStyles(c.styles.Dark))
	return searchModel{c: c, input: ti}
}

// focus gives the query line the keyboard, as the user left it (back from
// an article to its results).
func (s *searchModel) focus() tea.Cmd {
	s.input.SetWidth(max(s.c.width-3, 1))
	return s.input.Focus()
}

// start begins a new search: an empty line, as / does in less and vim,
// with the previous query one up away.
func (s *searchModel) start() tea.Cmd {
	if q := strings.TrimSpace(s.input.Value()); q != "" {
		s.last = q
		s.input.SetValue("")
		s.seq++
		s.setResults(s.seq, "", nil, nil, nil)
	}
	s.input.Placeholder = placeholder
	if s.last != "" {
		s.input.Placeholder = "↑ " + s.last
	}
	return s.focus()
}

func (s *searchModel) restyle() {
	s.input.SetStyles(inputStyles(s.c.styles.Dark))
}

// resize leaves top alone, as the list does: the results drawn start
// from shownTop.
func (s *searchModel) resize() tea.Cmd {
	s.input.SetWidth(max(s.c.width-3, 1))
	return nil
}

func (s *searchModel) applyState(m stateChangedMsg) {
	if m.err != nil {
		return
	}
	for i := range s.hits {
		if s.hits[i].ID == m.id {
			if m.read != nil {
				s.hits[i].Read = *m.read
			}
			if m.starred != nil {
				s.hits[i].Starred = *m.starred
			}
		}
	}
}

// searchPageOf asks for the page of q that after starts (nil: the first).
func searchPageOf(c *common, q string, after *store.SearchCursor) (store.HitPage, error) {
	return c.src.SearchPage(c.ctx, store.SearchOptions{Query: q, Limit: searchPage, After: after})
}

func (s *searchModel) run(seq int, q string) tea.Cmd {
	c := s.c
	return func() tea.Msg {
		page, err := searchPageOf(c, q, nil)
		return searchResultsMsg{seq: seq, query: q, hits: page.Hits, next: page.Next, err: err}
	}
}

// loadMore asks for the page after the results shown, with the cursor the
// last page came with: the store ranked the search once, so the page
// continues the results shown, none of them again and none left out.
// A failed page is asked for again with the same cursor.
func (s *searchModel) loadMore() tea.Cmd {
	c, seq, q, after := s.c, s.shown, s.query, s.next
	s.loadingMore, s.moreErr = true, nil
	return func() tea.Msg {
		page, err := searchPageOf(c, q, after)
		return searchPageLoadedMsg{seq: seq, query: q, hits: page.Hits, next: page.Next, err: err}
	}
}

// moreIfNear asks for the next page when the selection is within a
// screen of the end of a list that may go on; never again after a failed
// page, so a failing store is not asked on every key.
func (s *searchModel) moreIfNear() tea.Cmd {
	if s.next == nil || s.loadingMore || s.moreErr != nil || s.err != nil ||
		s.sel < len(s.hits)-s.visibleHits() {
		return nil
	}
	return s.loadMore()
}

// failed reports whether the last search or page failed for a reason a
// retry may mend (a malformed query needs editing, not a retry).
func (s *searchModel) failed() bool {
	var qerr *store.QueryError
	return s.moreErr != nil || s.err != nil && !errors.As(s.err, &qerr)
}

// retry runs the failed search, or the failed page, again.
func (s *searchModel) retry() tea.Cmd {
	switch {
	case !s.failed():
		return nil
	case s.moreErr != nil:
		return s.loadMore()
	}
	s.err, s.running = nil, true
	return s.run(s.seq, strings.TrimSpace(s.input.Value()))
}

func (s *searchModel) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchDebounceMsg:
		if msg.seq != s.seq {
			return nil
		}
		q := strings.TrimSpace(s.input.Value())
		if q == "" {
			s.setResults(msg.seq, "", nil, nil, nil)
			return nil
		}
		s.running = true
		return s.run(msg.seq, q)
	case searchResultsMsg:
		if msg.seq != s.seq {
			return nil
		}
		s.setResults(msg.seq, msg.query, msg.hits, msg.next, msg.err)
		if s.openFirst {
			s.openFirst = false
			return s.openSelected()
		}
		return s.moreIfNear()
	case searchPageLoadedMsg:
		if msg.seq != s.shown || msg.query != s.query {
			return nil
		}
		s.loadingMore, s.moreErr = false, msg.err
		if msg.err == nil {
			s.hits = append(s.hits, msg.hits...)
			s.next = msg.next
		}
		return s.moreIfNear()
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		return s.edit(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelDown:
			s.move(3)
			return s.moreIfNear()
		case tea.MouseWheelUp:
			s.move(-3)
		}
	case tea.MouseClickMsg:
		y := msg.Mouse().Y - s.headerHeight()
		if y < 0 {
			return nil
		}
		i := s.shownTop() + y/2
		if i < len(s.hits) {
			if i == s.sel {
				return s.openSelected()
			}
			s.sel = i
		}
	}
	return nil
}

// setResults puts the first answer for a query in place of the results
// (none for an empty query) and the selection at the top.
func (s *searchModel) setResults(seq int, q string, hits []store.Hit, next *store.SearchCursor, err error) {
	s.shown, s.query, s.hits, s.next, s.err = seq, q, hits, next, err
	s.running, s.loadingMore, s.moreErr = false, false, nil
	s.sel, s.top = 0, 0
}

func (s *searchModel) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.Text == "" && key.Matches(msg, s.c.keys.Retry) {
		return s.retry()
	}
	switch msg.String() {
	case "esc":
		s.openFirst = false // leaving: a late result must not open
		s.input.Blur()
		return s.c.goTo(backMsg{})
	case "enter":
		if q := strings.TrimSpace(s.input.Value()); s.shown != s.seq {
			// Typed and entered within the debounce pause: the results
			// on screen are for an older query. Search now (a new seq
			// drops the pending pause) and open what it finds first;
			// an erased line opens nothing.
			if q == "" {
				return nil
			}
			s.seq++
			s.openFirst, s.running = true, true
			return s.run(s.seq, q)
		}
		return s.openSelected()
	case "down", "ctrl+n", "ctrl+j":
		s.move(1)
		return s.moreIfNear()
	case "up", "ctrl+p", "ctrl+k":
		if s.input.Value() == "" && s.last != "" {
			return s.edit(tea.PasteMsg{Content: s.last})
		}
		s.move(-1)
		return nil
	case "pgdown":
		s.move(s.visibleHits())
		return s.moreIfNear()
	case "pgup":
		s.move(-s.visibleHits())
		return nil
	}
	// other keys, ctrl+u and ctrl+d included, edit the query as in a shell
	return s.edit(msg)
}

// edit hands a key or a paste to the query line and, when the query
// changed, schedules a search after the debounce pause.
func (s *searchModel) edit(msg tea.Msg) tea.Cmd {
	s.openFirst = false
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() == before {
		return cmd
	}
	s.seq++
	seq := s.seq
	tick := tea.Tick(s.c.debounce, func(time.Time) tea.Msg { return searchDebounceMsg{seq: seq} })
	return tea.Batch(cmd, tick)
}

func (s *searchModel) openSelected() tea.Cmd {
	if s.sel < 0 || s.sel >= len(s.hits) {
		return nil
	}
	hit := s.hits[s.sel]
	s.input.Blur()
	return s.c.goTo(openArticleMsg{id: hit.ID, starred: hit.Starred})
}

func (s *searchModel) move(d int) {
	if len(s.hits) == 0 {
		return
	}
	s.sel = min(max(s.sel+d, 0), len(s.hits)-1)
	s.ensureVisible()
}

func (s *searchModel) headerHeight() int { return 3 }

// visibleHits is how many results fit: each takes a row and a snippet line.
func (s *searchModel) visibleHits() int {
	return max((s.c.height-s.headerHeight()-1)/2, 1)
}

func (s *searchModel) ensureVisible() { s.top = s.shownTop() }

// shownTop is the first result drawn: top, moved as little as needed for
// the selection to be on screen and the results to fill the window.
func (s *searchModel) shownTop() int {
	n := s.visibleHits()
	top := s.top
	if s.sel < top {
		top = s.sel
	}
	if s.sel >= top+n {
		top = s.sel - n + 1
	}
	return max(0, min(top, max(len(s.hits)-n, 0)))
}

func (s *searchModel) view() string {
	st := s.c.styles
	w, h := s.c.width, s.c.height
	lines := []string{st.Header.Render("Search") + st.Muted.Render(" · type a query, results update as you type")}
	s.input.SetWidth(max(w-3, 1))
	lines = append(lines, s.input.View())

	var qerr *store.QueryError
	switch {
	case errors.As(s.err, &qerr):
		// point at the problem under the query line
		// the store saw the query trimmed; Pos is a byte offset in it
		v := s.input.Value()
		lead := len(v) - len(strings.TrimLeft(v, " \t"))
		col := min(max(qerr.Pos, 0)+lead, len(v))
		pad := ansi.StringWidth(s.input.Prompt) + ansi.StringWidth(v[:col])
		lines[1] = s.input.View()
		lines = append(lines, st.Error.Render(truncate(strings.Repeat(" ", pad)+"^ "+clean(qerr.Msg), w)))
	case s.err != nil:
		lines = append(lines, st.Error.Render(truncate("search failed: "+clean(s.err.Error()), w)))
	case s.running && s.hits == nil:
		lines = append(lines, st.Muted.Render("searching…"))
	case s.query == "":
		lines = append(lines, st.Muted.Render(truncate(`words, a OR b, "phrases", -not, prefix*, title: by: site: entity: said: quote: topic: after: before: on: is:unread is:starred has:versions`, w)))
	case len(s.hits) == 0:
		lines = append(lines, st.Muted.Render("no articles match "+truncate(clean(s.query), max(w-20, 1))))
	default:
		n := fmt.Sprintf("%d", len(s.hits))
		switch {
		case len(s.hits) >= searchMax:
			n = fmt.Sprintf("best %d", len(s.hits))
		case s.next != nil:
			n += "+"
		}
		label := " results for "
		if len(s.hits) == 1 {
			label = " result for "
		}
		lines = append(lines, st.Muted.Render(n+label)+st.Title.Render(truncate(clean(s.query), max(w-24, 1))))
	}
	if s.err == nil {
		top := s.shownTop()
		end := min(top+s.visibleHits(), len(s.hits))
		for i := top; i < end; i++ {
			hit := s.hits[i]
			lines = append(lines, renderDatedRow(s.c, hit.Summary, w, i == s.sel))
			lines = append(lines, "    "+renderSnippet(st, hit.Snippet, max(w-4, 1)))
		}
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = lines[:max(min(len(lines), h-1), 0)]
	lines = append(lines, statusBar(s.c, s.statusLeft(), s.c.keys.searchHelp(s.failed())))
	return strings.Join(lines, "\n")
}

// statusLeft says that more results are on their way, or why they are
// not; retry is in the short help then.
func (s *searchModel) statusLeft() string {
	st := s.c.styles
	switch {
	case s.moreErr != nil:
		return st.Error.Render(truncate("more results failed: "+clean(s.moreErr.Error()), s.c.width*2/3))
	case s.loadingMore:
		return st.Muted.Render(truncate("loading more…", s.c.width/2))
	}
	return ""
}

// renderSnippet styles the store's highlight markers and cuts the snippet
// to one line; the text is sanitised before anything is styled.
func renderSnippet(st Styles, snip string, w int) string {
	snip = sanitize(snip)
	snip = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case r >= '\uE002' && r <= '\uE0FF':
			return -1
		}
		return r
	}, snip)
	var b strings.Builder
	used := 0
	for part, rest, in := "", snip, false; rest != "" && used < w; in = !in {
		marker := store.HighlightStart
		if in {
			marker = store.HighlightEnd
		}
		if i := strings.Index(rest, marker); i >= 0 {
			part, rest = rest[:i], rest[i+len(marker):]
		} else {
			part, rest = rest, ""
		}
		part = truncate(part, w-used)
		used += ansi.StringWidth(part)
		if in {
			b.WriteString(st.Match.Render(part))
		} else {
			b.WriteString(st.Snippet.Render(part))
		}
	}
	return b.String()
}
