"""Scores on the real-news set (`tests/fixtures/realnews/`): figure precision/recall per unit, previous-flag
agreement, relevance accuracy, share of figures with a metric identity, alerts raised vs the changes the
set holds, and what each stage costs per article. `tune` is the half the code was tuned on; `held` was
written by someone who never saw the code and is only scored.

Run: `.venv/bin/python benchmarks/realnews.py [tune|held ...]` (both by default).
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assbwatch.catalogue import Catalogue, load_catalogue
from assbwatch.figures import extract_figures
from assbwatch.identity import identify
from assbwatch.labelled import LabelledArticle, UnitScore, load_articles, match_figures, score_units
from assbwatch.models import Article
from assbwatch.pipeline import ingest
from assbwatch.readers import read_file
from assbwatch.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = ROOT / "tests" / "fixtures" / "realnews"
SEEDS = ROOT / "seeds"


def _article(a: LabelledArticle) -> Article:
    return Article(url=a.url, source="realnews", text=a.text, title=a.title, published=a.published)


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


def quality(split: str, articles: list[LabelledArticle], catalogue: Catalogue, console: Console) -> dict[str, float]:
    right = 0
    wrong = []
    with_identity = matched = 0
    for a in articles:
        verdict = catalogue.relevance.verdict(a.title, a.text)
        right += verdict.relevant == a.relevant
        if verdict.relevant != a.relevant:
            wrong.append(f"{a.id} labelled {a.relevant}: {verdict.reason}")
        if not a.relevant:
            continue
        tracked = catalogue.track(a.text, a.title)
        for i, j in match_figures(a.figures, [(t.figure.value, t.figure.unit, t.figure.previous) for t in tracked]):
            if i is not None and j is not None:
                matched += 1
                with_identity += tracked[j].metric is not None
    for line in wrong:
        console.print(f"  relevance miss: {line}")
    return {"relevance": right / len(articles), "identity": with_identity / matched if matched else math.nan}


def alerts(split: str, articles: list[LabelledArticle], changes, catalogue: Catalogue, console: Console):  # type: ignore[no-untyped-def]
    """Backfill the seeds, then the split in publication order, one article per batch as a monitor would."""
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(Path(tmp) / "bench.duckdb")
        ingest(warehouse, [read_file(p) for p in sorted(SEEDS.glob("*.txt"))], catalogue=catalogue)
        ids = {}
        for a in articles:
            ingest(warehouse, [_article(a)], catalogue=catalogue)
            ids[warehouse.query("SELECT max(id) FROM articles").rows[0][0]] = a.id
        raised = warehouse.query(
            "SELECT metric, unit, old_value, new_value, old_article_id, new_article_id FROM alerts ORDER BY id"
        ).rows
        candidates = warehouse.query("SELECT count(*) FROM alert_candidates").rows[0][0]
    hit = set()
    false = []
    for metric, unit, old, new, _, new_id in raised:
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
        else:
            hit.add(change)
    for line in false:
        console.print(f"  false alert: {line}")
    for change in changes:
        if change not in hit:
            console.print(
                f"  missed change: {change.subject} / {change.measure} {change.old:g} -> {change.new:g} "
                f"({change.old_article} -> {change.new_article})"
            )
    return len(hit), len(changes), len(false), candidates


def costs(articles: list[LabelledArticle], catalogue: Catalogue) -> dict[str, float]:
    """Median ms per article of each stage (the model is loaded before timing, as a worker does once)."""
    identify(extract_figures(articles[0].text), catalogue.vocabulary, articles[0].title)
    stages: dict[str, list[float]] = {"figures (grammar)": [], "identity (spaCy)": [], "relevance": []}
    for _ in range(3):
        for a in articles:
            t0 = time.perf_counter()
            figures = extract_figures(a.text)
            t1 = time.perf_counter()
            identify(figures, catalogue.vocabulary, a.title)
            t2 = time.perf_counter()
            catalogue.relevance.verdict(a.title, a.text)
            t3 = time.perf_counter()
            stages["figures (grammar)"].append((t1 - t0) * 1e3)
            stages["identity (spaCy)"].append((t2 - t1) * 1e3)
            stages["relevance"].append((t3 - t2) * 1e3)
    return {k: statistics.median(v) for k, v in stages.items()}


def main(splits: list[str]) -> None:
    console = Console()
    catalogue = load_catalogue()
    summary = Table(
        "split", "articles", "figure P", "figure R", "relevance acc.", "with identity", "changes alerted",
        "false alerts", "candidates", title="real-news set: summary (goals: P>=0.95 R>=0.85 rel>=0.95 id>=0.60, "
        ">=3/4 changes, <=1 false per 50 articles)",
    )  # fmt: skip
    cost_rows = []
    for split in splits:
        articles, changes = load_articles(REALNEWS / f"{split}.toml")
        console.print(figures_table(split, articles))
        q = quality(split, articles, catalogue, console)
        hit, expected, false, candidates = alerts(split, articles, changes, catalogue, console)
        total = _total(
            score_units(articles, lambda t: [(f.value, f.unit, f.previous) for f in extract_figures(t)]).values()
        )
        summary.add_row(
            split, str(len(articles)), f"{total.precision:.3f}", f"{total.recall:.3f}", f"{q['relevance']:.3f}",
            f"{q['identity']:.2f}", f"{hit}/{expected}", str(false), str(candidates),
        )  # fmt: skip
        cost_rows.append((split, costs(articles, catalogue), statistics.median(len(a.text) for a in articles)))
    console.print(summary)
    cost = Table("split", "median chars", *cost_rows[0][1].keys(), title="cost per article, ms (median, one core)")
    for split, c, chars in cost_rows:
        cost.add_row(split, f"{chars:.0f}", *(f"{v:.2f}" for v in c.values()))
    console.print(cost)


if __name__ == "__main__":
    main(sys.argv[1:] or ["tune", "held"])
