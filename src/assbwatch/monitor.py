"""One monitoring pass, in stages the flow runs as separate tasks: discover (network) → fetch
(network) → extract (CPU, process pool) → the shared pipeline → record what happened. `MonitorRun`
decides and remembers; the flow only sequences its tasks.

State lives in the warehouse (source_state, seen_urls, fetch_log), not in Prefect: the
validators for conditional GET, which URLs are done, and which failed and are due again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial

import duckdb

from assbwatch.acquire.discover import parse_listing
from assbwatch.acquire.extract import extract_html
from assbwatch.acquire.fetch import GZIP, Fetcher, FetchResult
from assbwatch.acquire.parallel import map_in_order
from assbwatch.config.settings import Settings
from assbwatch.config.sources import Source
from assbwatch.errors import ExtractError, FetchError, ListingError
from assbwatch.models import IngestReport
from assbwatch.pipeline import Prepared, prepare
from assbwatch.store.runs import finish_run
from assbwatch.store.warehouse import Warehouse, append, saved_query
from assbwatch.text.catalogue import Catalogue

__all__ = [
    "Chunk",
    "Discovery",
    "FetchRecord",
    "MonitorRun",
    "Page",
    "Revisit",
    "SourceReport",
    "SourceState",
    "discover",
    "extract_pages",
    "fetch_pages",
    "load_states",
    "record",
    "select_candidates",
    "select_revisits",
    "tally_pages",
]

MAX_ATTEMPTS = 3  # a URL that failed this many times is left alone
MAX_SITEMAP_DEPTH = 3  # index → index → sitemap; deeper (or self-referencing) indexes stop here


@dataclass
class SourceState:
    source: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_success: datetime | None = None
    last_error: str | None = None


@dataclass
class SourceReport:
    name: str
    listing: str = ""  # "200", "304" or the error
    discovered: int = 0
    new: int = 0
    fetched: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # the listing's
    page_errors: list[str] = field(default_factory=list)  # its article pages'


@dataclass(frozen=True)
class FetchRecord:
    source: str
    url: str
    kind: str  # listing | article | revisit
    status: int | None
    bytes: int
    elapsed_ms: float
    error: str | None
    etag: str | None = None  # validators of the answer, kept for the next revisit
    last_modified: str | None = None


@dataclass(frozen=True)
class Page:
    source: str
    url: str
    body: bytes
    fetched_at: datetime


@dataclass
class Discovery:
    candidates: list[tuple[str, str]]  # (source, url) to fetch, in source order
    records: list[FetchRecord]
    reports: dict[str, SourceReport]
    states: dict[str, SourceState]
    pages: list[Page] = field(default_factory=list)  # bodies of watched pages, fetched while discovering
    optional: set[str] = field(default_factory=set)  # of those, the listing pages that may not be articles


def _record(source: str, url: str, kind: str, outcome: FetchResult | FetchError) -> FetchRecord:
    if isinstance(outcome, FetchError):
        return FetchRecord(source, url, kind, outcome.status, 0, 0.0, outcome.reason)
    return FetchRecord(
        source, url, kind, outcome.status, len(outcome.body), outcome.elapsed * 1000, None,
        outcome.etag, outcome.last_modified,
    )  # fmt: skip


def load_states(warehouse: Warehouse, sources: Sequence[Source]) -> dict[str, SourceState]:
    """Each source's last validators; a source whose URL changed starts afresh. Read-only: the run's
    `start_run` has already opened the file for writing, and migrated it."""
    with warehouse.reader() as con:
        rows = con.execute(saved_query("source_states")).fetchall()
    stored = {row[0]: SourceState(*row) for row in rows}
    return {
        s.name: stored[s.name] if s.name in stored and stored[s.name].url == s.url else SourceState(s.name, s.url)
        for s in sources
    }


def select_candidates(warehouse: Warehouse, discovery: Discovery, sources: Sequence[Source]) -> list[tuple[str, str]]:
    """What to fetch this pass: per source, up to `max_items` URLs not done yet (so a long sitemap listed
    oldest first still reaches its new entries), then failed URLs that are due again."""
    with warehouse.reader() as con:
        return _candidates(con, discovery, sources)


def _candidates(
    con: duckdb.DuckDBPyConnection, discovery: Discovery, sources: Sequence[Source]
) -> list[tuple[str, str]]:
    urls = [url for _, url in discovery.candidates]
    seen = con.execute(saved_query("seen_urls_for"), [urls]).fetchall()
    due = con.execute(saved_query("seen_urls_due"), [[s.name for s in sources], MAX_ATTEMPTS]).fetchall()
    finished = {url for url, status, attempts in seen if status == "done" or attempts >= MAX_ATTEMPTS}
    limits = {s.name: s.max_items for s in sources}
    taken: dict[str, int] = dict.fromkeys(limits, 0)
    chosen = []
    for source, url in discovery.candidates:
        if url not in finished and taken[source] < limits[source]:
            taken[source] += 1
            chosen.append((source, url))
    return list(dict.fromkeys(chosen + [(source, url) for source, url in due]))


def tally_pages(
    discovery: Discovery,
    candidates: Sequence[tuple[str, str]],
    fetch_errors: dict[str, str],
    extract_errors: dict[str, str],
) -> None:
    """Per source, for the run artifact: URLs new this pass, fetched, failed, and the failures' messages."""
    for source, url in candidates:
        report = discovery.reports[source]
        error = fetch_errors.get(url) or extract_errors.get(url)
        report.new += 1
        report.fetched += url not in fetch_errors
        if error is not None:
            report.failed += 1
            report.page_errors.append(error)


