-- Figures of the series $2 ('metric|period|unit') since $1, the newest $3 of each, oldest first: what a
-- chart plots. `seen` is the article's date, else the day it was stored (undated files).
SELECT h.metric, h.period, h.unit, coalesce(h.as_of, a.ingested_at::DATE) AS seen, h.as_of, h.value,
       h.qualifier, h.low, h.high, h.previous, h.article_id, h.title, h.url, h.surface, h.evidence, h.metric_row
FROM metric_history h JOIN articles a ON a.id = h.article_id
WHERE h.metric || '|' || h.period || '|' || h.unit IN (SELECT unnest($2::VARCHAR[]))
  AND ($1::DATE IS NULL OR coalesce(h.as_of, a.ingested_at::DATE) >= $1::DATE)
QUALIFY row_number() OVER (
    PARTITION BY h.metric, h.period, h.unit ORDER BY seen DESC, h.article_id DESC, h.metric_row DESC
) <= $3
ORDER BY h.metric, h.period, h.unit, seen, h.article_id, h.metric_row
