"""Worker processes for CPU-bound work on documents (trafilatura), shared by backfill and monitoring."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from assbwatch.progress import Advance

__all__ = ["PARALLEL_THRESHOLD", "map_in_order", "worker_pool"]

PARALLEL_THRESHOLD = 16  # below this many documents, worker start-up (~1 s each) costs more than it saves

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `workers` processes, or None for one; started once and reused for every batch."""
    if workers <= 1:
        yield None
        return
    # spawn, not fork: the caller may be a threaded Prefect task runner
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def map_in_order(
    work: Callable[[T], R], items: Sequence[T], pool: ProcessPoolExecutor | None, *, progress: Advance | None = None
) -> list[R]:
    """`work` over `items`, results in order; over the pool when there are enough items to pay for it."""
    results = (
        pool.map(work, items, chunksize=8)
        if pool is not None and len(items) >= PARALLEL_THRESHOLD
        else map(work, items)
    )
    done: list[R] = []
    for result in results:
        done.append(result)
        if progress is not None:
            progress(1)
    return done