async def _listing(
    source: Source,
    url: str,
    fetcher: Fetcher,
    state: SourceState | None,
    depth: int,
    visited: set[str],
    discovery: Discovery,
) -> list[str]:
    """Article URLs under one listing URL; sitemap indexes are followed, each URL once."""
    if url in visited or depth > MAX_SITEMAP_DEPTH:
        return []
    visited.add(url)
    report = discovery.reports[source.name]
    try:
        result = await fetcher.fetch(
            url,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            accept=GZIP if source.kind == "sitemap" else (),
        )
    except FetchError as exc:
        discovery.records.append(_record(source.name, url, "listing", exc))
        report.errors.append(str(exc))
        report.listing = report.listing or f"error: {exc.reason}"
        return []
    discovery.records.append(_record(source.name, url, "listing", result))
    report.listing = report.listing or str(result.status)
    if state is not None:
        state.etag, state.last_modified = result.etag or state.etag, result.last_modified or state.last_modified
    if result.not_modified:
        return []  # an unchanged feed, listing or watched page costs this 304 and nothing more
    if depth == 0 and source.kind in {"article", "page"}:
        # a watched page is an article; a listing page may be one too: extraction decides, once per version
        discovery.pages.append(Page(source.name, url, result.body, datetime.now(UTC)))
        if source.kind == "article":
            return []
        discovery.optional.add(url)
    try:
        listing = parse_listing(source.kind, result.body, result.url)
    except ListingError as exc:
        report.errors.append(str(exc))
        return []
    found = list(listing.articles)
    for child in listing.sitemaps:
        found += await _listing(source, child, fetcher, None, depth + 1, visited, discovery)
    return found


async def discover(sources: Sequence[Source], fetcher: Fetcher, states: dict[str, SourceState]) -> Discovery:
    """Fetch every listing (conditionally) and collect candidate URLs; a failing source never stops the rest."""
    discovery = Discovery([], [], {s.name: SourceReport(s.name) for s in sources}, states)

    async def one(source: Source) -> list[tuple[str, str]]:
        state = states[source.name]
        report = discovery.reports[source.name]
        validators = state.etag, state.last_modified
        try:
            urls = await _listing(source, source.url, fetcher, state, 0, set(), discovery)
        except Exception as exc:  # noqa: BLE001 -- whatever breaks one source must not stop the others
            report.errors.append(f"{source.url}: {type(exc).__name__}: {exc}")
            urls = []
        now = datetime.now(UTC)
        if report.errors:
            # keep the old validators: a 304 next time must not hide the part of the listing that failed
            state.etag, state.last_modified = validators
            state.last_error = f"{now:%Y-%m-%d %H:%M} {report.errors[0]}"
        else:
            state.last_success, state.last_error = now, None
        wanted = [u for u in urls if source.wants(u)]
        report.discovered = len(wanted)
        return [(source.name, u) for u in wanted]

    for batch in await asyncio.gather(*(one(s) for s in sources)):
        discovery.candidates.extend(batch)
    discovery.candidates = list(dict.fromkeys(discovery.candidates))
    return discovery


@dataclass(frozen=True)
class Revisit:
    """A recent article fetched again with its validators: an edit becomes its new version."""

    source: str
    url: str
    etag: str | None
    last_modified: str | None


def _ascii(validator: str | None) -> str | None:
    """A validator that cannot be sent back in a header (httpx sends ASCII) is not kept."""
    return validator if validator is None or validator.isascii() else None


def select_revisits(
    warehouse: Warehouse, sources: Sequence[Source], *, days: float, hours: float, per_source: int
) -> list[Revisit]:
    """Articles first seen in the last `days`, not checked for `hours`, at most `per_source` a source."""
    with warehouse.reader() as con:
        return _revisits(con, sources, days=days, hours=hours, per_source=per_source)


