-- Recent articles due for a revisit: done URLs, stored as articles, of sources $1 first seen since $2 and not checked since $3,
-- at most $4 per source, least recently checked first, with the validators of their last answer.
SELECT source, url, etag, last_modified
FROM seen_urls
WHERE status = 'done' AND source IN (SELECT unnest(?::VARCHAR[])) AND first_seen >= ?
  AND coalesce(last_checked, first_seen) <= ?
  AND url IN (SELECT url FROM articles)  -- a page that was no article is not looked at again
QUALIFY row_number() OVER (PARTITION BY source ORDER BY coalesce(last_checked, first_seen), url) <= ?
ORDER BY source, coalesce(last_checked, first_seen), url
