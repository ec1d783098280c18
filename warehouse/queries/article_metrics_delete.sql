-- Article $1's figures, before they are stored anew.
DELETE FROM metrics WHERE article_id = ?
