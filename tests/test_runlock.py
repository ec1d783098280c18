import subprocess
import sys
from pathlib import Path

import pytest

from assbwatch.errors import WarehouseLocked
from assbwatch.store.runlock import run_lock


def _holder(warehouse: Path, name: str) -> subprocess.Popen[str]:
    """Another process holding the run lock as `name` until a line arrives on its stdin."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom assbwatch.store.runlock import run_lock\n"
        f"with run_lock(Path({str(warehouse)!r}), {name!r}):\n"
        "    print('locked', flush=True)\n    sys.stdin.readline()\n"
    )
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_a_second_run_waits_then_refuses_naming_the_first(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    holder = _holder(warehouse, "assbwatch monitor run r1")
    try:
        assert holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(WarehouseLocked, match=rf"busy \(held by assbwatch monitor run r1 \(PID {holder.pid}, since"),
            run_lock(warehouse, "second", wait=0.3),
        ):
            pass
    finally:
        holder.communicate("")
    with run_lock(warehouse, "third", wait=0.3):
        assert (tmp_path / "wh.duckdb.run.lock").read_text().startswith("third (PID")


def test_the_lock_is_released_when_the_run_fails(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    with pytest.raises(RuntimeError), run_lock(warehouse, "crashing run", wait=0.1):
        raise RuntimeError("boom")
    with run_lock(warehouse, "next run", wait=0.1):
        pass


def test_a_second_run_queues_behind_the_first_says_so_and_then_runs(tmp_path: Path) -> None:
    from assbwatch.config.settings import Settings
    from assbwatch.store.runlock import run_holder

    warehouse = tmp_path / "wh.duckdb"
    holder = _holder(warehouse, "assbwatch backfill run first")
    told: list[str] = []

    def release(message: str) -> None:  # the first run finishes while the second is waiting
        told.append(message)
        holder.communicate("done\n")

    try:
        assert holder.stdout.readline().strip() == "locked"
        assert str(run_holder(warehouse)).startswith("assbwatch backfill run first (PID")
        with run_lock(warehouse, "scheduled run", wait=Settings().run_wait, on_wait=release):
            assert str(run_holder(warehouse)).startswith("scheduled run (PID")
    finally:
        if holder.poll() is None:
            holder.communicate("")
    assert run_holder(warehouse) is None
    assert Settings().run_wait >= 600  # longer than a normal run (~1 min)
    assert len(told) == 1
    assert told[0].startswith("waiting up to 600 s for assbwatch backfill run first (PID")
