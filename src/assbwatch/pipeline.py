"""The shared path every article takes, whether read from a file or fetched:
hash → dedup → relevance → figures → metrics → alerts → store.

One call stores one batch in one transaction, so an article and everything derived from it
(fingerprints, metrics, alerts) are committed together or not at all, and a rerun of the same
batch changes nothing.
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import duckdb

from assbwatch.alerts.detect import (
    Alert,
    Holder,
    Known,
    Observation,
    detect_changes,
    holding,
    load_known,
    same_value,
)
from assbwatch.config.settings import Settings
from assbwatch.models import Article, IngestReport
from assbwatch.progress import Advance
from assbwatch.store.dedup import Decision, classify
from assbwatch.store.warehouse import Warehouse, append, saved_query
from assbwatch.text.catalogue import Catalogue, Tracked, load_catalogue
from assbwatch.text.figures import ADDED, Figure, resolve_period
from assbwatch.text.fingerprint import Fingerprint, fingerprint
from assbwatch.text.stated_change import realised_later, reports_done

__all__ = ["Prepared", "Rows", "append_figures", "ingest", "next_id", "prepare"]

RAW_COMPRESSION = 1  # zlib level: 3x faster than the default 6 on HTML, and raw bytes are rarely read


@dataclass(frozen=True)
class Prepared:
    """An article with everything that depends on it alone, computed where it is cheapest: in the
    extraction worker processes for fetched pages (both cores), in-process for backfilled files."""

    article: Article
    fingerprint: Fingerprint
    relevance: float
    relevant: bool
    relevance_reason: str
    figures: tuple[Tracked, ...]  # with their identity and key; empty when not relevant
    raw_zlib: bytes | None


def prepare(article: Article, catalogue: Catalogue) -> Prepared:
    """Hash, judge relevance, read figures and their identities; no warehouse needed."""
    verdict = catalogue.relevance.verdict(article.title, article.text)
    return Prepared(
        article=article,
        fingerprint=fingerprint(article.text),
        relevance=verdict.score,
        relevant=verdict.relevant,
        relevance_reason=verdict.reason,
        figures=tuple(catalogue.track(article.text, article.title)) if verdict.relevant else (),
        raw_zlib=zlib.compress(article.raw, RAW_COMPRESSION) if article.raw is not None else None,
    )


@dataclass
class Rows:
    """Rows of one batch, collected in memory and appended in bulk."""

    articles: list[tuple[Any, ...]]
    samples: list[tuple[int, int]]
    metrics: list[tuple[Any, ...]]
    observations: list[Observation]


def ingest(
    warehouse: Warehouse,
    articles: Sequence[Article | Prepared],
    *,
    catalogue: Catalogue | None = None,
    run_id: str | None = None,
    batch_size: int = Settings.batch_size,
    digits: int = Settings.alert_tolerance_digits,
    confidence: float = Settings.alert_confidence,
    progress: Advance | None = None,
) -> IngestReport:
    """Store articles in batches of `batch_size`, each batch one transaction; returns the counts.
    A change whose identities are less sure than `confidence` is stored as a candidate, not an alert."""
    catalogue = catalogue or load_catalogue()
    report = IngestReport()
    for start in range(0, len(articles), batch_size):
        batch = [a if isinstance(a, Prepared) else prepare(a, catalogue) for a in articles[start : start + batch_size]]
        report.add(_ingest_batch(warehouse, batch, run_id=run_id, digits=digits, confidence=confidence))
        if progress is not None:
            progress(len(batch))
    return report


def next_id(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(saved_query("next_id").format(table=table)).fetchall()[0][0])


def _ingest_batch(
    warehouse: Warehouse, batch: Sequence[Prepared], *, run_id: str | None, digits: int, confidence: float
) -> IngestReport:
    articles = [p.article for p in batch]
    prints = [p.fingerprint for p in batch]
    report = IngestReport()
    now = datetime.now(UTC)
    with warehouse.transaction() as con:
        decisions = classify(con, articles, prints)
        rows = Rows([], [], [], [])
        next_article, next_metric = next_id(con, "articles"), next_id(con, "metrics")
        ids: dict[int, int] = {}

        def holders(subject: str, period: str, unit: str, value: float, anywhen: bool) -> set[Holder]:
            return holding(con, subject, period, unit, value, digits, anywhen=anywhen)

        for index, (item, decision) in enumerate(zip(batch, decisions, strict=True)):
            if decision.kind == "unchanged":
                report.unchanged += 1
                continue
            ids[index] = article_id = next_article
            next_article += 1
            duplicate_of = (
                ids[decision.duplicate_of_batch] if decision.duplicate_of_batch is not None else decision.duplicate_of
            )
            rows.articles.append(_article_row(item, article_id, decision, duplicate_of, now, run_id))
            if decision.kind not in {"new", "revision"}:
                report.duplicate += 1
                continue
            if decision.kind == "revision":
                report.revised += 1  # a new version: its figures are compared like any new article's
            else:
                report.new += 1
            rows.samples.extend((h, article_id) for h in item.fingerprint.samples)
            if not item.relevant:
                report.irrelevant += 1
                continue
            next_metric = append_figures(
                item, article_id, next_metric, rows, revised=decision.kind == "revision", holders=holders
            )
        report.figures = len(rows.metrics)
        known = load_known(con, (o.key for o in rows.observations))  # before this batch's own figures land
        append(con, "articles", rows.articles)
        append(con, "article_samples", rows.samples)
        append(con, "metrics", rows.metrics)
        changes = detect_changes(known, rows.observations, digits=digits)
        _store_alerts(con, changes, report, run_id=run_id, now=now, confidence=confidence, digits=digits)
    return report


def _article_row(
    item: Prepared, article_id: int, decision: Decision, duplicate_of: int | None, now: datetime, run_id: str | None
) -> tuple[Any, ...]:
    article, fp = item.article, item.fingerprint
    return (
        article_id, article.url, article.source, article.title, article.published, article.text,
        fp.content_hash, duplicate_of, decision.similarity,
        None if decision.kind in {"new", "revision"} else decision.kind, item.relevant, item.relevance,
        article.author, article.site, article.fetched_at, now, run_id, article.extractor, len(fp.samples),
        item.raw_zlib, item.relevance_reason, decision.previous_version,
    )  # fmt: skip


Holders = Callable[[str, str, str, float, bool], set[Holder]]  # subject, period, unit, old value, anywhen


def append_figures(
    item: Prepared, article_id: int, first_id: int, rows: Rows, *, revised: bool = False, holders: Holders | None = None
) -> int:
    """Append the article's figures (tracked or not) and the observations alerts are checked against;
    returns the next free metrics id. In a `revised` article (an edit at the same URL) the edit itself says
    that a figure it changed moved. A figure whose sentence gives its old value ("rose to 37.9%, up from
    36.8%") is the one metric of its subject that `holders` says holds that value, whatever its own key."""
    article = item.article
    # undated files have no as_of: they sort before every dated report of the same metric
    as_of = article.published or (article.fetched_at.date() if article.fetched_at else None)
    row_id = first_id
    observations: list[Observation] = []
    stated_olds = _stated_olds([t.figure for t in item.figures])
    superseded: dict[str, tuple[float, ...]] = {}
    for figure in (t.figure for t in item.figures if t.figure.previous):
        superseded[figure.unit] = (*superseded.get(figure.unit, ()), figure.value)
    for index, (figure, metric, identity) in enumerate((t.figure, t.metric, t.identity) for t in item.figures):
        period = resolve_period(figure.period, as_of)
        old = stated_olds.get(index)
        said = item.figures[old] if old is not None else None  # the old value the sentence gives
        held = (
            holders(
                identity.subject, period, figure.unit, said.figure.value,
                resolve_period(said.figure.period, as_of) == period,  # one period for both: the old one's own
            )
            if holders and identity.subject and said is not None
            else set()
        )  # fmt: skip
        if said is not None and len(held) > 1 and any(m == said.metric for m, _ in held):
            held = {h for h in held if h[0] == said.metric}  # "up from the 200 MWh pilot line": its key says
        restated = metric is not None and len(held) == 1
        if restated:
            metric, period = held.pop()
        rows.metrics.append((
            row_id, article_id, metric, figure.value, figure.unit, figure.qualifier, figure.low, figure.high,
            period, as_of, figure.noun, figure.surface, figure.sentence.text, figure.start, figure.end,
            figure.previous, identity.subject, identity.measure, identity.confidence, identity.predicate,
        ))  # fmt: skip
        row_id += 1
        if metric is not None and not figure.previous:
            observations.append(
                Observation(
                    (metric, period, figure.unit),
                    figure.value,
                    article_id,
                    as_of,
                    figure.sentence.text,
                    identity.confidence,
                    title=article.title,
                    url=article.url,
                    qualifier=figure.qualifier,
                    stated=revised or figure.says_moved,
                    restated=restated,
                    superseded=superseded.get(figure.unit, ()),
                    predicate=identity.predicate,
                    single=identity.single and metric == identity.key,
                )
            )
    rows.observations.extend(_beside(observations))
    return row_id


def _beside(observations: list[Observation]) -> list[Observation]:
    """ "A first phase of 0.8 GWh ... could eventually be scaled to 48 GWh": each observation with the values
    its article gives for its metric and unit in other periods, which stand beside it. Not years (a recounted
    old date shares the new one's period) and not increments ("a further 40 GWh"). One pass per article."""
    by_metric: dict[tuple[str, str], list[Observation]] = {}
    for o in observations:
        if o.key[2] != "year" and o.key[1] != ADDED:
            by_metric.setdefault((o.key[0], o.key[2]), []).append(o)
    return [
        replace(o, alongside=tuple(x.value for x in by_metric.get((o.key[0], o.key[2]), ()) if x.key[1] != o.key[1]))
        for o in observations
    ]


def _stated_olds(figures: Sequence[Figure]) -> dict[int, int]:
    """For each new figure (by index), the one old figure (by index) its sentence gives for it: a previous figure of the
    same unit with no other new figure of that unit between them, so the nearest new one on either side
    ("2025 for the pilot plant, 2029 instead of 2030": 2030 is 2029's). Once per article, in one pass per
    sentence and unit (a table run into one sentence holds hundreds of figures)."""
    groups: dict[tuple[int, str], list[int]] = {}
    for index, figure in enumerate(figures):
        groups.setdefault((figure.sentence.start, figure.unit), []).append(index)
    olds: dict[int, list[int]] = {}
    for indexes in groups.values():
        ordered = sorted(indexes, key=lambda i: figures[i].start)
        new = [n for n, i in enumerate(ordered) if not figures[i].previous]
        for n, i in enumerate(ordered):
            if figures[i].previous:
                at = bisect.bisect(new, n)  # the new figures just before and just after this old one
                for neighbour in new[max(at - 1, 0) : at + 1]:
                    olds.setdefault(ordered[neighbour], []).append(i)
    return {index: found[0] for index, found in olds.items() if len(found) == 1}


def _store_alerts(
    con: duckdb.DuckDBPyConnection,
    changes: list[tuple[Observation, Known]],
    report: IngestReport,
    *,
    run_id: str | None,
    now: datetime,
    confidence: float,
    digits: int,
) -> None:
    """Sure changes become alerts: both identities at least `confidence` and the new sentence says the figure
    moved. The rest are candidates an analyst confirms: a weak identity, or a figure stated plainly (most
    often a different figure that shares a discovered key; sometimes a change nobody called one)."""
    held = [(pair, _held_back(*pair, confidence, digits)) for pair in changes]
    sure = [pair for pair, why in held if why is None]
    weak = [(pair, why) for pair, why in held if why is not None]
    alerts = _numbered(con, "alerts", sure)
    candidates = _numbered(con, "alert_candidates", [pair for pair, _ in weak])
    append(con, "alerts", [(*a.stored(), now, run_id, a.confidence) for a in alerts])
    rows = [(*a.stored(), now, run_id, a.confidence, None, why) for a, (_, why) in zip(candidates, weak, strict=True)]
    append(con, "alert_candidates", rows)
    report.alert_lines.extend(a.summary() for a in alerts)
    report.alerts, report.candidates = len(alerts), len(candidates)


def _held_back(new: Observation, old: Known, confidence: float, digits: int) -> str | None:
    """Why a change waits for an analyst (None: it is pushed)."""
    least = 1.0 if new.restated else min(new.confidence, old.confidence)
    if least < confidence:
        return f"identity {least:.2f} < {confidence:g}"
    unit = new.key[2]
    if any(same_value(value, old.value, digits, unit) for value in new.alongside):
        return "old value still reported"
    late = unit == "year" and new.value > old.value and realised_later(new.evidence, old.evidence)
    told = any(same_value(value, old.value, digits, unit) for value in new.superseded)  # the article gives the old one
    # "will start operating in spring 2024", later "will start operating in January 2025": the same plan
    # said with another year (an amount said with the same verb is often a new quarter's: "ended June with";
    # a plan after a start that was done is a new stage's)
    same = new.predicate is not None and new.predicate == old.predicate
    retold = unit == "year" and same and not reports_done(old.evidence)
    # "extends into 2028", later "should last into 2029": a company has one runway, another year is it moved
    return None if new.stated or late or told or retold or new.single else "no change stated"


def _numbered(con: duckdb.DuckDBPyConnection, table: str, pairs: list[tuple[Observation, Known]]) -> list[Alert]:
    first = next_id(con, table)
    return [
        Alert(
            first + i, *new.key, old.value, new.value, old.article_id, new.article_id, old.evidence, new.evidence,
            round(min(new.confidence, old.confidence), 3), old.title, old.url, new.title, new.url,
        )
        for i, (new, old) in enumerate(pairs)
    ]  # fmt: skip
