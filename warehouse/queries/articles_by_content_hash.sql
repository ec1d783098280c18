-- The cluster root of every stored article with one of the content hashes {hashes} (a literal list of quoted
-- SHA-256 hex digests, checked and filled in by the caller), earliest first.
SELECT content_hash, coalesce(duplicate_of, id) FROM articles WHERE content_hash IN ({hashes}) ORDER BY id
