"""Every error assbwatch raises on purpose, in one tree.

    AssbwatchError
    ├── ConfigError(path, entry, field, reason)     a settings, sources or catalogue file is wrong
    ├── InputError(path, reason)                    a file given to backfill cannot be read
    ├── OutputError(path, reason)                   a file assbwatch was asked to write cannot be written
    ├── ExtractError(url, reason)                   a page yielded no article text
    │   └── ListingError(url, reason)               a feed, sitemap or listing page could not be read
    ├── FetchError(url, reason, transient)          an HTTP fetch failed
    ├── CandidateError(candidate_id, reason)        an alert candidate cannot be confirmed
    └── WarehouseError(path, reason)                the DuckDB file cannot be used
        ├── WarehouseLocked(path, holder)           another process holds the file
        ├── WarehouseMissing(path)                  nothing to read yet
        ├── WarehouseIncompatible(path, reason)     foreign, corrupt or newer-schema file
        └── QueryError(path, reason)                a user's SQL failed

The CLI turns these into one-line messages; anything else is a bug and keeps its traceback.
Every one pickles with its type, message and fields, so a worker process can return it as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "AssbwatchError",
    "CandidateError",
    "ConfigError",
    "ExtractError",
    "FetchError",
    "InputError",
    "ListingError",
    "OutputError",
    "QueryError",
    "WarehouseError",
    "WarehouseIncompatible",
    "WarehouseLocked",
    "WarehouseMissing",
]


class AssbwatchError(Exception):
    """Base of every error that carries a message meant for the user."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as cls(*args), and args here is the one message, not what __init__ takes:
        # rebuild without __init__, then restore the message and the fields as they were
        return _rebuild, (type(self), self.args), self.__dict__


def _rebuild(cls: type[AssbwatchError], args: tuple[Any, ...]) -> AssbwatchError:
    error = cls.__new__(cls)
    error.args = args
    return error


class CandidateError(AssbwatchError):
    def __init__(self, candidate_id: int, reason: str):
        self.candidate_id, self.reason = candidate_id, reason
        super().__init__(f"alert candidate {candidate_id}: {reason}")


class ConfigError(AssbwatchError):
    def __init__(self, path: Path | str, reason: str, *, entry: str | None = None, field: str | None = None):
        self.path, self.entry, self.field, self.reason = Path(path), entry, field, reason
        where = str(path)
        if entry is not None:
            where += f", entry {entry}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {reason}")


class InputError(AssbwatchError):
    def __init__(self, path: Path | str, reason: str):
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path}: {reason}")


class OutputError(AssbwatchError):
    def __init__(self, path: Path | str, reason: str):
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path}: {reason}")


class ExtractError(AssbwatchError):
    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


class ListingError(ExtractError):
    """A listing (feed, sitemap, listing page) that could not be read: it names no articles."""


class FetchError(AssbwatchError):
    def __init__(self, url: str, reason: str, *, transient: bool = False, status: int | None = None):
        self.url, self.reason, self.transient, self.status = url, reason, transient, status
        self.retry_after: float | None = None  # seconds the server asked us to wait (429/503)
        super().__init__(f"{url}: {reason}")


class WarehouseError(AssbwatchError):
    def __init__(self, path: Path | str, reason: str):
        self.path, self.reason = Path(path), reason
        super().__init__(f"warehouse {path}: {reason}")


class WarehouseLocked(WarehouseError):
    def __init__(self, path: Path | str, holder: str | None, waited: float):
        self.holder = holder
        who = f"held by {holder}" if holder else "held by another process"
        super().__init__(path, f"busy ({who}); gave up after {waited:.0f} s")


class WarehouseMissing(WarehouseError):
    def __init__(self, path: Path | str):
        super().__init__(path, "does not exist yet; run `assbwatch backfill` first")


class WarehouseIncompatible(WarehouseError):
    pass


class QueryError(WarehouseError):
    pass
