-- Run $1 of kind $2 started at $3 (a run recorded already stays as it is).
INSERT INTO runs (id, kind, started_at, status) VALUES (?, ?, ?, 'running') ON CONFLICT (id) DO NOTHING
