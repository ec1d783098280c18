-- The table of applied migrations, in a new file.
CREATE TABLE schema_migrations
 (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
