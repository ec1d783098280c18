-- URLs of sources $1 that failed and have fewer than $2 attempts: due for another try.
SELECT source, url FROM seen_urls
WHERE status = 'failed' AND source IN (SELECT unnest(?::VARCHAR[])) AND attempts < ?
ORDER BY first_seen, url
