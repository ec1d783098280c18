"""Report cost on a warehouse of 10,000 synthetic articles: how long `assbwatch report` takes, how big the
page is, how many charts it holds. Targets: under 2 s, under 5 MB.

The warehouse is filled directly through `assbwatch.store.warehouse.append` (setup, not measured): 100 daily
monitoring runs over 5 sources, 10 % syndicated copies, 3-6 figures per relevant original spread over 150
series with a long tail (a few series get thousands of figures, so the per-chart cap is exercised), ranges,
previous values, alerts where a value moves (delivered or failed on a webhook), weak changes, fetch logs
with 304s and errors. Timed: `write_report` in a fresh process (reading, drawing with vl-convert from its
cold start, templating, writing) and the whole CLI command (Python start-up and imports too).
Run: `.venv/bin/python benchmarks/report.py`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assbwatch.store.warehouse import Warehouse, append

SOURCES = ["electrive", "ess-news", "gnews-assb", "gnews-meti", "meti"]
UNITS = ["USD", "%", "year", "GWh", "count", "USD/Wh", "JPY", "KRW"]
START = datetime.combine(date.today() - timedelta(days=99), datetime.min.time(), UTC)  # the last run is today's


TABLES = ("articles", "metrics", "alerts", "alert_deliveries", "alert_candidates", "runs", "fetch_log", "seen_urls")


def _series(rng: random.Random, n: int) -> list[dict]:
    """n series with a long tail of weights: a few are in most articles, most in a handful."""
    out = []
    for i in range(n):
        unit = UNITS[i % len(UNITS)]
        base = {"USD": 5e8, "%": 30.0, "year": 2028.0, "GWh": 40.0, "count": 12.0, "USD/Wh": 0.09}.get(unit, 4e10)
        out.append(
            {
                "metric": f"bench.subject_{i // 3}/measure_{i % 3}",
                "period": "now" if i % 4 else str(2025 + i % 6),
                "unit": unit,
                "value": base if unit == "year" else base * rng.uniform(0.8, 1.2),
                "known": None,  # (value, article id, sentence) of the current value
                "weight": 1.0 / (i + 1),
            }
        )
    return out


class Filler:
    """Rows for every table the report reads, as a monitoring history would leave them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: dict[str, list[tuple]] = {table: [] for table in (*TABLES, "source_state")}
        self.series = _series(rng, 150)
        self.weights = [s["weight"] for s in self.series]
        self.article_id = self.metric_id = 0

    def listing(self, run_id: str, source: str, at: datetime) -> str | None:
        status = 304 if self.rng.random() < 0.3 else 200
        error = "ConnectError: [Errno -3] Temporary failure in name resolution" if self.rng.random() < 0.03 else None
        url = f"https://{source}.example/feed"
        self.rows["fetch_log"].append(
            (run_id, source, url, "listing", None if error else status, 0 if error else 30_000, 80.0, error, at)
        )
        return f"{source}: {error}" if error else None

    def article(self, run_id: str, at: datetime, counts: dict[str, int]) -> None:
        rng = self.rng
        self.article_id += 1
        aid, source = self.article_id, rng.choice(SOURCES)
        url = f"https://{source}.example/news/{aid}"
        published = (at - timedelta(hours=rng.randint(0, 30))).date()
        duplicate = aid > 20 and rng.random() < 0.1
        relevant = not duplicate and rng.random() < 0.8
        title = f"Solid-state battery news {aid}: {source} reports on cells, plants and subsidies"
        self.rows["articles"].append(
            (aid, url, source, title, published, f"Synthetic article {aid}.", f"{aid:064x}")
            + ((rng.randint(1, aid - 1), 0.9, "near") if duplicate else (None, None, None))
            + (relevant, 4.0 if relevant else 1.0, None, source, at, at, run_id, "trafilatura 2.3.1", 40, None, "bench")
        )
        self.rows["fetch_log"].append((run_id, source, url, "article", 200, 40_000, 35.0, None, at))
        self.rows["seen_urls"].append((url, source, at, "done", 1, None))
        counts["duplicate" if duplicate else "new"] += 1
        counts["irrelevant"] += not duplicate and not relevant
        if relevant:
            for s in rng.choices(self.series, self.weights, k=rng.randint(3, 6)):
                self.figure(s, aid, source, published, run_id, at)
                counts["figures"] += 1

    def figure(self, s: dict, aid: int, source: str, published: date, run_id: str, at: datetime) -> None:
        rng = self.rng
        if rng.random() < 0.04:  # the figure moves
            s["value"] = s["value"] + 1 if s["unit"] == "year" else s["value"] * rng.uniform(0.7, 1.4)
        value, ranged, previous = s["value"], s["unit"] != "year" and rng.random() < 0.1, rng.random() < 0.05
        subject, measure = s["metric"].split("/")
        sentence = (
            f"The programme's {measure} was put at {value:,.4g} {s['unit']}, according to {source}, "
            f"which cited officials and company filings on {published}."
        )
        self.metric_id += 1
        self.rows["metrics"].append(
            (self.metric_id, aid, s["metric"], value, s["unit"], "range" if ranged else "approx")
            + ((value * 0.9, value * 1.1) if ranged else (None, None))
            + (s["period"], published, None, f"{value:,.4g}", sentence, 0, 10, previous, subject, measure, 0.9)
        )
        if previous:
            return
        known = s["known"]
        if known and abs(known[0] - value) > 1e-9 * max(abs(value), 1):
            self.alert(s, known, value, aid, sentence, run_id, at)
        s["known"] = (value, aid, sentence)

    def alert(self, s: dict, known: tuple, value: float, aid: int, sentence: str, run_id: str, at: datetime) -> None:
        key = (s["metric"], s["period"], s["unit"], known[0], value, known[1], aid, known[2], sentence, at, run_id)
        alert_id = len(self.rows["alerts"]) + 1
        self.rows["alerts"].append((alert_id, *key, 0.9))
        ok = self.rng.random() < 0.9
        error = None if ok else "HTTPStatusError: 502 Bad Gateway"
        self.rows["alert_deliveries"].append((alert_id, "webhook", "delivered" if ok else "failed", 2 - ok, error, at))
        if self.rng.random() < 0.2:  # a weak twin: the same change read with an unsure identity
            candidate = len(self.rows["alert_candidates"]) + 1
            self.rows["alert_candidates"].append((candidate, f"{key[0]}-weak", *key[1:], 0.5, None))


