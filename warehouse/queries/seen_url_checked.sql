-- Article URLs that answered ($1 urls, $2 ETags, $3 Last-Modified) at $4: keep their validators (or the ones
-- they had) for the next revisit. One statement for the whole run.
UPDATE seen_urls SET etag = coalesce(v.etag, seen_urls.etag),
    last_modified = coalesce(v.last_modified, seen_urls.last_modified), last_checked = ?
FROM (SELECT unnest(?::VARCHAR[]) AS url, unnest(?::VARCHAR[]) AS etag, unnest(?::VARCHAR[]) AS last_modified) v
WHERE seen_urls.url = v.url
