-- Run $11 finished at $1 with status $2: its counts, and its failures' messages ($10, one a line).
UPDATE runs SET finished_at = ?, status = ?, new_articles = ?, duplicates = ?, unchanged = ?,
 irrelevant = ?, figures = ?, alerts = ?, failed = ?, detail = ? WHERE id = ?