def _revisits(
    con: duckdb.DuckDBPyConnection, sources: Sequence[Source], *, days: float, hours: float, per_source: int
) -> list[Revisit]:
    now = datetime.now(UTC)
    rows = con.execute(
        saved_query("seen_urls_revisit"),
        [[s.name for s in sources], now - timedelta(days=days), now - timedelta(hours=hours), per_source],
    ).fetchall()
    return [Revisit(*row) for row in rows]


async def fetch_pages(
    candidates: Sequence[tuple[str, str]], fetcher: Fetcher, revisits: Sequence[Revisit] = ()
) -> tuple[list[Page], list[FetchRecord], dict[str, str]]:
    """Fetch article pages concurrently (the fetcher bounds it), and revisit recent ones conditionally (a 304
    is logged, nothing more); returns pages, log rows and errors by URL (revisits never fail a URL)."""
    pages: list[Page] = []
    records: list[FetchRecord] = []
    errors: dict[str, str] = {}

    async def get(source: str, url: str, kind: str, etag: str | None = None, last_modified: str | None = None) -> None:
        """One GET, new article or revisit alike: robots.txt, then the page; any failure is recorded, and
        counts against the URL only for a new article (a failed revisit leaves the stored version standing)."""
        failures = errors if kind == "article" else {}
        try:
            if not await fetcher.allowed(url):
                failures[url] = f"{url}: disallowed by robots.txt"
                records.append(FetchRecord(source, url, kind, None, 0, 0.0, "disallowed by robots.txt"))
                return
            result = await fetcher.fetch(url, etag=etag, last_modified=last_modified)
        except FetchError as exc:
            failures[url] = str(exc)
            records.append(_record(source, url, kind, exc))
            return
        except Exception as exc:  # noqa: BLE001 -- one URL never fails the others (an unsendable validator, ...)
            failures[url] = f"{url}: {type(exc).__name__}: {exc}"
            records.append(FetchRecord(source, url, kind, None, 0, 0.0, f"{type(exc).__name__}: {exc}"))
            return
        records.append(_record(source, url, kind, result))
        if not result.not_modified:
            pages.append(Page(source, url, result.body, datetime.now(UTC)))

    wanted = {url for _, url in candidates}
    await asyncio.gather(
        *(get(source, url, "article") for source, url in candidates),
        *(get(r.source, r.url, "revisit", r.etag, r.last_modified) for r in revisits if r.url not in wanted),
    )
    order = {url: i for i, (_, url) in enumerate(candidates)}
    pages.sort(key=lambda p: order.get(p.url, len(order)))
    return pages, records, errors


def _extract_one(page: Page, catalogue: Catalogue) -> Prepared | ExtractError:
    """Worker body: trafilatura, then everything that depends on the article alone (hash, relevance, figures);
    or the error that says why the page is no article (errors pickle with their fields)."""
    try:
        article = extract_html(page.body, url=page.url, source=page.source, fetched_at=page.fetched_at)
    except ExtractError as exc:
        return exc
    return prepare(article, catalogue)


def extract_pages(
    pages: Sequence[Page], catalogue: Catalogue, pool: ProcessPoolExecutor | None = None
) -> tuple[list[Prepared], dict[str, str]]:
    """Extract and prepare fetched pages, over the pool when there are enough of them to pay for it."""
    results = map_in_order(partial(_extract_one, catalogue=catalogue), pages, pool)
    prepared = [r for r in results if isinstance(r, Prepared)]
    failures = {p.url: str(r) for p, r in zip(pages, results, strict=True) if isinstance(r, ExtractError)}
    return prepared, failures


def record(
    warehouse: Warehouse,
    run_id: str,
    records: Sequence[FetchRecord],
    states: dict[str, SourceState],
    outcomes: dict[tuple[str, str], str | None],
) -> None:
    """Store fetch log, source validators and URL outcomes (None = done, else the error) in one transaction."""
    now = datetime.now(UTC)
    with warehouse.transaction() as con:
        append(
            con,
            "fetch_log",
            [(run_id, r.source, r.url, r.kind, r.status, r.bytes, r.elapsed_ms, r.error, now) for r in records],
        )
        for state in states.values():
            con.execute(
                saved_query("source_state_upsert"),
                [state.source, state.url, state.etag, state.last_modified, state.last_success, state.last_error, now],
            )
        by_url = {url: (source, "failed" if error else "done", error) for (source, url), error in outcomes.items()}
        if by_url:  # one row per URL, even when two sources list it (one statement cannot update a row twice)
            sources, statuses, errors = zip(*by_url.values(), strict=True)
            con.execute(
                saved_query("seen_url_upsert"), [list(by_url), list(sources), now, list(statuses), list(errors)]
            )
        # a revisit counts as a check whatever came of it: a failing URL waits its turn
        checked = {
            r.url: (_ascii(r.etag), _ascii(r.last_modified))
            for r in records
            if r.kind == "revisit" or (r.kind == "article" and r.status in {200, 304})
        }
        if checked:
            etags, modified = zip(*checked.values(), strict=True)
            con.execute(saved_query("seen_url_checked"), [now, list(checked), list(etags), list(modified)])


