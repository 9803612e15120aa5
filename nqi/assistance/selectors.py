"""Actor-scoped reads of housekeepers, pairings, visits and problems, and their key figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.assistance.choices import ProblemStatus, VisitKind
from nqi.assistance.models import Housekeeper, Pairing, Problem, Visit
from nqi.assistance.rules import sees_jurisdiction
from nqi.assistance.scope import housekeeper_of, my_enterprise_ids
from nqi.core.errors import NotFound
from nqi.core.permissions import has_perm
from nqi.servicedesk.choices import ServiceDomain


@dataclass(frozen=True)
class HousekeeperFilter:
    q: str = ""
    domain: str = ""
    industry: int | None = None
    region: str = ""
    sort: str = "-appointed"


@dataclass(frozen=True)
class VisitFilter:
    q: str = ""
    kind: str = ""
    year: int | None = None
    enterprise: int | None = None
    housekeeper: int | None = None
    sort: str = "-date"


@dataclass(frozen=True)
class ProblemFilter:
    q: str = ""
    status: str = ""
    domain: str = ""
    year: int | None = None
    enterprise: int | None = None
    sort: str = "-found"


def enterprise_q(actor, prefix: str = "enterprise__") -> Q:
    """Rows bound to an enterprise that `actor` may see (jurisdiction, own enterprise, housekeeper's)."""
    if getattr(actor, "is_system", False):
        return Q()
    scope = scope_for(actor)
    allowed = Q(pk__in=[])
    if sees_jurisdiction(actor):
        if scope.unrestricted:
            return Q()
        for path in scope.jurisdiction_paths:
            allowed |= Q(**{f"{prefix}region__path__startswith": path})
    own = scope.org_ids(OrganizationKind.ENTERPRISE)
    if own:
        allowed |= Q(**{f"{prefix}organization_id__in": list(own)})
    mine = my_enterprise_ids(actor) if housekeeper_of(actor) else ()
    if mine:
        allowed |= Q(**{f"{prefix}pk__in": list(mine)})
    return allowed


def housekeeper_list_visible_to(*, actor, filters: HousekeeperFilter | None = None) -> QuerySet[Housekeeper]:
    if not has_perm(actor, "assistance.view_housekeeper"):
        return Housekeeper.objects.none()
    f = filters or HousekeeperFilter()
    qs = Housekeeper.objects.filter(is_active=True).select_related("user", "employer")
    if f.q:
        qs = qs.filter(Q(user__display_name__contains=f.q.strip()) | Q(employer__name__contains=f.q.strip()))
    if f.domain:
        qs = qs.filter(domains__icontains=f'"{f.domain}"')  # JSON list membership on SQLite and PostgreSQL
    if f.industry:
        qs = qs.filter(industries__pk=f.industry)
    if f.region:
        qs = qs.filter(regions__code=f.region)
    qs = qs.annotate(
        visit_count=Count("visits", distinct=True),
        pairing_count=Count("pairings", filter=Q(pairings__ended_on__isnull=True), distinct=True),
    )
    order = {"-appointed": "-appointed_on", "name": "user__display_name", "-visits": "-visit_count"}.get(
        f.sort, "-appointed_on"
    )
    return qs.prefetch_related("industries", "regions").order_by(order, "pk")


def housekeeper_get_for(*, actor, pk) -> Housekeeper:
    try:
        return housekeeper_list_visible_to(actor=actor).get(pk=pk)
    except (Housekeeper.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("housekeeper not found") from exc


def pairing_list_visible_to(
    *, actor, enterprise: int | None = None, housekeeper: int | None = None, active=None
):
    qs = Pairing.objects.filter(enterprise_q(actor)).select_related(
        "enterprise", "housekeeper__user", "housekeeper__employer"
    )
    if enterprise:
        qs = qs.filter(enterprise_id=enterprise)
    if housekeeper:
        qs = qs.filter(housekeeper_id=housekeeper)
    if active is not None:
        qs = qs.filter(ended_on__isnull=active)
    return qs.order_by("-started_on", "pk")


def visit_list_visible_to(*, actor, filters: VisitFilter | None = None) -> QuerySet[Visit]:
    f = filters or VisitFilter()
    qs = Visit.objects.filter(enterprise_q(actor)).select_related("enterprise", "lead__user")
    if f.q:
        qs = qs.filter(Q(enterprise__name__contains=f.q.strip()) | Q(findings__contains=f.q.strip()))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.year:
        qs = qs.filter(visited_on__year=f.year)
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    if f.housekeeper:
        qs = qs.filter(housekeepers__pk=f.housekeeper)
    qs = qs.annotate(
        problem_count=Count("problems", distinct=True),
        solved_count=Count("problems", filter=Q(problems__status=ProblemStatus.SOLVED), distinct=True),
    )
    order = {"-date": "-visited_on", "date": "visited_on", "kind": "kind"}.get(f.sort, "-visited_on")
    return qs.order_by(order, "-pk")


def visit_get_for(*, actor, pk) -> Visit:
    try:
        return (
            Visit.objects.filter(enterprise_q(actor))
            .select_related("enterprise", "enterprise__region", "lead__user", "recorded_by")
            .prefetch_related(
                Prefetch("housekeepers", queryset=Housekeeper.objects.select_related("user")),
                Prefetch(
                    "problems", queryset=Problem.objects.select_related("service_request").order_by("pk")
                ),
            )
            .get(pk=pk)
        )
    except (Visit.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("visit not found") from exc


def problem_list_visible_to(*, actor, filters: ProblemFilter | None = None) -> QuerySet[Problem]:
    f = filters or ProblemFilter()
    qs = Problem.objects.filter(enterprise_q(actor)).select_related("enterprise", "visit", "service_request")
    if f.q:
        qs = qs.filter(Q(description__contains=f.q.strip()) | Q(enterprise__name__contains=f.q.strip()))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.domain:
        qs = qs.filter(domain=f.domain)
    if f.year:
        qs = qs.filter(found_on__year=f.year)
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    order = {"-found": "-found_on", "found": "found_on", "-solved": "-solved_on"}.get(f.sort, "-found_on")
    return qs.order_by(order, "-pk")


def problem_get_for(*, actor, pk) -> Problem:
    try:
        return (
            Problem.objects.filter(enterprise_q(actor))
            .select_related("enterprise", "enterprise__region", "visit")
            .get(pk=pk)
        )
    except (Problem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("problem not found") from exc


# -- key figures (source report: +159 housekeepers, 230+ visits, 396 problems solved) -----------------


def _slice(qs, region=None, industry=None, prefix="enterprise__"):
    if region:
        qs = qs.filter(**{f"{prefix}region__path__contains": f"/{region}/"})
    if industry:
        qs = qs.filter(**{f"{prefix}featured_industry_id": industry})
    return qs


def housekeepers_appointed(*, actor, year=None, region=None, industry=None) -> QuerySet[Housekeeper]:
    """Active housekeepers appointed in the year (the report counts new ones), by region and industry served."""
    qs = housekeeper_list_visible_to(actor=actor).order_by("-appointed_on", "pk")
    if year:
        qs = qs.filter(appointed_on__year=year)
    if region:
        qs = qs.filter(regions__code=region)
    if industry:
        qs = qs.filter(industries__pk=industry)
    return qs.distinct()


def kpi_housekeepers(*, actor, year=None, region=None, industry=None) -> int:
    return housekeepers_appointed(actor=actor, year=year, region=region, industry=industry).count()


def visits_in(*, actor, year=None, region=None, industry=None) -> QuerySet[Visit]:
    return _slice(visit_list_visible_to(actor=actor, filters=VisitFilter(year=year)), region, industry)


def kpi_visits_by_kind(*, actor, year=None, region=None, industry=None) -> list[dict]:
    qs = visits_in(actor=actor, year=year, region=region, industry=industry).order_by()
    counts = dict(qs.values_list("kind").annotate(n=Count("pk", distinct=True)))
    return [{"key": k.value, "label": k.label, "n": counts.get(k.value, 0)} for k in VisitKind]


def problems_found(*, actor, year=None, region=None, industry=None) -> QuerySet[Problem]:
    qs = problem_list_visible_to(actor=actor, filters=ProblemFilter(year=year))
    return _slice(qs, region, industry)


def problems_solved(*, actor, year=None, region=None, industry=None) -> QuerySet[Problem]:
    """Problems solved in the year (by solved date, whenever found)."""
    qs = problem_list_visible_to(
        actor=actor, filters=ProblemFilter(status=ProblemStatus.SOLVED, sort="-solved")
    )
    qs = qs.filter(solved_on__year=year) if year else qs
    return _slice(qs, region, industry)


def by_domain(qs) -> list[dict]:
    counts = dict(qs.order_by().values_list("domain").annotate(n=Count("pk")))
    return [{"key": d.value, "label": d.label, "n": counts.get(d.value, 0)} for d in ServiceDomain]


def kpi_problems(*, actor, year=None, region=None, industry=None) -> dict:
    """Problems found (by found date) and solved (by solved date) in the year, with solved per domain."""
    solved = problems_solved(actor=actor, year=year, region=region, industry=industry)
    return {
        "found": problems_found(actor=actor, year=year, region=region, industry=industry).count(),
        "solved": solved.count(),
        "open": _slice(
            Problem.objects.filter(enterprise_q(actor), status=ProblemStatus.OPEN), region, industry
        ).count(),
        "solved_by_domain": by_domain(solved),
    }


def kpi_enterprises_visited(*, actor, year=None, region=None, industry=None) -> int:
    return (
        visits_in(actor=actor, year=year, region=region, industry=industry)
        .order_by()
        .values("enterprise_id")
        .distinct()
        .count()
    )
