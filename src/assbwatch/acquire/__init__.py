"""Getting articles: listings and discovery, HTTP fetching, extraction, file readers, the worker pool."""
