// Package ui is verso's terminal reader: a Bubble Tea v2 program with one
// model per screen (list, reader, search, versions side by side), shared
// styles and a configurable key map. It reads the index through Source and
// does every call in a tea.Cmd, so input is never blocked by the store.
package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Options configures Run. The zero value runs on the terminal with the
// defaults.
type Options struct {
	// Config is the loaded configuration; when nil, ConfigPath (or the
	// default path) is loaded.
	Config     *Config
	ConfigPath string
	// Demo marks a session over the embedded demo corpus (shown in the
	// status line).
	Demo bool
	// ImportCommand is the command line that imports into the index
	// shown, for the empty-index screen ("verso --db x.db import PATH…");
	// empty means "verso import PATH…".
	ImportCommand string
	// Input and Output replace the terminal (tests, benchmarks).
	Input  io.Reader
	Output io.Writer
	// Width and Height set the initial size when not on a terminal.
	Width, Height int
	// Dark forces the background ("dark"/"light"); empty detects it.
	Theme string
	// NoColor forces colourless marks; by default it follows NO_COLOR.
	NoColor bool
	// Now and Location fix the clock and zone for day headers (tests).
	Now      func() time.Time
	Location *time.Location
	// SearchDebounce is the pause in typing before a search runs; zero
	// means 150ms.
	SearchDebounce time.Duration
	// OpenURL opens a link in a browser; nil uses xdg-open or open.
	OpenURL func(ctx context.Context, url string) error
	// ProgramOptions are passed through to tea.NewProgram.
	ProgramOptions []tea.ProgramOption
}

