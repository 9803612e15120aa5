"""Spreading pure Python work over every core while this process reads and writes the database.

Cutting text into terms, and validating import rows, is pure Python and the bulk of a rebuild or an
import (SEARCH-NOTES §1: analysis is 24 of 51 s at 1.6 M records). Worker processes are forked, one
per core: they inherit the loaded code, touch no database connection, and return plain values. This
process keeps producing the next piece of work (its connection and transaction are its own) and writing
the finished ones, in order. One piece of work, or one core, runs here without a pool.

- `analysed(function, batches)`: each batch is pickled to a worker (batches read from the database).
- `shared_map(function, shared, tasks)`: every worker inherits `shared` when it is forked, so it is
  never pickled; tasks name their part of it (an import's source rows, read once, split by range).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

MAX_WORKERS = 4

In = TypeVar("In")
Out = TypeVar("Out")

_inherited: Any = None  # in a worker of `shared_map`: what the parent shared when it forked the worker


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
    that does its own work between bursts of batches passes a burst's worth, so the workers are busy
    while it works.
    """
    return _mapped(function, None, batches, ahead)


def shared_map(
    function: Callable[[Any, In], Out], shared: Any, tasks: Iterable[In], *, ahead: int = 0
) -> Iterator[Out]:
    """`function(shared, task)` for every task, in order, `shared` inherited by the workers at their
    fork (read-only: what a worker changes stays in that worker). Tasks and results are pickled;
    `function` and `ahead` as for `analysed`."""
    return _mapped(partial(_with_shared, function), shared, tasks, ahead)


def _with_shared(function, task):
    return function(_inherited, task)


def _inherit(shared) -> None:
    global _inherited
    _inherited = shared


def _start_worker(shared) -> None:
    """A forked worker's start: what the parent shared, and the default signal dispositions. A fork
    inherits the parent's Python signal handlers, e.g. the job worker's graceful SIGTERM handler
    (django-tasks' db_worker): the pool's terminate() then could not stop an idle worker, which ran the
    handler and went back to waiting for a task, and the job hung in the pool's join.

    The worker is forked with SIGTERM blocked (`_forking`) and unblocks it only here, once the default
    is in place: a terminate() that comes before (a pool whose other worker did all the tasks while
    this one started) is held until then, and ends the worker, instead of reaching the inherited
    handler and being lost."""
    _inherit(shared)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the pool
    if hasattr(signal, "SIGQUIT"):
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


@contextmanager
def _forking() -> Iterator[None]:
    """SIGTERM blocked in this thread while it forks a pool's workers (`_start_worker`); one that
    reaches this process meanwhile is delivered to its own handler when the block ends."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _mapped(function, shared, items, ahead) -> Iterator:
    iterator = iter(items)
    first = next(iterator, None)
    if first is None:
        return
    second = next(iterator, None)
    count = workers()
    if second is None or count < 2:
        _inherit(shared)
        try:
            yield function(first)
            if second is not None:
                yield function(second)
                yield from map(function, iterator)
        finally:
            _inherit(None)
        return
    # Objects that exist at the fork move to the collector's permanent generation: the workers' own
    # collections then never walk (and copy-on-write) the parent's heap, e.g. the rows of an import.
    gc.freeze()
    try:
        yield from _pooled(function, shared, iterator, (first, second), count, max(ahead, count))
    finally:
        gc.unfreeze()


def _pooled(function, shared, iterator, head, count, ahead) -> Iterator:
    # With "fork" the initializer's arguments are inherited, not pickled.
    context = multiprocessing.get_context("fork")
    with _forking():
        pool = context.Pool(count, initializer=_start_worker, initargs=(shared,))
    with pool:
        pending = deque(pool.apply_async(function, (item,)) for item in head)
        for item in iterator:
            pending.append(pool.apply_async(function, (item,)))
            if len(pending) > ahead:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
