"""Candidate article URLs from a source's listing: an RSS/Atom feed, a sitemap (or sitemap
index, gzipped or not), or the links of a plain listing page. Pure: bytes in, URLs out.

XML is parsed with entity resolution and network access off, so a "billion laughs" document or
an external entity cannot expand or reach out.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html
from courlan import normalize_url

from assbwatch.errors import ListingError

__all__ = ["Listing", "normalize", "parse_feed", "parse_listing", "parse_page", "parse_sitemap"]

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_XML_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
_MAX_GUNZIPPED = 50_000_000  # a gzip bomb stops here


@dataclass(frozen=True)
class Listing:
    articles: list[str]  # candidate article URLs, normalised, in listing order, without repeats
    sitemaps: list[str]  # child sitemaps of a sitemap index, to fetch next


def normalize(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters (utm_*, fbclid, ...): one URL per article."""
    try:
        return normalize_url(url, strict=True)
    except ValueError:
        return url


def _unique(urls: list[str]) -> list[str]:
    return list(dict.fromkeys(normalize(u) for u in urls if urlsplit(u).scheme in {"http", "https"}))


def _gunzip(body: bytes, url: str) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(_MAX_GUNZIPPED + 1)
    except (OSError, EOFError, zlib.error) as exc:  # truncated or corrupt gzip
        raise ListingError(url, f"not a readable gzipped sitemap: {exc}") from exc
    if len(data) > _MAX_GUNZIPPED:
        raise ListingError(url, f"gzipped sitemap expands past {_MAX_GUNZIPPED:,} bytes")
    return data


def parse_feed(body: bytes, url: str) -> Listing:
    parsed = feedparser.parse(body)
    links = _unique([urljoin(url, e.get("link", "")) for e in parsed.entries if e.get("link")])
    if parsed.bozo and not links:  # feedparser reads broken feeds leniently; only a useless one is an error
        raise ListingError(url, f"not a readable feed: {parsed.get('bozo_exception')}")
    return Listing(links, [])


def parse_sitemap(body: bytes, url: str) -> Listing:
    try:
        root = lxml.etree.fromstring(_gunzip(body, url), parser=_XML_PARSER)
    except lxml.etree.XMLSyntaxError as exc:
        raise ListingError(url, f"not a readable sitemap: {exc}") from exc
    locs = [el.text.strip() for el in root.iter(f"{_SITEMAP_NS}loc", "loc") if el.text and el.text.strip()]
    if root.tag in (f"{_SITEMAP_NS}sitemapindex", "sitemapindex"):
        return Listing([], _unique([urljoin(url, loc) for loc in locs]))
    return Listing(_unique([urljoin(url, loc) for loc in locs]), [])


def parse_page(body: bytes, url: str) -> Listing:
    """Links on a listing page that stay on its host and look like articles (a path, not the home page)."""
    try:
        tree = lxml.html.fromstring(body, base_url=url)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ListingError(url, f"not a readable page: {exc}") from exc
    host = urlsplit(url).netloc.lower()
    links = []
    for href in tree.xpath("//a/@href"):
        absolute = urljoin(url, str(href))
        parts = urlsplit(absolute)
        if parts.netloc.lower() == host and parts.path.strip("/") and normalize(absolute) != normalize(url):
            links.append(absolute)
    return Listing(_unique(links), [])


def parse_listing(kind: str, body: bytes, url: str) -> Listing:
    """Dispatch on the source kind (feed | sitemap | page)."""
    parser = {"feed": parse_feed, "sitemap": parse_sitemap, "page": parse_page}[kind]
    return parser(body, url)
