-- Migration $1, named $2, is applied.
INSERT INTO schema_migrations (version, name) VALUES (?, ?)
