-- 0004: the per-site index also carries reading state and story, so
-- site:x is:unread and site:x has:versions pages need no article rows.
DROP INDEX articles_by_site;
CREATE INDEX articles_by_site ON articles (site_id, pub_key DESC, id DESC, read, starred, story);
