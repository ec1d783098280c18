"""Settings, sources and the TOML reader: what the user configures."""
