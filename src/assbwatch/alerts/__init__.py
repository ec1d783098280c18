"""Alerts: detecting changes (detect) and sending them (deliver)."""
