"""Precision and recall of figure extraction on labelled sets: sentences (a TOML file of cases) and whole
articles written from real reporting (`tests/fixtures/realnews/`, with relevance and changes).

Used by the test that guards extraction quality and by `benchmarks/figures.py`, which also
runs other extractors over the same set to compare them.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

__all__ = [
    "Case",
    "Change",
    "Expected",
    "LabelledArticle",
    "LabelledFigure",
    "Replay",
    "Score",
    "UnitScore",
    "family",
    "load_articles",
    "load_labelled",
    "match_figures",
    "replay",
    "score",
    "score_units",
]


@dataclass(frozen=True)
class Expected:
    value: float
    unit: str
    qualifier: str | None = None


@dataclass(frozen=True)
class Case:
    text: str
    expect: tuple[Expected, ...]


class _Rates:
    """Precision and recall from the counts both scores keep."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


@dataclass(frozen=True)
class Score(_Rates):
    true_positives: int
    false_positives: int
    false_negatives: int
    qualifier_right: int  # among true positives


def load_labelled(path: Path) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Case(c["text"], tuple(Expected(e["value"], e["unit"], e.get("qualifier")) for e in c["expect"]))
        for c in data["case"]
    ]


Extractor = Callable[[str], Sequence[tuple[float, str, str | None]]]  # text -> (value, unit, qualifier)


def score(cases: Sequence[Case], extract: Extractor) -> Score:
    """A found figure is right when value (to 1e-6 relative) and unit match an expected one not yet matched."""
    tp = fp = fn = qualifier_right = 0
    for case in cases:
        remaining = list(case.expect)
        for value, unit, qualifier in extract(case.text):
            match = next((e for e in remaining if e.unit == unit and math.isclose(e.value, value, rel_tol=1e-6)), None)
            if match is None:
                fp += 1
                continue
            remaining.remove(match)
            tp += 1
            qualifier_right += match.qualifier is None or match.qualifier == qualifier
        fn += len(remaining)
    return Score(tp, fp, fn, qualifier_right)


# --- the real-news set: whole articles with every figure, relevance and the changes they hold -----


@dataclass(frozen=True)
class LabelledFigure:
    surface: str
    value: float
    unit: str
    qualifier: str
    previous: bool
    subject: str
    measure: str


@dataclass(frozen=True)
class LabelledArticle:
    id: str
    title: str
    published: date
    url: str
    relevant: bool
    text: str
    figures: tuple[LabelledFigure, ...]


@dataclass(frozen=True)
class Change:
    unit: str
    old: float
    new: float
    old_article: str
    new_article: str
    subject: str
    measure: str


def load_articles(path: Path) -> tuple[list[LabelledArticle], list[Change]]:
    """A split of `tests/fixtures/realnews/` (see its GUIDELINES.md), articles in publication order."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    articles = [
        LabelledArticle(
            a["id"], a["title"], date.fromisoformat(a["published"]), a["url"], a["relevant"], a["text"].strip(),
            tuple(LabelledFigure(**f) for f in a.get("figure", [])),
        )
        for a in data["article"]
    ]  # fmt: skip
    changes = [
        Change(c["unit"], c["old"], c["new"], c["old_article"], c["new_article"], c["subject"], c["measure"])
        for c in data.get("change", [])
    ]
    return sorted(articles, key=lambda a: (a.published, a.id)), changes


@dataclass
class UnitScore(_Rates):
    """Figure extraction per unit family, plus how often a matched figure's `previous` flag agrees."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    previous_agree: int = 0


def family(unit: str) -> str:
    """money | price | % | GWh | count | year: the rows of the report."""
    if unit.endswith("/Wh"):
        return "price"
    return unit if unit in {"%", "GWh", "count", "year"} else "money"


Found = tuple[float, str, bool]  # value, unit, previous


def match_figures(expected: Sequence[LabelledFigure], found: Sequence[Found]) -> list[tuple[int | None, int | None]]:
    """Pairs (expected index, found index); None on one side for a miss or a false figure. A found figure
    matches the first unmatched expected one with its unit and value (to 1e-3 relative: labels round 33.333;
    years exactly: 2027 is not 2027.5)."""
    remaining = list(range(len(expected)))
    pairs: list[tuple[int | None, int | None]] = []
    for j, (value, unit, _) in enumerate(found):
        i = next(
            (i for i in remaining if expected[i].unit == unit and _same(expected[i].value, value, unit)),
            None,
        )
        if i is None:
            pairs.append((None, j))
        else:
            remaining.remove(i)
            pairs.append((i, j))
    return pairs + [(i, None) for i in remaining]


def _same(labelled: float, found: float, unit: str) -> bool:
    return abs(labelled - found) < 0.01 if unit == "year" else math.isclose(labelled, found, rel_tol=1e-3)


def score_units(articles: Sequence[LabelledArticle], extract: Callable[[str], Sequence[Found]]) -> dict[str, UnitScore]:
    scores: dict[str, UnitScore] = {}
    for article in articles:
        found = list(extract(article.text))
        for i, j in match_figures(article.figures, found):
            if i is not None:
                unit = article.figures[i].unit
            elif j is not None:
                unit = found[j][1]
            else:
                continue  # never: every pair has a figure on at least one side
            s = scores.setdefault(family(unit), UnitScore())
            if i is not None and j is not None:
                s.true_positives += 1
                s.previous_agree += article.figures[i].previous == found[j][2]
            elif i is None:
                s.false_positives += 1
            else:
                s.false_negatives += 1
    return scores


@dataclass
class Replay:
    """Alerts raised when a split is ingested in publication order, against the changes it holds."""

    hit: list[Change]
    missed: list[Change]
    false: list[str]  # alerts no change explains, as "metric old -> new unit in article"
    candidates: int


def replay(articles: Sequence[LabelledArticle], changes: Sequence[Change], warehouse: Any, catalogue: Any) -> Replay:
    """Ingest each article as its own batch (as a monitoring run meets them), then match the alerts
    to the changes by the article that moved the value and the new value."""
    from assbwatch.models import Article
    from assbwatch.pipeline import ingest
    from assbwatch.store.warehouse import saved_query

    ids: dict[int, str] = {}
    for a in articles:
        ingest(warehouse, [Article(url=a.url, source="realnews", text=a.text, title=a.title, published=a.published)],
               catalogue=catalogue)  # fmt: skip
        ids[warehouse.query(saved_query("labelled_last_article")).rows[0][0]] = a.id
    raised = warehouse.query(saved_query("labelled_alerts")).rows
    hit: list[Change] = []
    false = []
    for metric, unit, old, new, new_id in raised:
        change = next(
            (
                c
                for c in changes
                if c.new_article == ids.get(new_id) and c.unit == unit and math.isclose(c.new, new, rel_tol=1e-6)
            ),
            None,
        )
        if change is None:
            false.append(f"{metric} {old:g} -> {new:g} {unit} in {ids.get(new_id, new_id)}")
        elif change not in hit:
            hit.append(change)
    candidates = warehouse.query(saved_query("labelled_candidate_count")).rows[0][0]
    return Replay(hit, [c for c in changes if c not in hit], false, candidates)
