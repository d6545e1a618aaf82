-- 0006: new band keys go to a small table and are merged into bands, in key
-- order, once it holds about a million. Keys are random, so a batch's keys
-- inserted straight into a large bands table dirtied most of its pages at
-- every commit: past 300k articles import wrote ~500 KB per article and
-- slowed to ~200 articles/s.
CREATE TABLE bands_recent (
	key     INTEGER NOT NULL,
	article INTEGER NOT NULL,
	PRIMARY KEY (key, article)
) WITHOUT ROWID;
