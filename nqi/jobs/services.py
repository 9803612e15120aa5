"""Writes on jobs: start one, re-run a failed one, cancel a waiting one, fail those whose worker died.

Starting authorizes against the job kind, records the job and an audit event, and enqueues the task
only after commit (a worker must never pick up a job whose row it cannot see yet).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing
from nqi.core.errors import Conflict
from nqi.core.transitions import transition
from nqi.jobs import progress
from nqi.jobs.choices import JobStatus
from nqi.jobs.models import Job
from nqi.jobs.registry import get_kind
from nqi.jobs.runner import move
from nqi.jobs.workflow import JOB_WORKFLOW

DEFAULT_STALE_SECONDS = 60  # twelve missed heartbeats


def _enqueue(job_id: int) -> None:
    from nqi.jobs.tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id, task_result_id="").update(task_result_id=str(result.id))


def job_start(*, actor, kind: str, label: str, payload: dict, enqueue: bool = True) -> Job:
    """Queue a job of `kind` for `actor`. With `enqueue=False` the caller runs it (`job_execute`), as
    the command line does to show a progress line."""
    job_kind = get_kind(kind)
    job_kind.authorize(actor, payload)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            label=str(label)[:200],
            requested_by=actor if getattr(actor, "pk", None) and not actor.is_system else None,
            payload=payload,
        )
        auditing.record(
            actor=actor,
            event_type="jobs.job_created",
            target=job,
            summary=job.label,
            data={"kind": kind},
        )
        if enqueue:
            transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def job_rerun(*, actor, job: Job) -> Job:
    """Queue a failed job again. A job still marked running whose worker stopped beating is failed first.

    Safe because every job kind is all-or-nothing: the failed run left nothing behind.
    """
    if job.status == JobStatus.RUNNING and job_is_stale(job):
        job = _fail_stale(job)
    current = transition(
        actor=actor,
        obj=job,
        workflow=JOB_WORKFLOW,
        name="rerun",
        changes={"error": "", "task_result_id": "", "message": _("等待后台进程处理")},
    )
    transaction.on_commit(lambda: _enqueue(current.pk))
    return current


def job_cancel(*, actor, job: Job) -> Job:
    """Cancel a job that has not started yet; a worker that picks it up later skips it."""
    return transition(
        actor=actor, obj=job, workflow=JOB_WORKFLOW, name="cancel", changes={"finished_at": timezone.now()}
    )


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "NQI_JOBS_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def job_last_seen(job: Job) -> dt.datetime | None:
    """The newest sign of life of a running job: its row's heartbeat or the live progress board's."""
    seen = [job.heartbeat_at, job.started_at]
    snap = progress.board().read(job)
    if snap is not None:
        seen.append(dt.datetime.fromtimestamp(snap.at, dt.UTC))
    return max((s for s in seen if s is not None), default=None)


def job_is_stale(job: Job, *, older_than: dt.timedelta | None = None) -> bool:
    if job.status != JobStatus.RUNNING:
        return False
    last = job_last_seen(job)
    return last is None or timezone.now() - last > (older_than if older_than is not None else stale_after())


def _fail_stale(job: Job) -> Job:
    last = job_last_seen(job)
    when = timezone.localtime(last).strftime("%Y-%m-%d %H:%M:%S") if last else "—"
    try:
        return move(
            job,
            "fail",
            finished_at=timezone.now(),
            error=_(
                "后台进程在运行中停止（最后一次心跳：%(when)s）。任务的写入是全有或全无的，"
                "未完成的写入已撤销，可以重新运行。"
            )
            % {"when": when},
        )
    finally:
        progress.board().clear(job)


def job_reap_stale(*, older_than: dt.timedelta | None = None) -> list[Job]:
    """Mark failed every running job whose heartbeat stopped (its worker was killed or lost power)."""
    reaped = []
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        if job_is_stale(job, older_than=older_than):
            try:
                reaped.append(_fail_stale(job))
            except Conflict:  # it finished or was reaped by another worker meanwhile
                continue
    return reaped
