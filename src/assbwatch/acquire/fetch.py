"""Polite HTTP fetching over one injected `httpx.AsyncClient`.

Bounded concurrency overall and per host, a minimum interval between requests to one host,
retries with backoff only for transient failures (connect errors, timeouts, 429, 5xx, honouring
`Retry-After`), a size cap enforced while streaming, a content-type check, and conditional GET
(ETag / Last-Modified) so an unchanged feed costs a 304 and nothing more.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from assbwatch import __version__
from assbwatch.errors import FetchError

__all__ = ["GZIP", "USER_AGENT", "FetchPolicy", "FetchResult", "Fetcher", "is_transient"]

USER_AGENT = f"assbwatch/{__version__} (+https://github.com/assbwatch; ASSB policy news monitor)"
GZIP = ("application/gzip", "application/x-gzip", "application/octet-stream")  # how .xml.gz sitemaps are served
HTML_OR_XML = (
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
)
TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int = 5_000_000
    concurrency: int = 8
    per_host: int = 2
    min_interval: float = 1.0  # seconds between requests to the same host
    retries: int = 2
    backoff: float = 0.5  # seconds, doubled each retry
    max_retry_after: float = 60.0  # never wait longer than this for a server's Retry-After
    total_timeout: float = 60.0  # a whole request, however slowly the bytes trickle in
    accept: tuple[str, ...] = HTML_OR_XML


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    elapsed: float
    attempts: int

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _retry_after(response: httpx.Response, cap: float) -> float | None:
    """Seconds from a Retry-After header (delta or HTTP date), capped; None when absent or unreadable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return max(0.0, min(seconds, cap))


def is_transient(error: BaseException) -> bool:
    """A failure that trying again later may not meet: a FetchError marked transient (timeouts, connection
    errors, 429, 5xx), or an httpx transport error that escaped it (but not a URL of an unsupported scheme).
    Anything else (a 404, a page too large, a bug) would fail the same way again."""
    if isinstance(error, FetchError):
        return error.transient
    return isinstance(error, httpx.TransportError) and not isinstance(error, httpx.UnsupportedProtocol)


def _disallow_all(robots: RobotFileParser) -> RobotFileParser:
    """A robots.txt that refuses every URL to every agent, in its own words."""
    robots.parse(["User-agent: *", "Disallow: /"])
    return robots


