"""Actor-scoped reads of spot-check plans and tasks, the boards, the public results (一公开)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.core.errors import NotFound
from nqi.spotchecks.choices import PlanStatus, TaskStatus
from nqi.spotchecks.models import Plan, Task, TaskInspector

LAB_QUEUE = (TaskStatus.SAMPLED, TaskStatus.IN_TESTING, TaskStatus.RETESTING)
TASK_SORTS = {"rank": "rank", "-updated": "-updated_at", "status": "status", "due": "due_at"}


def task_visibility_q(actor) -> Q:
    """Bureau users see tasks in their jurisdiction; labs the tasks they test; enterprises their own."""
    scope = scope_for(actor)
    if getattr(actor, "is_system", False) or scope.unrestricted:
        return Q()
    allowed = Q(pk__in=[])
    for path in scope.jurisdiction_paths:
        allowed |= Q(county__path__startswith=path)
    labs = list(scope.org_ids(OrganizationKind.INSTITUTION))
    if labs:
        allowed |= Q(lab__organization_id__in=labs) | Q(retest_lab__organization_id__in=labs)
    firms = list(scope.org_ids(OrganizationKind.ENTERPRISE))
    if firms:
        allowed |= Q(enterprise__organization_id__in=firms)
    return allowed


def plan_list_visible_to(*, actor, year=None, status: str = "") -> QuerySet[Plan]:
    """Plans are the bureau's work programme: every bureau user sees them (tasks stay scoped)."""
    if not scope_for(actor).is_bureau and not getattr(actor, "is_system", False):
        return Plan.objects.none()
    qs = Plan.objects.select_related("organizer", "policy").annotate(
        batches=Count("tasks", distinct=True),
    )
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "-quarter", "-id")


def plan_get_for(*, actor, pk) -> Plan:
    try:
        return plan_list_visible_to(actor=actor).select_related("organizer__jurisdiction").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("plan not found") from exc


@dataclass(frozen=True)
class TaskFilter:
    plan: int | None = None
    status: str = ""
    county: str = ""
    verdict: str = ""
    q: str = ""
    board: str = ""  # "inspector": drawn to me; "lab": my lab's queue
    sort: str = "rank"


def task_list_visible_to(*, actor, filters: TaskFilter | None = None) -> QuerySet[Task]:
    f = filters or TaskFilter()
    qs = (
        Task.objects.filter(task_visibility_q(actor))
        .select_related("plan", "enterprise", "category", "county", "lab")
        .prefetch_related(Prefetch("inspectors", queryset=TaskInspector.objects.select_related("inspector")))
    )
    if f.plan:
        qs = qs.filter(plan_id=f.plan)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.county:
        qs = qs.filter(county_id=f.county)
    if f.verdict:
        qs = qs.filter(verdict=f.verdict)
    if f.q:
        qs = qs.filter(Q(enterprise__name__contains=f.q.strip()) | Q(category__name__contains=f.q.strip()))
    if f.board == "inspector":
        qs = qs.filter(inspectors__inspector=actor, status=TaskStatus.DRAWN)
    elif f.board == "lab":
        labs = list(scope_for(actor).org_ids(OrganizationKind.INSTITUTION))
        qs = qs.filter(
            Q(lab__organization_id__in=labs, status__in=LAB_QUEUE[:2])
            | Q(retest_lab__organization_id__in=labs, status=TaskStatus.RETESTING)
        )
    return qs.order_by(TASK_SORTS.get(f.sort, "rank"), "pk")


def task_get_for(*, actor, pk) -> Task:
    try:
        return (
            Task.objects.filter(task_visibility_q(actor))
            .select_related(
                "plan", "item", "enterprise", "enterprise__region", "category", "county", "lab", "retest_lab"
            )
            .prefetch_related(
                Prefetch("inspectors", queryset=TaskInspector.objects.select_related("inspector")),
                "results",
                "photos",
            )
            .get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("task not found") from exc


def task_status_counts(*, actor, plan=None) -> dict:
    qs = Task.objects.filter(task_visibility_q(actor))
    if plan is not None:
        qs = qs.filter(plan=plan)
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")))


def task_list_published(*, q: str = "", verdict: str = "", year=None) -> QuerySet[Task]:
    """Published results only (一公开): what the public page and its export show, no login needed."""
    qs = (
        Task.objects.filter(published_at__isnull=False)
        .select_related("plan", "enterprise", "category", "county", "lab")
        .prefetch_related("results")
    )
    if q:
        qs = qs.filter(Q(enterprise__name__contains=q.strip()) | Q(category__name__contains=q.strip()))
    if verdict:
        qs = qs.filter(verdict=verdict)
    if year:
        qs = qs.filter(plan__year=year)
    return qs.order_by("-published_at", "pk")


def plan_get_published(*, pk) -> Plan:
    """A plan whose draw has been made: its seed, digests and inputs are public."""
    try:
        return Plan.objects.exclude(status=PlanStatus.DRAFT).select_related("organizer", "policy").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("plan not found") from exc
