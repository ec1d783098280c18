"""Figure extraction: sentences per second, and precision/recall on the labelled set, for
assbwatch's grammar against quantulum3 (a general-purpose quantity parser) on the same sentences.

Run: `.venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/figures.py`
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assbwatch.labelled import Extractor, load_labelled, score
from assbwatch.text.figures import extract_figures

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "figures_labelled.toml"
ROUNDS = 20


def ours(text: str) -> Sequence[tuple[float, str, str | None]]:
    return [(f.value, f.unit, f.qualifier) for f in extract_figures(text)]


_QUANTULUM_UNITS = {
    "united states dollar": ("USD", 1.0), "euro": ("EUR", 1.0), "yen": ("JPY", 1.0), "japanese yen": ("JPY", 1.0),
    "renminbi": ("CNY", 1.0), "chinese yuan": ("CNY", 1.0), "south korean won": ("KRW", 1.0), "percentage": ("%", 1.0),
    "gigawatt hour": ("GWh", 1.0), "megawatt hour": ("GWh", 1e-3), "dimensionless": ("count", 1.0),
}  # fmt: skip


def quantulum(text: str) -> Sequence[tuple[float, str, str | None]]:
    """quantulum3's quantities mapped onto our units; what has no counterpart is kept as found."""
    from quantulum3 import parser

    found = []
    for q in parser.parse(text):
        unit, factor = _QUANTULUM_UNITS.get(q.unit.name, (q.unit.name, 1.0))
        found.append((q.value * factor, unit, None))
    return found


def measure(name: str, extract: Extractor, cases: list, table: Table) -> None:
    texts = [c.text for c in cases]
    extract(texts[0])  # warm-up: imports, compiled patterns
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for text in texts:
            extract(text)
    rate = ROUNDS * len(texts) / (time.perf_counter() - start)
    s = score(cases, extract)
    table.add_row(
        name, f"{rate:,.0f}", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.qualifier_right}/{s.true_positives}",
        f"{s.true_positives}/{s.false_positives}/{s.false_negatives}",
    )  # fmt: skip


def main() -> None:
    warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is missing
    cases = load_labelled(LABELLED)
    table = Table("extractor", "sentences/s", "precision", "recall", "qualifier right", "tp/fp/fn",
                  title=f"figure extraction, {len(cases)} labelled sentences")  # fmt: skip
    measure("assbwatch grammar", ours, cases, table)
    try:
        measure("quantulum3", quantulum, cases, table)
    except ImportError:
        table.add_row("quantulum3", "not installed: pip install -e '.[bench]'", "", "", "", "")
    Console().print(table)
    Console().print(f"a table run into one sentence ({TABLE_ROWS * 2} figures): {table_ms():.0f} ms")


TABLE_ROWS = 150


def table_ms() -> float:
    """A scraped table arrives as one long sentence: every per-figure step must stay linear in it."""
    text = " ".join(f"Maker{i} {i + 1} GWh, up from {i} GWh last year," for i in range(TABLE_ROWS))
    extract_figures(text)
    start = time.perf_counter()
    extract_figures(text)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
