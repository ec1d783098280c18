-- Every current value of the keys $1 ('metric|period|unit'): all non-previous figures the newest article
-- (by date, then id; undated as oldest) gave for each key, in text order. The first row is metric_latest's.
SELECT h.metric, h.period, h.unit, h.value, h.qualifier, h.article_id, h.as_of, h.evidence, h.confidence,
       h.title, h.url, m.predicate
FROM metric_history h JOIN metrics m ON m.id = h.metric_row
WHERE NOT h.previous AND h.metric || '|' || h.period || '|' || h.unit IN (SELECT unnest(?::VARCHAR[]))
QUALIFY dense_rank() OVER (
    PARTITION BY h.metric, h.period, h.unit ORDER BY h.as_of DESC NULLS LAST, h.article_id DESC
) = 1
ORDER BY h.metric, h.period, h.unit, h.metric_row
