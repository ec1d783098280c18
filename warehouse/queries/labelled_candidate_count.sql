-- How many weak changes were kept as candidates.
SELECT count(*) FROM alert_candidates
