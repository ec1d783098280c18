"""Retries only for transient failures: the network tasks' retry condition, and which tasks retry at all.
Pure: no Prefect server, no network."""

from __future__ import annotations

import httpx
import pytest

from assbwatch.acquire.fetch import is_transient
from assbwatch.errors import ExtractError, FetchError, WarehouseLocked

URL = "https://wire.example/a"
REQUEST = httpx.Request("GET", URL)

TRANSIENT = [
    FetchError(URL, "HTTP 503", transient=True, status=503),
    FetchError(URL, "ConnectError: refused", transient=True),
    httpx.ConnectError("refused", request=REQUEST),
    httpx.ReadTimeout("stalled", request=REQUEST),
    httpx.RemoteProtocolError("peer closed connection", request=REQUEST),
]
PERMANENT = [
    FetchError(URL, "HTTP 404", status=404),
    FetchError(URL, "body exceeds the cap of 5,000,000 bytes; aborted"),
    httpx.UnsupportedProtocol("ftp://", request=REQUEST),  # a transport error that never passes
    httpx.TooManyRedirects("loop", request=REQUEST),
    ExtractError(URL, "no main text found in the page (0 words extracted)"),
    WarehouseLocked("w.duckdb", None, 30.0),
    ValueError("a bug"),
]


@pytest.mark.parametrize("error", TRANSIENT, ids=repr)
def test_a_transient_failure_is_retried(error: BaseException) -> None:
    from prefect.states import Failed

    from assbwatch_flows.monitor import retry_transient

    assert is_transient(error)
    assert retry_transient(None, None, Failed(data=error)) is True  # type: ignore[arg-type]  # task, run unused


@pytest.mark.parametrize("error", PERMANENT, ids=repr)
def test_any_other_failure_is_not(error: BaseException) -> None:
    from prefect.states import Failed

    from assbwatch_flows.monitor import retry_transient

    assert not is_transient(error)
    assert retry_transient(None, None, Failed(data=error)) is False  # type: ignore[arg-type]  # task, run unused


def test_network_tasks_retry_on_that_condition_and_parsing_and_storing_never() -> None:
    from assbwatch_flows.backfill import read_files
    from assbwatch_flows.common import deliver_alerts, store_articles
    from assbwatch_flows.monitor import discover_urls, extract_articles, fetch_articles, retry_transient

    for network in (discover_urls, fetch_articles):
        assert network.retries == 2, network.name
        assert network.retry_condition_fn is retry_transient, network.name
    for local in (extract_articles, read_files, store_articles, deliver_alerts):
        assert local.retries == 0, local.name


@pytest.mark.prefect
def test_a_network_task_runs_again_after_a_transient_failure_only(prefect_harness, monkeypatch) -> None:
    from prefect import flow

    import assbwatch_flows.monitor as flows
    from assbwatch.config.settings import Settings

    failures = [FetchError(URL, "HTTP 503", transient=True, status=503)]
    calls: list[int] = []

    def network(settings, sources, work):
        calls.append(1)
        if failures:
            raise failures.pop()
        return "discovered"

    monkeypatch.setattr(flows, "_with_fetcher", network)

    @flow
    def discovering() -> object:
        return flows.discover_urls.with_options(retry_delay_seconds=0)(Settings(), [], {})

    assert discovering() == "discovered"
    assert len(calls) == 2

    calls.clear()
    failures.append(FetchError(URL, "HTTP 404", status=404))
    with pytest.raises(FetchError, match="HTTP 404"):
        discovering()
    assert len(calls) == 1
