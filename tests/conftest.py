"""Shared fixtures: a clean environment, a fresh warehouse per test, the seed corpus, Prefect's harness."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assbwatch.acquire.readers import read_file
from assbwatch.models import Article
from assbwatch.store.warehouse import Warehouse
from newsite import Site, serve

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's ASSBWATCH_* settings."""
    for name in list(os.environ):
        if name.startswith("ASSBWATCH_"):
            monkeypatch.delenv(name)


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "wh.duckdb", lock_wait=2.0)


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return [read_file(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One ephemeral Prefect API for the whole session: it takes ~20 s to start here."""
    from prefect.testing.utilities import prefect_test_harness

    import assbwatch_flows  # noqa: F401 -- sets Prefect's start-up defaults before Prefect loads

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def site() -> Iterator[Site]:
    """A real local news site on 127.0.0.1, stopped after the test."""
    server_site = Site()
    server, thread = serve(server_site)
    try:
        yield server_site
    finally:
        server_site.release.set()
        server.shutdown()
        server.server_close()
        thread.join()
