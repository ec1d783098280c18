-- Alerts not yet delivered on channel $1 (never tried, or failed before).
SELECT id, metric, period, unit, old_value, new_value, old_article_id, new_article_id, old_evidence, evidence, confidence
FROM alerts
WHERE id NOT IN (SELECT alert_id FROM alert_deliveries WHERE channel = ? AND status = 'delivered')
ORDER BY id
