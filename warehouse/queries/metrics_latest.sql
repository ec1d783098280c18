-- `assbwatch metrics`: the current value of every tracked metric, with its source.
SELECT metric, period, value, unit, qualifier, low, high, as_of, article_id, title, url
FROM metric_latest
ORDER BY metric, period, unit
