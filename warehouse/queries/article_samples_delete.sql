-- Article $1's sampled shingle hashes, before they are stored anew.
DELETE FROM article_samples WHERE article_id = ?
