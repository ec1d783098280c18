"""The sources file (`sources.toml`): what to watch, validated on load.

[[sources]]
name = "example"
kind = "feed"          # feed | sitemap | page | article
url  = "https://example.org/feed.xml"
include = ["solid-state"]   # optional URL substrings; an article URL must contain one
exclude = ["/video/"]       # optional URL substrings to skip
max_items = 100             # optional cap on URLs taken per pass
min_interval = 1.0          # optional seconds between requests to this host
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assbwatch.config.tomlfile import read_toml
from assbwatch.errors import ConfigError

__all__ = ["SOURCE_KINDS", "Source", "load_sources"]

SOURCE_KINDS = ("feed", "sitemap", "page", "article")
_FIELDS = {"name", "kind", "url", "include", "exclude", "max_items", "min_interval"}


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_items: int = 100
    min_interval: float = 1.0

    def wants(self, url: str) -> bool:
        """Whether a discovered article URL passes the include/exclude patterns."""
        if self.include and not any(p in url for p in self.include):
            return False
        return not any(p in url for p in self.exclude)


def _strings(path: Path, entry: str, name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, "expected a list of strings", entry=entry, field=name)
    return tuple(value)


def _source(path: Path, index: int, raw: Any, seen: set[str]) -> Source:
    entry = f"sources[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(path, "expected a table", entry=entry)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(path, "missing or empty", entry=entry, field="name")
    entry = f"sources[{index}] ({name})"
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ConfigError(
            path, f"unknown field; known fields: {', '.join(sorted(_FIELDS))}", entry=entry, field=unknown[0]
        )
    if name in seen:
        raise ConfigError(path, "a source with this name is already defined", entry=entry, field="name")
    kind = raw.get("kind")
    if kind not in SOURCE_KINDS:
        raise ConfigError(
            path, f"unknown kind {kind!r}; expected one of {', '.join(SOURCE_KINDS)}", entry=entry, field="kind"
        )
    url = raw.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        raise ConfigError(path, f"expected an http(s) URL, got {url!r}", entry=entry, field="url")
    max_items = raw.get("max_items", 100)
    if not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1:
        raise ConfigError(path, "expected a positive whole number", entry=entry, field="max_items")
    min_interval = raw.get("min_interval", 1.0)
    if not isinstance(min_interval, int | float) or isinstance(min_interval, bool) or min_interval < 0:
        raise ConfigError(path, "expected a number of seconds >= 0", entry=entry, field="min_interval")
    return Source(
        name=name,
        kind=kind,
        url=url,
        include=_strings(path, entry, "include", raw.get("include", [])),
        exclude=_strings(path, entry, "exclude", raw.get("exclude", [])),
        max_items=max_items,
        min_interval=float(min_interval),
    )


def load_sources(path: Path) -> list[Source]:
    """Read and validate a sources file; every problem names the file, the entry and the field."""
    data = read_toml(path)
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ConfigError(path, "expected at least one [[sources]] entry", entry="sources")
    seen: set[str] = set()
    sources = []
    for index, raw in enumerate(raw_sources):
        source = _source(path, index, raw, seen)
        seen.add(source.name)
        sources.append(source)
    return sources
