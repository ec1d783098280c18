"""Fetching through respx: no network, and no real waiting (the fetcher's sleep is recorded)."""

from __future__ import annotations

import httpx
import pytest
import respx

from assbwatch.acquire.fetch import USER_AGENT, Fetcher, FetchPolicy
from assbwatch.errors import FetchError

pytestmark = pytest.mark.anyio
URL = "https://news.example/article"
HTML = {"content-type": "text/html; charset=utf-8"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def fetcher(slept: list[float]) -> Fetcher:
    async def record(seconds: float) -> None:
        slept.append(seconds)

    return Fetcher(
        httpx.AsyncClient(), FetchPolicy(max_bytes=1000, min_interval=0.0, retries=2, backoff=0.5), sleep=record
    )


@respx.mock
async def test_an_honest_user_agent_and_the_body(fetcher: Fetcher) -> None:
    route = respx.get(URL).mock(
        return_value=httpx.Response(200, headers={**HTML, "etag": '"v1"'}, content=b"<p>hi</p>")
    )
    result = await fetcher.fetch(URL)
    assert (result.status, result.body, result.etag) == (200, b"<p>hi</p>", '"v1"')
    assert route.calls[0].request.headers["user-agent"] == USER_AGENT


@respx.mock
async def test_conditional_get_sends_validators_and_a_304_costs_no_body(fetcher: Fetcher) -> None:
    route = respx.get(URL).mock(return_value=httpx.Response(304))
    result = await fetcher.fetch(URL, etag='"v1"', last_modified="Sat, 21 Nov 2026 10:00:00 GMT")
    assert result.not_modified
    assert result.body == b""
    request = route.calls[0].request
    assert (request.headers["if-none-match"], request.headers["if-modified-since"]) == (
        '"v1"',
        "Sat, 21 Nov 2026 10:00:00 GMT",
    )


@respx.mock
async def test_a_500_is_retried_with_backoff_then_succeeds(fetcher: Fetcher, slept: list[float]) -> None:
    respx.get(URL).mock(
        side_effect=[httpx.Response(500), httpx.Response(502), httpx.Response(200, headers=HTML, content=b"ok")]
    )
    result = await fetcher.fetch(URL)
    assert (result.body, result.attempts) == (b"ok", 3)
    assert slept == [0.5, 1.0]


@respx.mock
async def test_429_honours_retry_after(fetcher: Fetcher, slept: list[float]) -> None:
    respx.get(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after": "7"}),
            httpx.Response(200, headers=HTML, content=b"ok"),
        ]
    )
    assert (await fetcher.fetch(URL)).body == b"ok"
    assert slept == [7.0]


@respx.mock
async def test_a_404_is_not_retried(fetcher: Fetcher) -> None:
    route = respx.get(URL).mock(return_value=httpx.Response(404))
    with pytest.raises(FetchError, match=r"https://news\.example/article: HTTP 404") as info:
        await fetcher.fetch(URL)
    assert (info.value.transient, route.call_count) == (False, 1)


@respx.mock
async def test_persistent_5xx_gives_up_after_the_retries(fetcher: Fetcher) -> None:
    route = respx.get(URL).mock(return_value=httpx.Response(503))
    with pytest.raises(FetchError, match="HTTP 503") as info:
        await fetcher.fetch(URL)
    assert (info.value.transient, route.call_count) == (True, 3)


@respx.mock
async def test_a_pdf_is_refused_by_content_type(fetcher: Fetcher) -> None:
    respx.get(URL).mock(return_value=httpx.Response(200, headers={"content-type": "application/pdf"}, content=b"%PDF"))
    with pytest.raises(FetchError, match="unwanted content type 'application/pdf'"):
        await fetcher.fetch(URL)


@respx.mock
async def test_a_body_over_the_cap_is_aborted_while_streaming(fetcher: Fetcher) -> None:
    async def chunks():
        for _ in range(100):
            yield b"x" * 100

    respx.get(URL).mock(return_value=httpx.Response(200, headers=HTML, content=chunks()))
    with pytest.raises(FetchError, match="exceeds the cap of 1,000 bytes; aborted"):
        await fetcher.fetch(URL)


@respx.mock
async def test_a_connect_error_is_transient_and_named(fetcher: Fetcher) -> None:
    respx.get(URL).mock(side_effect=httpx.ConnectError("connection refused"))
    with pytest.raises(FetchError, match=r"https://news\.example/article: ConnectError: connection refused") as info:
        await fetcher.fetch(URL)
    assert info.value.transient


