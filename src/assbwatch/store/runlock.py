"""One writing run per warehouse at a time.

DuckDB's own lock lasts only as long as a connection, and runs open and close connections many
times, so two runs started together could interleave their batches. A run holds an exclusive
`flock` on `<warehouse>.run.lock` for its whole length; the file names the holder, so the one
that waits (up to `lock_wait` seconds) and then gives up can say who is running.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from assbwatch.config.settings import Settings
from assbwatch.errors import WarehouseLocked

__all__ = ["run_holder", "run_lock"]


def _lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".run.lock")


def run_holder(warehouse: Path) -> str | None:
    """Who runs on this warehouse now, or None: a look, without taking the lock."""
    path = _lock_path(warehouse)
    if not path.exists():
        return None
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            return handle.read().strip() or "another run"
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


@contextmanager
def run_lock(
    warehouse: Path, description: str, *, wait: float = Settings.run_wait, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the warehouse's run lock, queueing behind a run that holds it (`on_wait` is told who, once);
    raise WarehouseLocked naming the holder after `wait` seconds."""
    path = _lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    told = False
    with open(path, "a+", encoding="utf-8") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None and not told:
                    handle.seek(0)
                    on_wait(f"waiting up to {wait:g} s for {handle.read().strip() or 'another run'} to finish")
                    told = True
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    raise WarehouseLocked(warehouse, handle.read().strip() or None, wait) from None
                time.sleep(0.2)  # waiting for another process's run, bounded by `wait`
        handle.seek(0)
        handle.truncate()
        handle.write(f"{description} (PID {os.getpid()}, since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC)")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
