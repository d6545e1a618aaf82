package ui

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap holds every binding verso uses. Screens pick the ones they need and
// expose them to bubbles/help through their own small key maps, so `?` shows
// only what works where the user is.
type KeyMap struct {
	Up, Down, Top, Bottom       key.Binding
	HalfDown, HalfUp            key.Binding
	PageDown, PageUp            key.Binding
	Open, Back, Quit, ForceQuit key.Binding
	Help, Search, Topics        key.Binding
	ToggleRead, Star            key.Binding
	// MarkAllRead marks every article under the list's filter read (loaded
	// or not), after a y/n.
	MarkAllRead                  key.Binding
	NextMatch, PrevMatch         key.Binding
	ToggleQuotes, ToggleEntities key.Binding
	OpenLink, CopyLink           key.Binding
	SideBySide, Unified          key.Binding
	CycleVersion                 key.Binding
	// NextVersion and PrevVersion move the versions screen's newer
	// (right) side to the next or previous version, the older side staying
	// put; NextOlder and PrevOlder move the older (left) side. Neither side
	// passes the other.
	NextVersion, PrevVersion key.Binding
	NextOlder, PrevOlder     key.Binding
	// NextArticle and PrevArticle open, from the reader, the next or
	// previous row of the list or search results it was opened from.
	NextArticle, PrevArticle key.Binding
	// HelpAnywhere opens the help on every screen, also while a query is
	// typed, where Help's ? is text.
	HelpAnywhere key.Binding
	// Retry runs a failed search, or a failed page of results, again.
	Retry key.Binding
}

// DefaultKeyMap returns vim-and-arrows bindings.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Up:             b("↑/k", "up", "up", "k"),
		Down:           b("↓/j", "down", "down", "j"),
		Top:            b("g/home", "top", "g", "home"),
		Bottom:         b("G/end", "bottom", "G", "end"),
		HalfDown:       b("ctrl+d", "half page down", "ctrl+d"),
		HalfUp:         b("ctrl+u", "half page up", "ctrl+u"),
		PageDown:       b("pgdn/space", "page down", "pgdown", "space", "f"),
		PageUp:         b("pgup/b", "page up", "pgup", "b"),
		Open:           b("enter", "open", "enter"),
		Back:           b("esc/q", "back", "esc", "q"),
		Quit:           b("q", "quit", "q"),
		ForceQuit:      b("ctrl+c", "quit", "ctrl+c"),
		Help:           b("?", "help", "?"),
		HelpAnywhere:   b("f1", "help", "f1"),
		Retry:          b("ctrl+r", "retry", "ctrl+r"),
		Search:         b("/", "search", "/"),
		Topics:         b("t", "topics", "t"),
		ToggleRead:     b("m", "read/unread", "m"),
		Star:           b("s", "star", "s"),
		MarkAllRead:    b("A", "mark all read", "A"),
		NextMatch:      b("n", "next", "n"),
		PrevMatch:      b("N", "previous", "N"),
		ToggleQuotes:   b("Q", "quotes on/off", "Q"),
		ToggleEntities: b("E", "entities on/off", "E"),
		OpenLink:       b("o", "open link", "o"),
		CopyLink:       b("y", "copy link", "y"),
		SideBySide:     b("v", "side by side", "v"),
		NextVersion:    b("]", "newer side: next version", "]"),
		PrevVersion:    b("[", "newer side: previous version", "["),
		NextOlder:      b("}", "older side: next version", "}"),
		PrevOlder:      b("{", "older side: previous version", "{"),
		Unified:        b("u", "unified/split", "u"),
		CycleVersion:   b("tab", "pick version", "tab", "shift+tab"),
		NextArticle:    b("J", "next article", "J"),
		PrevArticle:    b("K", "previous article", "K"),
	}
}

