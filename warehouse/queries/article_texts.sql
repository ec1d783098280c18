-- The texts of stored articles {ids} (a literal list of integer ids, filled in by the caller).
SELECT id, text FROM articles WHERE id IN ({ids})
