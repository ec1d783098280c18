-- What re-extraction needs of the articles $1 (a list of ids): where they came from and their raw bytes.
SELECT id, url, source, fetched_at, extractor, raw_zlib, duplicate_of, content_hash FROM articles
WHERE id IN (SELECT unnest(?::BIGINT[])) ORDER BY id
