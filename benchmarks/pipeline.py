"""The monitoring pipeline against extraction alone, on N synthetic article pages served locally.

(a) trafilatura with metadata over the same pages, one process: the floor everything is measured against;
(b) a full monitoring run (Prefect flow: discover, fetch, extract over a process pool, dedup, figures, store);
(c) a second run with nothing new: wall time and bytes downloaded (a 304 for the feed, no article bodies);
(d) what metric identity (spaCy, on sentences with a figure) costs per article, against trafilatura per article.

Run: `.venv/bin/python benchmarks/pipeline.py --pages 2000`
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import trafilatura
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from newsite import Site, rss, serve  # the tests' local news site, reused as the server

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
WORDS = [f"w{i}" for i in range(5000)]  # filler vocabulary: varied enough that filler never repeats by chance


def _chrome(rng: random.Random, site: str) -> tuple[str, str]:
    """Site furniture around the article, sized like real news pages (tens of KB)."""
    links = "".join(
        f'<li><a href="/r/{rng.randrange(10**6)}">{" ".join(rng.choices(WORDS, k=7))}</a></li>' for _ in range(150)
    )
    script = "<script>var cfg = {" + ",".join(f'"k{i}": {i}' for i in range(1500)) + "};</script>"
    cookie = "<div class='cookie'>We use cookies. <button>OK</button></div>"
    head = f"<header><nav>{links[:6000]}</nav></header>{script}{cookie}"
    foot = f"<aside><h3>Related</h3><ul>{links}</ul></aside><footer>Copyright {site}. All rights reserved.</footer>"
    return head, foot


def build_pages(n: int, seed: int = 3) -> dict[str, bytes]:
    """Unique articles mixing seed sentences with varied filler, and 10 % syndicated copies in another template."""
    rng = random.Random(seed)
    sentences = [
        s for p in sorted(SEEDS.glob("*.txt")) for s in p.read_text(encoding="utf-8").split(". ") if len(s) > 40
    ]
    templates = [_chrome(rng, name) for name in ("Energy Wire", "Battery Daily", "Asia Markets", "EV Post")]
    pages: dict[str, bytes] = {}
    bodies: list[tuple[str, str]] = []
    for i in range(n):
        if bodies and i % 10 == 9:
            title, body = rng.choice(bodies)  # a syndicated copy
        else:
            picked = rng.sample(sentences, 4) + [" ".join(rng.choices(WORDS, k=25)) for _ in range(8)]
            rng.shuffle(picked)
            title = f"Solid-state battery report {i}"
            body = "".join(f"<p>{s}.</p>" for s in picked)
            bodies.append((title, body))
        head, foot = templates[i % len(templates)]
        html = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{head}"
                f"<main><article><h1>{title}</h1>{body}</article></main>{foot}</body></html>")  # fmt: skip
        pages[f"/news/{i}"] = html.encode()
    return pages


NLP_SAMPLE = 300  # articles the identity stage is timed on


def identity_cost(texts: list[tuple[str, str]]) -> tuple[float, float]:
    """Median ms per article of metric identity (spaCy) and of the figure grammar, on one core."""
    from assbwatch.text.catalogue import load_catalogue
    from assbwatch.text.figures import extract_figures
    from assbwatch.text.identity import identify

    vocabulary = load_catalogue().vocabulary
    identify(extract_figures(texts[0][1]), vocabulary, texts[0][0])  # the model loads once per worker, untimed
    nlp, grammar = [], []
    for title, text in texts:
        t0 = time.perf_counter()
        figures = extract_figures(text)
        t1 = time.perf_counter()
        identify(figures, vocabulary, title)
        nlp.append(time.perf_counter() - t1)
        grammar.append(t1 - t0)
    return statistics.median(nlp) * 1e3, statistics.median(grammar) * 1e3


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    pages = build_pages(args.pages)
    sizes = sorted(len(b) for b in pages.values())

    start = time.perf_counter()
    per_doc: list[float] = []
    texts: list[tuple[str, str]] = []
    for path, body in pages.items():
        t0 = time.perf_counter()
        doc = trafilatura.bare_extraction(body, url=path, with_metadata=True, include_comments=False)
        per_doc.append(time.perf_counter() - t0)
        if len(texts) < NLP_SAMPLE:
            texts.append((doc.title or "", doc.text or ""))
    alone = time.perf_counter() - start
    nlp_ms, figures_ms = identity_cost(texts)

    site = Site()
    server, _thread = serve(site)
    site.with_etag("/feed.xml", rss(site.base, list(pages)), '"bench"', "application/rss+xml")
    for path, body in pages.items():
        site.static(path, body)

    from prefect import flow

    import assbwatch_flows  # noqa: F401 -- Prefect start-up settings
    from assbwatch.store.warehouse import Warehouse
    from assbwatch_flows.monitor import monitor_flow

    @flow
    def warm_up() -> None:
        """Start Prefect's ephemeral API before timing, as a long-running process would have it."""

    warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(f'[[sources]]\nname = "bench"\nkind = "feed"\nurl = "{site.base}/feed.xml"\n'
                           f"min_interval = 0\nmax_items = {args.pages}\n")  # fmt: skip
        warehouse = Warehouse(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        first = monitor_flow(sources_file=str(sources), warehouse=str(warehouse.path))
        full = time.perf_counter() - start
        start = time.perf_counter()
        second = monitor_flow(sources_file=str(sources), warehouse=str(warehouse.path))
        again = time.perf_counter() - start
        runs = warehouse.query("SELECT id FROM runs ORDER BY started_at").rows
        ((second_bytes, second_articles),) = warehouse.query(
            "SELECT coalesce(sum(bytes), 0), count(*) FILTER (WHERE kind = 'article') FROM fetch_log WHERE run_id = ?",
            [runs[-1][0]],
        ).rows
    server.shutdown()

    table = Table(
        "measure",
        "value",
        title=f"pipeline, {args.pages} pages (median {sizes[len(sizes) // 2] / 1024:.0f} KB), {os.cpu_count()} cores",
    )
    table.add_row("(a) trafilatura alone, docs/s", f"{args.pages / alone:.1f}")
    table.add_row("(b) full monitoring run, docs/s", f"{args.pages / full:.1f}")
    table.add_row("(b) / (a)", f"{alone / full:.2f}x")
    table.add_row("(b) articles new / duplicate / failed", f"{first['new']} / {first['duplicate']} / {first['failed']}")
    table.add_row("(c) no-change run, wall s", f"{again:.2f}")
    table.add_row("(c) bytes downloaded / article fetches", f"{second_bytes:,} / {second_articles}")
    table.add_row("(c) new articles", str(second["new"]))
    trafilatura_ms = statistics.median(per_doc) * 1e3
    table.add_row("(d) trafilatura per article, ms (median)", f"{trafilatura_ms:.1f}")
    table.add_row("(d) figure grammar per article, ms (median)", f"{figures_ms:.2f}")
    table.add_row("(d) metric identity (spaCy) per article, ms (median)", f"{nlp_ms:.1f}")
    table.add_row("(d) identity / trafilatura", f"{nlp_ms / trafilatura_ms:.2f}x")
    table.add_row("peak memory (this process + largest child), MB", f"{peak_mb():.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
