"""Discovery: feeds, sitemaps (indexes, gzip, loops, caps), listing pages, and hostile XML."""

from __future__ import annotations

import gzip

import httpx
import pytest
import respx

from assbwatch.acquire.discover import normalize, parse_feed, parse_page, parse_sitemap
from assbwatch.acquire.fetch import Fetcher, FetchPolicy
from assbwatch.config.sources import Source
from assbwatch.errors import ExtractError
from assbwatch.monitor import SourceState, discover, fetch_pages, select_candidates

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _urlset(urls: list[str]) -> bytes:
    return f"<?xml version='1.0'?><urlset {NS}>{''.join(f'<url><loc>{u}</loc></url>' for u in urls)}</urlset>".encode()


def _index(urls: list[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f"<?xml version='1.0'?><sitemapindex {NS}>{items}</sitemapindex>".encode()


def test_urls_lose_tracking_parameters_and_fragments() -> None:
    assert normalize("https://News.Example/a?utm_source=x&id=3&fbclid=y#top") == "https://news.example/a?id=3"


def test_feed_links_are_normalised_and_unique() -> None:
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>a</title><link href="https://n.example/a?utm_medium=rss"/></entry>
    <entry><title>b</title><link href="https://n.example/a#comments"/></entry></feed>"""
    assert parse_feed(feed, "https://n.example/atom").articles == ["https://n.example/a"]


def test_malformed_feed_is_an_error_naming_the_url() -> None:
    with pytest.raises(ExtractError, match=r"https://n\.example/feed: not a readable feed"):
        parse_feed(b"<rss><channel><item><link>", "https://n.example/feed")


def test_gzipped_sitemap_and_sitemap_index() -> None:
    assert parse_sitemap(gzip.compress(_urlset(["https://s.example/1"])), "https://s.example/s.xml.gz").articles == [
        "https://s.example/1"
    ]
    assert parse_sitemap(_index(["https://s.example/a.xml"]), "https://s.example/i.xml").sitemaps == [
        "https://s.example/a.xml"
    ]


def test_billion_laughs_does_not_expand() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b"<urlset " + NS.encode() + b"><url><loc>https://s.example/&d;</loc></url></urlset>"
    )
    urls = parse_sitemap(bomb, "https://s.example/bomb.xml").articles
    assert all(len(u) < 100 for u in urls)


def test_listing_page_keeps_same_host_article_links() -> None:
    html = (
        b'<a href="/news/1?utm_source=x">1</a><a href="https://other.example/x">o</a>'
        b'<a href="/">home</a><a href="/news/2">2</a>'
    )
    assert parse_page(html, "https://p.example/list").articles == [
        "https://p.example/news/1",
        "https://p.example/news/2",
    ]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _no_wait(seconds: float) -> None:
    return None


def _fetcher() -> Fetcher:
    return Fetcher(httpx.AsyncClient(), FetchPolicy(min_interval=0.0, retries=0), sleep=_no_wait)


@pytest.mark.anyio
@respx.mock
async def test_a_self_referencing_sitemap_index_stops_and_max_items_caps(warehouse) -> None:
    respx.get("https://s.example/index.xml").mock(
        return_value=httpx.Response(200, headers={"content-type": "application/xml"},
                                    content=_index(["https://s.example/index.xml", "https://s.example/a.xml"]))
    )  # fmt: skip
    many = [f"https://s.example/news/{i}" for i in range(100_000)]
    respx.get("https://s.example/a.xml").mock(
        return_value=httpx.Response(200, headers={"content-type": "application/xml"}, content=_urlset(many))
    )
    source = Source("s", "sitemap", "https://s.example/index.xml", max_items=50)
    discovery = await discover([source], _fetcher(), {"s": SourceState("s", source.url)})
    assert len(discovery.candidates) == 100_000
    with warehouse.writer():
        pass
    candidates = select_candidates(warehouse, discovery, [source])
    assert len(candidates) == 50
    assert candidates[0] == ("s", "https://s.example/news/0")
    assert [r.url for r in discovery.records] == ["https://s.example/index.xml", "https://s.example/a.xml"]


@pytest.mark.anyio
@respx.mock
async def test_one_failing_source_never_stops_the_others() -> None:
    respx.get("https://down.example/feed").mock(side_effect=httpx.ConnectError("no route to host"))
    respx.get("https://up.example/feed").mock(
        return_value=httpx.Response(200, headers={"content-type": "application/rss+xml"},
                                    content=b"<rss><channel><item><link>https://up.example/a</link></item></channel></rss>")
    )  # fmt: skip
    sources = [Source("down", "feed", "https://down.example/feed"), Source("up", "feed", "https://up.example/feed")]
    discovery = await discover(sources, _fetcher(), {s.name: SourceState(s.name, s.url) for s in sources})
    assert discovery.candidates == [("up", "https://up.example/a")]
    assert discovery.reports["down"].listing == "error: ConnectError: no route to host"
    assert discovery.states["down"].last_error.endswith("https://down.example/feed: ConnectError: no route to host")
    assert discovery.states["up"].last_success is not None


@pytest.mark.anyio
@respx.mock
async def test_robots_txt_is_honoured() -> None:
    robots = respx.get("https://r.example/robots.txt").mock(
        return_value=httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
    )
    allowed = respx.get("https://r.example/news/1").mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>ok</p>")
    )
    private = respx.get("https://r.example/private/1")
    pages, records, errors = await fetch_pages(
        [("r", "https://r.example/news/1"), ("r", "https://r.example/private/1")], _fetcher()
    )
    assert [p.url for p in pages] == ["https://r.example/news/1"]
    assert errors == {"https://r.example/private/1": "https://r.example/private/1: disallowed by robots.txt"}
    assert (allowed.call_count, private.call_count, robots.call_count) == (1, 0, 1)
    assert {r.url: r.error for r in records}["https://r.example/private/1"] == "disallowed by robots.txt"


@pytest.mark.anyio
@respx.mock
async def test_robots_txt_is_fetched_once_per_host_however_many_urls_wait() -> None:
    robots = respx.get("https://r.example/robots.txt").mock(return_value=httpx.Response(404))
    respx.get(url__regex=r"https://r\.example/news/\d+").mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>ok</p>")
    )
    pages, _, errors = await fetch_pages([("r", f"https://r.example/news/{i}") for i in range(50)], _fetcher())
    assert (len(pages), errors, robots.call_count) == (50, {}, 1)


def test_billion_laughs_in_a_feed_does_not_expand() -> None:
    entities = "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">{entities}]><rss version="2.0"><channel>'
        "<title>&i;</title><item><title>x</title><link>https://x.example/a</link><description>&i;</description>"
        "</item></channel></rss>"
    ).encode()
    assert parse_feed(feed, "https://x.example/feed").articles == ["https://x.example/a"]


@pytest.mark.anyio
@respx.mock
async def test_a_corrupt_gzipped_sitemap_fails_its_source_only() -> None:
    respx.get("https://bad.example/s.xml.gz").mock(
        return_value=httpx.Response(200, headers={"content-type": "application/gzip"}, content=b"\x1f\x8b\x08broken")
    )
    respx.get("https://good.example/s.xml.gz").mock(
        return_value=httpx.Response(200, headers={"content-type": "application/x-gzip"},
                                    content=gzip.compress(_urlset(["https://good.example/a"])))
    )  # fmt: skip
    sources = [
        Source("bad", "sitemap", "https://bad.example/s.xml.gz"),
        Source("good", "sitemap", "https://good.example/s.xml.gz"),
    ]
    discovery = await discover(sources, _fetcher(), {s.name: SourceState(s.name, s.url) for s in sources})
    assert discovery.candidates == [("good", "https://good.example/a")]
    assert "not a readable gzipped sitemap" in discovery.reports["bad"].errors[0]


@pytest.mark.anyio
@respx.mock
async def test_validators_are_kept_when_part_of_a_listing_failed() -> None:
    respx.get("https://s.example/index.xml").mock(
        return_value=httpx.Response(200, headers={"content-type": "application/xml", "etag": '"new"'},
                                    content=_index(["https://s.example/child.xml"]))
    )  # fmt: skip
    respx.get("https://s.example/child.xml").mock(return_value=httpx.Response(404))
    source = Source("s", "sitemap", "https://s.example/index.xml")
    state = SourceState("s", source.url, etag='"old"')
    discovery = await discover([source], _fetcher(), {"s": state})
    assert discovery.states["s"].etag == '"old"'  # next run asks again in full
    assert discovery.states["s"].last_error.endswith("https://s.example/child.xml: HTTP 404")
