"""Scores on the real-news set (`tests/fixtures/realnews/`): figure precision/recall per unit, previous-flag
agreement, relevance accuracy, share of figures with a metric identity, alerts raised vs the changes the
split holds, and what each stage costs per article. `tune*` splits are tuned on; `held*` splits are
written by people who never saw the code, after tuning ended, and are only scored.

Run: `.venv/bin/python benchmarks/realnews.py [tune|tune2|...|held|held2 ...]` (every split by default, tuned
ones first; the held-out splits are also summed in one row).
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assbwatch.acquire.readers import read_file
from assbwatch.config.settings import Settings
from assbwatch.labelled import (
    Change,
    LabelledArticle,
    Replay,
    UnitScore,
    load_articles,
    match_figures,
    replay,
    score_units,
)
from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import Catalogue, load_catalogue
from assbwatch.text.figures import extract_figures
from assbwatch.text.identity import identify

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = ROOT / "tests" / "fixtures" / "realnews"
SEEDS = ROOT / "seeds"


def _found(text: str) -> list[tuple[float, str, bool]]:
    return [(f.value, f.unit, f.previous) for f in extract_figures(text)]


def figures_table(split: str, articles: list[LabelledArticle]) -> Table:
    scores = score_units(articles, _found)
    table = Table("unit", "labelled", "precision", "recall", "tp/fp/fn", "previous agrees", title=f"{split}: figures")
    rows = [*sorted(scores.items()), ("all", _total(scores.values()))]
    for unit, s in rows:
        table.add_row(
            unit, str(s.true_positives + s.false_negatives), f"{s.precision:.3f}", f"{s.recall:.3f}",
            f"{s.true_positives}/{s.false_positives}/{s.false_negatives}", f"{s.previous_agree}/{s.true_positives}",
        )  # fmt: skip
    return table


def _total(scores: Iterable[UnitScore]) -> UnitScore:
    total = UnitScore()
    for s in scores:
        total.true_positives += s.true_positives
        total.false_positives += s.false_positives
        total.false_negatives += s.false_negatives
        total.previous_agree += s.previous_agree
    return total


def quality(articles: list[LabelledArticle], catalogue: Catalogue, console: Console) -> dict[str, float]:
    """Relevance accuracy; among matched figures of relevant articles, the share with a metric key and with a
    sure one (alert-grade confidence); and for labelled figures of the same subject, measure and unit in
    different articles, how often they share a key (merges) against different ones sharing a key (false merges)."""
    right = 0
    keyed: list[tuple[str, tuple[str, str, str], str | None, str, float]] = []  # article, label, key, period, conf
    for a in articles:
        verdict = catalogue.relevance.verdict(a.title, a.text)
        right += verdict.relevant == a.relevant
        if verdict.relevant != a.relevant:
            console.print(f"  relevance miss: {a.id} labelled {a.relevant}: {verdict.reason}")
        if not a.relevant:
            continue
        tracked = catalogue.track(a.text, a.title)
        for i, j in match_figures(a.figures, [(t.figure.value, t.figure.unit, t.figure.previous) for t in tracked]):
            if i is not None and j is not None:
                f, t = a.figures[i], tracked[j]
                label = (f.subject.lower(), f.measure.lower(), f.unit)
                keyed.append((a.id, label, t.metric, t.figure.period, t.identity.confidence))
    same = [(x, y) for n, x in enumerate(keyed) for y in keyed[n + 1 :] if x[0] != y[0] and x[1] == y[1]]
    other = [(x, y) for n, x in enumerate(keyed) for y in keyed[n + 1 :] if x[0] != y[0] and x[1] != y[1]]
    return {
        "relevance": right / len(articles),
        "identity": sum(k[2] is not None for k in keyed) / len(keyed),
        "sure": sum(k[2] is not None and k[4] >= Settings.alert_confidence for k in keyed) / len(keyed),
        "merged": sum(x[2] is not None and x[2] == y[2] for x, y in same) / len(same) if same else math.nan,
        "false merges": sum(x[2] is not None and (x[2], x[3]) == (y[2], y[3]) and x[1][2] == y[1][2] for x, y in other),
    }


def alerts(articles: list[LabelledArticle], changes: list[Change], catalogue: Catalogue, console: Console) -> Replay:
    """Backfill the seeds, then the split in publication order, one article per batch as a monitor would."""
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(Path(tmp) / "bench.duckdb")
        ingest(warehouse, [read_file(p) for p in sorted(SEEDS.glob("*.txt"))], catalogue=catalogue)
        result = replay(articles, changes, warehouse, catalogue)
    for line in result.false:
        console.print(f"  false alert: {line}")
    for c in result.missed:
        console.print(
            f"  missed change: {c.subject} / {c.measure} {c.old:g} -> {c.new:g} ({c.old_article} -> {c.new_article})"
        )
    return result


def costs(articles: list[LabelledArticle], catalogue: Catalogue) -> dict[str, float]:
    """Median ms per article of each stage (the model is loaded before timing, as a worker does once)."""
    identify(extract_figures(articles[0].text), catalogue.vocabulary, articles[0].title, articles[0].text)
    stages: dict[str, list[float]] = {"figures (grammar)": [], "identity (spaCy)": [], "relevance": []}
    for _ in range(3):
        for a in articles:
            t0 = time.perf_counter()
            figures = extract_figures(a.text)
            t1 = time.perf_counter()
            identify(figures, catalogue.vocabulary, a.title, a.text)
            t2 = time.perf_counter()
            catalogue.relevance.verdict(a.title, a.text)
            t3 = time.perf_counter()
            stages["figures (grammar)"].append((t1 - t0) * 1e3)
            stages["identity (spaCy)"].append((t2 - t1) * 1e3)
            stages["relevance"].append((t3 - t2) * 1e3)
    return {k: statistics.median(v) for k, v in stages.items()}


def main(splits: list[str]) -> None:
    console = Console(width=170)
    catalogue = load_catalogue()
    summary = Table(
        "split", "articles", "figure P", "figure R", "relevance acc.", "with identity", "sure identity",
        "same thing, same key", "false merges", "changes alerted", "false alerts", "candidates",
        title="real-news set: summary (goals: P>=0.95 R>=0.85 rel>=0.95 id>=0.60, >=3/4 changes, "
        "<=1 false per 50 articles)",
    )  # fmt: skip
    cost_rows = []
    held: list[UnitScore] = []  # the held-out splits, summed in one row
    held_counts: Counter[str] = Counter()
    for split in splits:
        articles, changes = load_articles(REALNEWS / f"{split}.toml")
        console.print(figures_table(split, articles))
        q = quality(articles, catalogue, console)
        r = alerts(articles, changes, catalogue, console)
        total = _total(
            score_units(articles, lambda t: [(f.value, f.unit, f.previous) for f in extract_figures(t)]).values()
        )
        summary.add_row(
            split, str(len(articles)), f"{total.precision:.3f}", f"{total.recall:.3f}", f"{q['relevance']:.3f}",
            f"{q['identity']:.2f}", f"{q['sure']:.2f}", f"{q['merged']:.2f}", f"{q['false merges']:.0f}",
            f"{len(r.hit)}/{len(changes)}", str(len(r.false)), str(r.candidates),
        )  # fmt: skip
        cost_rows.append((split, costs(articles, catalogue), statistics.median(len(a.text) for a in articles)))
        if split.startswith("held"):
            held.append(total)
            held_counts.update(
                articles=len(articles), right=round(q["relevance"] * len(articles)), hit=len(r.hit),
                changes=len(changes), false=len(r.false),
            )  # fmt: skip
    if len(held) > 1:
        total, c = _total(held), held_counts
        summary.add_row(
            "held-out, all", str(c["articles"]), f"{total.precision:.3f}", f"{total.recall:.3f}",
            f"{c['right'] / c['articles']:.3f}", "", "", "", "", f"{c['hit']}/{c['changes']}", str(c["false"]), "",
        )  # fmt: skip
    console.print(summary)
    cost = Table("split", "median chars", *cost_rows[0][1].keys(), title="cost per article, ms (median, one core)")
    for split, c, chars in cost_rows:
        cost.add_row(split, f"{chars:.0f}", *(f"{v:.2f}" for v in c.values()))
    console.print(cost)


if __name__ == "__main__":
    found = [p.stem for p in REALNEWS.glob("*.toml")]
    main(sys.argv[1:] or sorted(found, key=lambda s: (s.startswith("held"), len(s), s)))
