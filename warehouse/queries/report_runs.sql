-- The report's run history since $1, newest first, at most $2: counts per run and what failed.
SELECT id, kind, started_at, finished_at, status, new_articles, duplicates, unchanged, irrelevant, figures,
       alerts, failed, detail
FROM runs
WHERE $1::DATE IS NULL OR started_at >= $1::DATE
ORDER BY started_at DESC
LIMIT $2
