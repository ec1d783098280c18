-- `assbwatch alerts --candidates`: changes kept for an analyst, with both sources, identity confidence and why.
SELECT c.id, c.raised_at, c.metric, c.period, c.old_value, c.new_value, c.unit, c.confidence,
       c.old_article_id, old.title AS old_title, c.new_article_id, new.title AS new_title,
       c.evidence, c.reason, c.confirmed_as
FROM alert_candidates c
JOIN articles old ON old.id = c.old_article_id
JOIN articles new ON new.id = c.new_article_id
ORDER BY c.raised_at DESC, c.id DESC
LIMIT ?
