-- The current value of every metric and period of one subject ($1) in a unit ($2): which of them a
-- figure's stated old value ("up from 36.8%") names.
SELECT metric, period, value
FROM metric_latest
WHERE subject = ? AND unit = ?
