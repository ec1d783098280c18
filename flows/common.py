"""Tasks every flow shares: storing articles and delivering alerts."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from assbwatch.alerts.deliver import Channel, channels_from_settings, deliver_pending
from assbwatch.alerts.detect import Alert
from assbwatch.config.settings import Settings
from assbwatch.models import Article, IngestReport
from assbwatch.pipeline import Prepared, ingest
from assbwatch.progress import progress_bar
from assbwatch.report.summary import report_counts, report_markdown
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import load_catalogue

T = TypeVar("T")


def _synchronously(result: T | Coroutine[Any, Any, T]) -> T:
    """The value of one of Prefect's dual sync/async methods, called from sync code (it returns a coroutine
    only when called from async code)."""
    if isinstance(result, Coroutine):
        result.close()
        raise TypeError("a Prefect method returned a coroutine: called from async code")
    return result


class NotificationBlockChannel:
    """A Prefect notification block saved under a name (Slack, Teams, custom webhook, ...)."""

    def __init__(self, block_name: str):
        self.name = f"block:{block_name}"
        self.block_name = block_name

    def send(self, alerts: Sequence[Alert]) -> None:
        from prefect.blocks.notifications import NotificationBlock

        block = _synchronously(NotificationBlock.load(self.block_name))
        body = "\n\n".join(a.message() for a in alerts)
        _synchronously(
            block.notify(body, subject=f"assbwatch: {len(alerts)} changed figure{'s' if len(alerts) > 1 else ''}")
        )


@task(cache_policy=NO_CACHE, retries=0)  # storing: one transaction a batch; a failure is no network blip
def store_articles(
    settings: Settings, articles: list[Article] | list[Prepared], run_id: str, show_progress: bool
) -> IngestReport:
    """Dedup, figures, metrics and alerts; one transaction per batch of `settings.batch_size` articles."""
    warehouse = Warehouse(settings.warehouse, lock_wait=settings.lock_wait)
    catalogue = load_catalogue(settings.catalogue)
    with progress_bar("storing", len(articles), enabled=show_progress) as advance:
        return ingest(
            warehouse,
            articles,
            catalogue=catalogue,
            run_id=run_id,
            batch_size=settings.batch_size,
            digits=settings.alert_tolerance_digits,
            confidence=settings.alert_confidence,
            progress=advance,
        )


@task(cache_policy=NO_CACHE, retries=0)  # a failed channel keeps its alerts pending for the next run
def deliver_alerts(settings: Settings) -> dict[str, int]:
    """Send undelivered alerts (this run's and any earlier failures) to the configured channels."""
    channels: list[Channel] = channels_from_settings(settings.webhook_url)
    if settings.notification_block:
        channels.append(NotificationBlockChannel(settings.notification_block))
    return deliver_pending(Warehouse(settings.warehouse, lock_wait=settings.lock_wait), channels)


def publish(kind: str, report: IngestReport, settings: Settings) -> None:
    """The log and the run artifact: always-on alert channels, and the run's summary."""
    logger = get_run_logger()
    for line in report.alert_lines:
        logger.warning("ALERT %s", line)
    for message in report.failed:
        logger.warning("failed: %s", message)
    logger.info("%s into %s: %s", kind, settings.warehouse, report_counts(report))
    create_markdown_artifact(report_markdown(f"assbwatch {kind}", report), key=f"assbwatch-{kind}")