// Run opens the reader on src and returns when the user quits or ctx ends.
func Run(ctx context.Context, src Source, opts Options) error {
	m, err := New(ctx, src, opts)
	if err != nil {
		return err
	}
	popts := []tea.ProgramOption{tea.WithContext(ctx)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	if opts.Width > 0 && opts.Height > 0 {
		popts = append(popts, tea.WithWindowSize(opts.Width, opts.Height))
	}
	popts = append(popts, opts.ProgramOptions...)
	final, err := tea.NewProgram(m, popts...).Run()
	if err != nil {
		return fmt.Errorf("run terminal reader: %w", err)
	}
	if fm, ok := final.(*Model); ok && fm.fatal != nil {
		return fm.fatal
	}
	return nil
}

// screen names what the user is looking at.
type screen int

const (
	screenList screen = iota
	screenReader
	screenSearch
	screenVersions
)

// common is shared by all screens: context, source, size, styles, keys.
type common struct {
	ctx     context.Context
	src     Source
	cfg     Config
	keys    KeyMap
	styles  Styles
	width   int
	height  int
	now     func() time.Time
	loc     *time.Location
	demo    bool
	noColor bool
	// importCmd is Options.ImportCommand.
	importCmd string
	open      func(ctx context.Context, url string) error
	// debounce is the pause in typing before a search runs.
	debounce time.Duration
	// nav holds screen changes asked for during one Update; the root
	// applies them before the next message, so keys typed right after
	// "/" or enter reach the new screen, not the old one.
	nav []tea.Msg
}

// goTo asks the root model to change screen as soon as this Update ends.
func (c *common) goTo(msg tea.Msg) tea.Cmd {
	c.nav = append(c.nav, msg)
	return nil
}

// Model is the root Bubble Tea model: it owns the screens, routes messages
// to them and draws help and the status line around them.
type Model struct {
	c        *common
	forceBg  bool
	screen   screen
	list     listModel
	reader   readerModel
	search   searchModel
	versions versionsModel
	// back is where Esc returns from the reader and versions screens.
	back     []screen
	showHelp bool
	// helpTop is the first line of the full help shown when it is taller
	// than the window.
	helpTop int
	help    help.Model
	fatal   error
}

// New builds the root model without starting a program, for tests and for
// callers that run their own tea.Program.
func New(ctx context.Context, src Source, opts Options) (*Model, error) {
	var cfg Config
	if opts.Config != nil {
		cfg = *opts.Config
	} else {
		path := opts.ConfigPath
		if path == "" {
			path = DefaultConfigPath()
		}
		var err error
		if cfg, err = LoadConfig(path); err != nil {
			return nil, err
		}
	}
	keys, err := NewKeyMap(cfg.Keys)
	if err != nil {
		return nil, fmt.Errorf("config keys: %w", err)
	}
	theme := opts.Theme
	if theme == "" {
		theme = cfg.Theme
	}
	dark := theme != "light"
	noColor := opts.NoColor || os.Getenv("NO_COLOR") != ""
	c := &common{
		ctx: ctx, src: src, cfg: cfg, keys: keys,
		styles:  NewStyles(dark, cfg.Colors, noColor),
		noColor: noColor,
		width:   opts.Width, height: opts.Height,
		now: opts.Now, loc: opts.Location, demo: opts.Demo, importCmd: opts.ImportCommand, open: opts.OpenURL,
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.loc == nil {
		c.loc = time.Local
	}
	c.debounce = opts.SearchDebounce
	if c.debounce <= 0 {
		c.debounce = searchDebounce
	}
	if c.open == nil {
		c.open = openBrowser
	}
	if c.width <= 0 {
		c.width = 80
	}
	if c.height <= 0 {
		c.height = 24
	}
	m := &Model{c: c, forceBg: theme != "", help: help.New()}
	m.help.Styles = c.styles.Help
	m.list = newListModel(c)
	m.reader = newReaderModel(c)
	m.search = newSearchModel(c)
	m.versions = newVersionsModel(c)
	return m, nil
}

// Init starts loading the first page and asks the terminal for its
// background colour.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.list.init()}
	if !m.forceBg {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// Messages that move between screens.
type (
	openArticleMsg struct {
		id      string
		starred bool
	}
	openVersionsMsg struct {
		story      string
		left       string // older article id
		right      string // newer article id
		fromReader bool
	}
	backMsg       struct{}
	openSearchMsg struct{}
	// stepArticleMsg asks for the article d rows on from the one read, in
	// the list or results the reader was opened from.
	stepArticleMsg  struct{ d int }
	statusMsg       struct{ text string }
	stateChangedMsg struct {
		id            string
		read, starred *bool
		err           error
	}
)

// Update routes a message to the screen it concerns.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = max(msg.Width, 1), max(msg.Height, 1)
		m.help.SetWidth(m.c.width)
		return m, m.resize()
	case tea.BackgroundColorMsg:
		if !m.forceBg {
			m.restyle(msg.IsDark())
		}
		return m, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.c.keys.ForceQuit) {
			return m, tea.Quit
		}
		if msg.String() == "alt+esc" {
			// Two Escapes read together (a quick double press, a paste,
			// a tmux macro) arrive as one alt+esc: they mean esc twice.
			esc := tea.KeyPressMsg{Code: tea.KeyEscape}
			_, first := m.Update(esc)
			_, second := m.Update(esc)
			return m, tea.Batch(first, second)
		}
		// Any key stops the list's loading to the end (G sets it again),
		// also one that opens or closes the help before the list sees it.
		m.list.seekEnd = false
		if m.showHelp {
			// Movement keys scroll a help taller than the window; any
			// other key closes it.
			if m.scrollHelp(msg) {
				return m, nil
			}
			m.showHelp = false
			return m, nil
		}
		if m.opensHelp(msg) {
			m.showHelp, m.helpTop = true, 0
			return m, nil
		}
		if m.screen == screenList && key.Matches(msg, m.c.keys.Quit) && !m.typing() && !m.list.sidebarFocused() && !m.list.confirmAll {
			return m, tea.Quit
		}
	case openArticleMsg:
		m.back = append(m.back, m.screen)
		m.screen = screenReader
		cmd := m.reader.open(msg.id)
		m.reader.starred = msg.starred
		return m, cmd
	case stepArticleMsg:
		return m, m.stepArticle(msg.d)
	case openVersionsMsg:
		m.back = append(m.back, m.screen)
		m.screen = screenVersions
		return m, m.versions.open(msg)
	case openSearchMsg:
		m.screen = screenSearch
		return m, m.search.start()
	case backMsg:
		switch {
		case len(m.back) > 0:
			m.screen = m.back[len(m.back)-1]
			m.back = m.back[:len(m.back)-1]
		case m.screen == screenSearch:
			m.screen = screenList
		default:
			m.screen = screenList
		}
		if m.screen == screenSearch {
			return m, m.search.focus()
		}
		return m, nil
	case stateChangedMsg:
		// every screen that shows the row updates its marks
		cmd := m.list.applyState(msg)
		m.search.applyState(msg)
		m.reader.applyState(msg)
		return m, cmd
	}
	cmd := m.updateScreen(msg)
	if len(m.c.nav) == 0 {
		return m, cmd
	}
	cmds := []tea.Cmd{cmd}
	for len(m.c.nav) > 0 {
		next := m.c.nav[0]
		m.c.nav = m.c.nav[1:]
		_, c := m.Update(next)
		cmds = append(cmds, c)
	}
	return m, tea.Batch(cmds...)
}