def build(path: Path, articles: int, rng: random.Random, runs: int = 100) -> dict[str, int]:
    """Fill a fresh warehouse with `articles` articles over `runs` daily monitoring runs; returns row counts."""
    filler = Filler(rng)
    for r in range(runs):
        at, run_id = START + timedelta(days=r), f"run-{r:03d}"
        counts = dict.fromkeys(("new", "duplicate", "irrelevant", "figures"), 0)
        alerts_before = len(filler.rows["alerts"])
        failures = [f for f in (filler.listing(run_id, source, at) for source in SOURCES) if f]
        for _ in range(articles // runs):
            filler.article(run_id, at, counts)
        if rng.random() < 0.2:
            source = rng.choice(SOURCES)
            url = f"https://{source}.example/news/broken-{r}"
            filler.rows["fetch_log"].append((run_id, source, url, "article", 500, 0, 20.0, "HTTP 500", at))
            filler.rows["seen_urls"].append((url, source, at, "failed", 1, "HTTP 500"))
            failures.append(f"{url}: HTTP 500")
        finished = at + timedelta(seconds=rng.uniform(20, 90))
        raised = len(filler.rows["alerts"]) - alerts_before
        outcome = (counts["new"], counts["duplicate"], 0, counts["irrelevant"], counts["figures"], raised)
        detail = "\n".join(failures) or None
        filler.rows["runs"].append((run_id, "monitor", at, finished, "completed", *outcome, len(failures), detail))
    last = START + timedelta(days=runs - 1)
    for i, source in enumerate(SOURCES):
        success = last - timedelta(days=3 if i == 4 else 0)  # one source went quiet
        feed = f"https://{source}.example/feed"
        filler.rows["source_state"].append((source, feed, '"e1"', None, success, None, last))
    with Warehouse(path).transaction() as con:
        for table, rows in filler.rows.items():
            append(con, table, rows)
    return {table: len(rows) for table, rows in filler.rows.items()}


CHILD = """
import json, sys, time
from pathlib import Path
from assbwatch.report import charts
from assbwatch.report.html import render_report, write_report
from assbwatch.report.data import load_report
from assbwatch.store.warehouse import Warehouse
warehouse, out = Warehouse(Path(sys.argv[1])), Path(sys.argv[2])
first = write_report(warehouse, out)  # cold: vl-convert's engine starts inside
t0 = time.perf_counter(); data = load_report(warehouse)
t1 = time.perf_counter(); html, drawn = render_report(data)
t2 = time.perf_counter()
print(json.dumps({"first": first.seconds, "bytes": first.bytes, "charts": first.charts, "read": t1 - t0,
                  "draw": t2 - t1}))
"""


def timed_write(path: Path, out: Path) -> dict[str, float]:
    """`write_report` in a fresh Python process (imports not counted: the CLI timing has them), then the
    same work again in that process, split into reading and drawing."""
    command = [sys.executable, "-c", CHILD, str(path), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes to time; the median is shown")
    parser.add_argument("--keep", type=Path, help="also copy the report here, to look at")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        counts = build(path, args.articles, rng)
        out = Path(folder) / "report.html"
        runs = [timed_write(path, out) for _ in range(args.repeat)]
        cli = Path(sys.executable).with_name("assbwatch")
        walls = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            command = [str(cli), "--warehouse", str(path), "report", "--out", str(out)]
            subprocess.run(command, check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
        html = out.read_text(encoding="utf-8")
        if args.keep:
            args.keep.write_text(html, encoding="utf-8")
        dots = html.count("<title>") - 1  # the page's own <title> aside
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    title = f"assbwatch report on {counts['articles']:,} articles, median of {args.repeat} ({date.today()})"
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    table.add_column("met")
    first, size = median["first"], median["bytes"]
    figures = f"{counts['metrics']:,} / {counts['alerts']:,} / {counts['alert_candidates']:,} / {counts['runs']}"
    for name, value, target, ok in (
        ("write_report, fresh process (s)", f"{first:.2f}", "< 2", first < 2),
        ("  again, warm: read / draw and template (s)", f"{median['read']:.2f} / {median['draw']:.2f}", "", None),
        ("`assbwatch report`, whole command (s)", f"{statistics.median(walls):.2f}", "", None),
        ("file size (MB)", f"{size / 1e6:.2f}", "< 5", size < 5e6),
        ("charts (timelines + alerts + runs)", f"{median['charts']:.0f}", "", None),
        ("marks with a tooltip", f"{dots:,}", "", None),
        ("figures / alerts / candidates / runs stored", figures, "", None),
    ):
        table.add_row(name, value, target, "" if ok is None else ("yes" if ok else "NO"))
    Console().print(table)


if __name__ == "__main__":
    main()
