-- Metric identity: every figure's subject and measure as read from its sentence, how sure that
-- reading is, the keys discovered from them, alert candidates (weak matches an analyst confirms),
-- the reason behind each relevance verdict, and versions of an article edited at the same URL.
-- DuckDB cannot alter a table that views or indexes depend on: drop them, alter, recreate.
DROP VIEW metric_latest;
DROP VIEW metric_history;
DROP INDEX metrics_article;
DROP INDEX metrics_metric;
DROP INDEX articles_content_hash;
DROP INDEX articles_url;
ALTER TABLE articles ADD COLUMN relevance_reason VARCHAR;
ALTER TABLE articles ADD COLUMN previous_version BIGINT;  -- the article this one revises (same URL, new text)
ALTER TABLE metrics ADD COLUMN subject VARCHAR;          -- organisation, country or programme, as a slug
ALTER TABLE metrics ADD COLUMN measure VARCHAR;          -- what is measured, as a slug
ALTER TABLE metrics ADD COLUMN confidence DOUBLE NOT NULL DEFAULT 1.0;  -- of subject and measure, 0..1
ALTER TABLE alerts ADD COLUMN confidence DOUBLE NOT NULL DEFAULT 1.0;
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_url ON articles (url);
CREATE INDEX metrics_article ON metrics (article_id);
CREATE INDEX metrics_metric ON metrics (metric);

-- Revisits: a recent article's validators and when it was last checked, so an edit at the same URL is
-- seen (a 304 costs nothing) and stored as its new version.
ALTER TABLE seen_urls ADD COLUMN etag VARCHAR;
ALTER TABLE seen_urls ADD COLUMN last_modified VARCHAR;
ALTER TABLE seen_urls ADD COLUMN last_checked TIMESTAMPTZ;

-- A change between two figures whose identity is weak: kept for an analyst, never sent to channels.
-- `assbwatch alerts --confirm ID` moves one into `alerts`.
CREATE TABLE alert_candidates (
    id              BIGINT PRIMARY KEY,
    metric          VARCHAR NOT NULL,
    period          VARCHAR NOT NULL,
    unit            VARCHAR NOT NULL,
    old_value       DOUBLE NOT NULL,
    new_value       DOUBLE NOT NULL,
    old_article_id  BIGINT NOT NULL,
    new_article_id  BIGINT NOT NULL,
    old_evidence    VARCHAR NOT NULL,
    evidence        VARCHAR NOT NULL,
    raised_at       TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR,
    confidence      DOUBLE NOT NULL,
    confirmed_as    BIGINT                -- the alert it became, once confirmed
);

CREATE VIEW metric_history AS
SELECT m.metric, m.period, m.value, m.unit, m.qualifier, m.low, m.high, m.as_of, m.previous,
       m.subject, m.measure, m.confidence,
       m.article_id, a.title, a.url, a.source, m.surface, m.evidence, m.id AS metric_row
FROM metrics m JOIN articles a ON a.id = m.article_id
WHERE m.metric IS NOT NULL;

-- The current value of each key: the newest article's first figure that is not a previous value (an
-- article leads with its news; the same key later in it is background: "the Taoyuan plant opened in 2024").
CREATE VIEW metric_latest AS
SELECT * FROM metric_history
WHERE NOT previous
QUALIFY row_number() OVER (
    PARTITION BY metric, period, unit ORDER BY as_of DESC NULLS LAST, article_id DESC, metric_row ASC
) = 1;

-- Every metric key in use, curated or discovered: what it is about, first seen, in how many articles.
CREATE VIEW metric_keys AS
SELECT m.metric AS key, any_value(m.subject) AS subject, any_value(m.measure) AS measure, m.unit,
       min(coalesce(m.as_of, a.ingested_at::DATE)) AS first_seen, count(DISTINCT m.article_id) AS articles
FROM metrics m JOIN articles a ON a.id = m.article_id
WHERE m.metric IS NOT NULL
GROUP BY m.metric, m.unit;
