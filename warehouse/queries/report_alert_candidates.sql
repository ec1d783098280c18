-- The report's weak changes since $1, newest first, at most $2: kept for an analyst, never sent.
SELECT c.id, c.raised_at, c.metric, c.period, c.unit, c.old_value, c.new_value, c.confidence,
       old.title AS old_title, old.url AS old_url, coalesce(old.published, old.ingested_at::DATE) AS old_date,
       new.title AS new_title, new.url AS new_url, coalesce(new.published, new.ingested_at::DATE) AS new_date,
       c.old_evidence, c.evidence, c.confirmed_as
FROM alert_candidates c
JOIN articles old ON old.id = c.old_article_id
JOIN articles new ON new.id = c.new_article_id
WHERE $1::DATE IS NULL OR c.raised_at >= $1::DATE
ORDER BY c.raised_at DESC, c.id DESC
LIMIT $2
