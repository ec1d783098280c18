-- How many tables the file holds (a new file: none).
SELECT count(*) FROM information_schema.tables
