-- The report's headline counts since $1: articles stored, originals, relevant ones, figures, tracked series.
SELECT count(*) AS articles,
       count(*) FILTER (WHERE duplicate_of IS NULL) AS originals,
       count(*) FILTER (WHERE duplicate_of IS NULL AND relevant) AS relevant,
       (SELECT count(*) FROM metrics m JOIN articles x ON x.id = m.article_id
         WHERE $1::DATE IS NULL OR coalesce(m.as_of, x.ingested_at::DATE) >= $1::DATE) AS figures
FROM articles
WHERE $1::DATE IS NULL OR coalesce(published, ingested_at::DATE) >= $1::DATE
