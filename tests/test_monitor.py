"""URL bookkeeping across runs: what a crashed, failed or finished run leaves for the next one."""

from __future__ import annotations

from datetime import UTC, datetime

from assbwatch.acquire.parallel import PARALLEL_THRESHOLD, worker_pool
from assbwatch.config.sources import Source
from assbwatch.monitor import (
    MAX_ATTEMPTS,
    Discovery,
    Page,
    SourceReport,
    SourceState,
    extract_pages,
    record,
    select_candidates,
)
from assbwatch.store.warehouse import Warehouse
from assbwatch.text.catalogue import load_catalogue
from conftest import FIXTURES

SOURCE = Source("wire", "feed", "https://wire.example/feed.xml", max_items=10)
URLS = [f"https://wire.example/{i}" for i in range(3)]


def _discovery() -> Discovery:
    return Discovery(
        [("wire", u) for u in URLS], [], {"wire": SourceReport("wire")}, {"wire": SourceState("wire", SOURCE.url)}
    )


def test_urls_of_a_run_that_never_recorded_them_are_fetched_again(warehouse: Warehouse) -> None:
    with warehouse.writer():
        pass
    assert select_candidates(warehouse, _discovery(), [SOURCE]) == [("wire", u) for u in URLS]
    # the run was killed before record(): nothing marks the URLs done, so the next run takes them all
    assert select_candidates(warehouse, _discovery(), [SOURCE]) == [("wire", u) for u in URLS]


def test_done_urls_are_skipped_and_failed_ones_retried_until_attempts_run_out(warehouse: Warehouse) -> None:
    with warehouse.writer():
        pass
    discovery = _discovery()
    outcomes = {("wire", URLS[0]): None, ("wire", URLS[1]): f"{URLS[1]}: HTTP 503", ("wire", URLS[2]): None}
    record(warehouse, "run-1", [], discovery.states, outcomes)
    quiet = Discovery([], [], discovery.reports, discovery.states)  # e.g. the feed answered 304
    assert select_candidates(warehouse, quiet, [SOURCE]) == [("wire", URLS[1])]
    for run in range(2, MAX_ATTEMPTS + 1):
        record(warehouse, f"run-{run}", [], discovery.states, {("wire", URLS[1]): f"{URLS[1]}: HTTP 503"})
    assert select_candidates(warehouse, quiet, [SOURCE]) == []
    assert warehouse.query("SELECT status, attempts FROM seen_urls WHERE url = ?", [URLS[1]]).rows == [
        ("failed", MAX_ATTEMPTS)
    ]


def test_pages_are_extracted_and_prepared_in_order_over_the_worker_pool() -> None:
    html = (FIXTURES / "article.html").read_bytes()
    pages = [Page("wire", f"https://wire.example/{i}", html, datetime.now(UTC)) for i in range(PARALLEL_THRESHOLD)]
    pages.append(Page("wire", "https://wire.example/empty", b"<html></html>", datetime.now(UTC)))
    with worker_pool(2) as pool:
        prepared, failures = extract_pages(pages, load_catalogue(), pool)
    assert [p.article.url for p in prepared] == [p.url for p in pages[:-1]]
    assert all(p.relevant for p in prepared)
    assert "jp.meti.assb_rd_subsidy" in {t.metric for t in prepared[0].figures}
    assert list(failures) == ["https://wire.example/empty"]


def test_a_monitor_run_plans_chunks_watched_pages_first_listing_pages_last(warehouse) -> None:
    from assbwatch.monitor import Discovery, MonitorRun, Revisit

    now = datetime.now(UTC)
    watched, listing = Page("w", "https://w.example/p", b"", now), Page("l", "https://l.example/", b"", now)
    discovery = Discovery([], [], {}, {}, pages=[listing, watched], optional={listing.url})
    candidates = [("s", f"https://s.example/{i}") for i in range(5)]
    revisit = Revisit("s", "https://s.example/old", '"v1"', None)
    run = MonitorRun(warehouse, discovery, candidates, [revisit], batch_size=2)
    chunks = list(run.chunks())
    assert [len(c.candidates) for c in chunks] == [2, 2, 1]
    assert [(c.revisits, c.before, c.after) for c in chunks] == [
        ([revisit], [watched], []), ([], [], []), ([], [], [listing]),
    ]  # fmt: skip
    assert run.fetched_chunk(chunks[-1], [], [], {}) == [listing]
    nothing = MonitorRun(warehouse, Discovery([], [], {}, {}), [], [], batch_size=2)
    assert list(nothing.chunks()) == []
