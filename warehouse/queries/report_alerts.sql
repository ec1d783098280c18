-- The report's alert timeline since $1, newest first, at most $2: old -> new, both articles, and every
-- delivery attempt recorded per channel.
SELECT al.id, al.raised_at, al.metric, al.period, al.unit, al.old_value, al.new_value, al.confidence,
       old.title AS old_title, old.url AS old_url, coalesce(old.published, old.ingested_at::DATE) AS old_date,
       new.title AS new_title, new.url AS new_url, coalesce(new.published, new.ingested_at::DATE) AS new_date,
       al.old_evidence, al.evidence,
       (SELECT list({'channel': d.channel, 'status': d.status, 'attempts': d.attempts,
                     'error': d.last_error, 'updated_at': d.updated_at} ORDER BY d.channel)
          FROM alert_deliveries d WHERE d.alert_id = al.id) AS deliveries
FROM alerts al
JOIN articles old ON old.id = al.old_article_id
JOIN articles new ON new.id = al.new_article_id
WHERE $1::DATE IS NULL OR al.raised_at >= $1::DATE
ORDER BY al.raised_at DESC, al.id DESC
LIMIT $2
