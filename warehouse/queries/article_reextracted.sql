-- Replace what extraction produced for one article, in place.
UPDATE articles SET
    title = ?, published = ?, author = ?, site = ?, text = ?, content_hash = ?,
    relevant = ?, relevance_score = ?, extractor = ?, n_samples = ?, relevance_reason = ?
WHERE id = ?
