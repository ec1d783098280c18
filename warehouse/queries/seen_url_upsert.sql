-- Record URLs' outcomes ($1 urls, $2 sources, $3 statuses, $4 errors; first seen $5): done, or failed
-- (counted, retried until MAX_ATTEMPTS). One statement for the whole run: ~2,000 rows cost ~3 s one by one.
INSERT INTO seen_urls (url, source, first_seen, status, attempts, last_error)
SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?::TIMESTAMPTZ, unnest(?::VARCHAR[]), 1, unnest(?::VARCHAR[])
ON CONFLICT (url) DO UPDATE SET
    status = excluded.status,
    attempts = seen_urls.attempts + 1,
    last_error = excluded.last_error
