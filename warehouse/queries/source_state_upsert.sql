-- Remember a source's validators and last outcome.
INSERT INTO source_state (source, url, etag, last_modified, last_success, last_error, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (source) DO UPDATE SET
    url = excluded.url,
    etag = excluded.etag,
    last_modified = excluded.last_modified,
    last_success = coalesce(excluded.last_success, source_state.last_success),
    last_error = excluded.last_error,
    updated_at = excluded.updated_at
