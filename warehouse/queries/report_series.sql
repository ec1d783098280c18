-- The report's tracked series since $1 (NULL: all time): per metric, period and unit, its figures and
-- articles, the alerts it raised, and its current value (as `metric_latest`). Series with an alert or at
-- least 2 figures come first: those are the ones worth a chart.
WITH seen AS (
    SELECT h.metric, h.period, h.unit, h.article_id
    FROM metric_history h JOIN articles a ON a.id = h.article_id
    WHERE $1::DATE IS NULL OR coalesce(h.as_of, a.ingested_at::DATE) >= $1::DATE
), counts AS (
    SELECT metric, period, unit, count(*) AS observations, count(DISTINCT article_id) AS articles
    FROM seen GROUP BY metric, period, unit
), raised AS (
    SELECT metric, period, unit, count(*) AS alerts, max(raised_at) AS last_alert
    FROM alerts WHERE $1::DATE IS NULL OR raised_at >= $1::DATE
    GROUP BY metric, period, unit
)
SELECT c.metric, c.period, c.unit, c.observations, c.articles, coalesce(r.alerts, 0) AS alerts, r.last_alert,
       l.value, l.qualifier, l.low, l.high, l.as_of, l.title, l.url
FROM counts c
LEFT JOIN raised r ON r.metric = c.metric AND r.period = c.period AND r.unit = c.unit
LEFT JOIN metric_latest l ON l.metric = c.metric AND l.period = c.period AND l.unit = c.unit
ORDER BY (coalesce(r.alerts, 0) > 0 OR c.observations >= 2) DESC, coalesce(r.alerts, 0) DESC,
         r.last_alert DESC NULLS LAST, c.articles DESC, c.observations DESC, c.metric, c.period, c.unit
