-- 0002: FTS5's own rank uses the same weights as Search (title, byline,
-- body, entity names, quotes), so ad-hoc ORDER BY rank queries agree.
INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0, 3.0, 1.0)');
