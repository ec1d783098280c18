"""What people read: the HTML report (data, charts, page), run summaries and number formatting."""
