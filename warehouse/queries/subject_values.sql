-- The current value of every metric of one subject ($1) for a period ($2) and unit ($3): which of them a
-- figure's stated old value ("up from 36.8%") names.
SELECT metric, value
FROM metric_latest
WHERE subject = ? AND period = ? AND unit = ?
