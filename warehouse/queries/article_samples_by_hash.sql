-- Stored articles holding each of the sampled shingle hashes $1 (a list).
SELECT hash, article_id FROM article_samples WHERE hash IN (SELECT unnest(?::BIGINT[]))