@dataclass(frozen=True)
class Chunk:
    """One round of a pass: URLs to fetch, recent articles to revisit, and pages already in hand to
    extract before (watched pages) or after (listing pages that may be articles) the fetched ones."""

    candidates: list[tuple[str, str]]
    revisits: list[Revisit]
    before: list[Page]
    after: list[Page]


@dataclass
class MonitorRun:
    """A monitoring pass's decisions and bookkeeping, so the flow only runs its tasks in order: what to
    fetch in which chunk, what each chunk and store step brought, and what is recorded at the end."""

    warehouse: Warehouse
    discovery: Discovery
    candidates: list[tuple[str, str]]
    revisits: list[Revisit]
    batch_size: int
    report: IngestReport = field(default_factory=IngestReport)
    records: list[FetchRecord] = field(default_factory=list)
    fetch_errors: dict[str, str] = field(default_factory=dict)
    extract_errors: dict[str, str] = field(default_factory=dict)
    fetched: int = 0

    @classmethod
    def plan(
        cls, warehouse: Warehouse, settings: Settings, sources: Sequence[Source], discovery: Discovery
    ) -> MonitorRun:
        """New and retried URLs, and recent articles due for a revisit, read in one connection."""
        with warehouse.reader() as con:
            candidates = _candidates(con, discovery, sources)
            revisits = _revisits(
                con, sources, days=settings.revisit_days, hours=settings.revisit_hours,
                per_source=settings.revisit_per_source,
            )  # fmt: skip
        return cls(warehouse, discovery, candidates, revisits, settings.batch_size, records=list(discovery.records))

    def chunks(self) -> Iterator[Chunk]:
        """Chunks of `batch_size` URLs; revisits and watched pages go with the first, listing pages with the
        last (so a post a listing shows in full is stored under its own URL first); at least one chunk when
        there is anything to do."""
        watched = [p for p in self.discovery.pages if p.url not in self.discovery.optional]
        listings = [p for p in self.discovery.pages if p.url in self.discovery.optional]
        size = self.batch_size
        starts = list(range(0, len(self.candidates), size)) or ([0] if watched or listings or self.revisits else [])
        for n, start in enumerate(starts):
            first, last = n == 0, n == len(starts) - 1
            yield Chunk(
                self.candidates[start : start + size],
                self.revisits if first else [],
                watched if first else [],
                listings if last else [],
            )

    def fetched_chunk(
        self, chunk: Chunk, pages: list[Page], records: list[FetchRecord], errors: dict[str, str]
    ) -> list[Page]:
        """Remember what fetching a chunk brought; returns the pages to extract, in order."""
        self.records += records
        self.fetch_errors |= errors
        pages = [*chunk.before, *pages, *chunk.after]
        self.fetched += len(pages)
        return pages

    def stored(self, report: IngestReport, extract_errors: dict[str, str]) -> None:
        self.report.add(report)
        self.extract_errors |= extract_errors

    def finish(self, run_id: str) -> IngestReport:
        """Tally per source, record fetches, validators and URL outcomes, and close the run row.
        Extraction failures are final (the page is no article); fetch failures are retried next run."""
        for url in self.discovery.optional:
            self.extract_errors.pop(url, None)  # a listing page that is no article is no failure
        tally_pages(self.discovery, self.candidates, self.fetch_errors, self.extract_errors)
        outcomes = {c: self.fetch_errors.get(c[1]) for c in self.candidates}
        record(self.warehouse, run_id, self.records, self.discovery.states, outcomes)
        self.report.failed += [e for r in self.discovery.reports.values() for e in r.errors]
        self.report.failed += list(self.fetch_errors.values()) + list(self.extract_errors.values())
        finish_run(self.warehouse, run_id, self.report)
        return self.report

    def counts(self) -> dict[str, int]:
        """The pass's own counts, beside the article counts: URLs, listings unchanged, sources failed."""
        reports = self.discovery.reports.values()
        return {
            "urls_discovered": sum(r.discovered for r in reports),
            "urls_fetched": self.fetched,
            "listings_not_modified": sum(r.listing == "304" for r in reports),
            "sources": len(self.discovery.reports),
            "sources_failed": sum(bool(r.errors) for r in reports),
        }
