"""The progress reporter, its boards and the CLI progress line."""

import io
import time

import pytest

from nqi.jobs import progress
from nqi.jobs.console import ProgressLine
from nqi.jobs.models import Job

pytestmark = pytest.mark.django_db


class CountingBoard:
    def __init__(self):
        self.writes = []

    def write(self, job, snap):
        self.writes.append(snap)

    def clear(self, job):
        pass


def test_reports_are_throttled_and_the_last_one_kept():
    board = CountingBoard()
    with progress.Reporter(Job(pk=1), target=board, flush_seconds=0.05) as reporter:
        for n in range(10_000):
            reporter.report(n, 10_000, f"行 {n}")
        time.sleep(0.2)
    assert 1 <= len(board.writes) <= 6
    assert (board.writes[-1].done, board.writes[-1].message) == (9_999, "行 9999")


def test_idle_job_still_beats():
    board = CountingBoard()
    with progress.Reporter(Job(pk=1), target=board, flush_seconds=0.02, heartbeat_seconds=0.05):
        time.sleep(0.3)
    assert len(board.writes) >= 3


def test_listeners_hear_every_report():
    heard = []
    reporter = progress.Reporter(Job(pk=1), target=CountingBoard(), listeners=[lambda *a: heard.append(a)])
    reporter.report(1, 2, "x")
    assert heard == [(1, 2, "x")]


def test_file_board_round_trip(tmp_path):
    board = progress.FileBoard(tmp_path / "p.sqlite3")
    job = Job(pk=5)
    assert board.read(job) is None
    board.write(job, progress.Snapshot(3, 9, "校验", 1000.0))
    assert board.read(job) == progress.Snapshot(3, 9, "校验", 1000.0)
    board.clear(job)
    assert board.read(job) is None


def test_overlay_shows_live_figures_of_running_jobs_only(city_officer):
    job = Job.objects.create(kind="toy", label="x", requested_by=city_officer, status="running")
    target = progress.board()
    target.write(job, progress.Snapshot(4, 8, "一半", time.time()))
    shown = progress.overlay(Job.objects.get(pk=job.pk))
    assert (shown.progress_done, shown.progress_total, shown.percent) == (4, 8, 50)


@pytest.mark.parametrize(
    ("done", "total", "text"),
    [
        (0, 100, "[------------------------------]   0%  m"),
        (50, 100, "[###############---------------]  50%  m"),
        (100, 100, "[##############################] 100%  m"),
        (7, None, "[??????????????????????????????]  m"),
    ],
)
def test_progress_line_render(done, total, text):
    assert ProgressLine.render(done, total, "m") == text


def test_progress_line_into_a_log_prints_plain_lines():
    stream = io.StringIO()
    line = ProgressLine(stream, plain_every=60)
    line(1, 10, "a")
    line(2, 10, "b")  # throttled
    line(10, 10, "c")  # the end always shows
    assert stream.getvalue().splitlines() == [
        ProgressLine.render(1, 10, "a"),
        ProgressLine.render(10, 10, "c"),
    ]
