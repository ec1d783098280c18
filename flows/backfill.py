"""Backfill flow: ingest `.txt` / `.html` files (the seed corpus first) through the shared pipeline."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from assbwatch.acquire.readers import find_files, read_many
from assbwatch.config.settings import Settings
from assbwatch.models import Article
from assbwatch.progress import progress_bar
from assbwatch.report.summary import report_counts
from assbwatch.store.runlock import run_lock
from assbwatch.store.runs import finish_run, start_run
from assbwatch.store.warehouse import Warehouse
from assbwatch_flows.common import deliver_alerts, publish, store_articles


@task(cache_policy=NO_CACHE, retries=0)  # parsing: the same files would fail the same way
def read_files(paths: list[Path], workers: int, show_progress: bool) -> tuple[list[Article], list[str]]:
    """Parsing only: reading and extraction, spread over worker processes."""
    with progress_bar("reading", len(paths), enabled=show_progress) as advance:
        return read_many(paths, workers=workers, progress=advance)


@flow(name="assbwatch-backfill")
def backfill_flow(
    paths: list[str] | None = None, warehouse: str | None = None, show_progress: bool = False
) -> dict[str, int]:
    """Ingest files or folders (default `seeds/`); returns the counts new / duplicate / unchanged / failed."""
    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    store = Warehouse(settings.warehouse, lock_wait=settings.lock_wait)
    files = find_files([Path(p) for p in paths or ["seeds"]])
    with run_lock(
        settings.warehouse,
        f"assbwatch backfill run {flow_run.get_name()}",
        wait=settings.run_wait,
        on_wait=get_run_logger().info,
    ):
        run_id = start_run(store, "backfill", str(flow_run.get_id() or "") or None)
        articles, failures = read_files(files, settings.workers, show_progress)
        report = store_articles(settings, articles, run_id, show_progress)
        report.failed.extend(failures)
        finish_run(store, run_id, report)
        publish("backfill", report, settings)
        deliver_alerts(settings)  # inside the lock: two runs never send the same pending alert
    return report_counts(report)
