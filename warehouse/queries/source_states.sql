-- Every source's last validators and outcome.
SELECT source, url, etag, last_modified, last_success, last_error FROM source_state