async def test_a_slow_real_server_times_out_with_a_clear_message(slept: list[float]) -> None:
    import socket

    # a real socket on 127.0.0.1 that accepts and never answers: the read timeout must fire
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        fetcher = Fetcher(
            httpx.AsyncClient(timeout=httpx.Timeout(0.2)), FetchPolicy(retries=1, min_interval=0.0), sleep=_no_wait
        )
        with pytest.raises(FetchError, match=rf"http://127\.0\.0\.1:{port}/slow: ReadTimeout") as info:
            await fetcher.fetch(f"http://127.0.0.1:{port}/slow")
    assert info.value.transient


async def _no_wait(seconds: float) -> None:
    return None


@respx.mock
async def test_a_redirect_loop_is_named(fetcher: Fetcher) -> None:
    respx.get(URL).mock(return_value=httpx.Response(302, headers={"location": URL}))
    with pytest.raises(FetchError, match=r"https://news\.example/article: too many redirects") as info:
        await fetcher.fetch(URL)
    assert not info.value.transient


async def test_a_redirect_to_another_scheme_is_refused(site) -> None:
    # a real server: respx would intercept the file:// request before httpx refuses the scheme
    site.routes["/moved"] = lambda headers: (302, {"location": "file:///etc/passwd"}, b"")
    fetcher = Fetcher(httpx.AsyncClient(), FetchPolicy(retries=0, min_interval=0.0), sleep=_no_wait)
    with pytest.raises(FetchError, match=r"/moved: redirected to a non-HTTP URL") as info:
        await fetcher.fetch(f"{site.base}/moved")
    assert not info.value.transient


@respx.mock
async def test_a_gzip_bomb_is_stopped_at_the_cap_on_decoded_bytes() -> None:
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * 50_000_000)
    assert len(bomb) < 100_000  # small on the wire, under the cap; 50 MB once decoded
    respx.get(URL).mock(return_value=httpx.Response(200, headers={**HTML, "content-encoding": "gzip"}, content=bomb))
    fetcher = Fetcher(httpx.AsyncClient(), FetchPolicy(max_bytes=1_000_000, retries=0), sleep=_no_wait)
    with pytest.raises(FetchError, match="exceeds the cap of 1,000,000 bytes; aborted"):
        await fetcher.fetch(URL)


async def test_an_endless_slow_body_hits_the_total_time_cap() -> None:
    import asyncio

    # a real socket on 127.0.0.1 that answers headers, then one byte at a time, for ever
    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n")
        try:
            while True:
                writer.write(b"1\r\na\r\n")
                await writer.drain()
                await asyncio.sleep(0.05)  # the server's pace, not the test waiting
        except (ConnectionError, asyncio.CancelledError):
            writer.close()

    server = await asyncio.start_server(trickle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    policy = FetchPolicy(retries=0, min_interval=0.0, total_timeout=0.5, max_bytes=10**9)
    fetcher = Fetcher(httpx.AsyncClient(timeout=5.0), policy, sleep=_no_wait)
    async with server:
        with pytest.raises(FetchError, match=r"no complete answer within 0\.5 s") as info:
            await fetcher.fetch(f"http://127.0.0.1:{port}/trickle")
    assert info.value.transient


@respx.mock
async def test_a_body_that_will_not_decode_is_a_named_error(fetcher: Fetcher) -> None:
    respx.get(URL).mock(
        return_value=httpx.Response(
            200, headers={**HTML, "content-encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip at all")
        )
    )
    with pytest.raises(FetchError, match=r"https://news\.example/article: DecodingError"):
        await fetcher.fetch(URL)


@respx.mock
async def test_robots_txt_answering_5xx_disallows_and_4xx_allows() -> None:
    respx.get("https://down.example/robots.txt").mock(return_value=httpx.Response(503))
    respx.get("https://open.example/robots.txt").mock(return_value=httpx.Response(404))
    fetcher = Fetcher(httpx.AsyncClient(), FetchPolicy(), sleep=_no_wait)
    assert not await fetcher.allowed("https://down.example/a")
    assert await fetcher.allowed("https://open.example/a")


async def test_requests_to_one_host_queue_at_the_minimum_interval(slept: list[float]) -> None:
    async def record(seconds: float) -> None:
        slept.append(seconds)

    with respx.mock:
        respx.get(url__regex=r"https://news\.example/\d").mock(
            return_value=httpx.Response(200, headers=HTML, content=b"x")
        )
        fetcher = Fetcher(httpx.AsyncClient(), FetchPolicy(min_interval=1.0, per_host=3), sleep=record)
        import asyncio

        await asyncio.gather(*(fetcher.fetch(f"https://news.example/{i}") for i in range(3)))
    assert sorted(round(s) for s in slept) == [1, 2]
