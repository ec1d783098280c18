-- Status of the given URLs ($1, a list) in seen_urls.
SELECT url, status, attempts FROM seen_urls WHERE url IN (SELECT unnest(?::VARCHAR[]))
