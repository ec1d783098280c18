"""The one door to the DuckDB file: short-lived connections, migrations, bulk writes, read-only SQL.

DuckDB lets one process hold the file at a time (even a reader is refused while a writer is
open), so connections live only for the work at hand, and a refused open is retried with
backoff for `Settings.lock_wait` seconds before it becomes a `WarehouseLocked` naming the holder.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb

from assbwatch.config.settings import Settings
from assbwatch.errors import QueryError, WarehouseError, WarehouseIncompatible, WarehouseLocked, WarehouseMissing

__all__ = ["Migration", "QueryResult", "Warehouse", "append", "migrations", "saved_query"]

_SQL = files("assbwatch.sql")
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<prog>\S+) \(PID (?P<pid>\d+)\)")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


@cache  # package data: read once per process, not on every writer
def migrations() -> tuple[Migration, ...]:
    """The numbered `warehouse/migrations/NNN_name.sql` files, in order."""
    found = []
    for entry in _SQL.joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append(Migration(int(number), name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda m: m.version))


@cache  # package data: read once per process
def saved_query(name: str) -> str:
    """A named query from `warehouse/queries/`, so SQL stays in files, not in Python strings. A few have
    `{slots}` for what cannot be a parameter (a table name, a literal id list); their callers fill them
    with `str.format`."""
    return _SQL.joinpath("queries", f"{name}.sql").read_text(encoding="utf-8")


def append(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Bulk insert through DuckDB's appender (~160k rows/s, against ~550 for executemany)."""
    if rows:
        appender = con.appender(table)
        appender.append_rows(rows)
        appender.flush()


def _holder(message: str) -> str | None:
    match = _LOCK_HOLDER.search(message)
    return f"PID {match['pid']} ({Path(match['prog']).name})" if match else None


# A user's query reads the warehouse and nothing else: no files, no extensions, no settings changed back.
_Config = dict[str, str | bool | int | float | list[str]]  # the type duckdb.connect takes (a dict is invariant)
_SEALED: _Config = {"enable_external_access": False, "lock_configuration": True}


class Warehouse:
    """A DuckDB file, opened briefly and on demand; holds no connection between calls."""

    def __init__(self, path: Path, *, lock_wait: float = Settings.lock_wait):
        self.path = Path(path)
        self.lock_wait = lock_wait

    def _connect(self, *, read_only: bool, sealed: bool = False) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_wait
        delay = 0.05
        config: _Config = _SEALED if sealed else {}
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only, config=config)
            except duckdb.IOException as exc:
                message = str(exc)
                if "lock" not in message.lower():
                    raise WarehouseIncompatible(self.path, f"cannot open: {message.splitlines()[0]}") from exc
                if time.monotonic() >= deadline:
                    raise WarehouseLocked(self.path, _holder(message), self.lock_wait) from exc
                time.sleep(delay)  # waiting for another process, not for a test: bounded by lock_wait
                delay = min(delay * 2, 1.0)
            except duckdb.Error as exc:
                raise WarehouseIncompatible(self.path, f"not a usable DuckDB file: {exc}") from exc

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        """Refuse a foreign or newer file, apply missing migrations. An up-to-date file costs one small
        read; listing the catalogue on every open (duckdb_tables, information_schema) cost ~10 ms a writer."""
        try:
            applied = {row[0] for row in con.execute(saved_query("schema_versions")).fetchall()}
        except duckdb.CatalogException:  # a new file, or someone else's database
            if con.execute(saved_query("table_count")).fetchall()[0][0]:
                raise WarehouseIncompatible(
                    self.path, "holds tables but no schema_migrations: not an assbwatch warehouse; left untouched"
                ) from None
            con.execute(saved_query("schema_migrations_create"))
            applied = set()
        known = migrations()
        newest = max((m.version for m in known), default=0)
        if applied and max(applied) > newest:
            raise WarehouseIncompatible(
                self.path,
                f"schema version {max(applied)} is newer than this assbwatch knows ({newest}); upgrade assbwatch",
            )
        for migration in known:
            if migration.version in applied:
                continue
            con.begin()
            try:
                con.execute(migration.sql)
                con.execute(saved_query("schema_migration_record"), [migration.version, migration.name])
                con.commit()
            except Exception:
                con.rollback()
                raise

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection with the schema up to date; closed as soon as the block ends."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(self.path, f"cannot create its folder: {exc.strerror or exc}") from exc
        con = self._connect(read_only=False)
        try:
            self._migrate(con)
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One all-or-nothing write: a batch of articles with everything derived from them."""
        with self.writer() as con:
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            con.commit()

    @contextmanager
    def reader(self, *, sealed: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection; a missing file is an error, not an empty new warehouse. `sealed`: it
        reads this file and nothing else (no COPY TO, read_csv, ATTACH, INSTALL/LOAD, SET)."""
        if not self.path.exists():
            raise WarehouseMissing(self.path)
        con = self._connect(read_only=True, sealed=sealed)
        try:
            yield con
        finally:
            con.close()

    def check(self) -> None:
        """Open, migrate and close: a corrupt, foreign, locked or unwritable file fails here, with its
        name, before a flow (and Prefect's start-up) begins."""
        with self.writer():
            pass

    def query(self, sql: str, params: Sequence[Any] | None = None) -> QueryResult:
        """Run a user's SQL on a sealed read-only connection; DuckDB's errors become a QueryError with its
        first line ("Permission Error: Cannot access file ... disabled by configuration")."""
        if not sql.strip():
            raise QueryError(self.path, "empty query")
        with self.reader(sealed=True) as con:
            try:
                cursor = con.execute(sql, params or [])
                if cursor is None:  # only comments: DuckDB has nothing to run
                    raise QueryError(self.path, "no statement to run (only comments?)")
                columns = [d[0] for d in cursor.description or []]
                return QueryResult(columns, cursor.fetchall())
            except duckdb.Error as exc:
                raise QueryError(self.path, str(exc).strip().splitlines()[0]) from exc
