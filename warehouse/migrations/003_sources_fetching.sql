-- Monitoring state kept with the data, not in the orchestrator: what each source said last time,
-- which URLs were seen, and every fetch.

CREATE TABLE source_state (
    source         VARCHAR PRIMARY KEY,
    url            VARCHAR NOT NULL,
    etag           VARCHAR,
    last_modified  VARCHAR,
    last_success   TIMESTAMPTZ,
    last_error     VARCHAR,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- A URL is 'done' once its article is stored (or judged not an article); 'failed' URLs are tried
-- again on the next run, so a run killed mid-way loses nothing.
CREATE TABLE seen_urls (
    url         VARCHAR PRIMARY KEY,
    source      VARCHAR NOT NULL,
    first_seen  TIMESTAMPTZ NOT NULL,
    status      VARCHAR NOT NULL,       -- done | failed
    attempts    INTEGER NOT NULL,
    last_error  VARCHAR
);

CREATE TABLE fetch_log (
    run_id      VARCHAR,
    source      VARCHAR NOT NULL,
    url         VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,       -- listing | article
    status      INTEGER,                -- HTTP status, NULL when no response
    bytes       BIGINT NOT NULL,
    elapsed_ms  DOUBLE NOT NULL,
    error       VARCHAR,
    fetched_at  TIMESTAMPTZ NOT NULL
);

-- Undated articles (files without a date) have no as_of and count as older than any dated report.
CREATE OR REPLACE VIEW metric_latest AS
SELECT * FROM metric_history
QUALIFY row_number() OVER (
    PARTITION BY metric, period, unit ORDER BY as_of DESC NULLS LAST, article_id DESC, metric_row DESC
) = 1;
