"""A bulk write on a WAL database leaves its pages in the WAL at commit and a thread copies them into
the database file afterwards; the connection's automatic checkpoints come back on; databases not in
WAL mode are left alone."""

import sqlite3
import threading
from contextlib import closing

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from nqi.core import bulk, checkpoints

ROWS = 3000  # ~1,500 pages of 4 KiB: more than the automatic checkpoint's 1,000


@pytest.fixture
def wal_db(tmp_path, django_db_blocker):
    """A Django connection to a file database in WAL mode, as config/settings.py opens one."""
    settings = {
        **connection.settings_dict,
        "NAME": str(tmp_path / "wal.sqlite3"),
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
    db = DatabaseWrapper(settings, alias="checkpoint_test")
    with django_db_blocker.unblock():  # a database of the test's own, not the test database
        yield db
        checkpoints.wait()
        db.close()


def _write(db, rows: int) -> None:
    with db.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS t (x TEXT)")
        cursor.executemany("INSERT INTO t VALUES (%s)", [("x" * 2000,)] * rows)


def _pages_in_database_file(path: str) -> int:
    """The database file's own size in pages, WAL not counted (read without opening the WAL)."""
    with open(path, "rb") as f:
        header = f.read(100)
    return int.from_bytes(header[28:32], "big")


def test_the_checkpoint_runs_after_the_write_and_copies_every_page(wal_db):
    path = wal_db.settings_dict["NAME"]
    with checkpoints.deferred(wal_db):
        assert bulk.pragma("wal_autocheckpoint", wal_db) == 0
        _write(wal_db, ROWS)
        # Committed (autocommit), still only in the WAL: no automatic checkpoint copied it.
        assert _pages_in_database_file(path) < 10
    done = checkpoints.wait(timeout=30)
    assert done is not None and done.wal_pages > 1000
    assert done.copied == done.wal_pages
    assert _pages_in_database_file(path) > 1000
    assert bulk.pragma("wal_autocheckpoint", wal_db) == 1000
    with closing(sqlite3.connect(path)) as other:
        assert other.execute("SELECT count(*) FROM t").fetchone()[0] == ROWS


def test_a_write_that_commits_while_the_checkpoint_runs_is_copied_too(wal_db, monkeypatch):
    """The first write's checkpoint is held until the second write has committed: the running thread
    then goes round once more and copies the second write's pages as well."""
    path = wal_db.settings_dict["NAME"]
    released, passes, connect = threading.Event(), [], sqlite3.connect

    def held(*args, **kwargs):
        passes.append(args)
        if len(passes) == 1:
            released.wait(30)
        return connect(*args, **kwargs)

    monkeypatch.setattr(checkpoints.sqlite3, "connect", held)
    with checkpoints.deferred(wal_db):
        _write(wal_db, ROWS)
    with checkpoints.deferred(wal_db):
        _write(wal_db, ROWS)
    released.set()
    checkpoints.wait(timeout=30)
    assert len(passes) == 2
    assert _pages_in_database_file(path) > 2 * 1000
    with closing(connect(path)) as other:
        assert other.execute("SELECT count(*) FROM t").fetchone()[0] == 2 * ROWS


def test_a_small_write_leaves_the_checkpoint_to_sqlite(wal_db):
    with checkpoints.deferred(wal_db):
        _write(wal_db, 5)
    assert checkpoints.start(wal_db.settings_dict["NAME"], above=10**9) is None


def test_a_failed_write_starts_no_checkpoint(wal_db, monkeypatch):
    started = []
    monkeypatch.setattr(checkpoints, "start", lambda *a, **k: started.append(a))
    with pytest.raises(RuntimeError), checkpoints.deferred(wal_db):
        _write(wal_db, 5)
        raise RuntimeError("the import failed")
    assert started == []
    assert bulk.pragma("wal_autocheckpoint", wal_db) == 1000


@pytest.mark.django_db
def test_databases_not_in_wal_mode_are_left_alone(monkeypatch):
    """The test database: SQLite in memory, or PostgreSQL, whose checkpoints are its own business."""
    started = []
    monkeypatch.setattr(checkpoints, "start", lambda *a, **k: started.append(a))
    with checkpoints.deferred():
        if connection.vendor == "sqlite":
            assert bulk.pragma("journal_mode", connection) == "memory"
            assert bulk.pragma("wal_autocheckpoint", connection) == 1000
    assert started == []
