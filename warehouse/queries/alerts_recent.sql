-- `assbwatch alerts`: recent alerts, old -> new, with both sources and delivery status.
SELECT al.id, al.raised_at, al.metric, al.period, al.old_value, al.new_value, al.unit,
       al.old_article_id, old.title AS old_title, old.url AS old_url,
       al.new_article_id, new.title AS new_title, new.url AS new_url, al.old_evidence, al.evidence,
       (SELECT string_agg(d.channel || ':' || d.status, ', ' ORDER BY d.channel)
          FROM alert_deliveries d WHERE d.alert_id = al.id) AS delivery
FROM alerts al
JOIN articles old ON old.id = al.old_article_id
JOIN articles new ON new.id = al.new_article_id
ORDER BY al.raised_at DESC, al.id DESC
LIMIT ?
