-- Every figure an article reports, the alerts raised when a tracked one changes, and their delivery.

CREATE TABLE metrics (
    id          BIGINT PRIMARY KEY,
    article_id  BIGINT NOT NULL,
    metric      VARCHAR,                  -- tracked key from the catalogue, NULL when untracked
    value       DOUBLE NOT NULL,          -- plain amount; the midpoint for a range
    unit        VARCHAR NOT NULL,         -- USD, JPY, CNY, KRW, EUR, %, GWh, USD/Wh, CNY/Wh, count, year
    qualifier   VARCHAR NOT NULL,         -- exact | approx | max | min | more_than | less_than | range
    low         DOUBLE,
    high        DOUBLE,
    period      VARCHAR NOT NULL,         -- a year, 'peak', 'now' (as_of) or 'target'
    as_of       DATE,                     -- the article's date (published, else fetched; NULL for undated files)
    noun        VARCHAR,                  -- what a count counts
    surface     VARCHAR NOT NULL,         -- the figure as written
    evidence    VARCHAR NOT NULL,         -- its sentence
    span_start  INTEGER NOT NULL,         -- character span of `surface` in articles.text
    span_end    INTEGER NOT NULL
);
CREATE INDEX metrics_article ON metrics (article_id);
CREATE INDEX metrics_metric ON metrics (metric);

CREATE TABLE alerts (
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
    run_id          VARCHAR
);

-- One row per alert and channel once a delivery was tried; an alert with no 'delivered' row for a
-- configured channel is retried on the next run.
CREATE TABLE alert_deliveries (
    alert_id      BIGINT NOT NULL,
    channel       VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,       -- delivered | failed
    attempts      INTEGER NOT NULL,
    last_error    VARCHAR,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (alert_id, channel)
);

CREATE VIEW metric_history AS
SELECT m.metric, m.period, m.value, m.unit, m.qualifier, m.low, m.high, m.as_of,
       m.article_id, a.title, a.url, a.source, m.surface, m.evidence, m.id AS metric_row
FROM metrics m JOIN articles a ON a.id = m.article_id
WHERE m.metric IS NOT NULL;

-- The current value of each tracked metric, period and unit: the newest article's (by date, then id).
CREATE VIEW metric_latest AS
SELECT * FROM metric_history
QUALIFY row_number() OVER (PARTITION BY metric, period, unit ORDER BY as_of DESC, article_id DESC, metric_row DESC) = 1;