// bindings maps config action names to the fields they configure.
func (k *KeyMap) bindings() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "top": &k.Top, "bottom": &k.Bottom,
		"half_page_down": &k.HalfDown, "half_page_up": &k.HalfUp,
		"page_down": &k.PageDown, "page_up": &k.PageUp,
		"open": &k.Open, "back": &k.Back, "quit": &k.Quit,
		"help": &k.Help, "help_anywhere": &k.HelpAnywhere, "retry": &k.Retry,
		"search": &k.Search, "topics": &k.Topics,
		"toggle_read": &k.ToggleRead, "star": &k.Star, "mark_all_read": &k.MarkAllRead,
		"next_match": &k.NextMatch, "prev_match": &k.PrevMatch,
		"toggle_quotes": &k.ToggleQuotes, "toggle_entities": &k.ToggleEntities,
		"open_link": &k.OpenLink, "copy_link": &k.CopyLink,
		"side_by_side": &k.SideBySide, "next_version": &k.NextVersion,
		"prev_version": &k.PrevVersion, "unified": &k.Unified,
		"next_older_version": &k.NextOlder, "prev_older_version": &k.PrevOlder,
		"pick_version": &k.CycleVersion,
		"next_article": &k.NextArticle, "prev_article": &k.PrevArticle,
	}
}

// KeyActions returns the action names accepted under [keys] in the config.
func KeyActions() map[string]bool {
	var k KeyMap
	out := map[string]bool{}
	for name := range k.bindings() {
		out[name] = true
	}
	return out
}

// NewKeyMap returns the default bindings with the config's overrides
// applied. An empty key, or a key that would do two things on one screen,
// is an error (see keyProblems).
func NewKeyMap(overrides map[string][]string) (KeyMap, error) {
	km := DefaultKeyMap()
	bs := km.bindings()
	for name, keys := range overrides {
		b, ok := bs[name]
		if !ok {
			return km, fmt.Errorf("unknown key action %q", name)
		}
		if len(keys) == 0 {
			continue
		}
		desc := b.Help().Desc
		b.SetKeys(keys...)
		b.SetHelp(joinKeys(keys), desc)
	}
	// A key the config binds leaves the default that had it: a config
	// written for an older verso may use a key a newer default took
	// ({ and } for the versions' older side).
	for name, l := range lostKeys(overrides) {
		b := bs[name]
		if kept := without(b.Keys(), l); len(kept) < len(b.Keys()) {
			desc := b.Help().Desc
			b.SetKeys(kept...)
			b.SetHelp(joinKeys(kept), desc)
		}
	}
	if p := keyProblems(overrides); len(p) > 0 {
		return km, errors.New(strings.Join(p, "; "))
	}
	return km, nil
}

// screenActions lists, for each screen, the actions whose keys it
// matches (the help keys work everywhere). A key bound to two of them on
// one screen would only ever do the one checked first, so the config
// rejects it.
var screenActions = []struct {
	screen  string
	actions []string
}{
	{"article list", []string{"up", "down", "top", "bottom", "half_page_down", "half_page_up", "page_down", "page_up",
		"open", "back", "quit", "search", "topics", "toggle_read", "star", "mark_all_read", "help", "help_anywhere"}},
	{"topics", []string{"up", "down", "top", "bottom", "open", "topics", "back", "help", "help_anywhere"}},
	{"reader", []string{"up", "down", "top", "bottom", "half_page_down", "half_page_up", "page_down", "page_up",
		"back", "search", "next_match", "prev_match", "next_article", "prev_article", "toggle_quotes", "toggle_entities",
		"open_link", "copy_link", "toggle_read", "star", "pick_version", "open", "side_by_side", "help", "help_anywhere"}},
	{"search", []string{"retry", "help_anywhere"}},
	{"versions", []string{"up", "down", "top", "bottom", "half_page_down", "half_page_up", "page_down", "page_up",
		"back", "next_match", "prev_match", "unified", "next_version", "prev_version",
		"next_older_version", "prev_older_version", "help", "help_anywhere"}},
}

