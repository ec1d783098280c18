"""Fault soak: R monitoring rounds against a local site that injects random faults, checking
after every round that nothing was lost, duplicated or alerted twice.

Each round the site publishes new articles (originals, syndicated copies, and articles that change
the ASSB R&D subsidy figure) and answers a share of requests with a connection reset, a 500, a
stall past the client's timeout, or a truncated body. After each round:
- every article page the site served whole is in the warehouse exactly once, and nothing else is;
- every served copy whose original is stored is marked a duplicate;
- alerts raised equal the subsidy changes stored (each is a new value).

Run: `.venv/bin/python benchmarks/soak.py --rounds 8`
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from assbwatch.store.warehouse import Warehouse
from newsite import RESET, TRUNCATE, Site, page, rss, serve  # the tests' local news site, with faults

WORDS = [f"w{i}" for i in range(5000)]
FAULTS = ("reset", "500", "stall", "truncate")


@dataclass(frozen=True)
class Item:
    path: str
    kind: str  # original | copy | change
    html: bytes
    original: str | None = None  # for a copy: the path it copies


class FaultySite:
    """Serves the items; a request fails with probability `rate` (a feed request with rate / 3)."""

    def __init__(self, site: Site, rng: random.Random, rate: float):
        self.site, self.rng, self.rate = site, rng, rate
        self.lock = threading.Lock()
        self.served_whole: set[str] = set()
        self.faults: Counter[str] = Counter()
        self.requests = 0

    def _fault(self, rate: float) -> str | None:
        with self.lock:
            self.requests += 1
            if self.rng.random() >= rate:
                return None
            fault = self.rng.choice(FAULTS)
            self.faults[fault] += 1
            return fault

    def _answer(
        self, fault: str | None, path: str, content_type: str, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if fault == "reset":
            return RESET, {}, b""
        if fault == "500":
            return 500, {"content-type": "text/plain"}, b"try later"
        if fault == "stall":
            self.site.release.wait(3)  # past the client's 1 s timeout; released at the end
            return 200, {"content-type": content_type}, body
        if fault == "truncate":
            return TRUNCATE, {"content-type": content_type}, body
        with self.lock:
            self.served_whole.add(path)
        return 200, {"content-type": content_type}, body

    def publish(self, items: list[Item]) -> None:
        for item in items:
            self.site.routes[item.path] = lambda headers, i=item: self._answer(
                self._fault(self.rate), i.path, "text/html; charset=utf-8", i.html
            )
        feed = rss(self.site.base, [i.path for i in items])
        self.site.routes["/feed.xml"] = lambda headers: self._answer(
            self._fault(self.rate / 3), "/feed.xml", "application/rss+xml", feed
        )


def make_items(rng: random.Random, round_no: int, count: int, originals: list[Item], subsidy: list[int]) -> list[Item]:
    items = []
    for n in range(count):
        path = f"/news/r{round_no}-{n}"
        filler = [" ".join(rng.choices(WORDS, k=30)) + "." for _ in range(5)]
        roll = rng.random()
        if roll < 0.2 and originals:
            source = rng.choice(originals)
            items.append(Item(path, "copy", source.html.replace(b"Energy Wire", b"Battery Daily"), source.path))
            continue
        lead = "Japan's solid-state battery policy keeps drawing investment from carmakers and suppliers."
        if roll < 0.35:
            subsidy.append(subsidy[-1] + 100)
            lead = (
                f"METI raised the maximum subsidy for the four major R&D projects on all-solid-state batteries "
                f"to about US${subsidy[-1]} million."
            )
            kind = "change"
        else:
            kind = "original"
        html = page(f"Solid-state update {round_no}-{n}", [lead, *filler], published="2026-11-20")
        item = Item(path, kind, html)
        items.append(item)
        originals.append(item)
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--per-round", type=int, default=12)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ["ASSBWATCH_FETCH_TIMEOUT"] = "1"

    import assbwatch_flows  # noqa: F401 -- Prefect start-up settings
    from assbwatch.acquire.readers import read_file
    from assbwatch.pipeline import ingest
    from assbwatch_flows.monitor import monitor_flow

    rng = random.Random(args.seed)
    site = Site()
    server, _thread = serve(site)
    faulty = FaultySite(site, rng, args.fault_rate)
    items: list[Item] = []
    originals: list[Item] = []
    subsidy = [660]
    violations: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(Path(tmp) / "soak.duckdb")
        seeds = Path(__file__).resolve().parent.parent / "seeds"
        ingest(warehouse, [read_file(p) for p in sorted(seeds.glob("*.txt"))])
        sources = Path(tmp) / "sources.toml"
        sources.write_text(
            f'[[sources]]\nname = "soak"\nkind = "feed"\nurl = "{site.base}/feed.xml"\n'
            "min_interval = 0\nmax_items = 1000\n"
        )
        for round_no in range(args.rounds):
            items += make_items(rng, round_no, args.per_round, originals, subsidy)
            faulty.publish(items)
            monitor_flow(sources_file=str(sources), warehouse=str(warehouse.path))
            violations += check(warehouse, site.base, items, faulty.served_whole, round_no)
        stored = warehouse.query("SELECT count(*) FROM articles WHERE source = 'soak'").rows[0][0]
        alerts = warehouse.query("SELECT count(*) FROM alerts").rows[0][0]
    site.release.set()
    server.shutdown()
    expected_articles = sum(i.path in faulty.served_whole for i in items)
    expected_alerts = sum(i.kind == "change" and i.path in faulty.served_whole for i in items)

    table = Table("measure", "value", title=f"fault soak, {args.rounds} rounds, fault rate {args.fault_rate:.0%}")
    table.add_row("requests to the site", str(faulty.requests))
    table.add_row("faults injected", ", ".join(f"{k} {v}" for k, v in sorted(faulty.faults.items())) or "0")
    table.add_row("articles published", str(len(items)))
    table.add_row("articles expected (served whole) / stored", f"{expected_articles} / {stored}")
    table.add_row("alerts expected / raised", f"{expected_alerts} / {alerts}")
    table.add_row("invariant violations", str(len(violations)))
    Console().print(table)
    for violation in violations:
        print("VIOLATION:", violation)
    sys.exit(1 if violations else 0)


def check(warehouse: Warehouse, base: str, items: list[Item], served: set[str], round_no: int) -> list[str]:
    """The invariants after one round; each broken one is described."""
    problems = []
    rows = warehouse.query(
        "SELECT url, count(*), min(duplicate_of) FROM articles WHERE source = 'soak' GROUP BY url"
    ).rows
    stored = {url.removeprefix(base): (n, dup) for url, n, dup in rows}
    for path, (n, _) in stored.items():
        if n != 1:
            problems.append(f"round {round_no}: {path} stored {n} times")
        if path not in served:
            problems.append(f"round {round_no}: {path} stored but never served whole")
    by_path = {i.path: i for i in items}
    for path in served & by_path.keys():  # article pages only, not the feed
        if path not in stored:
            problems.append(f"round {round_no}: {path} served whole but not stored")
        elif by_path[path].kind == "copy" and by_path[path].original in stored:
            # whichever of the pair arrived first is the original; the other must point at it
            pair = [stored[path][1], stored[by_path[path].original][1]]
            if pair.count(None) != 1:
                problems.append(f"round {round_no}: copy {path} and its original are not one original + one duplicate")
    changes = sum(by_path[p].kind == "change" for p in served & by_path.keys() if p in stored)
    alerts = warehouse.query("SELECT count(*) FROM alerts").rows[0][0]
    if alerts != changes:
        problems.append(f"round {round_no}: {alerts} alerts for {changes} stored changes")
    return problems


if __name__ == "__main__":
    main()
