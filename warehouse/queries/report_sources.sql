-- The report's source health since $1: per monitored source, its last success and error, requests and
-- errors, listings answered 304 (unchanged), articles stored, and URLs retried until $2 attempts.
WITH names AS (
    SELECT source FROM source_state UNION SELECT source FROM fetch_log UNION SELECT source FROM seen_urls
), fetches AS (
    SELECT source, count(DISTINCT run_id) AS runs, count(*) AS requests,
           count(*) FILTER (WHERE error IS NOT NULL) AS errors,
           count(*) FILTER (WHERE kind = 'listing') AS listings,
           count(*) FILTER (WHERE kind = 'listing' AND status = 304) AS listings_304,
           max(fetched_at) AS last_fetch
    FROM fetch_log WHERE $1::DATE IS NULL OR fetched_at >= $1::DATE
    GROUP BY source
), stored AS (
    SELECT source, count(*) AS articles, max(ingested_at) AS last_article, max(published) AS newest_published
    FROM articles WHERE $1::DATE IS NULL OR ingested_at >= $1::DATE
    GROUP BY source
), urls AS (
    SELECT source, count(*) FILTER (WHERE status = 'failed' AND attempts < $2) AS retrying,
           count(*) FILTER (WHERE status = 'failed' AND attempts >= $2) AS given_up
    FROM seen_urls GROUP BY source
)
SELECT n.source, s.url, s.last_success, s.last_error,
       coalesce(f.runs, 0) AS runs, coalesce(f.requests, 0) AS requests, coalesce(f.errors, 0) AS errors,
       coalesce(f.listings, 0) AS listings, coalesce(f.listings_304, 0) AS listings_304, f.last_fetch,
       coalesce(a.articles, 0) AS articles, a.last_article, a.newest_published,
       coalesce(u.retrying, 0) AS retrying, coalesce(u.given_up, 0) AS given_up
FROM names n
LEFT JOIN source_state s ON s.source = n.source
LEFT JOIN fetches f ON f.source = n.source
LEFT JOIN stored a ON a.source = n.source
LEFT JOIN urls u ON u.source = n.source
ORDER BY n.source
