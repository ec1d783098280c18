"""The `assbwatch` command (main) and how it prints rows (output)."""
