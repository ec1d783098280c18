-- Articles, their near-duplicate fingerprints, and the runs that brought them.

CREATE TABLE runs (
    id            VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,            -- backfill | monitor | reextract
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,            -- running | completed | failed
    new_articles  INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    irrelevant    INTEGER NOT NULL DEFAULT 0,
    figures       INTEGER NOT NULL DEFAULT 0,
    alerts        INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    detail        VARCHAR                      -- failures, one per line
);

CREATE TABLE articles (
    id              BIGINT PRIMARY KEY,
    url             VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    title           VARCHAR,
    published       DATE,
    text            VARCHAR NOT NULL,
    content_hash    VARCHAR NOT NULL,          -- SHA-256 of the canonical text
    duplicate_of    BIGINT,                    -- earliest article of its cluster, NULL if original
    similarity      DOUBLE,                    -- containment of shingles with duplicate_of
    dedup_method    VARCHAR,                   -- exact | near | NULL
    relevant        BOOLEAN,
    relevance_score DOUBLE,
    author          VARCHAR,
    site            VARCHAR,
    fetched_at      TIMESTAMPTZ,
    ingested_at     TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR,
    extractor       VARCHAR,
    n_samples       INTEGER NOT NULL,          -- size of the sampled shingle set
    raw_zlib        BLOB                       -- the bytes as received, zlib-compressed
);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_url ON articles (url);

-- Sampled shingle hashes: the near-duplicate lookup is an indexed join on `hash`.
CREATE TABLE article_samples (
    hash        BIGINT NOT NULL,
    article_id  BIGINT NOT NULL
);
CREATE INDEX article_samples_hash ON article_samples (hash);
