"""A run killed mid-batch (SIGKILL) leaves no partial article, and the next run stores it whole."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from assbwatch.pipeline import ingest
from assbwatch.store.warehouse import Warehouse
from conftest import SEEDS

# In the child: ingest the seeds, but stop for good after the articles of the batch were appended
# (samples, metrics and alerts not yet) and wait to be killed.
CHILD = """
import sys
from pathlib import Path
import assbwatch.pipeline as pipeline
from assbwatch.acquire.readers import read_file
from assbwatch.store.warehouse import Warehouse

real_append = pipeline.append
def append(con, table, rows):
    real_append(con, table, rows)
    if table == "articles":
        print("mid-batch", flush=True)
        sys.stdin.read()

pipeline.append = append
articles = [read_file(p) for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
pipeline.ingest(Warehouse(Path(sys.argv[1])), articles)
"""


def _counts(warehouse: Warehouse) -> tuple[int, ...]:
    return tuple(
        warehouse.query(f"SELECT count(*) FROM {table}").rows[0][0]
        for table in ("articles", "article_samples", "metrics", "alerts")
    )


def test_sigkill_mid_batch_leaves_nothing_partial_and_a_rerun_completes(tmp_path: Path, seed_articles) -> None:
    warehouse = Warehouse(tmp_path / "wh.duckdb", lock_wait=5)
    with warehouse.writer():
        pass  # migrated, empty
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(warehouse.path), str(SEEDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "mid-batch"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    assert _counts(warehouse) == (0, 0, 0, 0)
    report = ingest(warehouse, seed_articles)
    assert (report.new, report.duplicate) == (4, 1)
    articles, samples, metrics, alerts = _counts(warehouse)
    assert (articles, alerts) == (5, 0)
    assert samples > 0
    assert metrics > 0
