-- Articles with raw bytes whose extractor is not the current one ($1 for HTML, $2 for text files),
-- or all of them when $3 is true.
SELECT id FROM articles
WHERE raw_zlib IS NOT NULL
  AND (? OR extractor NOT IN (?, ?))
ORDER BY id
