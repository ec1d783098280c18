-- Confirm candidate $2 as alert $1: the alert is pending on every channel from now on.
INSERT INTO alerts (id, metric, period, unit, old_value, new_value, old_article_id, new_article_id,
                    old_evidence, evidence, raised_at, run_id, confidence)
SELECT ?, metric, period, unit, old_value, new_value, old_article_id, new_article_id,
       old_evidence, evidence, raised_at, run_id, confidence
FROM alert_candidates WHERE id = ?