@dataclass
class Fetcher:
    """Fetch URLs politely; one instance per run, sharing the client and the per-host state."""

    client: httpx.AsyncClient
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # injected so tests never wait
    host_intervals: dict[str, float] = field(default_factory=dict)  # per-host override of min_interval
    _overall: asyncio.Semaphore = field(init=False)
    _hosts: dict[str, asyncio.Semaphore] = field(init=False, default_factory=dict)
    _last_request: dict[str, float] = field(init=False, default_factory=dict)
    _robots: dict[str, RobotFileParser | None] = field(init=False, default_factory=dict)
    _robots_locks: dict[str, asyncio.Lock] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._overall = asyncio.Semaphore(self.policy.concurrency)

    async def _wait_for_host(self, host: str) -> None:
        """Reserve this host's next slot before sleeping, so concurrent requests queue rather than pair up."""
        now = time.monotonic()
        last = self._last_request.get(host)
        slot = now if last is None else max(now, last + self.host_intervals.get(host, self.policy.min_interval))
        self._last_request[host] = slot
        if slot > now:
            await self.sleep(slot - now)

    async def allowed(self, url: str) -> bool:
        """robots.txt says we may fetch this URL (fetched once per host; no robots.txt allows all)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        async with self._robots_locks.setdefault(origin, asyncio.Lock()):  # one robots.txt request per host
            if origin not in self._robots:
                self._robots[origin] = await self._load_robots(origin)
        robots = self._robots[origin]
        return robots is None or robots.can_fetch(USER_AGENT, url)

    async def _load_robots(self, origin: str) -> RobotFileParser | None:
        """RFC 9309: a 4xx robots.txt allows everything; a 5xx or an unreachable one disallows everything."""
        robots = RobotFileParser()
        try:
            response = await self.client.get(
                f"{origin}/robots.txt", headers={"user-agent": USER_AGENT}, follow_redirects=True
            )
        except httpx.HTTPError:
            return _disallow_all(robots)
        if response.status_code >= 500:
            return _disallow_all(robots)
        if response.status_code >= 400 or len(response.content) > self.policy.max_bytes:
            return None
        robots.parse(response.text.splitlines())
        return robots

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, accept: tuple[str, ...] = ()
    ) -> FetchResult:
        """GET one URL; raises FetchError naming the URL and why (transient when a retry may help).
        `accept` adds content types to the policy's (gzipped sitemaps come as application/gzip)."""
        host = urlsplit(url).netloc
        semaphore = self._hosts.setdefault(host, asyncio.Semaphore(self.policy.per_host))
        headers = {"user-agent": USER_AGENT}
        if etag:
            headers["if-none-match"] = etag
        if last_modified:
            headers["if-modified-since"] = last_modified
        delay = self.policy.backoff
        for attempt in range(1, self.policy.retries + 2):
            # the host's slot first, then a global one: a busy host never holds slots other hosts could use;
            # backoff sleeps hold neither
            async with semaphore:
                await self._wait_for_host(host)
                try:
                    async with self._overall:
                        return await self._once(url, headers, attempt, self.policy.accept + accept)
                except FetchError as exc:
                    if not exc.transient or attempt > self.policy.retries:
                        raise
                    wait = exc.retry_after if exc.retry_after is not None else delay
            await self.sleep(wait)
            delay *= 2
        raise AssertionError("unreachable: the loop returns or raises")

    async def _once(self, url: str, headers: dict[str, str], attempt: int, accept: tuple[str, ...]) -> FetchResult:
        try:
            async with asyncio.timeout(self.policy.total_timeout):
                return await self._stream(url, headers, attempt, accept)
        except TimeoutError as exc:
            raise FetchError(url, f"no complete answer within {self.policy.total_timeout:g} s", transient=True) from exc

    async def _stream(self, url: str, headers: dict[str, str], attempt: int, accept: tuple[str, ...]) -> FetchResult:
        started = time.monotonic()
        try:
            async with self.client.stream("GET", url, headers=headers, follow_redirects=True) as response:
                if response.status_code == 304:
                    return self._result(url, response, b"", started, attempt)
                if response.status_code in TRANSIENT_STATUS:
                    error = FetchError(url, f"HTTP {response.status_code}", transient=True, status=response.status_code)
                    error.retry_after = _retry_after(response, self.policy.max_retry_after)
                    raise error
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code}", status=response.status_code)
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if content_type not in accept:
                    raise FetchError(
                        url, f"unwanted content type {content_type or 'none'!r}", status=response.status_code
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(
                        url, f"body of {int(declared):,} bytes exceeds the cap of {self.policy.max_bytes:,}"
                    )
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > self.policy.max_bytes:
                        raise FetchError(url, f"body exceeds the cap of {self.policy.max_bytes:,} bytes; aborted")
                return self._result(url, response, bytes(body), started, attempt)
        except httpx.TooManyRedirects as exc:
            raise FetchError(url, "too many redirects") from exc
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(url, f"redirected to a non-HTTP URL: {exc}") from exc
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise FetchError(url, f"{type(exc).__name__}: {exc}".rstrip(": "), transient=True) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:  # a body that will not decode, a malformed URL
            raise FetchError(url, f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc

    @staticmethod
    def _result(url: str, response: httpx.Response, body: bytes, started: float, attempt: int) -> FetchResult:
        return FetchResult(
            url=str(response.url),
            status=response.status_code,
            body=body,
            content_type=response.headers.get("content-type"),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            elapsed=time.monotonic() - started,
            attempts=attempt,
        )
