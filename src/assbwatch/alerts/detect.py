"""Change detection for tracked metrics: which new figures are alerts, which are candidates.

Rules (design.md): the first sighting of a metric, period and unit is a baseline; a value that
differs from the known one (compared after rounding both to `digits` significant figures, so "more
than $660 million" equals "roughly US$660 million") and that a known bound does not admit ("more than
1,000 patents" is met by a later 1,300 or "more than 1,300") raises one alert; the known value is then
the new one, so repeating it raises nothing. A figure from an article dated before the known value's
article is history, not news: no alert.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import duckdb

from assbwatch.config.settings import Settings
from assbwatch.store.warehouse import saved_query

__all__ = [
    "HISTORY_YEARS",
    "Alert",
    "Holder",
    "Known",
    "Observation",
    "agrees",
    "detect_changes",
    "holding",
    "load_known",
    "same_value",
]

HISTORY_YEARS = 5  # a milestone year this far before the article's date is history

Key = tuple[str, str, str]  # metric, period, unit
Reading = tuple[float, str]  # a value and its qualifier ("more_than", ...)
Holder = tuple[str, str]  # a metric and a period


@dataclass(frozen=True)
class Observation:
    """A figure of a tracked metric, as an article reported it."""

    key: Key
    value: float
    article_id: int
    as_of: date | None
    evidence: str
    confidence: float = 1.0  # of the figure's identity (1.0 for a curated metric)
    title: str | None = None  # of the article, for the alert's reader
    url: str = ""
    qualifier: str = "exact"
    stated: bool = True  # its sentence says the figure moved ("pushed back to 2028"): a change can be pushed
    restated: bool = False  # its sentence gave the old value its key holds ("up from 36.8%"): the reporter
    # says which figure it is, however weak its identity and the old one's were
    superseded: tuple[float, ...] = ()  # the values of its unit its article gives as former ones ("had
    # previously planned to start the line in spring 2024"), in any sentence
    predicate: str | None = None  # what its clause says is done (Identity.predicate)
    single: bool = False  # its key's measure holds one value at a time (Identity.single)
    alongside: tuple[float, ...] = ()  # the values its article gives for its metric and unit in other periods


@dataclass(frozen=True)
class Known(Observation):
    """What a new figure is compared with: the first figure of the newest article for the key, and every
    value (with its qualifier) that article gave for it."""

    values: tuple[Reading, ...] = ()

    @classmethod
    def of(cls, first: Observation, group: Iterable[Observation]) -> Known:
        values = tuple((o.value, o.qualifier) for o in group)
        return cls(**{f.name: getattr(first, f.name) for f in fields(Observation)}, values=values)


@dataclass(frozen=True)
class Alert:
    id: int
    metric: str
    period: str
    unit: str
    old_value: float
    new_value: float
    old_article_id: int
    new_article_id: int
    old_evidence: str
    evidence: str
    confidence: float = 1.0
    old_title: str | None = None  # not stored: joined from `articles` when read
    old_url: str = ""
    new_title: str | None = None
    new_url: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def stored(self) -> tuple[Any, ...]:
        """The columns of `alerts` / `alert_candidates` this record fills (before raised_at, run_id)."""
        return (
            self.id, self.metric, self.period, self.unit, self.old_value, self.new_value, self.old_article_id,
            self.new_article_id, self.old_evidence, self.evidence,
        )  # fmt: skip

    def change(self) -> str:
        return f"{self.metric} ({self.period}): {_number(self.old_value)} -> {_number(self.new_value)} {self.unit}"

    def summary(self) -> str:
        """One line for logs and artifacts: the change, then where it was read, new and old."""
        return (
            f"{self.change()}: {_source(self.new_title, self.new_url, self.new_article_id)}"
            f" (was: {_source(self.old_title, self.old_url, self.old_article_id)})"
        )

    def message(self) -> str:
        """A few lines for chat channels (Slack, Teams): the change, the new sentence, both sources."""
        return "\n".join([
            f"*{self.change()}*",
            f"> {self.evidence.strip()}",
            f"New: {_source(self.new_title, self.new_url, self.new_article_id)}",
            f"Before: {_source(self.old_title, self.old_url, self.old_article_id)}",
        ])  # fmt: skip


def _source(title: str | None, url: str, article_id: int) -> str:
    return f'"{title or "untitled"}" <{url}>' if url else f"article {article_id}"


def _number(value: float) -> str:
    """660000000 -> '660,000,000', 0.14 -> '0.14': how an analyst writes them."""
    return f"{value:,.0f}" if value == int(value) and abs(value) >= 1000 else f"{value:g}"


def same_value(a: float, b: float, digits: int = Settings.alert_tolerance_digits, unit: str = "") -> bool:
    """Equal when both round to the same `digits` significant figures; years are equal only when equal
    (2028 and 2029 agree to two significant figures, but a year later is the news)."""
    if unit == "year":
        return abs(a - b) < 0.25
    return float(f"{a:.{digits}g}") == float(f"{b:.{digits}g}")


def agrees(a: Reading, b: Reading, digits: int = Settings.alert_tolerance_digits, unit: str = "") -> bool:
    """Two reports of one metric agree unless they contradict: equal values, or a bound the other meets
    ("more than 1,000 patents", later "1,300" or "more than 1,300"). "Up to" states a ceiling, a value of
    its own: "up to 40 GWh" then 20 GWh is news."""
    if same_value(a[0], b[0], digits, unit):
        return True
    a_side, b_side = _BOUND.get(a[1]), _BOUND.get(b[1])
    if a_side is None and b_side is None:
        return False
    (a_low, a_high), (b_low, b_high) = _bounds(a[0], a_side), _bounds(b[0], b_side)
    return a_low <= b_high and b_low <= a_high


_BOUND = {"more_than": "low", "min": "low", "less_than": "high"}


def _bounds(value: float, side: str | None) -> tuple[float, float]:
    return (value, math.inf) if side == "low" else (-math.inf, value) if side == "high" else (value, value)


def load_known(con: duckdb.DuckDBPyConnection, keys: Iterable[Key]) -> dict[Key, Known]:
    """The current value of each key (as `metric_latest`), with every value its article gave for it."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = con.execute(saved_query("known_values"), [["|".join(key) for key in wanted]]).fetchall()
    by_key: dict[Key, list[Observation]] = {}
    for m, p, u, v, q, aid, as_of, ev, conf, title, url, verb in rows:  # in text order: the first is the news
        by_key.setdefault((m, p, u), []).append(
            Observation((m, p, u), v, aid, as_of, ev, conf, title, url, q, predicate=verb)
        )
    known = {key: Known.of(group[0], group) for key, group in by_key.items()}
    return known


