"""Job services: start → run → succeed / fail with a reason, re-run, cancel, reap jobs of dead workers."""

import datetime as dt
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from nqi.audit.models import AuditEvent
from nqi.core.errors import Conflict, PermissionDenied
from nqi.core.models import StatusChange, WorkingDayOverride
from nqi.jobs import progress, services
from nqi.jobs.models import Job
from nqi.jobs.registry import JobKind, _kinds, register
from nqi.jobs.runner import job_execute

pytestmark = pytest.mark.django_db


def _timeline(job):
    return list(
        StatusChange.objects.filter(target_type="jobs.job", target_id=str(job.pk))
        .order_by("id")
        .values_list("transition", flat=True)
    )


def _start(actor, django_capture_on_commit_callbacks, **payload):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(actor=actor, kind="toy", label="玩具", payload=payload)
    job.refresh_from_db()
    return job


class TestJobStart:
    def test_runs_through_the_queue_and_records_everything(
        self, toy_kind, city_officer, django_capture_on_commit_callbacks
    ):
        job = _start(city_officer, django_capture_on_commit_callbacks, value=7)
        assert job.status == "succeeded"
        assert job.result == {"echo": 7, "actor": city_officer.username}  # work acts for the requester
        assert (job.progress_done, job.progress_total, job.message) == (2, 2, "done")
        assert job.attempts == 1 and job.task_result_id
        assert job.started_at <= job.finished_at
        assert _timeline(job) == ["start", "succeed"]
        assert AuditEvent.objects.filter(event_type="jobs.job_created", target_id=str(job.pk)).exists()

    def test_nothing_runs_before_commit(self, toy_kind, city_officer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = services.job_start(actor=city_officer, kind="toy", label="玩具", payload={})
        assert len(callbacks) == 1
        job.refresh_from_db()
        assert job.status == "queued"

    def test_kind_authorizes_the_starter(self, toy_kind, city_officer):
        with pytest.raises(PermissionDenied):
            services.job_start(actor=city_officer, kind="toy", label="x", payload={"forbidden": True})
        assert not Job.objects.exists()

    def test_unknown_kind_is_refused(self, city_officer):
        with pytest.raises(Exception, match="未知的任务类型"):
            services.job_start(actor=city_officer, kind="nope", label="x", payload={})

    def test_system_actor_jobs_have_no_requester(self, toy_kind, system, django_capture_on_commit_callbacks):
        job = _start(system, django_capture_on_commit_callbacks)
        assert job.requested_by is None and job.result["actor"] == system.username


class TestFailure:
    @pytest.mark.parametrize(
        ("mode", "reason", "result"),
        [
            ("refuse", "数据不完整：缺少第 3 行。", {"rows": [3]}),
            ("crash", "内部错误：ValueError：boom", None),
        ],
    )
    def test_failure_keeps_the_reason(
        self, toy_kind, city_officer, django_capture_on_commit_callbacks, mode, reason, result
    ):
        job = _start(city_officer, django_capture_on_commit_callbacks, mode=mode)
        assert job.status == "failed"
        assert job.error.startswith(reason)
        assert job.result == result
        assert (job.progress_done, job.message) == (1, "half way")
        assert _timeline(job) == ["start", "fail"]

    def test_rerun_of_a_failed_job_runs_it_again(
        self, toy_kind, city_officer, django_capture_on_commit_callbacks
    ):
        job = _start(city_officer, django_capture_on_commit_callbacks, mode="refuse")
        job.payload = {"mode": "ok", "value": 1}  # e.g. the data it waited for has arrived
        Job.objects.filter(pk=job.pk).update(payload=job.payload)
        with django_capture_on_commit_callbacks(execute=True):
            services.job_rerun(actor=city_officer, job=job)
        job.refresh_from_db()
        assert (job.status, job.attempts, job.error) == ("succeeded", 2, "")
        assert _timeline(job) == ["start", "fail", "rerun", "start", "succeed"]

    def test_only_failed_jobs_rerun(self, toy_kind, city_officer, django_capture_on_commit_callbacks):
        job = _start(city_officer, django_capture_on_commit_callbacks)
        with pytest.raises(Conflict):
            services.job_rerun(actor=city_officer, job=job)

    def test_others_cannot_rerun(
        self, toy_kind, city_officer, nanhu_officer, django_capture_on_commit_callbacks
    ):
        job = _start(city_officer, django_capture_on_commit_callbacks, mode="crash")
        with pytest.raises(PermissionDenied):
            services.job_rerun(actor=nanhu_officer, job=job)


class TestCancelAndDelivery:
    def test_cancelled_job_is_skipped_by_the_worker(self, toy_kind, city_officer):
        job = services.job_start(actor=city_officer, kind="toy", label="x", payload={}, enqueue=False)
        services.job_cancel(actor=city_officer, job=job)
        assert job_execute(job_id=job.pk) is None
        job.refresh_from_db()
        assert job.status == "cancelled" and job.attempts == 0

    def test_second_delivery_does_nothing(self, toy_kind, city_officer):
        job = services.job_start(actor=city_officer, kind="toy", label="x", payload={}, enqueue=False)
        assert job_execute(job_id=job.pk) == "succeeded"
        assert job_execute(job_id=job.pk) is None
        job.refresh_from_db()
        assert job.attempts == 1

    def test_running_job_cannot_be_cancelled(self, toy_kind, city_officer):
        job = services.job_start(actor=city_officer, kind="toy", label="x", payload={}, enqueue=False)
        Job.objects.filter(pk=job.pk).update(status="running")
        job.refresh_from_db()
        with pytest.raises(Conflict):
            services.job_cancel(actor=city_officer, job=job)


class TestStaleJobs:
    def _running(self, user, *, seconds_ago):
        job = services.job_start(actor=user, kind="toy", label="x", payload={}, enqueue=False)
        beat = timezone.now() - dt.timedelta(seconds=seconds_ago)
        Job.objects.filter(pk=job.pk).update(status="running", started_at=beat, heartbeat_at=beat)
        job.refresh_from_db()
        return job

    def test_reaper_fails_only_silent_jobs(self, toy_kind, city_officer):
        silent = self._running(city_officer, seconds_ago=600)
        alive = self._running(city_officer, seconds_ago=1)
        assert [j.pk for j in services.job_reap_stale()] == [silent.pk]
        silent.refresh_from_db()
        alive.refresh_from_db()
        assert silent.status == "failed" and "后台进程在运行中停止" in silent.error
        assert alive.status == "running"

    def test_live_board_heartbeat_keeps_a_job_alive(self, toy_kind, city_officer):
        job = self._running(city_officer, seconds_ago=600)
        progress.board().write(job, progress.Snapshot(5, 10, "…", time.time()))
        job.refresh_from_db()  # PostgreSQL keeps the beat on the row, SQLite in the side file
        assert not services.job_is_stale(job)
        assert services.job_reap_stale() == []

    def test_stale_running_job_can_be_rerun_directly(
        self, toy_kind, city_officer, django_capture_on_commit_callbacks
    ):
        job = self._running(city_officer, seconds_ago=600)
        with django_capture_on_commit_callbacks(execute=True):
            services.job_rerun(actor=city_officer, job=job)
        job.refresh_from_db()
        assert job.status == "succeeded"
        assert _timeline(job)[-4:] == ["fail", "rerun", "start", "succeed"]


def _slow_in_transaction(context):
    """Holds a write transaction open while reporting, and records what an observer could see."""
    seen = []
    with transaction.atomic():
        WorkingDayOverride.objects.create(day=dt.date(2031, 1, 1), is_working_day=False, reason="测试")
        context.report(5, 10, "写入中")
        for _ in range(40):
            time.sleep(0.1)
            observed = progress.overlay(Job.objects.get(pk=context.job.pk))
            if observed.progress_done == 5:
                seen.append(observed.message)
                break
    return {"seen": seen}


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_work_is_in_a_transaction(city_officer):
    """The reporter writes outside the job's transaction (side file on SQLite, own connection elsewhere)."""
    register(JobKind(key="slow", label="慢任务", handler=_slow_in_transaction, authorize=lambda a, p: None))
    try:
        job = services.job_start(actor=city_officer, kind="slow", label="x", payload={}, enqueue=False)
        assert job_execute(job_id=job.pk) == "succeeded"
        job.refresh_from_db()
        assert job.result == {"seen": ["写入中"]}, connection.vendor
    finally:
        _kinds.pop("slow", None)