func (m *Model) updateScreen(msg tea.Msg) tea.Cmd {
	// async results go to their owner whatever screen is in front
	switch msg.(type) {
	case pageLoadedMsg, countLoadedMsg, topicsLoadedMsg, allMarkedReadMsg:
		return m.list.update(msg)
	case searchResultsMsg, searchPageLoadedMsg, searchDebounceMsg:
		return m.search.update(msg)
	case articleLoadedMsg, readerVersionsMsg, linkOpenedMsg:
		return m.reader.update(msg)
	case versionsLoadedMsg, diffReadyMsg:
		return m.versions.update(msg)
	}
	switch m.screen {
	case screenReader:
		return m.reader.update(msg)
	case screenSearch:
		return m.search.update(msg)
	case screenVersions:
		return m.versions.update(msg)
	default:
		return m.list.update(msg)
	}
}

// opensHelp reports whether msg asks for the full help: Help or
// HelpAnywhere, and while a text input has the keyboard only HelpAnywhere,
// unless its key types text (a user may bind it to a letter).
func (m *Model) opensHelp(msg tea.KeyPressMsg) bool {
	k := m.c.keys
	if m.typing() {
		return msg.Text == "" && key.Matches(msg, k.HelpAnywhere)
	}
	return key.Matches(msg, k.Help, k.HelpAnywhere)
}

// typing reports whether a text input has the keyboard, so that letters go
// to it rather than to commands.
func (m *Model) typing() bool {
	switch m.screen {
	case screenSearch:
		return true
	case screenReader:
		return m.reader.typing()
	}
	return false
}

func (m *Model) resize() tea.Cmd {
	return tea.Batch(m.list.resize(), m.reader.resize(), m.search.resize(), m.versions.resize())
}

func (m *Model) restyle(dark bool) {
	if m.c.styles.Dark == dark {
		return
	}
	m.c.styles = NewStyles(dark, m.c.cfg.Colors, m.c.noColor)
	m.help.Styles = m.c.styles.Help
	m.list.restyle()
	m.reader.restyle()
	m.search.restyle()
	m.versions.restyle()
}

// View draws the current screen, or the full help over it.
func (m *Model) View() tea.View {
	var body string
	if m.showHelp {
		body = m.helpView()
	} else {
		switch m.screen {
		case screenReader:
			body = m.reader.view()
		case screenSearch:
			body = m.search.view()
		case screenVersions:
			body = m.versions.view()
		default:
			body = m.list.view()
		}
	}
	v := tea.NewView(fitScreen(body, m.c.width, m.c.height))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "verso"
	// text inputs draw their own (steady) cursor; the terminal's stays hidden
	return v
}

// stepArticle replaces the article read by the one d rows on in the list
// or search results under the reader, moving their selection too, so
// that back lands on the article last read.
func (m *Model) stepArticle(d int) tea.Cmd {
	if m.screen != screenReader || len(m.back) == 0 {
		return nil
	}
	var (
		id      string
		starred bool
		ok      bool
		more    tea.Cmd
	)
	under := m.back[len(m.back)-1]
	switch under {
	case screenList:
		before := m.list.sel
		m.list.move(d)
		more = m.list.maybeFetch()
		if it, found := m.list.selected(); found && m.list.sel != before {
			id, starred, ok = it.ID, it.Starred, true
		}
	case screenSearch:
		before := m.search.sel
		m.search.move(d)
		more = m.search.moreIfNear()
		if m.search.sel != before && m.search.sel < len(m.search.hits) {
			h := m.search.hits[m.search.sel]
			id, starred, ok = h.ID, h.Starred, true
		}
	}
	if !ok {
		m.reader.status, m.reader.statusInfo = "no next article", true
		switch {
		case d < 0:
			m.reader.status = "no previous article"
		case more != nil || under == screenList && m.list.loading || under == screenSearch && m.search.loadingMore:
			// A page is on its way (asked now or before).
			m.reader.status = "more articles are loading; press " + m.c.keys.NextArticle.Help().Key + " again"
		}
		return more
	}
	cmd := m.reader.open(id)
	m.reader.starred = starred
	return tea.Batch(cmd, more)
}

