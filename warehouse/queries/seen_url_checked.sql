-- An article URL ($4) answered at $3: keep its validators $1, $2 (or the ones it had) for the next revisit.
UPDATE seen_urls SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), last_checked = ?
WHERE url = ?
