-- Record one delivery attempt for alerts $1 on channel $2: status $3, error $4, at $5.
INSERT INTO alert_deliveries (alert_id, channel, status, attempts, last_error, updated_at)
SELECT unnest(?::BIGINT[]), ?, ?, 1, ?, ?
ON CONFLICT (alert_id, channel) DO UPDATE SET
    status = excluded.status,
    attempts = alert_deliveries.attempts + 1,
    last_error = excluded.last_error,
    updated_at = excluded.updated_at
