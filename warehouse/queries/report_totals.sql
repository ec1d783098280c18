-- The report's headline counts since $1: articles stored (by their date), originals, relevant ones,
-- figures, alerts, weak changes and runs (the lists below them are capped; these are not).
SELECT count(*) AS articles,
       count(*) FILTER (WHERE duplicate_of IS NULL) AS originals,
       count(*) FILTER (WHERE duplicate_of IS NULL AND relevant) AS relevant,
       (SELECT count(*) FROM metrics m JOIN articles x ON x.id = m.article_id
         WHERE $1::DATE IS NULL OR coalesce(m.as_of, x.ingested_at::DATE) >= $1::DATE) AS figures,
       (SELECT count(*) FROM alerts WHERE $1::DATE IS NULL OR raised_at >= $1::DATE) AS alerts,
       (SELECT count(*) FROM alert_candidates WHERE $1::DATE IS NULL OR raised_at >= $1::DATE) AS candidates,
       (SELECT count(*) FROM runs WHERE $1::DATE IS NULL OR started_at >= $1::DATE) AS runs
FROM articles
WHERE $1::DATE IS NULL OR coalesce(published, ingested_at::DATE) >= $1::DATE
