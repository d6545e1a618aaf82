package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is the user's settings from $XDG_CONFIG_HOME/verso/config.toml:
// key bindings, colours and saved-query topics. The zero value means
// "defaults everywhere".
type Config struct {
	// Keys maps an action name (see KeyActions) to the keys that trigger it,
	// replacing the default keys for that action.
	Keys map[string][]string `toml:"keys"`
	// Colors overrides palette entries; each value is a colour lipgloss
	// understands ("#ff8800", "212"). Names are listed in ColorNames.
	Colors ColorConfig `toml:"colors"`
	// Topics are the user's saved queries, shown in the topic sidebar.
	Topics []UserTopic `toml:"topics"`
	// Theme forces "light" or "dark"; empty means detect from the terminal.
	Theme string `toml:"theme"`
}

// ColorConfig holds optional colour overrides. Each field may give one colour
// for both backgrounds or, with Light/Dark variants, one per background.
type ColorConfig struct {
	Accent       string `toml:"accent"`
	Muted        string `toml:"muted"`
	Quote        string `toml:"quote"`
	Speaker      string `toml:"speaker"`
	Person       string `toml:"person"`
	Organization string `toml:"organization"`
	Place        string `toml:"place"`
	Misc         string `toml:"misc"`
	Added        string `toml:"added"`
	Removed      string `toml:"removed"`
	Match        string `toml:"match"`
	Selected     string `toml:"selected"`
}

// UserTopic is a saved query shown as a topic.
type UserTopic struct {
	Name  string `toml:"name"`
	Query string `toml:"query"`
}

// DefaultConfigPath returns $XDG_CONFIG_HOME/verso/config.toml, falling back
// to ~/.config when XDG_CONFIG_HOME is unset.
func DefaultConfigPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "verso", "config.toml")
}

// LoadConfig reads the config file at path. A missing file is not an error:
// it yields the defaults. Syntax errors carry the line and column; unknown
// keys, unknown actions, empty keys, keys bound to two actions on one
// screen and empty topics are reported by name so a typo never silently
// does nothing.
func LoadConfig(path string) (Config, error) {
	var cfg Config
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("read config %s: %w", path, err)
	}
	return parseConfig(path, string(data))
}

func parseConfig(path, data string) (Config, error) {
	var cfg Config
	md, err := toml.Decode(data, &cfg)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return Config{}, fmt.Errorf("config %s: line %d, column %d: %s", path, perr.Position.Line, perr.Position.Col, perr.Message)
		}
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	var problems []string
	if und := md.Undecoded(); len(und) > 0 {
		names := make([]string, 0, len(und))
		for _, k := range und {
			names = append(names, k.String())
		}
		problems = append(problems, "unknown setting "+strings.Join(names, ", "))
	}
	actions := KeyActions()
	var badActions []string
	for name, keys := range cfg.Keys {
		if !actions[name] {
			badActions = append(badActions, name)
			continue
		}
		if len(keys) == 0 {
			problems = append(problems, fmt.Sprintf("keys.%s has no keys", name))
		}
	}
	problems = append(problems, keyProblems(cfg.Keys)...)
	if len(badActions) > 0 {
		sort.Strings(badActions)
		problems = append(problems, "unknown key action "+strings.Join(badActions, ", ")+" (known: "+strings.Join(sortedKeys(actions), ", ")+")")
	}
	if t := cfg.Theme; t != "" && t != "light" && t != "dark" {
		problems = append(problems, fmt.Sprintf("theme %q must be \"light\" or \"dark\"", t))
	}
	for i, t := range cfg.Topics {
		if strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Query) == "" {
			problems = append(problems, fmt.Sprintf("topics[%d] needs both name and query", i+1))
		}
	}
	for name, val := range cfg.Colors.named() {
		if val != "" && !validColor(val) {
			problems = append(problems, fmt.Sprintf("colors.%s = %q is not a colour (use \"#rrggbb\" or 0-255)", name, val))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return Config{}, fmt.Errorf("config %s: %s", path, strings.Join(problems, "; "))
	}
	return cfg, nil
}

// named lists the colour overrides by their config name.
func (c ColorConfig) named() map[string]string {
	return map[string]string{
		"accent": c.Accent, "muted": c.Muted, "quote": c.Quote, "speaker": c.Speaker,
		"person": c.Person, "organization": c.Organization, "place": c.Place, "misc": c.Misc,
		"added": c.Added, "removed": c.Removed, "match": c.Match, "selected": c.Selected,
	}
}

func validColor(s string) bool {
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) != 3 && len(h) != 6 {
			return false
		}
		for _, c := range h {
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
		return true
	}
	n := 0
	if s == "" || len(s) > 3 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n <= 255
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
