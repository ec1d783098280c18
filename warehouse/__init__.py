"""The warehouse SQL (numbered migrations, saved queries), shipped with the package as `assbwatch.sql`."""
