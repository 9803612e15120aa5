"""Live progress of a running job, written outside the job's own transaction.

Job code calls `report(done, total, message)` as often as it likes; it only records the latest figures
in memory. A writer thread flushes them at most every `FLUSH_SECONDS` and beats a heartbeat every
`HEARTBEAT_SECONDS`, each in its own short transaction, so a page polling the job sees progress while
the job's main work sits in one long all-or-nothing transaction, and a killed worker is recognised
by its silent heartbeat.

Where the figures go depends on the database:
- PostgreSQL (and any engine with concurrent writers): the job row itself, through the writer thread's
  own connection (Django connections are per thread), in autocommit.
- SQLite: one writer per database file, and the job holds the write lock while it writes its rows, so
  the figures go to a small side database (`NQI_JOBS_PROGRESS_FILE`, default `var/jobs-progress.sqlite3`).
  SQLite deployments are single-machine (ARCHITECTURE.md §6), so web and worker share that file.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from nqi.jobs.models import Job

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 0.5
HEARTBEAT_SECONDS = 5.0


@dataclass(frozen=True)
class Snapshot:
    done: int
    total: int | None
    message: str
    at: float  # epoch seconds of the report or heartbeat


class RowBoard:
    """Progress written to the job row (needs a database that lets another connection write meanwhile)."""

    def write(self, job: Job, snap: Snapshot) -> None:
        from datetime import UTC, datetime

        Job.objects.filter(pk=job.pk).update(
            progress_done=snap.done,
            progress_total=snap.total,
            message=snap.message[:300],
            heartbeat_at=datetime.fromtimestamp(snap.at, UTC),
        )

    def read(self, job: Job) -> Snapshot | None:
        return None

    def clear(self, job: Job) -> None:
        return None


class FileBoard:
    """Progress written to a side SQLite file keyed by the job's UUID (never blocked by the main file)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS progress (key TEXT PRIMARY KEY, done INTEGER, total INTEGER, "
            "message TEXT, at REAL)"
        )
        return db

    def write(self, job: Job, snap: Snapshot) -> None:
        with _closing(self._connect()) as db:
            db.execute(
                "INSERT OR REPLACE INTO progress VALUES (?, ?, ?, ?, ?)",
                (str(job.key), snap.done, snap.total, snap.message[:300], snap.at),
            )

    def read(self, job: Job) -> Snapshot | None:
        if not self.path.exists():
            return None
        with _closing(self._connect()) as db:
            row = db.execute(
                "SELECT done, total, message, at FROM progress WHERE key = ?", (str(job.key),)
            ).fetchone()
        return Snapshot(*row) if row else None

    def clear(self, job: Job) -> None:
        if self.path.exists():
            with _closing(self._connect()) as db:
                db.execute("DELETE FROM progress WHERE key = ?", (str(job.key),))


class _closing:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        self.db.close()


def board():
    """The progress board for the default database."""
    if connection.vendor == "sqlite":
        path = (
            getattr(settings, "NQI_JOBS_PROGRESS_FILE", None)
            or Path(settings.VAR_DIR) / "jobs-progress.sqlite3"
        )
        return FileBoard(path)
    return RowBoard()


def overlay(job: Job) -> Job:
    """Put the live figures of a running job onto `job` (for pages); a no-op when the row has them."""
    if job.status == "running":
        snap = board().read(job)
        if snap is not None:
            from datetime import UTC, datetime

            job.progress_done, job.progress_total, job.message = snap.done, snap.total, snap.message
            job.heartbeat_at = datetime.fromtimestamp(snap.at, UTC)
    return job


class Reporter:
    """`with Reporter(job) as reporter: … reporter.report(done, total, message)` inside job code.

    `listeners` (e.g. a CLI progress line) are called synchronously on every report.
    """

    def __init__(
        self,
        job: Job,
        *,
        listeners=(),
        target=None,
        flush_seconds=FLUSH_SECONDS,
        heartbeat_seconds=HEARTBEAT_SECONDS,
    ):
        self.job = job
        self.board = target or board()
        self.listeners = list(listeners)
        self.flush_seconds, self.heartbeat_seconds = flush_seconds, heartbeat_seconds
        self.latest = Snapshot(0, None, "", time.time())
        self._lock = threading.Lock()
        self._dirty = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job.pk}-progress", daemon=True)

    def report(self, done: int, total: int | None = None, message: str = "") -> None:
        with self._lock:
            self.latest = Snapshot(int(done), int(total) if total else None, str(message), time.time())
            self._dirty = True
        for listener in self.listeners:
            listener(done, total, message)

    def __enter__(self) -> Reporter:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        last_write = 0.0
        try:
            while True:
                stopping = self._stop.wait(self.flush_seconds)
                if stopping:
                    return
                if self._dirty or time.time() - last_write >= self.heartbeat_seconds:
                    last_write = self._flush()
        finally:
            if not isinstance(self.board, FileBoard):
                connections.close_all()  # this thread's own connections only

    def _flush(self) -> float:
        with self._lock:
            snap, self._dirty = self.latest, False
        now = time.time()
        try:
            self.board.write(self.job, Snapshot(snap.done, snap.total, snap.message, now))
        except Exception:  # progress is best-effort: never let it break the job itself
            logger.warning("could not write progress of job %s", self.job.pk, exc_info=True)
        return now
