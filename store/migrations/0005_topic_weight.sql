-- 0005: archive-weighted topics. topics.weight is the salience news.Analyze
-- gave the label in that article (title x3, lead x2, ...); topic_stats.weight
-- sums it over the label's articles. Rows stored before this migration, and
-- articles imported with topics but no scores (JSON round trips), weigh 1.
ALTER TABLE topics ADD COLUMN weight REAL NOT NULL DEFAULT 1;
ALTER TABLE topic_stats ADD COLUMN weight REAL NOT NULL DEFAULT 0;
UPDATE topic_stats SET weight = articles;
