-- Every alert raised, in order: what moved, from what to what, and the article that moved it.
SELECT metric, unit, old_value, new_value, new_article_id FROM alerts ORDER BY id
