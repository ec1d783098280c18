from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from assbwatch.errors import QueryError, WarehouseIncompatible, WarehouseLocked, WarehouseMissing
from assbwatch.store.warehouse import Warehouse, migrations


def test_migrations_are_applied_once_and_recorded(warehouse: Warehouse) -> None:
    for _ in range(2):
        with warehouse.writer():
            pass
    rows = warehouse.query("SELECT version, name FROM schema_migrations ORDER BY version").rows
    assert rows == [(m.version, m.name) for m in migrations()]
    assert [m.version for m in migrations()] == list(range(1, len(rows) + 1))


def test_contract_columns_exist(warehouse: Warehouse) -> None:
    with warehouse.writer():
        pass
    columns = {
        r[0]
        for r in warehouse.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'articles'"
        ).rows
    }
    assert {
        "id",
        "url",
        "source",
        "title",
        "published",
        "text",
        "content_hash",
        "duplicate_of",
        "similarity",
        "relevant",
    } <= columns


def test_a_failed_transaction_leaves_nothing(warehouse: Warehouse) -> None:
    def crash_mid_batch() -> None:
        with warehouse.transaction() as con:
            con.execute("INSERT INTO runs (id, kind, started_at, status) VALUES ('r', 'backfill', now(), 'running')")
            raise RuntimeError("crash mid-batch")

    with pytest.raises(RuntimeError):
        crash_mid_batch()
    assert warehouse.query("SELECT count(*) FROM runs").rows == [(0,)]


def test_reading_a_missing_warehouse_says_so(tmp_path: Path) -> None:
    with pytest.raises(WarehouseMissing, match="does not exist yet; run `assbwatch backfill` first"):
        Warehouse(tmp_path / "none.duckdb").query("SELECT 1")


def test_a_sql_error_is_a_query_error_with_duckdb_message(warehouse: Warehouse) -> None:
    with warehouse.writer():
        pass
    with pytest.raises(QueryError, match="nosuchtable"):
        warehouse.query("SELECT * FROM nosuchtable")


def test_queries_are_read_only(warehouse: Warehouse) -> None:
    with warehouse.writer():
        pass
    with pytest.raises(QueryError, match="read-only"):
        warehouse.query("DELETE FROM articles")


def test_a_foreign_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = path.read_bytes()
    with pytest.raises(WarehouseIncompatible, match=r"notes\.duckdb"), Warehouse(path).writer():
        pass
    assert path.read_bytes() == before


def test_a_foreign_duckdb_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE sales (x INTEGER)")
    with pytest.raises(WarehouseIncompatible, match="not an assbwatch warehouse"), Warehouse(path).writer():
        pass
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("sales",)]


def test_a_newer_schema_is_refused(warehouse: Warehouse) -> None:
    with warehouse.writer() as con:
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    with pytest.raises(WarehouseIncompatible, match="schema version 999 is newer"), warehouse.writer():
        pass


def test_a_locked_warehouse_names_the_holder_after_a_bounded_wait(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(path)!r}); print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseLocked, match=rf"busy \(held by PID {holder.pid} "):
            Warehouse(path, lock_wait=0.3).query("SELECT 1")
    finally:
        holder.communicate("")
    assert Warehouse(path, lock_wait=0.3).query("SELECT 42").rows == [(42,)]
