package ui

import (
	"context"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

// Source is what the reader needs from the index. *store.Store satisfies it;
// tests use an in-memory fake. Every call happens inside a tea.Cmd, never in
// Update or View, so a slow query never blocks input.
type Source interface {
	List(ctx context.Context, opts store.ListOptions) (store.Page, error)
	Count(ctx context.Context, opts store.ListOptions) (int, error)
	// SearchPage answers a query a page at a time, the next page asked
	// for by the previous page's cursor.
	SearchPage(ctx context.Context, opts store.SearchOptions) (store.HitPage, error)
	Article(ctx context.Context, id string) (*news.Article, error)
	Versions(ctx context.Context, id string) ([]news.Article, error)
	Topics(ctx context.Context) ([]store.TopicCount, error)
	SetRead(ctx context.Context, id string, read bool) error
	SetStarred(ctx context.Context, id string, starred bool) error
	// MarkAllRead marks the unread articles under a list filter read and
	// returns how many it changed; its errors start "mark all read".
	MarkAllRead(ctx context.Context, opts store.ListOptions) (int64, error)
}
