"""What the analysts' report shows, read from the warehouse in one read-only connection: tracked series
with their figures, the alert timeline, weak changes, source health and run history.

Only data here: `htmlreport` turns it into the HTML page, `summary` into a run's markdown artifact, so
both say the same thing. Every list is capped (a chart per series for the first `charts` series, the
newest `points` figures per chart, ...) so a large warehouse still gives a page a browser opens at once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from assbwatch.alerts.detect import agrees
from assbwatch.config.settings import Settings
from assbwatch.monitor import MAX_ATTEMPTS
from assbwatch.store.warehouse import Warehouse, saved_query

__all__ = [
    "ALERT_LIMIT",
    "CHART_LIMIT",
    "POINT_LIMIT",
    "RUN_LIMIT",
    "RUN_TABLE_LIMIT",
    "SERIES_TABLE_LIMIT",
    "SOURCE_RUN_LIMIT",
    "STALE_AFTER",
    "Change",
    "Delivery",
    "Point",
    "ReportData",
    "Run",
    "Series",
    "SourceHealth",
    "SourceRun",
    "Totals",
    "load_report",
]

CHART_LIMIT = 40  # series that get a chart; the rest are a table row each
POINT_LIMIT = 150  # newest figures per chart: more dots than that are a smear, and the page grows
SERIES_TABLE_LIMIT = 500  # rows of the table of series without a chart
ALERT_LIMIT = 200  # alerts, and separately candidates, listed
RUN_LIMIT = 200  # runs charted
RUN_TABLE_LIMIT = 50  # of them listed with their counts and failures
SOURCE_RUN_LIMIT = 10  # monitoring runs shown per source
STALE_AFTER = timedelta(days=1)  # a source with no success for this long is flagged


@dataclass(frozen=True)
class Point:
    """One figure of a series, with the article it came from."""

    seen: date  # the article's date, else the day it was stored
    as_of: date | None
    value: float
    qualifier: str
    low: float | None
    high: float | None
    previous: bool  # given as the value before a change ("up from 5%")
    article_id: int
    title: str | None
    url: str
    surface: str
    evidence: str
    metric_row: int


@dataclass(frozen=True)
class Series:
    """A tracked metric, period and unit: the unit alerts are raised on."""

    metric: str
    period: str
    unit: str
    observations: int
    articles: int
    alerts: int
    last_alert: datetime | None
    value: float | None  # the current value (metric_latest)
    qualifier: str | None
    low: float | None
    high: float | None
    as_of: date | None
    title: str | None
    url: str | None
    points: tuple[Point, ...] = ()  # only for charted series
    changed: date | None = None  # when the current value replaced a different one, within `points`
    current_since: date | None = None  # the first report of the current value, within `points`

    @property
    def key(self) -> str:
        return f"{self.metric}|{self.period}|{self.unit}"


@dataclass(frozen=True)
class Delivery:
    channel: str
    status: str  # delivered | failed
    attempts: int
    error: str | None
    updated_at: datetime


@dataclass(frozen=True)
class Change:
    """An alert, or a weak change kept as a candidate: old -> new with both articles."""

    id: int
    raised_at: datetime
    metric: str
    period: str
    unit: str
    old_value: float
    new_value: float
    confidence: float
    old_title: str | None
    old_url: str
    old_date: date | None
    new_title: str | None
    new_url: str
    new_date: date | None
    old_evidence: str
    evidence: str
    deliveries: tuple[Delivery, ...] = ()
    confirmed_as: int | None = None  # candidates only: the alert it became


@dataclass(frozen=True)
class SourceHealth:
    source: str
    url: str | None
    last_success: datetime | None
    last_error: str | None
    runs: int
    requests: int
    errors: int
    listings: int
    listings_304: int
    last_fetch: datetime | None
    articles: int
    last_article: datetime | None
    newest_published: date | None
    retrying: int  # failed URLs with attempts left
    given_up: int

    @property
    def rate_304(self) -> float | None:
        """Share of listing requests answered 'not modified': high is cheap and healthy for a quiet feed."""
        return self.listings_304 / self.listings if self.listings else None

    @property
    def articles_per_run(self) -> float | None:
        return self.articles / self.runs if self.runs else None

    @property
    def errors_per_run(self) -> float | None:
        return self.errors / self.runs if self.runs else None


@dataclass(frozen=True)
class SourceRun:
    run_id: str
    started_at: datetime
    source: str
    requests: int
    errors: int
    not_modified: int
    articles: int


@dataclass(frozen=True)
class Run:
    id: str
    kind: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    new_articles: int
    duplicates: int
    unchanged: int
    irrelevant: int
    figures: int
    alerts: int
    failed: int
    detail: str | None


@dataclass(frozen=True)
class Totals:
    """Counts in the window, uncapped: the lists in the report hold at most their limits."""

    articles: int
    originals: int
    relevant: int
    figures: int
    alerts: int
    candidates: int
    runs: int


@dataclass(frozen=True)
class ReportData:
    generated_at: datetime
    warehouse: Path
    since: date | None
    totals: Totals
    charted: tuple[Series, ...]
    others: tuple[Series, ...]  # series without a chart, at most SERIES_TABLE_LIMIT
    series_total: int  # every series in the window
    alerts: tuple[Change, ...]
    candidates: tuple[Change, ...]
    sources: tuple[SourceHealth, ...]
    source_runs: tuple[SourceRun, ...]
    runs: tuple[Run, ...]
    stale_after: timedelta = STALE_AFTER

    def is_stale(self, source: SourceHealth) -> bool:
        return source.last_success is None or self.generated_at - source.last_success > self.stale_after

    @property
    def stale_sources(self) -> tuple[SourceHealth, ...]:
        return tuple(s for s in self.sources if self.is_stale(s))


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return con.execute(sql, params).fetchall()


def _current(points: tuple[Point, ...], unit: str, digits: int) -> tuple[date | None, date | None]:
    """(changed, current_since): walk each article's lead figure (its news, as `metric_latest` reads it) in
    the order alerts use (undated first, then by date and id); a value that differs under the alert rule
    is a change."""
    leads: dict[int, Point] = {}
    for point in points:
        if not point.previous:
            leads.setdefault(point.article_id, point)
    ordered = sorted(leads.values(), key=lambda p: (p.as_of is not None, p.as_of or date.min, p.article_id))
    if not ordered:
        return None, None
    changed, since = None, ordered[0].seen
    for before, point in itertools.pairwise(ordered):
        if not agrees((point.value, point.qualifier), (before.value, before.qualifier), digits, unit):
            changed = since = point.seen
    return changed, since


def _with_points(
    con: duckdb.DuckDBPyConnection, series: list[Series], since: date | None, points: int, digits: int
) -> list[Series]:
    grouped: dict[str, list[Point]] = {s.key: [] for s in series}
    if series:
        for row in _rows(con, saved_query("report_points"), [since, list(grouped), points]):
            grouped[f"{row[0]}|{row[1]}|{row[2]}"].append(Point(*row[3:]))
    charted = []
    for s in series:
        found = tuple(grouped[s.key])
        changed, current_since = _current(found, s.unit, digits)
        charted.append(replace(s, points=found, changed=changed, current_since=current_since))
    return charted


# the columns report_alerts and report_alert_candidates share, in order; each query adds one column after them
_CHANGE_COLUMNS = tuple(f.name for f in fields(Change) if f.name not in {"deliveries", "confirmed_as"})


def _change(row: tuple[Any, ...], *, candidate: bool) -> Change:
    shared = dict(zip(_CHANGE_COLUMNS, row[:-1], strict=True))
    if candidate:
        return Change(**shared, confirmed_as=row[-1])
    deliveries = tuple(Delivery(**d) for d in row[-1] or ())
    return Change(**shared, deliveries=deliveries)


def load_report(
    warehouse: Warehouse,
    *,
    since: date | None = None,
    charts: int = CHART_LIMIT,
    points: int = POINT_LIMIT,
    digits: int = Settings.alert_tolerance_digits,
    now: datetime | None = None,
) -> ReportData:
    """Everything the report shows since `since` (a date; None: all time), in one consistent read.
    `digits` is the alert tolerance, so "changed" means what an alert means."""
    with warehouse.reader() as con:
        series = [Series(*row) for row in _rows(con, saved_query("report_series"), [since])]
        charted = [s for s in series if s.alerts or s.observations >= 2][:charts]
        chosen = {s.key for s in charted}
        others = [s for s in series if s.key not in chosen]
        totals = Totals(*_rows(con, saved_query("report_totals"), [since])[0])
        alerts = [_change(r, candidate=False) for r in _rows(con, saved_query("report_alerts"), [since, ALERT_LIMIT])]
        candidates = [
            _change(r, candidate=True) for r in _rows(con, saved_query("report_alert_candidates"), [since, ALERT_LIMIT])
        ]
        sources = [SourceHealth(*r) for r in _rows(con, saved_query("report_sources"), [since, MAX_ATTEMPTS])]
        source_runs = [SourceRun(*r) for r in _rows(con, saved_query("report_source_runs"), [since, SOURCE_RUN_LIMIT])]
        runs = [Run(*r) for r in _rows(con, saved_query("report_runs"), [since, RUN_LIMIT])]
        charted = _with_points(con, charted, since, points, digits)
    return ReportData(
        generated_at=now or datetime.now(UTC),
        warehouse=warehouse.path,
        since=since,
        totals=totals,
        charted=tuple(charted),
        others=tuple(others[:SERIES_TABLE_LIMIT]),
        series_total=len(series),
        alerts=tuple(alerts),
        candidates=tuple(candidates),
        sources=tuple(sources),
        source_runs=tuple(source_runs),
        runs=tuple(runs),
    )
