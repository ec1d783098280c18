-- The id of the article stored last.
SELECT max(id) FROM articles
