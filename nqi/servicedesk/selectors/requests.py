"""Actor-scoped reads of requests and tasks (house rule 4: missing and forbidden are the same 404).

Enterprises see their own requests; window clerks and managers their platforms'; providers the requests
they have a task on (and those tasks); bureau officers, inspectors and leaders their jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.core.errors import NotFound
from nqi.servicedesk.choices import TASK_DONE, TaskStatus
from nqi.servicedesk.models import RequestDocument, ServiceRequest, ServiceTask, SlaClock
from nqi.servicedesk.selectors.scope import desk_scope_for, sees_jurisdiction

REQUEST_SORTS = {
    "-submitted": "-submitted_at",
    "submitted": "submitted_at",
    "due": "due_at",
    "number": "number",
    "-closed": "-closed_at",
}
TASK_SORTS = {"-routed": "-routed_at", "routed": "routed_at", "due": "due_at", "status": "status"}


@dataclass(frozen=True)
class RequestFilter:
    q: str = ""
    status: str = ""
    platform: int | None = None
    channel: str = ""
    domain: str = ""
    priority: str = ""
    year: int | None = None
    enterprise: int | None = None
    breached: bool = False
    sort: str = "-submitted"


@dataclass(frozen=True)
class TaskFilter:
    q: str = ""
    status: str = ""
    provider: int | None = None
    platform: int | None = None
    open_only: bool = False
    sort: str = "-routed"


def visibility_q(actor, prefix: str = "", *, include_provider: bool = True) -> Q:
    """Rows of ServiceRequest (or related through `prefix`) that `actor` may see."""
    if getattr(actor, "is_system", False):
        return Q()
    scope, desk = scope_for(actor), desk_scope_for(actor)
    allowed = Q(pk__in=[])
    if sees_jurisdiction(actor):
        if scope.unrestricted:
            return Q()
        for path in scope.jurisdiction_paths:
            allowed |= Q(**{f"{prefix}enterprise__region__path__startswith": path})
    own = scope.org_ids(OrganizationKind.ENTERPRISE)
    if own:
        allowed |= Q(**{f"{prefix}enterprise__organization_id__in": list(own)})
    if desk.staff_platforms:
        allowed |= Q(**{f"{prefix}platform_id__in": list(desk.staff_platforms)})
    if desk.provider_ids and include_provider:
        tasked = ServiceTask.objects.filter(provider_id__in=list(desk.provider_ids)).values("request_id")
        allowed |= Q(**{f"{prefix}pk__in" if not prefix else f"{prefix}id__in": tasked})
    return allowed


def servicerequest_list_visible_to(
    *, actor, filters: RequestFilter | None = None
) -> QuerySet[ServiceRequest]:
    f = filters or RequestFilter()
    qs = ServiceRequest.objects.filter(visibility_q(actor)).select_related(
        "platform", "enterprise", "enterprise__region"
    )
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(number__iexact=q) | Q(title__contains=q) | Q(enterprise__name__contains=q))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.platform:
        qs = qs.filter(platform_id=f.platform)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.domain:
        qs = qs.filter(
            pk__in=ServiceRequest.items.through.objects.filter(serviceitem__domain=f.domain).values(
                "servicerequest_id"
            )
        )
    if f.priority:
        qs = qs.filter(priority=f.priority)
    if f.year:
        qs = qs.filter(submitted_at__year=f.year)
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    if f.breached:
        qs = qs.filter(pk__in=SlaClock.objects.filter(breached_at__isnull=False).values("request_id"))
    return qs.order_by(REQUEST_SORTS.get(f.sort, "-submitted_at"), "-pk")


def servicerequest_get_for(*, actor, pk) -> ServiceRequest:
    try:
        return (
            ServiceRequest.objects.filter(visibility_q(actor))
            .select_related(
                "platform",
                "platform__region",
                "enterprise",
                "enterprise__region",
                "submitted_by",
                "rating",
                "followup",
            )
            .prefetch_related(
                "items",
                Prefetch(
                    "document_links",
                    queryset=RequestDocument.objects.select_related("document").order_by("document__kind"),
                ),
            )
            .get(pk=pk)
        )
    except (ServiceRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("service request not found") from exc


def servicerequest_task_counts(request) -> dict:
    """How many tasks the request has, how many are still open and how many were delivered."""
    counts = ServiceTask.objects.filter(request_id=request.pk).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(status__in=TASK_DONE)),
        delivered=Count("pk", filter=Q(status=TaskStatus.DELIVERED)),
        awaiting=Count("pk", filter=Q(status=TaskStatus.AWAITING_INFO)),
    )
    return counts


def task_visibility_q(actor) -> Q:
    """Tasks of requests the actor sees as a party other than provider, plus the actor's own tasks."""
    if getattr(actor, "is_system", False):
        return Q()
    desk = desk_scope_for(actor)
    allowed = Q(pk__in=[])
    if desk.provider_ids:
        allowed |= Q(provider_id__in=list(desk.provider_ids))
    scope = scope_for(actor)
    if sees_jurisdiction(actor):
        if scope.unrestricted:
            return Q()
        for path in scope.jurisdiction_paths:
            allowed |= Q(request__enterprise__region__path__startswith=path)
    own = scope.org_ids(OrganizationKind.ENTERPRISE)
    if own:
        allowed |= Q(request__enterprise__organization_id__in=list(own))
    if desk.staff_platforms:
        allowed |= Q(request__platform_id__in=list(desk.staff_platforms))
    return allowed


def servicetask_list_visible_to(*, actor, filters: TaskFilter | None = None) -> QuerySet[ServiceTask]:
    f = filters or TaskFilter()
    qs = ServiceTask.objects.filter(task_visibility_q(actor)).select_related(
        "request", "request__enterprise", "request__platform", "item", "provider"
    )
    if f.q:
        q = f.q.strip()
        qs = qs.filter(
            Q(request__number__iexact=q)
            | Q(request__enterprise__name__contains=q)
            | Q(item__name__contains=q)
        )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.open_only:
        qs = qs.exclude(status__in=TASK_DONE)
    if f.provider:
        qs = qs.filter(provider_id=f.provider)
    if f.platform:
        qs = qs.filter(request__platform_id=f.platform)
    return qs.order_by(TASK_SORTS.get(f.sort, "-routed_at"), "-pk")


def servicetask_list_for_request(*, actor, request) -> list[ServiceTask]:
    """The tasks of one request the actor may see (a provider sees only its own)."""
    return list(
        servicetask_list_visible_to(actor=actor)
        .filter(request_id=request.pk)
        .prefetch_related("attachments")
        .order_by("pk")
    )


def servicetask_get_for(*, actor, pk) -> ServiceTask:
    try:
        return (
            ServiceTask.objects.filter(task_visibility_q(actor))
            .select_related(
                "request",
                "request__enterprise",
                "request__enterprise__region",
                "request__platform",
                "item",
                "provider",
            )
            .get(pk=pk)
        )
    except (ServiceTask.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("service task not found") from exc


def slaclock_list_for_request(*, request) -> list[SlaClock]:
    """Every clock of a request the caller already may see, request-level first."""
    return list(
        SlaClock.objects.filter(request_id=request.pk)
        .select_related("policy", "task", "task__provider")
        .order_by("task_id", "-kind", "cycle")
    )
