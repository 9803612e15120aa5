"""Analysing documents on every core while this process reads and writes the database.

Cutting text into terms is pure Python and the bulk of an index rebuild (SEARCH-NOTES §1: 24 of 51 s
at 1.6 M records). `analysed` hands batches to forked worker processes, one per core: they inherit the
loaded code, touch no database connection, and return plain tuples. This process keeps reading the
next batch (its database connection and transaction are its own) and writing the finished ones, in
order. One batch, or one core, runs here without a pool.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

MAX_WORKERS = 4

In = TypeVar("In")
Out = TypeVar("Out")


def workers() -> int:
    """Worker processes to use: the cores this process may run on, at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def analysed(function: Callable[[In], Out], batches: Iterable[In], *, ahead: int = 0) -> Iterator[Out]:
    """`function(batch)` for every batch, in order.

    `function` must be picklable (a module-level function or a partial of one) and must not use the
    database. The batches are read here, in this thread, so a generator reading the caller's
    transaction is safe; `ahead` batches (at least one per worker) may wait for a worker. A producer
    that does its own work between bursts of batches (an import writing a chunk of rows) passes a
    burst's worth, so the workers are busy while it works.
    """
    iterator = iter(batches)
    first = next(iterator, None)
    if first is None:
        return
    second = next(iterator, None)
    count = workers()
    if second is None or count < 2:
        yield function(first)
        if second is not None:
            yield function(second)
            yield from map(function, iterator)
        return
    # Objects that exist at the fork move to the collector's permanent generation: the workers' own
    # collections then never walk (and copy-on-write) the parent's heap, e.g. the rows of an import.
    gc.freeze()
    try:
        yield from _pooled(function, iterator, (first, second), count, max(ahead, count))
    finally:
        gc.unfreeze()


def _pooled(function, iterator, head, count, ahead) -> Iterator:
    with multiprocessing.get_context("fork").Pool(count) as pool:
        pending = deque(pool.apply_async(function, (batch,)) for batch in head)
        for batch in iterator:
            pending.append(pool.apply_async(function, (batch,)))
            if len(pending) > ahead:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
