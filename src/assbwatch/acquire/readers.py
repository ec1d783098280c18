"""Backfill input: `.txt` and `.html` files, or folders of them, turned into Articles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path

from assbwatch.acquire.extract import extract_html, refuse_binary
from assbwatch.acquire.parallel import PARALLEL_THRESHOLD, map_in_order, worker_pool
from assbwatch.errors import ExtractError, InputError
from assbwatch.models import TEXT_EXTRACTOR, Article
from assbwatch.progress import Advance
from assbwatch.text.normalize import clean

__all__ = ["SUFFIXES", "find_files", "read_file", "read_many", "read_text_article"]

SUFFIXES = (".txt", ".html", ".htm")
BACKFILL_SOURCE = "backfill"
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, sorted so ids follow file order) and check every path exists."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(path, f"unsupported file type; expected one of {', '.join(SUFFIXES)}")
            found.append(path)
        else:
            raise InputError(path, "no such file or folder")
    return found


def _first_date(text: str) -> date | None:
    """The first calendar date written in the text: ISO, or US month/day/year (day/month if month > 12)."""
    candidates: list[tuple[int, date]] = []
    for m in _ISO_DATE.finditer(text):
        with suppress(ValueError):  # 2025-13-45 is not a date
            candidates.append((m.start(), date(int(m[1]), int(m[2]), int(m[3]))))
    for m in _SLASH_DATE.finditer(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        month, day = (second, first) if first > 12 else (first, second)
        with suppress(ValueError):
            candidates.append((m.start(), date(year, month, day)))
    return min(candidates)[1] if candidates else None


def read_text_article(raw: bytes, *, url: str, source: str = BACKFILL_SOURCE) -> Article:
    """A plain-text article: the first line with a letter in it is the title.

    The text keeps the title line (as trafilatura keeps a page's headline): in seed 004 that line is
    a whole paragraph, and the only one that reports the ¥1.6 billion.
    """
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = raw.decode("cp1252", errors="replace")  # old Windows exports; ftfy repairs the rest
    refuse_binary(decoded, url)
    lines = clean(decoded).split("\n")
    title_at = next((i for i, line in enumerate(lines) if _HAS_LETTER.search(line)), None)
    if title_at is None:
        raise ExtractError(url, "no line with letters in it: nothing to use as a title")
    body = "\n".join(lines[title_at:]).strip()
    return Article(
        url=url,
        source=source,
        text=body,
        title=lines[title_at].strip(),
        published=_first_date(decoded),
        raw=raw,
        extractor=TEXT_EXTRACTOR,
    )


def read_file(path: Path, *, source: str = BACKFILL_SOURCE) -> Article:
    """Read one backfill file; the URL is the file's absolute `file://` URI."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from exc
    url = path.resolve().as_uri()
    if path.suffix.lower() == ".txt":
        return read_text_article(raw, url=url, source=source)
    return extract_html(raw, url=url, source=source)


def _read_one(path: Path) -> Article | InputError | ExtractError:
    """Worker body: an Article, or the error that kept the file out (errors pickle with their fields)."""
    try:
        return read_file(path)
    except (InputError, ExtractError) as exc:
        return exc


def read_many(
    paths: Sequence[Path], *, workers: int = 1, progress: Advance | None = None
) -> tuple[list[Article], list[str]]:
    """Read files in order, HTML extraction spread over `workers` processes; failures are reported, not raised."""
    html_count = sum(p.suffix.lower() != ".txt" for p in paths)  # plain text is cheap: no pool for it alone
    with worker_pool(workers if html_count >= PARALLEL_THRESHOLD else 1) as pool:
        results = map_in_order(_read_one, paths, pool, progress=progress)
    articles = [r for r in results if isinstance(r, Article)]
    failures = [str(r) for r in results if isinstance(r, InputError | ExtractError)]
    return articles, failures
