"""The backfill flow under Prefect's test harness: the same path `assbwatch backfill` takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assbwatch.store.warehouse import Warehouse
from conftest import SEEDS

pytestmark = pytest.mark.prefect


def test_backfill_flow_ingests_the_seeds_and_a_rerun_adds_nothing(prefect_harness, tmp_path: Path) -> None:
    from assbwatch_flows.backfill import backfill_flow

    path = tmp_path / "flow.duckdb"
    counts = backfill_flow(paths=[str(SEEDS)], warehouse=str(path))
    assert (counts["new"], counts["duplicate"], counts["failed"]) == (4, 1, 0)
    again = backfill_flow(paths=[str(SEEDS)], warehouse=str(path))
    assert (again["new"], again["duplicate"], again["unchanged"]) == (0, 0, 5)
    warehouse = Warehouse(path)
    assert warehouse.query("SELECT count(*) FROM articles").rows == [(5,)]
    assert warehouse.query("SELECT kind, status, new_articles, unchanged FROM runs ORDER BY started_at").rows == [
        ("backfill", "completed", 4, 0),
        ("backfill", "completed", 0, 5),
    ]


def test_reextract_flow_reads_stored_raw_bytes_again(prefect_harness, tmp_path: Path) -> None:
    from assbwatch_flows.backfill import backfill_flow
    from assbwatch_flows.reextract import reextract_flow

    path = tmp_path / "flow.duckdb"
    backfill_flow(paths=[str(SEEDS)], warehouse=str(path))
    assert reextract_flow(warehouse=str(path)) == {"changed": 0, "same": 0, "failed": 0}  # nothing stale
    assert reextract_flow(warehouse=str(path), force=True) == {"changed": 0, "same": 5, "failed": 0}
