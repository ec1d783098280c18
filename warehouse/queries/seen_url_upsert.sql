-- Record a URL's outcome: done, or failed (counted, retried until MAX_ATTEMPTS).
INSERT INTO seen_urls (url, source, first_seen, status, attempts, last_error)
VALUES (?, ?, ?, ?, 1, ?)
ON CONFLICT (url) DO UPDATE SET
    status = excluded.status,
    attempts = seen_urls.attempts + 1,
    last_error = excluded.last_error
