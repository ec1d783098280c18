-- Per source in each of the newest $2 monitoring runs since $1: requests, errors, listings answered 304,
-- articles stored.
WITH recent AS (
    SELECT id, started_at FROM runs
    WHERE kind = 'monitor' AND ($1::DATE IS NULL OR started_at >= $1::DATE)
    ORDER BY started_at DESC LIMIT $2
), fetched AS (
    SELECT run_id, source, count(*) AS requests, count(*) FILTER (WHERE error IS NOT NULL) AS errors,
           count(*) FILTER (WHERE kind = 'listing' AND status = 304) AS not_modified
    FROM fetch_log WHERE run_id IN (SELECT id FROM recent)
    GROUP BY run_id, source
), stored AS (
    SELECT run_id, source, count(*) AS articles FROM articles WHERE run_id IN (SELECT id FROM recent)
    GROUP BY run_id, source
)
SELECT r.id, r.started_at, f.source, f.requests, f.errors, f.not_modified, coalesce(s.articles, 0) AS articles
FROM recent r
JOIN fetched f ON f.run_id = r.id
LEFT JOIN stored s ON s.run_id = f.run_id AND s.source = f.source
ORDER BY r.started_at DESC, f.source
