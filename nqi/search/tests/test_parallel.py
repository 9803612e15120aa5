"""Rebuilds analyse documents in worker processes: same documents, same order, batches read here."""

from __future__ import annotations

import os
import threading

import pytest

from nqi.enterprises.models import Enterprise
from nqi.enterprises.tests.factories import make_enterprise
from nqi.search import parallel, registry, services
from nqi.search.tests.test_sync import _engine_ids, _found


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_batches_are_analysed_in_worker_processes_and_come_back_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    readers = []

    def batches():
        for n in range(12):
            readers.append(threading.get_ident())  # the batches are read in this thread
            yield n

    results = list(parallel.analysed(_pid_and_square, batches()))
    assert [square for _, square in results] == [n * n for n in range(12)]
    assert os.getpid() not in {pid for pid, _ in results}
    assert set(readers) == {threading.get_ident()}


def test_one_batch_or_one_core_runs_here(monkeypatch):
    assert [pid for pid, _ in parallel.analysed(_pid_and_square, [3])] == [os.getpid()]
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    assert {pid for pid, _ in parallel.analysed(_pid_and_square, range(5))} == {os.getpid()}
    assert list(parallel.analysed(_pid_and_square, [])) == []


def test_a_worker_error_reaches_the_caller(monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    with pytest.raises(ZeroDivisionError):
        list(parallel.analysed(_reciprocal, [1, 2, 0, 4]))


def _reciprocal(n: int) -> float:
    return 1 / n


@pytest.mark.django_db
def test_a_rebuild_in_small_batches_uses_the_pool_and_finds_the_same(system, monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    made = [make_enterprise(system, name=f"嘉兴并行{i}号机械有限公司") for i in range(7)]
    index = registry.get("enterprises.enterprise")
    assert services.index_rebuild(index, batch=2) == Enterprise.objects.count()
    assert _found(system, "并行") == {e.pk for e in made}
    assert _engine_ids("机械") >= {e.pk for e in made}


@pytest.mark.django_db
def test_indexing_many_records_analyses_in_the_pool_and_writes_updates_and_removals(system, monkeypatch):
    """`index_objects` beyond one batch (bulk imports): changed documents are replaced, records that are
    gone are removed, untouched ones stay, whatever process analysed them."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(services, "BATCH", 2)
    made = [make_enterprise(system, name=f"嘉兴旧名{i}号机械有限公司") for i in range(7)]
    ids = [e.pk for e in made]
    Enterprise.objects.filter(pk__in=ids[:5]).update(name="嘉兴新名精密机械有限公司")  # not indexed
    Enterprise.objects.filter(pk=ids[6]).delete()
    assert _engine_ids("新名") == set()
    assert services.index_objects(Enterprise, ids) == 6
    assert _engine_ids("新名") == set(ids[:5])
    assert _engine_ids("旧名") == {ids[5]}
    assert ids[6] not in _engine_ids("机械")


def _terminate_disposition(_shared, _task) -> object:
    import signal

    return signal.getsignal(signal.SIGTERM)


def test_workers_do_not_keep_the_parents_sigterm_handler(monkeypatch):
    """The job worker handles SIGTERM to stop gracefully; a forked pool worker that kept that handler
    survived the pool's terminate() and the job hung in join (seen in the browser tests' import)."""
    import signal

    monkeypatch.setattr(parallel, "workers", lambda: 2)
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        found = list(parallel.shared_map(_terminate_disposition, None, range(4)))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert found == [signal.SIG_DFL] * 4


def _one_slow_start(shared) -> None:
    """Of a pool's two workers (consecutive numbers), the even-numbered one is slow to start: the
    pool's terminate() may come before its own start."""
    import multiprocessing
    import time

    if multiprocessing.current_process()._identity[-1] % 2 == 0:
        time.sleep(1.0)
    _original_start(shared)


_original_start = parallel._start_worker


def test_a_worker_still_starting_when_the_pool_ends_is_stopped(monkeypatch):
    """One worker does every task while the other is still starting, so the pool's terminate() sends
    SIGTERM before that one has its default disposition: it must still end (before, it reached the
    parent's inherited handler, went on to wait for a task, and the pool's join hung)."""
    import signal

    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "_start_worker", _one_slow_start)
    results = []
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        runner = threading.Thread(
            target=lambda: results.extend(parallel.shared_map(_terminate_disposition, None, range(2))),
            daemon=True,
        )
        runner.start()
        runner.join(timeout=20)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not runner.is_alive(), "the pool's join hung on a worker that kept running"
    assert results == [signal.SIG_DFL] * 2
