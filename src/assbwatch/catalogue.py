"""The catalogue of tracked metrics (a TOML file) and the matching of figures to stable keys.

Transparent on purpose: an analyst reads in the file why a figure landed on a key, and
changes it there. See the header of the packaged `metrics.toml` for the fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assbwatch.errors import ConfigError
from assbwatch.figures import Figure, extract_figures, sentences
from assbwatch.tomlfile import read_toml

__all__ = ["Catalogue", "MetricRule", "Relevance", "load_catalogue"]

DEFAULT_CATALOGUE = Path(__file__).with_name("metrics.toml")
KINDS = ("money", "price", "percent", "energy", "count", "year")
_RULE_FIELDS = {
    "key",
    "description",
    "kind",
    "sentence",
    "context",
    "near",
    "not_near",
    "near_words",
    "exclude",
    "nouns",
}


def _term(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term.lower())}", re.IGNORECASE)


def _has_any(terms: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(t.search(text) for t in terms)


@dataclass(frozen=True)
class MetricRule:
    key: str
    description: str
    kind: str
    sentence: tuple[tuple[re.Pattern[str], ...], ...] = ()
    context: tuple[tuple[re.Pattern[str], ...], ...] = ()
    near: tuple[re.Pattern[str], ...] = ()
    not_near: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    nouns: frozenset[str] = frozenset()
    near_words: int = 8

    def matches(self, figure: Figure, previous_sentence: str) -> bool:
        if figure.kind != self.kind or (self.nouns and figure.noun not in self.nouns):
            return False
        text = figure.sentence.text
        local_start = figure.start - figure.sentence.start
        local_end = figure.end - figure.sentence.start
        window = " ".join(text[:local_start].split()[-self.near_words :] + text[local_end:].split()[: self.near_words])
        context = previous_sentence + " " + text
        return (
            all(_has_any(group, text) for group in self.sentence)
            and all(_has_any(group, context) for group in self.context)
            and (not self.near or _has_any(self.near, window))
            and not _has_any(self.not_near, window)
            and not _has_any(self.exclude, text)
        )


@dataclass(frozen=True)
class Relevance:
    """Relevant when a required term appears and the weighted count of terms reaches the threshold."""

    required: tuple[re.Pattern[str], ...]
    weights: tuple[tuple[re.Pattern[str], float], ...]
    threshold: float

    def score(self, text: str) -> float:
        if not _has_any(self.required, text):
            return 0.0
        return float(sum(weight * min(3, len(term.findall(text))) for term, weight in self.weights))

    def is_relevant(self, score: float) -> bool:
        return score >= self.threshold


@dataclass(frozen=True)
class Catalogue:
    path: Path
    rules: tuple[MetricRule, ...]
    relevance: Relevance
    keys: frozenset[str] = field(default_factory=frozenset)

    def metric_for(self, figure: Figure, previous_sentence: str = "") -> str | None:
        """The key of the first rule the figure meets, or None (stored untracked)."""
        return next((rule.key for rule in self.rules if rule.matches(figure, previous_sentence)), None)

    def tracked_figures(self, text: str) -> list[tuple[Figure, str | None]]:
        """Every figure in the text with its metric key (None when untracked)."""
        previous: dict[int, str] = {}
        last = ""
        for sentence in sentences(text):
            previous[sentence.start] = last
            last = sentence.text
        return [(f, self.metric_for(f, previous.get(f.sentence.start, ""))) for f in extract_figures(text)]


def _terms(path: Path, entry: str, name: str, value: Any) -> tuple[re.Pattern[str], ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, "expected a list of strings", entry=entry, field=name)
    return tuple(_term(v) for v in value)


def _groups(path: Path, entry: str, name: str, value: Any) -> tuple[tuple[re.Pattern[str], ...], ...]:
    if not isinstance(value, list):
        raise ConfigError(path, 'expected a list of term groups, e.g. [["subsid", "fund"]]', entry=entry, field=name)
    return tuple(_terms(path, entry, name, group) for group in value)


def _rule(path: Path, index: int, raw: Any) -> MetricRule:
    entry = f"metrics[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(path, "expected a table", entry=entry)
    entry = f"metrics[{index}] ({raw.get('key', '?')})"
    unknown = set(raw) - _RULE_FIELDS
    if unknown:
        raise ConfigError(
            path,
            f"unknown field; known fields: {', '.join(sorted(_RULE_FIELDS))}",
            entry=entry,
            field=sorted(unknown)[0],
        )
    if not isinstance(raw.get("key"), str) or not raw["key"]:
        raise ConfigError(path, "missing or empty", entry=entry, field="key")
    if raw.get("kind") not in KINDS:
        raise ConfigError(
            path, f"unknown kind {raw.get('kind')!r}; expected one of {', '.join(KINDS)}", entry=entry, field="kind"
        )
    near_words = raw.get("near_words", 8)
    if not isinstance(near_words, int) or near_words < 1:
        raise ConfigError(path, "expected a positive whole number", entry=entry, field="near_words")
    return MetricRule(
        key=raw["key"],
        description=str(raw.get("description", "")),
        kind=raw["kind"],
        sentence=_groups(path, entry, "sentence", raw.get("sentence", [])),
        context=_groups(path, entry, "context", raw.get("context", [])),
        near=_terms(path, entry, "near", raw.get("near", [])),
        not_near=_terms(path, entry, "not_near", raw.get("not_near", [])),
        exclude=_terms(path, entry, "exclude", raw.get("exclude", [])),
        nouns=frozenset(v.lower() for v in raw.get("nouns", [])),
        near_words=near_words,
    )


def _relevance(path: Path, raw: Any) -> Relevance:
    if not isinstance(raw, dict):
        raise ConfigError(path, "missing [relevance] table", entry="relevance")
    weights = raw.get("weights", {})
    if not isinstance(weights, dict) or not all(isinstance(w, int | float) for w in weights.values()):
        raise ConfigError(path, "expected a table of term = number", entry="relevance", field="weights")
    threshold = raw.get("threshold")
    if not isinstance(threshold, int | float):
        raise ConfigError(path, "expected a number", entry="relevance", field="threshold")
    return Relevance(
        required=_terms(path, "relevance", "required", raw.get("required", [])),
        weights=tuple((_term(t), float(w)) for t, w in weights.items()),
        threshold=float(threshold),
    )


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate a catalogue; `None` is the one packaged with assbwatch."""
    where = path or DEFAULT_CATALOGUE
    data = read_toml(where)
    raw_rules = data.get("metrics", [])
    if not isinstance(raw_rules, list):
        raise ConfigError(where, "expected [[metrics]] entries", entry="metrics")
    rules = tuple(_rule(where, i, raw) for i, raw in enumerate(raw_rules))
    keys = [r.key for r in rules]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        raise ConfigError(where, "key used twice", entry=f"metrics ({duplicated[0]})", field="key")
    return Catalogue(where, rules, _relevance(where, data.get("relevance")), frozenset(keys))
