"""Actor-scoped reads of jobs (house rule 4): own jobs for everyone, all jobs for bureau administrators."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from nqi.core.errors import NotFound
from nqi.core.permissions import has_perm
from nqi.jobs import progress
from nqi.jobs.models import Job

SORTS = {"-created": "-created_at", "created": "created_at", "status": "status", "kind": "kind"}


@dataclass(frozen=True)
class JobFilter:
    status: str = ""
    kind: str = ""
    mine: bool = False
    sort: str = "-created"


def job_list_visible_to(*, actor, filters: JobFilter | None = None) -> QuerySet[Job]:
    f = filters or JobFilter()
    qs = Job.objects.select_related("requested_by")
    if f.mine or not has_perm(actor, "jobs.view_all_jobs"):
        qs = qs.filter(requested_by_id=actor.pk)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.order_by(SORTS.get(f.sort, "-created_at"), "-id")


def job_get_for(*, actor, pk) -> Job:
    """One job the actor may see, with live progress laid over it; missing and forbidden are one 404."""
    try:
        job = Job.objects.select_related("requested_by").get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("job not found") from exc
    if not has_perm(actor, "jobs.view_job", job):
        raise NotFound("job not found")
    return progress.overlay(job)
