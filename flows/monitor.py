"""Monitoring flow: one pass over the configured sources, through the same pipeline as the backfill.

Network I/O (discover, fetch) and parsing (extract) are separate tasks so each retries on its
own terms: the network tasks retry (twice, after 5 s then 30 s) when what failed them is transient
(`retry_transient`: a transient FetchError or an httpx transport error); parsing and storing never
retry, since they would fail the same way again. Every task works on a whole batch (a Prefect task
run costs ~10 ms here, an article less).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from assbwatch.acquire.fetch import Fetcher, FetchPolicy, is_transient
from assbwatch.acquire.parallel import worker_pool
from assbwatch.config.settings import Settings
from assbwatch.config.sources import Source, load_sources
from assbwatch.models import IngestReport
from assbwatch.monitor import (
    Discovery,
    FetchRecord,
    MonitorRun,
    Page,
    Revisit,
    SourceState,
    discover,
    extract_pages,
    fetch_pages,
    load_states,
)
from assbwatch.pipeline import Prepared
from assbwatch.report.data import load_report
from assbwatch.report.html import report_path, save_report
from assbwatch.report.summary import metrics_markdown, report_counts, sources_markdown
from assbwatch.store.runlock import run_lock
from assbwatch.store.runs import start_run
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import Catalogue, load_catalogue
from assbwatch_flows.common import deliver_alerts, publish, store_articles

T = TypeVar("T")


def _fetcher(settings: Settings, client: httpx.AsyncClient, sources: list[Source]) -> Fetcher:
    policy = FetchPolicy(max_bytes=settings.max_bytes, concurrency=settings.concurrency)
    intervals = {urlsplit(s.url).netloc: s.min_interval for s in sources}  # keyed as the fetcher looks them up
    return Fetcher(client, policy, host_intervals=intervals)


def _client(settings: Settings) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=httpx.Timeout(settings.fetch_timeout), max_redirects=5)


def _with_fetcher(settings: Settings, sources: list[Source], work: Callable[[Fetcher], Awaitable[T]]) -> T:
    """Run async network work with a fresh client and fetcher, from a synchronous task."""

    async def run() -> T:
        async with _client(settings) as client:
            return await work(_fetcher(settings, client, sources))

    return asyncio.run(run())


def retry_transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """The network tasks' `retry_condition_fn`: try again only when the failure is transient."""
    return is_transient(state.result(raise_on_failure=False))


NETWORK_RETRIES = 2
NETWORK_RETRY_DELAYS: list[float] = [5, 30]  # seconds; the fetcher has already retried each request with backoff


@task(
    cache_policy=NO_CACHE,
    retries=NETWORK_RETRIES,
    retry_delay_seconds=NETWORK_RETRY_DELAYS,
    retry_condition_fn=retry_transient,
)
def discover_urls(settings: Settings, sources: list[Source], states: dict[str, SourceState]) -> Discovery:
    """Network: every source's listing, conditionally; sitemap indexes followed."""
    fresh = {name: replace(state) for name, state in states.items()}  # a retry starts from the stored validators
    return _with_fetcher(settings, sources, lambda fetcher: discover(sources, fetcher, fresh))


@task(
    cache_policy=NO_CACHE,
    retries=NETWORK_RETRIES,
    retry_delay_seconds=NETWORK_RETRY_DELAYS,
    retry_condition_fn=retry_transient,
)
def fetch_articles(
    settings: Settings, sources: list[Source], candidates: list[tuple[str, str]], revisits: list[Revisit]
) -> tuple[list[Page], list[FetchRecord], dict[str, str]]:
    """Network: the new article pages, and recent ones again (conditionally), within the politeness bounds."""
    return _with_fetcher(settings, sources, lambda fetcher: fetch_pages(candidates, fetcher, revisits))


@task(cache_policy=NO_CACHE, retries=0)  # parsing: the same pages would fail the same way
def extract_articles(
    pages: list[Page], catalogue: Catalogue, pool: ProcessPoolExecutor | None
) -> tuple[list[Prepared], dict[str, str]]:
    """Parsing: trafilatura, hashing and figures over the worker processes."""
    return extract_pages(pages, catalogue, pool)


def _store(
    future: PrefectFuture, settings: Settings, run_id: str, show_progress: bool
) -> tuple[IngestReport, dict[str, str]]:
    """Store what an extraction task prepared; returns the counts and the pages that were no article."""
    prepared, errors = future.result()
    return store_articles(settings, prepared, run_id, show_progress), errors


def publish_report(store: Warehouse, settings: Settings, write_html: bool) -> None:
    """The metric and alert summary as an artifact and, when asked, the HTML report beside the warehouse;
    a report is a view of the run, so its failure is logged and never fails the run."""
    logger = get_run_logger()
    try:
        data = load_report(store, digits=settings.alert_tolerance_digits)
        create_markdown_artifact(metrics_markdown(data), key="assbwatch-monitor-metrics")
        if write_html:
            written = save_report(data, report_path(settings.warehouse))
            logger.info(
                "report written to %s: %d charts, %.2f MB in %.1f s",
                written.path,
                written.charts,
                written.bytes / 1e6,
                written.seconds,
            )
    except Exception as exc:  # noqa: BLE001 -- any failure here leaves the stored run as it is; the log says why
        logger.warning("report not written: %s: %s", type(exc).__name__, exc)


@flow(name="assbwatch-monitor")
def monitor_flow(
    sources_file: str | None = None,
    warehouse: str | None = None,
    show_progress: bool = False,
    report: bool = False,
) -> dict[str, int]:
    """One monitoring pass; returns the article counts plus URLs discovered / fetched / failed. With
    `report`, the HTML report beside the warehouse is rewritten at the end (`assbwatch serve` asks for it)."""
    settings = Settings.from_env(
        warehouse=Path(warehouse) if warehouse else None, sources=Path(sources_file) if sources_file else None
    )
    with run_lock(
        settings.warehouse,
        f"assbwatch monitor run {flow_run.get_name()}",
        wait=settings.run_wait,
        on_wait=get_run_logger().info,
    ):
        return _monitor_pass(settings, show_progress, write_html=report)


def _monitor_pass(settings: Settings, show_progress: bool, *, write_html: bool) -> dict[str, int]:
    sources = load_sources(settings.sources)
    store = Warehouse(settings.warehouse, lock_wait=settings.lock_wait)
    run_id = start_run(store, "monitor", str(flow_run.get_id() or "") or None)
    discovery = discover_urls(settings, sources, load_states(store, sources))
    run = MonitorRun.plan(store, settings, sources, discovery)
    catalogue = load_catalogue(settings.catalogue)
    # Chunks overlap: chunk k+1 is fetched and chunk k stored while chunk k+1 is extracted.
    with worker_pool(settings.workers) as pool:
        pending: PrefectFuture | None = None
        for chunk in run.chunks():
            fetched = fetch_articles(settings, sources, chunk.candidates, chunk.revisits)
            pages = run.fetched_chunk(chunk, *fetched)
            done, pending = pending, extract_articles.submit(pages, catalogue, pool)
            if done is not None:
                run.stored(*_store(done, settings, run_id, show_progress))
        if pending is not None:
            run.stored(*_store(pending, settings, run_id, show_progress))
    report = run.finish(run_id)
    publish("monitor", report, settings)
    create_markdown_artifact(sources_markdown(discovery.reports.values()), key="assbwatch-monitor-sources")
    deliver_alerts(settings)
    publish_report(store, settings, write_html)  # after delivery, so the page shows this run's outcome
    return report_counts(report) | run.counts()
