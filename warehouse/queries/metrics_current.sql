-- `assbwatch metrics` for people: one current value per metric. Values about the past (a year before this
-- one or a quarter of it, or 'peak') give way to a current one ('now', a target, a future year) of the same
-- metric and unit, and only the newest past one stays when there is nothing current; equal values are one line.
WITH latest AS (
    SELECT *, period = 'peak' OR coalesce(try_cast(left(period, 4) AS INTEGER) < year(current_date), false) AS history
    FROM metric_latest
), ranked AS (
    SELECT *,
           bool_and(history) OVER (PARTITION BY metric, unit) AS only_history,
           row_number() OVER (PARTITION BY metric, unit, history ORDER BY as_of DESC NULLS LAST, article_id DESC)
               AS newest
    FROM latest
)
SELECT metric, period, value, unit, qualifier, low, high, as_of, title
FROM ranked
WHERE NOT history OR (only_history AND newest = 1)
QUALIFY row_number() OVER (
    PARTITION BY metric, unit, round(value, 6) ORDER BY as_of DESC NULLS LAST, article_id DESC
) = 1
ORDER BY metric, unit, period
