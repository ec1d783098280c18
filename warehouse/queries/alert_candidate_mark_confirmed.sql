-- Candidate $2 became alert $1.
UPDATE alert_candidates SET confirmed_as = ? WHERE id = ?
