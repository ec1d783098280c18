-- The newest version stored at each of the URLs $1 (a list): its id, content hash and duplicate_of.
SELECT url, id, content_hash, duplicate_of FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))
QUALIFY row_number() OVER (PARTITION BY url ORDER BY id DESC) = 1
