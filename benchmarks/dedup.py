"""Near-duplicate lookup cost against warehouses of 1k, 10k and 100k synthetic articles.

Indexed: `dedup.classify` for one new article at a time (exact-hash lookup, indexed join on sampled
shingle hashes, verification of candidates), and for a batch of the same size in one call, as the
pipeline does it (per-article time). Brute force: the same question answered by
comparing the new article's samples with every stored article's, held in memory (the cheapest
brute force there is: no I/O counted). Run: `.venv/bin/python benchmarks/dedup.py`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assbwatch.models import Article
from assbwatch.store.dedup import classify
from assbwatch.store.warehouse import Warehouse, append
from assbwatch.text.fingerprint import fingerprint, overlap

VOCAB = [f"w{i}" for i in range(20_000)]


def synthetic_text(rng: random.Random, words: int = 300) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(words))


def build(path: Path, n: int, rng: random.Random) -> tuple[list[str], list[frozenset[int]]]:
    """Fill a warehouse with n articles directly (setup, not measured); returns texts and sample sets."""
    warehouse = Warehouse(path)
    texts, sample_sets = [], []
    now = datetime.now(UTC)
    with warehouse.transaction() as con:
        rows, samples = [], []
        for i in range(1, n + 1):
            text = synthetic_text(rng)
            fp = fingerprint(text)
            texts.append(text)
            sample_sets.append(fp.samples)
            rows.append(
                (
                    i,
                    f"https://bench.example/{i}",
                    "bench",
                    None,
                    None,
                    text,
                    fp.content_hash,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    now,
                    None,
                    "bench",
                    len(fp.samples),
                    None,
                )
            )
            samples.extend((h, i) for h in fp.samples)
        append(con, "articles", rows)
        append(con, "article_samples", samples)
    return texts, sample_sets


def queries(texts: list[str], rng: random.Random, count: int) -> list[str]:
    """Half truncated copies of stored articles (duplicates), half new texts."""
    out = []
    for i in range(count):
        out.append(rng.choice(texts)[:1400] if i % 2 == 0 else synthetic_text(rng))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    table = Table(
        "articles", "indexed ms, one", "indexed ms, batched", "brute force ms", "brute / one", "brute / batched",
        "one vs 1k", "batched vs 1k", title="near-duplicate lookup, per article",
    )  # fmt: skip
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"bench{n}.duckdb"
            texts, sample_sets = build(path, n, rng)
            qs = queries(texts, rng, args.queries)
            indexed, brute = [], []
            with Warehouse(path).reader() as con:
                for text in qs:
                    article = Article(url="https://bench.example/new", source="bench", text=text)
                    start = time.perf_counter()
                    fp = fingerprint(text)
                    decision = classify(con, [article], [fp])[0]
                    indexed.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    fp = fingerprint(text)
                    best = max(overlap(fp.samples, s)[1] for s in sample_sets)
                    brute.append(time.perf_counter() - start)
                    assert (decision.kind == "near") == (best >= 0.6), (decision, best)
            # as the pipeline does it: one classify per batch, in one connection (fresh queries, same count)
            batch_qs = queries(texts, rng, args.queries)
            with Warehouse(path).reader() as con:
                start = time.perf_counter()
                prints = [fingerprint(t) for t in batch_qs]
                classify(con, [Article(url=f"https://bench.example/b{i}", source="bench", text=t)
                               for i, t in enumerate(batch_qs)], prints)  # fmt: skip
                batched = (time.perf_counter() - start) / len(batch_qs)
            i_ms, b_ms = statistics.median(indexed) * 1000, statistics.median(brute) * 1000
            first = first or (i_ms, batched * 1000)
            table.add_row(
                f"{n:,}", f"{i_ms:.2f}", f"{batched * 1000:.2f}", f"{b_ms:.2f}", f"{b_ms / i_ms:.0f}x",
                f"{b_ms / (batched * 1000):.0f}x", f"{i_ms / first[0]:.2f}x", f"{batched * 1000 / first[1]:.2f}x",
            )  # fmt: skip
    Console().print(table)


if __name__ == "__main__":
    main()
