"""The WAL checkpoint of a bulk write on SQLite, run after its commit instead of inside it.

In WAL mode (config/settings.py) a transaction appends its pages to the `-wal` file; a checkpoint copies
them into the database file. SQLite runs that checkpoint inside the COMMIT that leaves the WAL over
`wal_autocheckpoint` pages (1,000), on the committing thread: a 1.6 M-record catalog import writes
1.5 GB of pages, and its COMMIT spent 7.4 s, 5 of them copying (bench/standards_search.py, measured).
PostgreSQL never does that in a commit: its checkpointer process does, in the background.

`deferred()` does the same for one bulk write: automatic checkpoints are off on the connection while it
runs; once its transaction has committed, a thread checkpoints on a connection of its own. The checkpoint
is PASSIVE: it never waits for, nor blocks, readers and writers, and copies what no reader still needs.
What it has not copied the next automatic checkpoint copies. The data is committed and visible before
the checkpoint starts; a crash meanwhile loses nothing (the WAL is the database until it is copied).
The thread is not a daemon: a command that imports and exits waits for it, and leaves no large WAL for
the next process to read back at its start.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from nqi.core import bulk

_lock = threading.Lock()
_running: threading.Thread | None = None  # the checkpoint thread while it runs
_again = False  # a checkpoint was asked for while one ran: that thread runs another
_last: Checkpoint | None = None


@dataclass(frozen=True)
class Checkpoint:
    """What a background checkpoint did: WAL pages, pages copied into the database, seconds."""

    wal_pages: int
    copied: int
    seconds: float


@contextmanager
def deferred(db=None) -> Iterator[None]:
    """A bulk write on the connection `db` (the default one) whose WAL checkpoint runs after its
    commit, in a thread. Nothing changes on PostgreSQL, nor on SQLite databases not in WAL mode (in
    memory, as in tests)."""
    db = db or connection
    if db.vendor != "sqlite":
        yield
        return
    before = bulk.pragma("wal_autocheckpoint", db)
    if bulk.pragma("journal_mode", db) != "wal" or not before:
        yield
        return
    path, page = db.settings_dict["NAME"], bulk.pragma("page_size", db)
    with bulk.pragma_set("wal_autocheckpoint", 0, db):
        yield
    # After the commit of the caller's outermost transaction; never if it is rolled back. (Outside a
    # transaction, now: the bulk write committed its own.)
    db.on_commit(lambda: start(path, above=int(before) * page))


def start(path: str | Path, *, above: int = 0) -> threading.Thread | None:
    """Checkpoint the WAL of the database at `path` in a thread, when it is larger than `above` bytes.
    While a checkpoint of this process runs, it runs once more when done instead (None is returned):
    the WAL may have grown since it started."""
    global _running, _again
    try:
        if Path(f"{path}-wal").stat().st_size <= above:
            return None
    except OSError:  # no WAL: nothing to copy
        return None
    with _lock:
        if _running is not None:
            _again = True
            return None
        _running = threading.Thread(target=_checkpoint, args=(str(path),), name="nqi-wal-checkpoint")
        _running.start()
        return _running


def wait(timeout: float | None = None) -> Checkpoint | None:
    """Wait for the running checkpoint, if any; what the last one did (None before the first)."""
    thread = _running
    if thread is not None:
        thread.join(timeout)
    return _last


def _checkpoint(path: str) -> None:
    global _last, _running, _again
    while True:
        started = time.perf_counter()
        with closing(sqlite3.connect(path, timeout=20)) as db:
            _busy, wal_pages, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        _last = Checkpoint(wal_pages, copied, time.perf_counter() - started)
        with _lock:
            if not _again:
                _running = None
                return
            _again = False
