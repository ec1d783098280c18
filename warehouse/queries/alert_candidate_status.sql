-- Candidate $1's row, if there is one: the alert it was confirmed as (NULL while it is not).
SELECT confirmed_as FROM alert_candidates WHERE id = ?
