"""Executing one job: start → handler → succeed or fail, every status change through the job workflow.

The worker (system actor) moves the status; the handler's work acts for the person who asked for it,
so per-record permissions (jurisdiction) apply and the audit trail names them. A second delivery of the
same task finds the job no longer queued and does nothing.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing
from nqi.core.errors import DomainError
from nqi.core.transitions import transition
from nqi.jobs import progress
from nqi.jobs.choices import JobStatus
from nqi.jobs.models import Job
from nqi.jobs.registry import JobContext, JobFailed, get_kind
from nqi.jobs.workflow import JOB_WORKFLOW

logger = logging.getLogger(__name__)


def system():
    from nqi.accounts.services import system_actor

    return system_actor()


def move(job: Job, name: str, **changes) -> Job:
    """Apply workflow transition `name` to `job` as the system actor, setting `changes` in the same write."""
    return transition(actor=system(), obj=job, workflow=JOB_WORKFLOW, name=name, changes=changes)


def _acting(user):
    """The requester, acting in the organization of their first active membership for the whole job.

    Decided once here, as the request middleware does for a page, so the audit trail of a bulk job
    names the same organization on every event without asking the database per event.
    """
    from nqi.accounts.models import Membership

    memberships = Membership.objects.filter(user=user, is_active=True).order_by("id")
    user.acting_organization_id = memberships.values_list("organization_id", flat=True).first()
    return user


def job_execute(*, job_id: int, listeners=()) -> str | None:
    """Run the queued job `job_id` once and return its final status (None if it was not queued)."""
    job = Job.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return None
    try:
        kind = get_kind(job.kind)
    except JobFailed as exc:
        return move(job, "fail", error=str(exc.message), finished_at=timezone.now()).status
    now = timezone.now()
    job = move(
        job,
        "start",
        started_at=now,
        finished_at=None,
        heartbeat_at=now,
        attempts=job.attempts + 1,
        error="",
        result=None,
        progress_done=0,
        progress_total=None,
        message="",
    )
    reporter = progress.Reporter(job, listeners=listeners)
    token = auditing.set_context(request_id=f"job-{job.pk}-{job.attempts}")
    try:
        return _run(job, kind, reporter)
    finally:
        auditing.reset_context(token)


def _run(job: Job, kind, reporter: progress.Reporter) -> str:
    """Call the handler with live progress; every way out ends in the succeed or fail transition."""
    try:
        with reporter:
            actor = _acting(job.requested_by) if job.requested_by else system()
            result = kind.handler(
                JobContext(job=job, actor=actor, payload=job.payload, report=reporter.report)
            )
    except JobFailed as exc:
        return _finish_failed(job, reporter, str(exc.message), exc.result)
    except DomainError as exc:
        return _finish_failed(job, reporter, str(exc.message), None)
    except (KeyboardInterrupt, SystemExit):
        _finish_failed(job, reporter, _("后台进程被停止，任务未完成；未写入任何数据，可重新运行。"), None)
        raise
    except Exception as exc:
        logger.exception("job %s (%s) crashed", job.pk, job.kind)
        reason = _("内部错误：%(type)s：%(text)s。请联系系统管理员。") % {
            "type": type(exc).__name__,
            "text": str(exc)[:300],
        }
        return _finish_failed(job, reporter, reason, None)
    return _finish(job, reporter, "succeed", error="", result=result)


def _finish_failed(job, reporter, reason: str, result) -> str:
    return _finish(job, reporter, "fail", error=reason, result=result)


def _finish(job, reporter, name: str, **changes) -> str:
    latest = reporter.latest
    finished = move(
        job,
        name,
        finished_at=timezone.now(),
        progress_done=latest.done,
        progress_total=latest.total,
        message=latest.message[:300],
        **changes,
    )
    reporter.board.clear(job)
    return finished.status
