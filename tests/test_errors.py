"""Every error pickles with its type, message and fields, so worker processes return errors, not strings."""

from __future__ import annotations

import inspect
import pickle
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from assbwatch import errors
from assbwatch.acquire.parallel import PARALLEL_THRESHOLD, map_in_order, worker_pool
from assbwatch.acquire.readers import _read_one
from assbwatch.errors import (
    AssbwatchError,
    CandidateError,
    ConfigError,
    ExtractError,
    FetchError,
    InputError,
    ListingError,
    OutputError,
    QueryError,
    WarehouseError,
    WarehouseIncompatible,
    WarehouseLocked,
    WarehouseMissing,
)
from assbwatch.monitor import Page, _extract_one
from assbwatch.text.catalogue import load_catalogue


def _fetch_error() -> FetchError:
    error = FetchError("https://wire.example/a", "HTTP 503", transient=True, status=503)
    error.retry_after = 30.0
    return error


EXAMPLES: list[AssbwatchError] = [
    AssbwatchError("the local Prefect server exited with status 1"),
    CandidateError(7, "no such candidate"),
    ConfigError("sources.toml", "expected a string", entry="wire", field="url"),
    ConfigError("environment", "expected int, got 'x'"),
    InputError("seeds/x.txt", "no such file or folder"),
    OutputError(Path("out/report.html"), "Permission denied"),
    ExtractError("https://wire.example/a", "no main text found in the page (0 words extracted)"),
    ListingError("https://wire.example/feed.xml", "not a readable feed: mismatched tag"),
    _fetch_error(),
    FetchError("https://wire.example/b", "HTTP 404", status=404),
    WarehouseError("w.duckdb", "cannot create its folder: Permission denied"),
    WarehouseLocked("w.duckdb", "PID 12 (python)", 30.0),
    WarehouseLocked("w.duckdb", None, 2.0),
    WarehouseMissing("w.duckdb"),
    WarehouseIncompatible("w.duckdb", "not a usable DuckDB file"),
    QueryError("w.duckdb", "Parser Error: syntax error at or near 'SELEC'"),
]


def test_the_examples_cover_every_error() -> None:
    defined = {cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, AssbwatchError)}
    assert defined == {type(e) for e in EXAMPLES}


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: f"{type(e).__name__}:{e}")
def test_an_error_keeps_its_type_message_and_fields_through_pickle(error: AssbwatchError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.args == error.args
    assert vars(again) == vars(error)
    if type(error) is not AssbwatchError:
        assert vars(again)  # the fields are there, not only the message


def test_workers_return_the_errors_themselves_across_processes(tmp_path: Path) -> None:
    paths = []
    for i in range(PARALLEL_THRESHOLD):
        path = tmp_path / f"bad{i:02d}.txt"
        path.write_text(">\n")
        paths.append(path)
    pages = [Page("wire", f"https://wire.example/{i}", b"<html></html>", datetime.now(UTC)) for i in range(16)]
    with worker_pool(2) as pool:
        read = map_in_order(_read_one, paths, pool)
        extracted = map_in_order(partial(_extract_one, catalogue=load_catalogue()), pages, pool)
    assert all(type(r) is ExtractError for r in read + extracted)
    read_errors = [r for r in read if isinstance(r, ExtractError)]
    assert [e.url for e in read_errors] == [p.resolve().as_uri() for p in paths]
    assert {e.reason for e in read_errors} == {"no line with letters in it: nothing to use as a title"}
    assert [e.url for e in extracted if isinstance(e, ExtractError)] == [p.url for p in pages]
