"""Main text and metadata from HTML, through trafilatura."""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime

import trafilatura
from trafilatura.settings import Document

from assbwatch.errors import ExtractError
from assbwatch.models import Article
from assbwatch.text.normalize import clean

__all__ = ["EXTRACTOR", "extract_html", "refuse_binary"]

EXTRACTOR = f"trafilatura {trafilatura.__version__}"
# trafilatura's fallbacks return navigation crumbs from a page with no article ("Home"): below this
# many words the page is treated as having no main text.
MIN_WORDS = 25
# control characters and U+FFFD (bytes that did not decode): text has next to none, random bytes ~12 %
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_BINARY_SHARE = 0.02


def refuse_binary(text: str, url: str) -> None:
    """Binary data served or saved as text (an image, random bytes) is an ExtractError, whatever a parser
    would make of it."""
    binary = len(_BINARY.findall(text))
    if text and binary / len(text) > _MAX_BINARY_SHARE:
        raise ExtractError(url, f"binary data, not text ({binary / len(text):.0%} control or undecodable bytes)")


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None


def extract_html(html: bytes | str, *, url: str, source: str, fetched_at: datetime | None = None) -> Article:
    """Extract one page; a page with no main text is an ExtractError, not an empty article."""
    if isinstance(html, bytes) and not html.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        refuse_binary(html.decode("latin-1"), url)  # every byte one character: control bytes stay control
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:
        raise ExtractError(url, f"trafilatura failed: {type(exc).__name__}: {exc}") from exc
    found = doc if isinstance(doc, Document) else None  # None: nothing found (a dict comes only with as_dict=True)
    text = clean(found.text or "") if found is not None else ""
    if found is None or len(text.split()) < MIN_WORDS:
        raise ExtractError(url, f"no main text found in the page ({len(text.split())} words extracted)")
    raw = html.encode("utf-8") if isinstance(html, str) else html
    return Article(
        url=url,
        source=source,
        text=text,
        title=clean(found.title) if found.title else None,
        published=_parse_date(found.date),
        author=found.author,
        site=found.sitename,
        raw=raw,
        fetched_at=fetched_at,
        extractor=EXTRACTOR,
    )
