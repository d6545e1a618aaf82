-- Recent band keys move from a (key, article) B-tree to an append-only log,
-- one row per article with its keys as a JSON list; the importing process
-- keeps them sorted in memory (store/bandlog.go). Each batch's 32,000 random
-- keys dirtied most pages of bands_recent and cost a B-tree insert each;
-- an appended row costs neither.
INSERT OR IGNORE INTO bands (key, article) SELECT key, article FROM bands_recent ORDER BY key, article;
DROP TABLE bands_recent;
CREATE TABLE band_log (
	article INTEGER PRIMARY KEY,
	keys    TEXT NOT NULL -- JSON list of the article's band keys
);
-- generation counts merges of the log into bands, so that a process whose
-- memory reflects an older log knows to drop it.
CREATE TABLE band_state (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL
);
INSERT INTO band_state (id, generation) VALUES (1, 0);