def holding(
    con: duckdb.DuckDBPyConnection, subject: str, period: str, unit: str, value: float, digits: int, *, anywhen: bool
) -> set[Holder]:
    """The metrics of `subject` whose current value in `unit` is `value`, for `period` if any holds it there,
    else, when `anywhen`, for any period ("140.8 billion won, less than the 172.4 billion won it had
    requested, and work would begin this year": a period read for both figures from another clause is not
    the old value's; "from half in 2015 to a fifth in 2020" gives each its own: a series, not a move)."""
    rows = con.execute(saved_query("subject_values"), [subject, unit]).fetchall()
    held = {(metric, at) for metric, at, known in rows if same_value(known, value, digits, unit)}
    return {h for h in held if h[1] == period} or (held if anywhen else set())


def detect_changes(
    known: dict[Key, Known], observations: Sequence[Observation], *, digits: int = Settings.alert_tolerance_digits
) -> list[tuple[Observation, Known]]:
    """Walk articles in order, updating `known` as they go; return (new, old) pairs that are changes.

    An article counts with its first figure for a key (its news; later ones are background), as
    `metric_latest` does; it is no change when that value equals any value the known article gave
    ("$75/kWh and later $65/kWh" reported again as "$75/kWh").
    """
    grouped: dict[tuple[int, Key], list[Observation]] = {}
    for obs in observations:
        grouped.setdefault((obs.article_id, obs.key), []).append(obs)
    changes = []
    for group in grouped.values():
        obs = group[0]  # compared with its own confidence
        now = Known.of(obs, group)
        old = known.get(obs.key)
        if old is None:
            known[obs.key] = now
            continue
        if old.as_of is not None and (obs.as_of is None or obs.as_of < old.as_of):
            continue  # an article older than the known value (or undated) reports history, not a change
        unit = obs.key[2]
        if unit == "year" and obs.as_of is not None and min(obs.value, old.value) < obs.as_of.year - HISTORY_YEARS:
            known[obs.key] = now
            continue  # "mass-produced in 1991": a milestone long past is history, not a plan that moved
        reading, old_reading = (obs.value, obs.qualifier), (old.value, old.qualifier)
        if not any(agrees(reading, known_reading, digits, unit) for known_reading in old.values or (old_reading,)):
            changes.append((obs, old))
        known[obs.key] = now
    return changes
