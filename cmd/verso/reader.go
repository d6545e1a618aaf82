package main

import (
	"context"
	"fmt"

	"github.com/verso-news/verso/store"
)

// openReader opens the terminal reader on st. Until the reader lands it
// prints the newest articles.
func openReader(ctx context.Context, e env, g *globalFlags, st *store.Store, demo bool) error {
	page, err := st.List(ctx, store.ListOptions{Limit: g.limit})
	if err != nil {
		return err
	}
	if len(page.Items) == 0 {
		fmt.Fprintln(e.stdout, emptyHint(""))
		return nil
	}
	for _, s := range page.Items {
		fmt.Fprintf(e.stdout, "%s  %s  %s  %s%s\n", shortID(s.ID), dateCol(s.Published, s.DateSource), clip(s.Site, 20), clip(s.Title, 80), versionBadge(s.Versions))
	}
	return nil
}
