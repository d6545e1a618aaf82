-- 0003: the newest-first index carries the columns list filters test
-- (site, reading state, story), so a filtered page is found in the index and
-- only matching rows are read from the (large) article rows.
DROP INDEX articles_by_date;
CREATE INDEX articles_by_date ON articles (pub_key DESC, id DESC, site_id, read, starred, story);