func (m *Model) helpMap() helpMap {
	switch m.screen {
	case screenReader:
		return m.c.keys.readerHelp(m.reader.hasVersions())
	case screenSearch:
		return m.c.keys.searchHelp(m.search.failed())
	case screenVersions:
		return m.c.keys.versionsHelp()
	default:
		if m.list.sidebarFocused() {
			return m.c.keys.sidebarHelp()
		}
		return m.c.keys.listHelp()
	}
}

// fullHelp draws the key groups side by side when they fit the width and
// otherwise stacks them in fewer columns, rather than cutting columns off
// (bubbles/help drops whatever does not fit behind an ellipsis).
func (m *Model) fullHelp(groups [][]key.Binding) string {
	h := m.help
	h.SetWidth(0)
	out := h.FullHelpView(groups)
	if len(groups) < 2 || lipgloss.Width(out) <= m.c.width {
		return out
	}
	half := (len(groups) + 1) / 2
	return m.fullHelp(groups[:half]) + "\n\n" + m.fullHelp(groups[half:])
}

// screenName names the screen in front, for the help title.
func (m *Model) screenName() string {
	switch m.screen {
	case screenReader:
		return "reader"
	case screenSearch:
		return "search"
	case screenVersions:
		if m.versions.layout() == layoutUnified {
			return "versions, unified"
		}
		return "versions side by side"
	}
	if m.list.sidebarFocused() {
		return "topics"
	}
	return "article list"
}

// helpLines is the full help of the screen in front, without its footer.
func (m *Model) helpLines() []string {
	s := m.c.styles
	title := s.Header.Render("verso — keys") + s.Muted.Render(" · "+m.screenName())
	body := m.fullHelp(m.helpMap().full)
	parts := []string{title, "", body}
	if m.screen == screenReader {
		parts = append(parts, "", m.reader.legend())
	}
	if m.screen == screenVersions {
		parts = append(parts, "", m.versions.legend())
	}
	return strings.Split(lipgloss.JoinVertical(lipgloss.Left, parts...), "\n")
}

// helpRoom is how many help lines fit above the footer.
func (m *Model) helpRoom() int { return max(m.c.height-1, 1) }

// scrollHelp moves a help taller than the window by a movement key and
// reports whether msg was one.
func (m *Model) scrollHelp(msg tea.KeyPressMsg) bool {
	extra := len(m.helpLines()) - m.helpRoom()
	if extra <= 0 {
		return false
	}
	k, page := m.c.keys, m.helpRoom()
	switch {
	case key.Matches(msg, k.Down):
		m.helpTop++
	case key.Matches(msg, k.Up):
		m.helpTop--
	case key.Matches(msg, k.PageDown), key.Matches(msg, k.HalfDown):
		m.helpTop += page / 2
	case key.Matches(msg, k.PageUp), key.Matches(msg, k.HalfUp):
		m.helpTop -= page / 2
	case key.Matches(msg, k.Top):
		m.helpTop = 0
	case key.Matches(msg, k.Bottom):
		m.helpTop = extra
	default:
		return false
	}
	m.helpTop = min(max(m.helpTop, 0), extra)
	return true
}

func (m *Model) helpView() string {
	s := m.c.styles
	lines := m.helpLines()
	room := m.helpRoom()
	closing := s.Muted.Render("press any key to close")
	switch {
	case len(lines)+2 <= m.c.height:
		return lipgloss.JoinVertical(lipgloss.Left, strings.Join(lines, "\n"), "", closing)
	case len(lines) <= room:
		// It fits without the blank line; scrollHelp agrees it cannot
		// scroll.
		return lipgloss.JoinVertical(lipgloss.Left, strings.Join(lines, "\n"), closing)
	}
	// Taller than the window: a scrolled window of it, and a footer that
	// says where it is and how to move (with the keys as configured).
	top := min(max(m.helpTop, 0), max(len(lines)-room, 0))
	shown := lines[top:min(top+room, len(lines))]
	foot := m.c.keys.Down.Help().Key + " " + m.c.keys.Up.Help().Key + " scroll · other keys close"
	if where := fmt.Sprintf("%d-%d of %d · ", top+1, top+len(shown), len(lines)); len(where+foot) <= m.c.width {
		foot = where + foot
	}
	return strings.Join(append(shown, s.Muted.Render(foot)), "\n")
}
