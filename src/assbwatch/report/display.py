"""How figures, times and links read to a person: the report page and the run summaries share these,
so a value reads the same in the HTML report and in a Prefect artifact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

__all__ = ["ago", "figure", "moment", "number", "safe_url", "scaled"]

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_QUALIFIERS = {
    "approx": "about ",
    "max": "up to ",
    "min": "at least ",
    "more_than": "more than ",
    "less_than": "less than ",
}
_LINKABLE = {"http", "https", "file"}


def scaled(value: float, digits: int = 4) -> str | None:
    """660e6 -> '660 million' (to `digits` significant figures); None below a million. The CLI's tables use it too."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{value / scale:,.{digits}g} {word}"
    return None


def _money(value: float) -> str:
    return scaled(value) or f"{value:,.2f}".removesuffix(".00")


def number(value: float | None, unit: str) -> str:
    """660e6 USD -> 'USD 660 million', 2030 year -> '2030', 20 % -> '20%', 0.075 USD/Wh -> 'USD 0.075/Wh'."""
    if value is None:
        return "-"
    if unit == "year":
        return f"{value:.0f}"
    if unit == "%":
        return f"{value:.4g}%"
    if unit == "count":
        return f"{value:,.0f}"
    if len(unit) == 3 and unit.isalpha() and unit.isupper():  # an ISO currency code
        return f"{unit} {_money(value)}"
    if "/" in unit:  # a price per unit of energy: 'USD/Wh'
        money, per = unit.split("/", 1)
        return f"{money} {value:.4g}/{per}"
    return f"{value:,.4g} {unit}"


def figure(
    value: float | None, unit: str, qualifier: str = "exact", low: float | None = None, high: float | None = None
) -> str:
    """A figure as reported: 'about USD 660 million', 'USD 60 million to USD 70 million'."""
    if qualifier == "range" and low is not None and high is not None:
        return f"{number(low, unit)} to {number(high, unit)}"
    return _QUALIFIERS.get(qualifier, "") + number(value, unit)


def moment(value: datetime | date | None) -> str:
    """Timestamps in UTC to the minute, dates as ISO dates: one reading for every reader's time zone."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        stamp = value.astimezone(UTC) if value.tzinfo else value
        return stamp.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def ago(value: datetime | None, now: datetime) -> str:
    """'3 h ago', '2 d ago': how fresh a source is, at a glance."""
    if value is None:
        return "never"
    delta = now - value
    if delta < timedelta(minutes=1):
        return "just now"
    if delta < timedelta(hours=1):
        return f"{delta.seconds // 60} min ago"
    if delta < timedelta(days=2):
        return f"{delta.total_seconds() / 3600:.0f} h ago"
    return f"{delta.days} d ago"


def safe_url(url: str | None) -> str | None:
    """The URL if a link to it is harmless (http, https, file), else None: a fetched page's URL is never
    trusted to be a `javascript:` link."""
    if not url:
        return None
    return url if urlsplit(url).scheme.lower() in _LINKABLE else None
