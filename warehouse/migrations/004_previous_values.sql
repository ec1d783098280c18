-- Figures an article gives as the value before a change ("from US$660 million to US$800 million",
-- "up from 5%") are kept, but are not the metric's current value.
-- DuckDB cannot alter a table that views or indexes depend on: drop them, alter, recreate.
DROP VIEW metric_latest;
DROP VIEW metric_history;
DROP INDEX metrics_article;
DROP INDEX metrics_metric;
ALTER TABLE metrics ADD COLUMN previous BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX metrics_article ON metrics (article_id);
CREATE INDEX metrics_metric ON metrics (metric);

CREATE VIEW metric_history AS
SELECT m.metric, m.period, m.value, m.unit, m.qualifier, m.low, m.high, m.as_of, m.previous,
       m.article_id, a.title, a.url, a.source, m.surface, m.evidence, m.id AS metric_row
FROM metrics m JOIN articles a ON a.id = m.article_id
WHERE m.metric IS NOT NULL;

-- The current value of each tracked metric, period and unit: the newest article's (by date, then
-- id; undated articles count as oldest), its last figure that is not a previous value.
CREATE VIEW metric_latest AS
SELECT * FROM metric_history
WHERE NOT previous
QUALIFY row_number() OVER (
    PARTITION BY metric, period, unit ORDER BY as_of DESC NULLS LAST, article_id DESC, metric_row DESC
) = 1;
