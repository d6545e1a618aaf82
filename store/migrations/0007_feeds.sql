-- 0007: feed subscriptions and what the last fetch of each returned.
-- Times are unix seconds. etag and last_modified are the validators of the
-- last successful response, sent back as If-None-Match / If-Modified-Since;
-- body_hash (SHA-256 of the last body stored) lets a fetch skip a body that
-- has not changed from a server that ignores conditional requests. Items
-- themselves are articles: each keeps the path "<feed url>#<guid or link>"
-- in the files table, so a changed item becomes a new version of its story.
CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	title         TEXT NOT NULL DEFAULT '',
	site_url      TEXT NOT NULL DEFAULT '',   -- the site's home page (OPML htmlUrl)
	folder        TEXT NOT NULL DEFAULT '',   -- OPML folder path, "News/World"
	added_at      INTEGER NOT NULL,
	last_fetch    INTEGER,                    -- last attempt, NULL before the first
	last_success  INTEGER,                    -- last 200 or 304
	last_status   INTEGER NOT NULL DEFAULT 0, -- HTTP status of the last attempt, 0 when none came
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	body_hash     TEXT NOT NULL DEFAULT '',
	last_error    TEXT NOT NULL DEFAULT ''    -- '' when the last attempt succeeded
) WITHOUT ROWID;
