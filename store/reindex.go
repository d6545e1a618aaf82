package store

import (
	"context"
	"fmt"

	"github.com/verso-news/verso/news"
)

// Reindex re-runs analyze (typically news.Analyze) on every stored article
// and rewrites what it derives: entities, quotes, topics and their search
// text. Body, dates, stories and reading state are kept. Each batch commits
// on its own, so a cancelled reindex leaves every article either old or new
// and a re-run redoes it all. It returns how many articles were rewritten.
func (s *Store) Reindex(ctx context.Context, analyze func(*news.Article)) (int, error) {
	if analyze == nil {
		return 0, fmt.Errorf("reindex: no analyzer")
	}
	done := 0
	var after int64 = -1
	for {
		if err := ctx.Err(); err != nil {
			return done, fmt.Errorf("reindex: %w", err)
		}
		arts, err := s.readBatch(ctx, after)
		if err != nil {
			return done, fmt.Errorf("reindex: %w", err)
		}
		if len(arts) == 0 {
			return done, nil
		}
		for i := range arts {
			a := &arts[i].a
			a.Entities, a.Quotes, a.Topics, a.TopicScores = nil, nil, nil, nil
			analyze(a)
			a.Normalize()
		}
		if err := s.rewriteDerived(ctx, arts); err != nil {
			return done, fmt.Errorf("reindex: %w", withCause(ctx, err))
		}
		done += len(arts)
		after = arts[len(arts)-1].seq
	}
}

func (s *Store) readBatch(ctx context.Context, after int64) ([]storedArticle, error) {
	return s.queryArticles(ctx, "SELECT "+articleCols+" FROM articles a WHERE a.seq > ? ORDER BY a.seq LIMIT ?", after, s.batchSize)
}

func (s *Store) rewriteDerived(ctx context.Context, arts []storedArticle) error {
	b, err := s.begin(ctx, 0)
	if err != nil {
		return err
	}
	defer b.close()
	committed := false
	defer func() {
		if !committed {
			b.tx.Rollback()
		}
	}()
	// Every article's old rows are removed before any new ones are queued:
	// removal reads the derived tables, which then need no flush between
	// articles.
	stories := make([]string, len(arts))
	for i := range arts {
		r := &arts[i]
		a := &r.a
		// The story may have changed since the batch was read (an import
		// merging stories); use the stored one.
		var title, byline, body, names, qtext string
		ok, err := b.scan("SELECT story, title, byline, body, entity_names, quote_text FROM articles WHERE seq = ?",
			[]any{r.seq}, &stories[i], &title, &byline, &body, &names, &qtext)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := b.removeDerived(r.seq, stories[i]); err != nil {
			return err
		}
		b.fts = append(b.fts, ftsRow{del: true, seq: r.seq, title: title, byline: byline, body: body, names: names, quotes: qtext})
		newNames, newQuotes := ftsExtras(a)
		if _, err := b.exec("UPDATE articles SET entities = ?, quotes = ?, topics = ?, entity_names = ?, quote_text = ? WHERE seq = ?",
			encodeEntities(a), mustJSON(a.Quotes), mustJSON(a.Topics), newNames, newQuotes, r.seq); err != nil {
			return err
		}
		b.fts = append(b.fts, ftsRow{seq: r.seq, title: title, byline: byline, body: body, names: newNames, quotes: newQuotes})
	}
	for i := range arts {
		if stories[i] == "" {
			continue
		}
		rows := deriveRows(&arts[i].a)
		if err := b.addDerived(arts[i].seq, stories[i], &rows); err != nil {
			return err
		}
	}
	if err := b.commit(); err != nil {
		return err
	}
	committed = true
	return nil
}
