-- Alerts not yet delivered on channel $1 (never tried, or failed before), with both articles' titles and URLs.
SELECT al.id, al.metric, al.period, al.unit, al.old_value, al.new_value, al.old_article_id, al.new_article_id,
       al.old_evidence, al.evidence, al.confidence, old.title, old.url, new.title, new.url
FROM alerts al
JOIN articles old ON old.id = al.old_article_id
JOIN articles new ON new.id = al.new_article_id
WHERE al.id NOT IN (SELECT alert_id FROM alert_deliveries WHERE channel = ? AND status = 'delivered')
ORDER BY al.id