// sharedKeys are pairs of actions that may share a key by design: q goes
// back, and quits from the list, where there is nothing to go back to;
// both help actions open the help.
var sharedKeys = map[[2]string]bool{{"back", "quit"}: true, {"help", "help_anywhere"}: true}

// sharedByDesign reports whether actions a and b may share a key.
func sharedByDesign(a, b string) bool { return sharedKeys[[2]string{min(a, b), max(a, b)}] }

// without returns keys less those in drop, as a new slice.
func without(keys []string, drop map[string]bool) []string {
	return slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return drop[k] })
}

// lostKeys gives, for each action the config leaves alone, the keys it
// gives up to the config: those an overridden action binds on a screen
// where both work, unless the two share keys by design (sharedKeys), and
// unless they are all it has.
func lostKeys(overrides map[string][]string) map[string]map[string]bool {
	lost := map[string]map[string]bool{}
	for _, sc := range screenActions {
		for _, over := range sc.actions {
			keys, ok := overrides[over]
			if !ok {
				continue
			}
			for _, other := range sc.actions {
				if _, ok := overrides[other]; ok || other == over || sharedByDesign(over, other) {
					continue
				}
				if lost[other] == nil {
					lost[other] = map[string]bool{}
				}
				for _, k := range keys {
					lost[other][k] = true
				}
			}
		}
	}
	// An action that would be left with no key keeps its keys, and the
	// clash is reported: the config should give it another.
	km := DefaultKeyMap()
	for name, b := range km.bindings() {
		l := lost[name]
		if len(l) > 0 && len(without(b.Keys(), l)) == 0 {
			delete(lost, name)
		}
	}
	return lost
}

// keyProblems checks the [keys] overrides against the defaults they
// change: every key must be named (not ""), ctrl+c stays the key that
// always quits, and no key may trigger two actions on one screen. Unknown
// actions are left to the caller.
func keyProblems(overrides map[string][]string) []string {
	var problems []string
	km := DefaultKeyMap()
	bs := km.bindings()
	keysOf := map[string][]string{}
	for name, b := range bs {
		keysOf[name] = b.Keys()
	}
	for name, keys := range overrides {
		if _, ok := bs[name]; !ok || len(keys) == 0 {
			continue
		}
		keysOf[name] = keys
		for _, k := range keys {
			switch {
			case strings.TrimSpace(k) == "":
				problems = append(problems, fmt.Sprintf("keys.%s has an empty key %q", name, k))
			case k == "ctrl+c":
				problems = append(problems, fmt.Sprintf("keys.%s: ctrl+c always quits and cannot be bound", name))
			}
		}
	}
	for name, l := range lostKeys(overrides) {
		keysOf[name] = without(keysOf[name], l)
	}
	// key and pair of actions → the screens where they clash
	type clash struct{ key, a, b string }
	where := map[clash][]string{}
	var order []clash
	for _, sc := range screenActions {
		owner := map[string]string{}
		for _, action := range sc.actions {
			for _, k := range keysOf[action] {
				if strings.TrimSpace(k) == "" {
					continue
				}
				other, taken := owner[k]
				if !taken {
					owner[k] = action
					continue
				}
				if other == action {
					continue
				}
				if sharedByDesign(other, action) {
					continue
				}
				c := clash{k, min(other, action), max(other, action)}
				if where[c] == nil {
					order = append(order, c)
				}
				where[c] = append(where[c], sc.screen)
			}
		}
	}
	for _, c := range order {
		problems = append(problems, fmt.Sprintf("key %q is bound to both %s and %s (%s)", c.key, c.a, c.b, strings.Join(where[c], ", ")))
	}
	sort.Strings(problems)
	return problems
}

func joinKeys(keys []string) string {
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += "/"
		}
		s += k
	}
	return s
}

