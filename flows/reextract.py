"""Re-extraction flow: re-run extraction and everything derived from the text over stored raw bytes."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger

from assbwatch.config.settings import Settings
from assbwatch.reextract import reextract
from assbwatch.store.runlock import run_lock
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import load_catalogue


@flow(name="assbwatch-reextract")
def reextract_flow(warehouse: str | None = None, force: bool = False) -> dict[str, int]:
    """Articles extracted by another extractor version (all with `force`); returns changed / same / failed."""
    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    store = Warehouse(settings.warehouse, lock_wait=settings.lock_wait)
    with run_lock(settings.warehouse, "assbwatch reextract", wait=settings.run_wait, on_wait=get_run_logger().info):
        report = reextract(store, load_catalogue(settings.catalogue), force=force, batch_size=settings.batch_size)
    logger = get_run_logger()
    for message in report.failed:
        logger.warning("failed: %s", message)
    counts = {"changed": report.changed, "same": report.same, "failed": len(report.failed)}
    logger.info("re-extraction of %s: %s", settings.warehouse, counts)
    return counts
