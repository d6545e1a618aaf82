-- 0001: the whole index. Articles are rows keyed by an integer seq (import
-- order, also the FTS rowid) with the public content id unique beside it.

CREATE TABLE sites (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	host TEXT NOT NULL,
	-- key folds name and host to lower-case letters and digits, for site:
	key  TEXT NOT NULL,
	UNIQUE (name, host)
);

CREATE TABLE stories (
	id   TEXT PRIMARY KEY,
	size INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
	seq          INTEGER PRIMARY KEY,
	id           TEXT NOT NULL UNIQUE,
	story        TEXT NOT NULL,
	title        TEXT NOT NULL,
	byline       TEXT NOT NULL,          -- JSON list of names
	site         TEXT NOT NULL,
	site_id      INTEGER NOT NULL REFERENCES sites (id),
	url          TEXT NOT NULL,
	source_path  TEXT NOT NULL,
	source_kind  TEXT NOT NULL,
	published    INTEGER,                -- unix seconds, NULL when unknown
	-- pub_key is published, or the smallest integer when undated, so that
	-- undated articles sort last newest-first and keyset paging needs no NULLs.
	pub_key      INTEGER NOT NULL,
	date_source  TEXT NOT NULL,
	date_reason  TEXT NOT NULL,
	updated      INTEGER,
	language     TEXT NOT NULL,
	body         TEXT NOT NULL,          -- paragraphs joined by U+2029
	captions     TEXT NOT NULL,          -- JSON
	related      TEXT NOT NULL,          -- JSON
	categories   TEXT NOT NULL,          -- JSON
	entities     TEXT NOT NULL,          -- JSON, with mentions
	quotes       TEXT NOT NULL,          -- JSON
	topics       TEXT NOT NULL,          -- JSON, automatic topics as analysed
	entity_names TEXT NOT NULL,          -- names and aliases, for FTS
	quote_text   TEXT NOT NULL,          -- quotation text, for FTS
	content_hash TEXT NOT NULL,
	imported_at  INTEGER NOT NULL,
	read         INTEGER NOT NULL DEFAULT 0,
	starred      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_by_date ON articles (pub_key DESC, id DESC);
CREATE INDEX articles_by_story ON articles (story);
CREATE INDEX articles_by_site ON articles (site_id, pub_key DESC, id DESC);
CREATE INDEX articles_starred ON articles (pub_key DESC, id DESC) WHERE starred = 1;

CREATE VIRTUAL TABLE fts USING fts5 (
	title, byline, body, entity_names, quote_text,
	content = 'articles', content_rowid = 'seq',
	tokenize = 'unicode61 remove_diacritics 2'
);

-- LSH band keys (31 bits of each of the fingerprint's band hashes) for
-- candidate lookup when assigning stories.
CREATE TABLE bands (
	key     INTEGER NOT NULL,
	article INTEGER NOT NULL,
	PRIMARY KEY (key, article)
) WITHOUT ROWID;

-- files remembers what each path held last, for incremental import.
-- article is the id stored from it when the file held one article.
CREATE TABLE files (
	path         TEXT PRIMARY KEY,
	content_hash TEXT NOT NULL,
	article      TEXT NOT NULL,
	imported_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE entities (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL,
	type     TEXT NOT NULL,
	key      TEXT NOT NULL,   -- folded name
	articles INTEGER NOT NULL DEFAULT 0,
	mentions INTEGER NOT NULL DEFAULT 0,
	UNIQUE (key, type)
);
CREATE INDEX entities_by_articles ON entities (articles DESC);

CREATE TABLE entity_aliases (
	alias_key TEXT NOT NULL,
	entity    INTEGER NOT NULL REFERENCES entities (id),
	PRIMARY KEY (alias_key, entity)
) WITHOUT ROWID;

CREATE TABLE mentions (
	entity  INTEGER NOT NULL REFERENCES entities (id),
	article INTEGER NOT NULL REFERENCES articles (seq),
	count   INTEGER NOT NULL,
	PRIMARY KEY (entity, article)
) WITHOUT ROWID;
CREATE INDEX mentions_by_article ON mentions (article);

-- said: which speakers (entities) are quoted in which article.
CREATE TABLE said (
	speaker INTEGER NOT NULL REFERENCES entities (id),
	article INTEGER NOT NULL REFERENCES articles (seq),
	count   INTEGER NOT NULL,
	PRIMARY KEY (speaker, article)
) WITHOUT ROWID;
CREATE INDEX said_by_article ON said (article);

-- topics: kind is 'auto' (from analysis) or 'source' (categories). story is
-- kept here so that "occurs in at least two stories" is cheap to maintain.
CREATE TABLE topics (
	label_key TEXT NOT NULL,
	kind      TEXT NOT NULL,
	article   INTEGER NOT NULL REFERENCES articles (seq),
	story     TEXT NOT NULL,
	PRIMARY KEY (label_key, kind, article)
) WITHOUT ROWID;
CREATE INDEX topics_by_article ON topics (article);
CREATE INDEX topics_by_story ON topics (label_key, kind, story);

CREATE TABLE topic_stats (
	label_key TEXT NOT NULL,
	kind      TEXT NOT NULL,
	label     TEXT NOT NULL,
	articles  INTEGER NOT NULL,
	stories   INTEGER NOT NULL,
	PRIMARY KEY (label_key, kind)
) WITHOUT ROWID;
