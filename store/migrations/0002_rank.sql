-- 0002: rank search results by bm25 with the title weighted up (title,
-- byline, body, entity names, quotes), stored in the FTS5 config so that
-- ORDER BY rank uses FTS5's own top-k path.
INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0, 3.0, 1.0)');
