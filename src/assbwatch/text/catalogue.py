"""The catalogue of tracked metrics (a TOML file) and the matching of figures to stable keys.

Transparent on purpose: an analyst reads in the file why a figure landed on a key, and
changes it there. See the header of the packaged `metrics.toml` for the fields.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assbwatch.config.tomlfile import read_toml
from assbwatch.errors import ConfigError
from assbwatch.text.figures import NOW, Figure, extract_figures, sentences
from assbwatch.text.identity import Identity, Measure, Vocabulary, identify, slug

__all__ = ["Catalogue", "MetricRule", "Relevance", "Tracked", "Verdict", "load_catalogue"]

DEFAULT_CATALOGUE = Path(__file__).with_name("metrics.toml")
FIGURE_KINDS = ("money", "price", "percent", "energy", "count", "year")
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
    "subjects",
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
    subjects: frozenset[str] = frozenset()  # when the parse names another subject, not this metric

    def matches(
        self, figure: Figure, previous_sentence: str, subject: str | None = None, contested: bool = False
    ) -> bool:
        if figure.kind != self.kind or (self.nouns and figure.noun not in self.nouns):
            return False
        if self.subjects and (contested or (subject is not None and subject not in self.subjects)):
            return False  # one company's grant is not a ministry's R&D ceiling; nor is a contested subject sure
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
class Verdict:
    score: float
    relevant: bool
    reason: str  # why, in words an analyst can check against the article


@dataclass(frozen=True)
class Relevance:
    """Weighs how prominently an article names solid-state battery technology: a mention in the title
    weighs `title_weight`, in the lead `lead_weight`, elsewhere 1, each term counted at most `cap` times;
    a mention inside a `not_terms` phrase ("solid-state drive") does not count."""

    terms: tuple[re.Pattern[str], ...]
    not_terms: tuple[re.Pattern[str], ...]
    threshold: float
    title_weight: float = 3.0
    lead_weight: float = 2.0
    lead_sentences: int = 3
    cap: int = 3

    def _mentions(self, text: str) -> list[str]:
        masked = text
        for pattern in self.not_terms:
            masked = pattern.sub(lambda m: "#" * len(m.group()), masked)
        found = []
        for pattern in self.terms:
            found += [m.group() for m in pattern.finditer(masked)][: self.cap]
        return found

    def verdict(self, title: str | None, text: str) -> Verdict:
        lead_end = 0
        for i, sentence in enumerate(sentences(text)):
            if i == self.lead_sentences:
                break
            lead_end = sentence.start + len(sentence.text)
        title_hits = self._mentions(title or "")
        lead_hits = self._mentions(text[:lead_end])
        body_hits = self._mentions(text[lead_end:])
        score = self.title_weight * len(title_hits) + self.lead_weight * len(lead_hits) + len(body_hits)
        hits = title_hits + lead_hits + body_hits
        if not hits:
            excluded = [m.group() for p in self.not_terms for m in p.finditer(f"{title or ''} {text}")]
            why = f"only as in '{excluded[0].lower()}'" if excluded else "no solid-state battery term"
            return Verdict(0.0, False, why)
        named = ", ".join(sorted({h.lower() for h in hits}))
        where = f"{len(title_hits)} in title, {len(lead_hits)} in lead, {len(body_hits)} later"
        if score >= self.threshold:
            return Verdict(score, True, f"names {named} ({where}; score {score:g})")
        return Verdict(score, False, f"passing mention of {named} ({where}; score {score:g} < {self.threshold:g})")


@dataclass(frozen=True)
class Tracked:
    """A figure with the metric it lands on (a curated key, else its discovered identity's, else None)."""

    figure: Figure
    metric: str | None
    identity: Identity


@dataclass(frozen=True)
class Catalogue:
    path: Path
    rules: tuple[MetricRule, ...]
    relevance: Relevance
    vocabulary: Vocabulary
    keys: frozenset[str] = field(default_factory=frozenset)

    def metric_for(
        self, figure: Figure, previous_sentence: str = "", subject: str | None = None, *, contested: bool = False
    ) -> str | None:
        """The key of the first curated rule the figure meets, or None."""
        return next((r.key for r in self.rules if r.matches(figure, previous_sentence, subject, contested)), None)

    def track(self, text: str, title: str | None = None) -> list[Tracked]:
        """Every figure in the text with its identity and metric key: curated rules first (an analyst's
        name wins), then the discovered identity; None when neither says what the figure is."""
        previous: dict[int, str] = {}
        last = ""
        for sentence in sentences(text):
            previous[sentence.start] = last
            last = sentence.text
        # "Honda trims electrification budget to 7 trillion yen": the headline says which figure moved
        headline = {(f.unit, f.value) for f in extract_figures(title or "") if f.says_moved}
        figures = [replace(f, says_moved=True) if (f.unit, f.value) in headline else f for f in extract_figures(text)]
        tracked = []
        for figure, identity in zip(figures, identify(figures, self.vocabulary, title, text), strict=True):
            before = previous.get(figure.sentence.start, "")
            curated = self.metric_for(figure, before, identity.subject, contested=identity.contested)
            if curated is not None:
                identity = replace(identity, confidence=1.0, contested=False)
            # "shares rose 39%", later "fell 11%": a move on the day it is reported, not a figure that holds
            moved = identity.measure == "growth" and figure.period == "now"
            tracked.append(Tracked(figure, curated or (None if moved else identity.key), identity))
        return _recounted(tracked)


def _recounted(tracked: list[Tracked]) -> list[Tracked]:
    """ "Twelve months ago the company told investors its money would last into 2027. ... management now says
    it funds operations into 2028": a value an article gives plainly for a key before one it says is now another
    is the old one it recounts (previous)."""
    moved = [
        t
        for t in tracked
        if t.figure.says_moved and not t.figure.previous and t.metric and NOW.search(t.figure.sentence.text)
    ]
    return [
        replace(t, figure=replace(t.figure, previous=True))
        if not t.figure.says_moved
        and any(
            m.figure.start > t.figure.start
            and (m.metric, m.figure.period, m.figure.unit) == (t.metric, t.figure.period, t.figure.unit)
            and not math.isclose(m.figure.value, t.figure.value, rel_tol=1e-9)
            for m in moved
        )
        else t
        for t in tracked
    ]


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
    if raw.get("kind") not in FIGURE_KINDS:
        raise ConfigError(
            path,
            f"unknown kind {raw.get('kind')!r}; expected one of {', '.join(FIGURE_KINDS)}",
            entry=entry,
            field="kind",
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
        subjects=frozenset(slug(w) for w in _words(path, entry, "subjects", raw.get("subjects", []))),
    )


def _relevance(path: Path, raw: Any) -> Relevance:
    if not isinstance(raw, dict):
        raise ConfigError(path, "missing [relevance] table", entry="relevance")
    numbers = {}
    for name in ("threshold", "title_weight", "lead_weight", "lead_sentences", "cap"):
        value = raw.get(name, getattr(Relevance, name, None))
        if not isinstance(value, int | float) or value < 0:
            raise ConfigError(path, "expected a number of at least 0", entry="relevance", field=name)
        numbers[name] = value
    return Relevance(
        terms=_terms(path, "relevance", "terms", raw.get("terms", [])),
        not_terms=_terms(path, "relevance", "not_terms", raw.get("not_terms", [])),
        threshold=float(numbers["threshold"]),
        title_weight=float(numbers["title_weight"]),
        lead_weight=float(numbers["lead_weight"]),
        lead_sentences=int(numbers["lead_sentences"]),
        cap=int(numbers["cap"]),
    )


def _words(path: Path, entry: str, name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(path, "expected a list of words", entry=entry, field=name)
    return tuple(" ".join(v.lower().replace("-", " ").split()) for v in value)


def _vocabulary(path: Path, raw: Any) -> Vocabulary:
    if not isinstance(raw, dict):
        raise ConfigError(path, "missing [identity] table", entry="identity")
    measures = []
    for index, entry in enumerate(raw.get("measures", [])):
        where = f"identity.measures[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
            raise ConfigError(path, "expected a table with a name", entry=where, field="name")
        kinds = entry.get("kinds", list(FIGURE_KINDS))
        if not isinstance(kinds, list) or not set(kinds) <= set(FIGURE_KINDS):
            raise ConfigError(path, f"expected kinds among {', '.join(FIGURE_KINDS)}", entry=where, field="kinds")
        words = _words(path, where, "words", entry.get("words"))
        generic, single = (entry.get(flag, False) for flag in ("generic", "single"))
        for flag, value in (("generic", generic), ("single", single)):
            if not isinstance(value, bool):
                raise ConfigError(path, "expected true or false", entry=where, field=flag)
        measures.append(Measure(slug(entry["name"]), words, frozenset(kinds), generic, single))
    aliases = raw.get("aliases", {})
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise ConfigError(path, "expected a table of name = subject", entry="identity", field="aliases")
    return Vocabulary(
        measures=tuple(measures),
        aliases={k.lower(): slug(v) for k, v in aliases.items()},
        generic=frozenset(_words(path, "identity", "generic", raw.get("generic", []))),
        names=tuple(dict.fromkeys([*_names(path, raw.get("names", [])), *aliases])),
        countries=frozenset(slug(c) for c in _names(path, raw.get("countries", []))),
    )


def _names(path: Path, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(path, "expected a list of names", entry="identity", field="names")
    return [v.strip() for v in value]


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
    relevance = _relevance(where, data.get("relevance"))
    return Catalogue(where, rules, relevance, _vocabulary(where, data.get("identity", {})), frozenset(keys))
