"""The `runs` table: one row per flow run, so the warehouse says what each run did."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from assbwatch.models import IngestReport
from assbwatch.store.warehouse import Warehouse, saved_query

__all__ = ["finish_run", "start_run"]


def start_run(warehouse: Warehouse, kind: str, run_id: str | None = None) -> str:
    """Record a run as started; the id is the Prefect flow run id when there is one."""
    run_id = run_id or uuid.uuid4().hex
    with warehouse.transaction() as con:
        con.execute(saved_query("run_start"), [run_id, kind, datetime.now(UTC)])
    return run_id


def finish_run(warehouse: Warehouse, run_id: str, report: IngestReport, *, status: str = "completed") -> None:
    """Store the run's counts and failures; a run that crashed stays `running` for all to see."""
    with warehouse.transaction() as con:
        con.execute(
            saved_query("run_finish"),
            [
                datetime.now(UTC),
                status,
                report.new,
                report.duplicate,
                report.unchanged,
                report.irrelevant,
                report.figures,
                report.alerts,
                len(report.failed),
                "\n".join(report.failed) or None,
                run_id,
            ],
        )
