package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/ui/diffview"
)

// Palette is the set of colours every screen draws with, chosen for the
// terminal's background and overridable from the config.
type Palette struct {
	Fg, Accent, Muted, Subtle            color.Color
	Quote, Speaker                       color.Color
	Person, Organization, Place, Misc    color.Color
	Added, Removed, AddedBg, RemovedBg   color.Color
	Match, MatchFg, Selected, SelectedFg color.Color
	Error                                color.Color
}

// DefaultPalette returns verso's colours for a dark or light background.
func DefaultPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return Palette{
		Fg:           ld(c("#1c1c1c"), c("#e4e4e4")),
		Accent:       ld(c("#5f00d7"), c("#af87ff")),
		Muted:        ld(c("#6c6c6c"), c("#8a8a8a")),
		Subtle:       ld(c("#d0d0d0"), c("#3a3a3a")),
		Quote:        ld(c("#875f00"), c("#ffd75f")),
		Speaker:      ld(c("#5f5f87"), c("#afafd7")),
		Person:       ld(c("#005f87"), c("#5fd7ff")),
		Organization: ld(c("#870087"), c("#ff87d7")),
		Place:        ld(c("#005f00"), c("#87d787")),
		Misc:         ld(c("#5f5f00"), c("#d7d787")),
		Added:        ld(c("#005f00"), c("#87ff87")),
		Removed:      ld(c("#af0000"), c("#ff8787")),
		AddedBg:      ld(c("#d7ffd7"), c("#1c3a1c")),
		RemovedBg:    ld(c("#ffd7d7"), c("#4a1c1c")),
		Match:        ld(c("#ffd700"), c("#d7af00")),
		MatchFg:      c("#000000"),
		Selected:     ld(c("#e4e4ff"), c("#303050")),
		SelectedFg:   ld(c("#000000"), c("#ffffff")),
		Error:        ld(c("#af0000"), c("#ff5f5f")),
	}
}

// apply overrides the palette with the config's colours.
func (p Palette) apply(cc ColorConfig) Palette {
	set := func(dst *color.Color, v string) {
		if v != "" {
			*dst = lipgloss.Color(v)
		}
	}
	set(&p.Accent, cc.Accent)
	set(&p.Muted, cc.Muted)
	set(&p.Quote, cc.Quote)
	set(&p.Speaker, cc.Speaker)
	set(&p.Person, cc.Person)
	set(&p.Organization, cc.Organization)
	set(&p.Place, cc.Place)
	set(&p.Misc, cc.Misc)
	set(&p.Added, cc.Added)
	set(&p.Removed, cc.Removed)
	set(&p.Match, cc.Match)
	set(&p.Selected, cc.Selected)
	return p
}

// Styles are the lipgloss styles shared by all screens, built once per
// background and palette so View never constructs styles in a loop.
type Styles struct {
	Dark    bool
	Palette Palette

	Title, Header, DayHeader, Muted, Status, StatusKey lipgloss.Style
	Error, Badge, Unread, Star, Site, Time             lipgloss.Style
	Selected, Cursor, Sidebar, SidebarActive           lipgloss.Style
	Match, CurrentMatch, Snippet, Input, Panel         lipgloss.Style
	PanelSelected, Legend                              lipgloss.Style
	Added, Removed, AddedWord, RemovedWord, Moved      lipgloss.Style

	Help help.Styles
	Diff diffview.Styles

	// SGR sequences for highlights injected into glamour's output, where
	// lipgloss styles cannot reach (spans cross glamour's own resets).
	QuoteSGR, SpeakerSGR string
	EntitySGR            map[news.EntityType]string
}

