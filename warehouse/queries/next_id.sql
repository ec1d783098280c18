-- The next free id of {table} (filled in by the caller: a table name cannot be a parameter).
SELECT coalesce(max(id), 0) + 1 FROM {table}
