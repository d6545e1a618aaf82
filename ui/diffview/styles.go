package diffview

import "charm.land/lipgloss/v2"

// Styles are the looks of a diff. Markers bracket changed words (for
// example "[-" and "-]"); they are empty in the colour sets, where
// background colour picks the words out (deleted words also struck through
// in the removed colour), and set in NoColorStyles.
type Styles struct {
	Text         lipgloss.Style // unchanged text
	Headline     lipgloss.Style // the headline row
	Deleted      lipgloss.Style // a removed paragraph
	Inserted     lipgloss.Style // an added paragraph
	DeletedWord  lipgloss.Style // removed words inside an edited paragraph
	InsertedWord lipgloss.Style // added words inside an edited paragraph
	Moved        lipgloss.Style // a moved paragraph's text
	Label        lipgloss.Style // "↕ moved" labels
	Gutter       lipgloss.Style // the gutter of unchanged text
	GutterDelete lipgloss.Style // "-"
	GutterInsert lipgloss.Style // "+"
	GutterEdit   lipgloss.Style // "~"
	GutterMove   lipgloss.Style // ">"
	Title        lipgloss.Style // column titles
	Divider      lipgloss.Style // the rule between columns

	DeleteOpen, DeleteClose string
	InsertOpen, InsertClose string
}

// DefaultStyles returns colours for a dark or light terminal background
// (lipgloss.HasDarkBackground tells which).
func DefaultStyles(hasDarkBG bool) Styles {
	ld := lipgloss.LightDark(hasDarkBG)
	red := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF8A80"))
	green := ld(lipgloss.Color("#1B6E2A"), lipgloss.Color("#8CE99A"))
	delBG := ld(lipgloss.Color("#FDE7E9"), lipgloss.Color("#3B1F23"))
	insBG := ld(lipgloss.Color("#E3F6E6"), lipgloss.Color("#1C3324"))
	delWordBG := ld(lipgloss.Color("#F5B7BE"), lipgloss.Color("#7A2631"))
	insWordBG := ld(lipgloss.Color("#A9E2B5"), lipgloss.Color("#2C6B3C"))
	fg := ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#E4E4E4"))
	dim := ld(lipgloss.Color("#7A7A7A"), lipgloss.Color("#8A8A8A"))
	blue := ld(lipgloss.Color("#2F5BB7"), lipgloss.Color("#8AB4F8"))
	return Styles{
		Text:         lipgloss.NewStyle().Foreground(fg),
		Headline:     lipgloss.NewStyle().Foreground(fg).Bold(true),
		Deleted:      lipgloss.NewStyle().Foreground(fg).Background(delBG),
		Inserted:     lipgloss.NewStyle().Foreground(fg).Background(insBG),
		DeletedWord:  lipgloss.NewStyle().Foreground(red).Background(delWordBG).Strikethrough(true),
		InsertedWord: lipgloss.NewStyle().Foreground(fg).Background(insWordBG).Bold(true),
		Moved:        lipgloss.NewStyle().Foreground(blue),
		Label:        lipgloss.NewStyle().Foreground(blue).Italic(true),
		Gutter:       lipgloss.NewStyle().Foreground(dim),
		GutterDelete: lipgloss.NewStyle().Foreground(red).Bold(true),
		GutterInsert: lipgloss.NewStyle().Foreground(green).Bold(true),
		GutterEdit:   lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#FFD479"))).Bold(true),
		GutterMove:   lipgloss.NewStyle().Foreground(blue).Bold(true),
		Title:        lipgloss.NewStyle().Foreground(dim).Bold(true),
		Divider:      lipgloss.NewStyle().Foreground(dim),
	}
}

// NoColorStyles returns styles without colour or attributes, for NO_COLOR
// and output that is not a terminal: changed words are bracketed
// git-style, [-removed-] and {+added+}, and the gutter shows the rest.
func NoColorStyles() Styles {
	return Styles{
		DeleteOpen: "[-", DeleteClose: "-]",
		InsertOpen: "{+", InsertClose: "+}",
	}
}