// NewStyles builds the styles for a background and config overrides.
// noColor (NO_COLOR set) swaps colour-only marks for attributes and
// brackets, since the renderer drops every colour then.
func NewStyles(dark bool, cc ColorConfig, noColor bool) Styles {
	p := DefaultPalette(dark).apply(cc)
	s := Styles{Dark: dark, Palette: p}
	n := lipgloss.NewStyle
	s.Title = n().Bold(true).Foreground(p.Fg)
	s.Header = n().Bold(true).Foreground(p.Accent)
	s.DayHeader = n().Bold(true).Foreground(p.Accent)
	s.Muted = n().Foreground(p.Muted)
	s.Status = n().Foreground(p.Muted)
	s.StatusKey = n().Foreground(p.Accent).Bold(true)
	s.Error = n().Foreground(p.Error).Bold(true)
	s.Badge = n().Foreground(p.Accent)
	s.Unread = n().Foreground(p.Accent).Bold(true)
	s.Star = n().Foreground(p.Quote)
	s.Site = n().Foreground(p.Muted)
	s.Time = n().Foreground(p.Muted)
	s.Selected = n().Background(p.Selected).Foreground(p.SelectedFg)
	s.Cursor = n().Foreground(p.Accent).Bold(true)
	s.Sidebar = n().Foreground(p.Fg)
	s.SidebarActive = n().Foreground(p.Accent).Bold(true)
	s.Match = n().Background(p.Match).Foreground(p.MatchFg)
	s.CurrentMatch = n().Background(p.Accent).Foreground(p.SelectedFg).Bold(true)
	s.Snippet = n().Foreground(p.Muted)
	s.Input = n().Foreground(p.Fg)
	s.Panel = n().Border(lipgloss.RoundedBorder(), true).BorderForeground(p.Subtle).Padding(0, 1)
	s.PanelSelected = n().Foreground(p.Accent).Bold(true)
	s.Legend = n().Foreground(p.Muted)
	s.Added = n().Foreground(p.Added)
	s.Removed = n().Foreground(p.Removed)
	s.AddedWord = n().Background(p.AddedBg).Foreground(p.Added).Bold(true)
	s.RemovedWord = n().Background(p.RemovedBg).Foreground(p.Removed).Strikethrough(true)
	s.Moved = n().Foreground(p.Speaker).Italic(true)
	s.Help = help.DefaultStyles(dark)
	s.Diff = diffview.DefaultStyles(dark)
	if noColor {
		// without colour, attributes and brackets must carry every mark
		s.Diff = diffview.NoColorStyles()
		s.Selected = n().Reverse(true)
		s.Match = n().Reverse(true)
		s.CurrentMatch = n().Reverse(true).Bold(true).Underline(true)
		s.AddedWord = n().Bold(true).Underline(true)
		s.RemovedWord = n().Strikethrough(true)
	}

	s.QuoteSGR = ansi.NewStyle().ForegroundColor(p.Quote).Italic(true).String()
	s.SpeakerSGR = ansi.NewStyle().ForegroundColor(p.Speaker).Faint().String()
	s.EntitySGR = map[news.EntityType]string{
		news.Person:       ansi.NewStyle().ForegroundColor(p.Person).Bold().String(),
		news.Organization: ansi.NewStyle().ForegroundColor(p.Organization).Bold().String(),
		news.Place:        ansi.NewStyle().ForegroundColor(p.Place).Bold().String(),
		news.Misc:         ansi.NewStyle().ForegroundColor(p.Misc).Bold().String(),
	}
	return s
}

// entityStyle is the lipgloss twin of EntitySGR, for the legend.
func (s Styles) entityStyle(t news.EntityType) lipgloss.Style {
	c := s.Palette.Misc
	switch t {
	case news.Person:
		c = s.Palette.Person
	case news.Organization:
		c = s.Palette.Organization
	case news.Place:
		c = s.Palette.Place
	}
	return lipgloss.NewStyle().Foreground(c).Bold(true)
}

// inputStyles are the text input styles for a background, with a steady
// cursor: a blinking one would redraw the screen twice a second for nothing.
func inputStyles(dark bool) textinput.Styles {
	st := textinput.DefaultStyles(dark)
	st.Cursor.Blink = false
	return st
}
