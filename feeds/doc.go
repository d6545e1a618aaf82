// Package feeds gets articles into verso: it detects a file's format by its
// content and parses text dumps, saved HTML pages, RSS/Atom/JSON Feed files
// and JSON/JSONL archives into news.Articles; it fetches subscribed feeds
// over HTTP (conditional GET, limits, per-host concurrency) and reads and
// writes OPML. It knows nothing of SQL or terminals.
package feeds
