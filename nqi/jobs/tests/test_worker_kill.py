"""Fault test: `kill -9` of the worker in the middle of an import leaves no partial rows, and the job re-runs.

Runs the real thing on a file SQLite database in a temporary NQI_VAR_DIR: `nqi import --background`
queues the job, `nqi worker` (django-tasks' database worker) picks it up, and the worker is killed with
SIGKILL while the import's write transaction is open (the live progress board says it is writing).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from nqi.core.uscc import with_check_chars

ROOT = Path(__file__).resolve().parents[3]
ROWS = 20_000
RERUN = (
    "import datetime as dt; from nqi.accounts.services import system_actor; from nqi.jobs.models import Job; "
    "from nqi.jobs.services import job_reap_stale, job_rerun; "
    "[job] = job_reap_stale(older_than=dt.timedelta(0)); job_rerun(actor=system_actor(), job=job)"
)


def _env(var: Path) -> dict:
    env = {
        **os.environ,
        "NQI_VAR_DIR": str(var),
        "NQI_DATABASE_URL": f"sqlite:///{var / 'nqi.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("NQI_TESTING", None)  # the real database task backend, not the immediate one
    return env


def _manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=timeout,
    )


def _one(db: Path, query: str):
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(query).fetchone()


def _write_csv(path: Path) -> None:
    lines = ["统一社会信用代码,企业名称,行业代码,成立日期"]
    lines += [
        f"{with_check_chars(f'91330402MK{n:06d}')},断电测试企业{n}有限公司,3442,2011-01-01"
        for n in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _wait_until_writing(board: Path, worker: subprocess.Popen, timeout=180) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker exited before the import started writing"
        if board.exists():
            try:
                row = _one(board, "SELECT message FROM progress")
            except sqlite3.OperationalError:  # table not created yet
                row = None
            if row and "写入" in row[0]:
                return row[0]
        time.sleep(0.05)
    raise AssertionError("the import never reached its write stage")


def test_kill_9_mid_import_leaves_nothing_and_the_job_reruns(tmp_path):
    env = _env(tmp_path)
    db, board = tmp_path / "nqi.sqlite3", tmp_path / "jobs-progress.sqlite3"
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_reference", "-v0")
    source = tmp_path / "enterprises.csv"
    _write_csv(source)
    _manage(env, "import", "enterprises", str(source), "--background")

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--interval", "0.1", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        message = _wait_until_writing(board, worker)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(timeout=30)

    assert worker.returncode == -signal.SIGKILL, message
    assert _one(db, "SELECT count(*) FROM enterprises_enterprise") == (0,)
    assert _one(
        db, "SELECT count(*) FROM audit_auditevent WHERE event_type = 'enterprises.enterprise_created'"
    ) == (0,)
    assert _one(db, "SELECT status, attempts FROM jobs_job") == ("running", 1)

    _manage(env, "shell", "-c", RERUN)
    assert _one(db, "SELECT status, error <> '' FROM jobs_job") == ("queued", 0)
    _manage(env, "worker", "--batch", "--no-startup-delay", "--no-reload", timeout=600)

    assert _one(db, "SELECT status, attempts FROM jobs_job") == ("succeeded", 2)
    assert _one(db, "SELECT count(*) FROM enterprises_enterprise") == (ROWS,)
    assert _one(
        db, "SELECT count(*) FROM audit_auditevent WHERE event_type = 'enterprises.enterprise_created'"
    ) == (ROWS,)
    transitions = _one(
        db,
        "SELECT group_concat(step, ',') FROM "
        "(SELECT \"transition\" AS step FROM core_statuschange WHERE workflow = 'job' ORDER BY id)",
    )
    assert transitions == ("start,fail,rerun,start,succeed",)
