-- Why a change waits for an analyst instead of being pushed: an unsure identity, or a new sentence that
-- does not say the figure moved.
ALTER TABLE alert_candidates ADD COLUMN reason VARCHAR;
