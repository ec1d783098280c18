"""`run` and `backfill` through their flows: exit statuses for failed sources, JSON summaries, and no
Prefect traceback for assbwatch's own errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assbwatch.cli.main import ALL_FAILED, SOME_FAILED, main
from assbwatch.store.runlock import run_lock
from newsite import Site, page, rss

pytestmark = pytest.mark.prefect


def _sources(tmp_path: Path, site: Site, *paths: str) -> Path:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "".join(
            f'[[sources]]\nname = "s{i}"\nkind = "feed"\nurl = "{site.base}{p}"\nmin_interval = 0\n'
            for i, p in enumerate(paths)
        )
    )
    return sources


def test_a_run_where_every_source_failed_exits_4_and_some_failed_exits_3(
    prefect_harness, site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.static("/down.xml", b"oops", status=500)
    site.static("/gone.xml", b"no", status=404)
    warehouse = str(tmp_path / "w.duckdb")
    sources = _sources(tmp_path, site, "/down.xml", "/gone.xml")
    assert main(["--warehouse", warehouse, "run", "--sources", str(sources), "--format", "json"]) == ALL_FAILED
    captured = capsys.readouterr()
    counts = json.loads(captured.out.strip().splitlines()[-1])
    assert (counts["sources"], counts["sources_failed"], counts["new"]) == (2, 2, 0)
    assert "assbwatch: 2 of 2 sources failed" in captured.err

    article = page(
        "Toyota opens a solid-state battery pilot line",
        [
            "Toyota Motor said on Monday that its all-solid-state battery pilot line in Japan will start "
            "operating in 2026, a year before the carmaker plans to mass-produce the cells for its vehicles.",
            "The company has worked with Idemitsu Kosan on sulfide solid electrolytes since 2023 and expects "
            "the technology to give its electric cars a range of about 1,000 kilometres.",
        ],
    )
    site.static("/news/1", article)
    site.with_etag("/feed.xml", rss(site.base, ["/news/1"]), '"v1"', "application/rss+xml")
    sources = _sources(tmp_path, site, "/feed.xml", "/down.xml")
    assert main(["--warehouse", warehouse, "run", "--sources", str(sources), "--format", "json"]) == SOME_FAILED
    counts = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (counts["sources"], counts["sources_failed"], counts["new"]) == (2, 1, 1)


def test_a_run_refused_by_the_run_lock_is_one_line_without_a_traceback(tmp_path: Path) -> None:
    """In a process of its own, as a user runs it (in-process, pytest's swapped streams confuse Prefect's
    console handler)."""
    warehouse = tmp_path / "w.duckdb"
    env = {**os.environ, "ASSBWATCH_RUN_WAIT": "0.3", "ASSBWATCH_WAREHOUSE": str(warehouse)}
    with run_lock(warehouse, "assbwatch monitor run busy-bee", wait=1):
        done = subprocess.run(
            [sys.executable, "-m", "assbwatch.cli.main", "backfill"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "Encountered exception during execution: WarehouseLocked" in done.stdout + done.stderr  # one log line
    assert "is running; this run waits up to 0.3 s for it" in " ".join(done.stdout.split())
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("assbwatch:")]
    assert line.startswith(f"assbwatch: warehouse {warehouse}: busy (held by assbwatch monitor run busy-bee (PID")
