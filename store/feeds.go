package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrFeedNotFound is returned when no subscription has the given URL.
var ErrFeedNotFound = errors.New("not subscribed")

// Feed is one subscription and what its last fetch returned.
type Feed struct {
	URL     string `json:"url"`
	Title   string `json:"title"`
	SiteURL string `json:"site_url,omitempty"`
	// Folder is the OPML folder path the feed was imported under, with
	// "/" between levels ("News/World"); "" at the top level.
	Folder  string    `json:"folder,omitempty"`
	AddedAt time.Time `json:"added_at"`
	// LastFetch is the last attempt, LastSuccess the last one that got a
	// 200 or 304 answer; nil before the first.
	LastFetch   *time.Time `json:"last_fetch"`
	LastSuccess *time.Time `json:"last_success"`
	// LastStatus is the HTTP status of the last attempt, 0 when no answer
	// came (a timeout, a refused connection).
	LastStatus   int    `json:"last_status"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// BodyHash is the SHA-256 of the last body stored, to skip an
	// unchanged body from a server that ignores conditional requests.
	BodyHash  string `json:"-"`
	LastError string `json:"last_error"`
}

// FetchRecord is the outcome of one fetch of a subscribed feed.
type FetchRecord struct {
	URL    string
	At     time.Time
	Status int
	// Err is the failure, "" on success. A failure leaves the validators
	// and body hash as they were.
	Err string
	// NotModified marks a 304 answer (or a body identical to the last
	// one): validators are kept unless new ones are given.
	NotModified bool
	// ETag, LastModified and BodyHash replace the stored ones after a
	// successful fetch whose items are stored; record the fetch only after
	// storing them, so that a crash in between re-fetches the body.
	ETag, LastModified, BodyHash string
	// Title and SiteURL, from the feed document, fill the subscription's
	// when it has none (a title given by the user or an OPML file stays).
	Title, SiteURL string
}

// AddFeed subscribes to f.URL (f.AddedAt defaults to now). It reports false
// when the URL was already subscribed; then an empty title, site or folder
// is filled from f and nothing else changes.
func (s *Store) AddFeed(ctx context.Context, f Feed) (bool, error) {
	if f.URL == "" {
		return false, errors.New("add feed: empty URL")
	}
	if f.AddedAt.IsZero() {
		f.AddedAt = time.Now()
	}
	r, err := s.w.ExecContext(ctx, `INSERT INTO feeds (url, title, site_url, folder, added_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (url) DO NOTHING`, f.URL, f.Title, f.SiteURL, f.Folder, f.AddedAt.Unix())
	if err != nil {
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	if n, err := r.RowsAffected(); err != nil {
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	} else if n == 1 {
		return true, nil
	}
	_, err = s.w.ExecContext(ctx, `UPDATE feeds SET
		title = CASE WHEN title = '' THEN ? ELSE title END,
		site_url = CASE WHEN site_url = '' THEN ? ELSE site_url END,
		folder = CASE WHEN folder = '' THEN ? ELSE folder END
		WHERE url = ?`, f.Title, f.SiteURL, f.Folder, f.URL)
	if err != nil {
		return false, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	return false, nil
}

// RemoveFeed unsubscribes from url. The articles already fetched from it
// stay in the index. It returns ErrFeedNotFound when url is not subscribed.
func (s *Store) RemoveFeed(ctx context.Context, url string) error {
	r, err := s.w.ExecContext(ctx, "DELETE FROM feeds WHERE url = ?", url)
	if err != nil {
		return fmt.Errorf("remove feed %s: %w", url, err)
	}
	n, err := r.RowsAffected()
	if err != nil {
		return fmt.Errorf("remove feed %s: %w", url, err)
	}
	if n == 0 {
		return fmt.Errorf("remove feed %s: %w", url, ErrFeedNotFound)
	}
	return nil
}

// Feeds lists the subscriptions, by folder and then URL.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT url, title, site_url, folder, added_at, last_fetch, last_success,
		last_status, etag, last_modified, body_hash, last_error FROM feeds ORDER BY folder, url`)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	defer rows.Close()
	out := []Feed{}
	for rows.Next() {
		var f Feed
		var added int64
		var last, success sql.NullInt64
		if err := rows.Scan(&f.URL, &f.Title, &f.SiteURL, &f.Folder, &added, &last, &success,
			&f.LastStatus, &f.ETag, &f.LastModified, &f.BodyHash, &f.LastError); err != nil {
			return nil, fmt.Errorf("list feeds: %w", err)
		}
		f.AddedAt = time.Unix(added, 0).UTC()
		f.LastFetch = unixPtr(last)
		f.LastSuccess = unixPtr(success)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	return out, nil
}

// RecordFetch stores the outcome of a fetch of a subscribed feed. It
// returns ErrFeedNotFound when the feed was removed meanwhile.
func (s *Store) RecordFetch(ctx context.Context, rec FetchRecord) error {
	if rec.At.IsZero() {
		rec.At = time.Now()
	}
	at := rec.At.Unix()
	var r sql.Result
	var err error
	switch {
	case rec.Err != "":
		r, err = s.w.ExecContext(ctx, `UPDATE feeds SET last_fetch = ?, last_status = ?, last_error = ? WHERE url = ?`,
			at, rec.Status, rec.Err, rec.URL)
	case rec.NotModified:
		r, err = s.w.ExecContext(ctx, `UPDATE feeds SET last_fetch = ?, last_success = ?, last_status = ?, last_error = '',
			etag = CASE WHEN ? = '' THEN etag ELSE ? END,
			last_modified = CASE WHEN ? = '' THEN last_modified ELSE ? END,
			title = CASE WHEN title = '' THEN ? ELSE title END,
			site_url = CASE WHEN site_url = '' THEN ? ELSE site_url END
			WHERE url = ?`,
			at, at, rec.Status, rec.ETag, rec.ETag, rec.LastModified, rec.LastModified, rec.Title, rec.SiteURL, rec.URL)
	default:
		r, err = s.w.ExecContext(ctx, `UPDATE feeds SET last_fetch = ?, last_success = ?, last_status = ?, last_error = '',
			etag = ?, last_modified = ?, body_hash = ?,
			title = CASE WHEN title = '' THEN ? ELSE title END,
			site_url = CASE WHEN site_url = '' THEN ? ELSE site_url END
			WHERE url = ?`,
			at, at, rec.Status, rec.ETag, rec.LastModified, rec.BodyHash, rec.Title, rec.SiteURL, rec.URL)
	}
	if err != nil {
		return fmt.Errorf("record fetch of %s: %w", rec.URL, err)
	}
	if n, err := r.RowsAffected(); err != nil {
		return fmt.Errorf("record fetch of %s: %w", rec.URL, err)
	} else if n == 0 {
		return fmt.Errorf("record fetch of %s: %w", rec.URL, ErrFeedNotFound)
	}
	return nil
}
