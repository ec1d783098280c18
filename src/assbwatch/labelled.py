"""Precision and recall of figure extraction on a labelled set (a TOML file of sentences).

Used by the test that guards extraction quality and by `benchmarks/figures.py`, which also
runs other extractors over the same set to compare them.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Case", "Expected", "Score", "load_labelled", "score"]


@dataclass(frozen=True)
class Expected:
    value: float
    unit: str
    qualifier: str | None = None


@dataclass(frozen=True)
class Case:
    text: str
    expect: tuple[Expected, ...]


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int
    qualifier_right: int  # among true positives

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


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
