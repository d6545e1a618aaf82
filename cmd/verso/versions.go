package main

import (
	"context"
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
	"github.com/verso-news/verso/ui/diffview"
	"os"
)

// versionRow is one version of a story in `verso versions --json`.
type versionRow struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Published  any             `json:"published"`
	DateSource news.DateSource `json:"date_source"`
	Words      int             `json:"words"`
	Paragraphs int             `json:"paragraphs"`
	// Changes summarises the change from the previous version; null for the first.
	Changes *news.Summary `json:"changes"`
	Source  news.Source   `json:"source"`
}

func cmdVersions(ctx context.Context, e env, g *globalFlags, args []string) error {
	if len(args) != 1 {
		return usagef("versions: give one article id")
	}
	return withStore(ctx, e, g, func(st *store.Store) error {
		vs, err := st.Versions(ctx, args[0])
		if err != nil {
			return err
		}
		rows := make([]versionRow, len(vs))
		for i := range vs {
			v := &vs[i]
			rows[i] = versionRow{ID: v.ID, Title: v.Title, Published: v.Published, DateSource: v.DateSource,
				Words: wordCount(v.Paragraphs), Paragraphs: len(v.Paragraphs), Source: v.Source}
			if i > 0 {
				d := news.DiffArticles(&vs[i-1], v)
				rows[i].Changes = &d.Summary
			}
		}
		if g.json {
			return writeJSONIndent(e.stdout, map[string]any{"story": storyOf(vs), "versions": rows})
		}
		fmt.Fprintf(e.stdout, "story %s: %d versions\n\n", shortID(storyOf(vs)), len(vs))
		for i, r := range rows {
			v := &vs[i]
			// The title stays next to the id; a date's reason, which can be
			// long, gets its own line.
			fmt.Fprintf(e.stdout, "%d. %s  %s  %s\n   %d words, %d paragraphs · %s\n", i+1, shortID(r.ID),
				dateLong(v.Published, v.DateSource, ""), news.Sanitize(r.Title), r.Words, r.Paragraphs, news.Sanitize(v.Source.Path))
			if v.DateSource == news.DateInferred && v.DateReason != "" {
				fmt.Fprintf(e.stdout, "   date: %s\n", news.Sanitize(v.DateReason))
			}
			if r.Changes != nil {
				fmt.Fprintf(e.stdout, "   changes: %s\n", news.Sanitize(r.Changes.String()))
			}
			fmt.Fprintln(e.stdout)
		}
		return nil
	})
}

func storyOf(vs []news.Article) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0].Story
}

func wordCount(ps []string) int {
	n := 0
	for _, p := range ps {
		n += len(strings.Fields(p))
	}
	return n
}

func cmdDiff(ctx context.Context, e env, g *globalFlags, args []string) error {
	if len(args) != 2 {
		return usagef("diff: give two article ids, older first (see 'verso versions ID')")
	}
	return withStore(ctx, e, g, func(st *store.Store) error {
		a, err := st.Article(ctx, args[0])
		if err != nil {
			return err
		}
		b, err := st.Article(ctx, args[1])
		if err != nil {
			return err
		}
		d := news.DiffArticles(a, b)
		if g.json {
			return writeJSONIndent(e.stdout, d)
		}
		width := g.width
		if width <= 0 {
			width = 120
			if e.stdoutTTY {
				if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 {
					width = w
				}
			}
		}
		color := e.stdoutTTY && e.getenv("NO_COLOR") == ""
		opts := diffview.Options{Width: width, Layout: diffview.Split, Styles: diffview.NoColorStyles(), Context: g.context}
		if g.unified || width < 100 {
			opts.Layout = diffview.Unified
		}
		if color {
			opts.Styles = diffview.DefaultStyles(lipgloss.HasDarkBackground(os.Stdin, os.Stdout))
		}
		fmt.Fprintf(e.stdout, "%s  %s\n%s  %s\n%s\n\n",
			"-", news.Sanitize(a.Title)+" · "+dateLong(a.Published, a.DateSource, ""),
			"+", news.Sanitize(b.Title)+" · "+dateLong(b.Published, b.DateSource, ""),
			news.Sanitize(d.Summary.String()))
		for _, line := range diffview.Render(d, opts).Lines {
			if !color {
				line = strings.TrimRight(line, " ") // column padding is noise in a pipe
			}
			fmt.Fprintln(e.stdout, line)
		}
		return nil
	})
}
