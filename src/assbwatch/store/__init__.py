"""The warehouse and what lives in it: connections and migrations, the run lock, dedup, run records."""
