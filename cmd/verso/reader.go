package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/verso-news/verso/store"
	"github.com/verso-news/verso/ui"
)

// openReader opens the terminal reader on st. When standard output is not a
// terminal (a pipe, a script) it prints the newest articles instead, as
// `verso list` would.
func openReader(ctx context.Context, e env, g *globalFlags, st *store.Store, demo bool) error {
	if !e.stdoutTTY {
		return printList(ctx, e, g, st, "")
	}
	cfg, err := ui.LoadConfig(configPath(e, g))
	if err != nil {
		return err
	}
	// The empty-index screen's hint imports into this index: with --db
	// the plain command would fill another one.
	var importCmd string // the reader's own "verso import PATH…"
	if g.db != "" {
		importCmd = "verso --db " + shellQuote(g.db) + " import PATH…"
	}
	return ui.Run(ctx, st, ui.Options{Config: &cfg, Demo: demo, ImportCommand: importCmd})
}

// userTopics counts the articles matching each saved query of the config.
func userTopics(ctx context.Context, e env, g *globalFlags, st *store.Store) ([]store.TopicCount, error) {
	cfg, err := ui.LoadConfig(configPath(e, g))
	if err != nil {
		return nil, err
	}
	var out []store.TopicCount
	for _, t := range cfg.Topics {
		n, err := st.Count(ctx, store.ListOptions{Query: t.Query})
		if err != nil {
			return nil, fmt.Errorf("config topic %q: %w", t.Name, err)
		}
		out = append(out, store.TopicCount{Label: t.Name, Kind: "user", Count: n})
	}
	return out, nil
}

// shellQuote quotes s for a POSIX shell when it needs it, so a hint can be
// pasted as it is.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+=:,@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
