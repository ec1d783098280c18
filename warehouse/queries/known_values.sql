-- Every current value of the keys $1 ('metric|period|unit'): all non-previous figures the newest article
-- (by date, then id; undated as oldest) gave for each key, in text order. The first row is metric_latest's.
SELECT metric, period, unit, value, qualifier, article_id, as_of, evidence, confidence, title, url
FROM metric_history
WHERE NOT previous AND metric || '|' || period || '|' || unit IN (SELECT unnest(?::VARCHAR[]))
QUALIFY dense_rank() OVER (
    PARTITION BY metric, period, unit ORDER BY as_of DESC NULLS LAST, article_id DESC
) = 1
ORDER BY metric, period, unit, metric_row