// helpMap adapts a screen's binding groups to help.KeyMap.
type helpMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpMap) ShortHelp() []key.Binding  { return h.short }
func (h helpMap) FullHelp() [][]key.Binding { return h.full }

func (k KeyMap) listHelp() helpMap {
	return helpMap{
		short: []key.Binding{k.Open, k.Search, k.Topics, k.Star, k.Quit, k.Help},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp},
			{k.Open, k.Search, k.Topics, k.ToggleRead, k.Star, k.MarkAllRead},
			{k.helpKeys(), k.Quit, k.ForceQuit},
		},
	}
}

func (k KeyMap) sidebarHelp() helpMap {
	return helpMap{
		short: []key.Binding{k.Open, k.Topics, k.Help},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Top, k.Bottom},
			{k.Open, k.Topics, k.Back},
			{k.helpKeys(), k.ForceQuit},
		},
	}
}

// helpKeys is the full help's entry for both help keys ("?/f1 help").
func (k KeyMap) helpKeys() key.Binding { return pair(k.Help, k.HelpAnywhere, "help") }

// described returns b with another description for one screen, keeping
// its keys and their label (which the config may have changed).
func described(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// pair is one help entry for two keys that go opposite ways ("n/N
// change"); it is only shown, never matched.
func pair(a, b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(a.Help().Key+"/"+b.Help().Key, desc))
}

func (k KeyMap) readerHelp(hasVersions bool) helpMap {
	k.Search = described(k.Search, "find in article")
	k.NextMatch = described(k.NextMatch, "next match")
	k.PrevMatch = described(k.PrevMatch, "previous match")
	k.Open = described(k.Open, "open version")
	find := described(k.Search, "find")
	short := []key.Binding{k.Back, find, k.OpenLink, k.Help}
	if hasVersions {
		short = []key.Binding{k.Back, k.SideBySide, k.CycleVersion, find, k.Help}
	}
	return helpMap{
		short: short,
		full: [][]key.Binding{
			{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp},
			{k.Search, k.NextMatch, k.PrevMatch, k.ToggleQuotes, k.ToggleEntities},
			{k.CycleVersion, k.Open, k.SideBySide, k.OpenLink, k.CopyLink, k.ToggleRead, k.Star},
			{k.NextArticle, k.PrevArticle, k.Back, k.helpKeys(), k.ForceQuit},
		},
	}
}

// searchHelp is the search screen's: letters type the query, so only
// HelpAnywhere opens the help; failed puts retry in the status line.
func (k KeyMap) searchHelp(failed bool) helpMap {
	open := k.Open
	open.SetHelp("enter", "open result")
	up := key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑/ctrl+p", "previous result"))
	down := key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓/ctrl+n", "next result"))
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to list"))
	short := []key.Binding{open, down, up, back, k.HelpAnywhere}
	if failed {
		short = append([]key.Binding{k.Retry}, short...)
	}
	return helpMap{
		short: short,
		full:  [][]key.Binding{{up, down, open, k.Retry}, {back, k.HelpAnywhere, k.ForceQuit}},
	}
}

func (k KeyMap) versionsHelp() helpMap {
	k.NextMatch = described(k.NextMatch, "next change")
	k.PrevMatch = described(k.PrevMatch, "previous change")
	// the status line pairs the keys that go both ways
	changes := pair(k.NextMatch, k.PrevMatch, "change")
	// [ ] step the newer (right) side, { } the older (left) one
	newer := pair(k.PrevVersion, k.NextVersion, "newer side")
	older := pair(k.PrevOlder, k.NextOlder, "older side")
	return helpMap{
		short: []key.Binding{changes, newer, older, k.Unified, k.Back, k.Help},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp},
			{k.NextMatch, k.PrevMatch, k.PrevVersion, k.NextVersion, k.PrevOlder, k.NextOlder, k.Unified},
			{k.Back, k.helpKeys(), k.ForceQuit},
		},
	}
}
