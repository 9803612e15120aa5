"""Housekeeper endpoints: the same selectors and services as the pages."""

from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.assistance import selectors, services
from nqi.assistance.schemas import HousekeeperOut, ProblemOut, ProblemTransitionIn, VisitOut, VisitRecordIn
from nqi.core.errors import ValidationFailed
from nqi.enterprises.selectors import enterprise_get_for

router = Router(tags=["assistance"])


@router.get("/housekeepers", response=list[HousekeeperOut], summary="The housekeeper registry")
@paginate(LimitOffsetPagination)
def housekeeper_list(request, domain: str = "", region: str = ""):
    return selectors.housekeeper_list_visible_to(
        actor=request.user, filters=selectors.HousekeeperFilter(domain=domain[:30], region=region[:12])
    )


@router.get("/visits", response=list[VisitOut], summary="Visits visible to you")
@paginate(LimitOffsetPagination)
def visit_list(request, kind: str = "", year: int | None = None, enterprise: int | None = None):
    return selectors.visit_list_visible_to(
        actor=request.user, filters=selectors.VisitFilter(kind=kind[:10], year=year, enterprise=enterprise)
    )


@router.post("/visits", response={201: VisitOut}, summary="Record a visit with the problems found")
def visit_record(request, payload: VisitRecordIn):
    pairing = selectors.pairing_list_visible_to(
        actor=request.user, enterprise=payload.enterprise_id, active=True
    ).first()
    enterprise = (
        pairing.enterprise if pairing else enterprise_get_for(actor=request.user, pk=payload.enterprise_id)
    )
    keepers = list(
        selectors.housekeeper_list_visible_to(actor=request.user).filter(pk__in=payload.housekeeper_ids)
    )
    if len(keepers) != len(set(payload.housekeeper_ids)):
        raise ValidationFailed({"housekeeper_ids": ["unknown housekeeper"]})
    order = {pk: n for n, pk in enumerate(payload.housekeeper_ids)}
    visit = services.visit_record(
        actor=request.user,
        enterprise=enterprise,
        kind=payload.kind,
        visited_on=payload.visited_on,
        housekeepers=sorted(keepers, key=lambda k: order[k.pk]),
        findings=payload.findings,
        enterprise_participants=payload.enterprise_participants,
        problems=[p.dict() for p in payload.problems],
    )
    return Status(201, selectors.visit_list_visible_to(actor=request.user).get(pk=visit.pk))


@router.get("/problems", response=list[ProblemOut], summary="Problems visible to you")
@paginate(LimitOffsetPagination)
def problem_list(request, status: str = "", year: int | None = None):
    return selectors.problem_list_visible_to(
        actor=request.user, filters=selectors.ProblemFilter(status=status[:10], year=year)
    )


@router.post("/problems/{int:problem_id}/transitions", response=ProblemOut, summary="Solve or drop a problem")
def problem_transition(request, problem_id: int, payload: ProblemTransitionIn):
    problem = selectors.problem_get_for(actor=request.user, pk=problem_id)
    return services.problem_transition(
        actor=request.user,
        problem=problem,
        name=payload.name,
        comment=payload.comment,
        solution=payload.solution,
        solved_on=payload.solved_on,
        expected_version=payload.expected_version,
    )


@router.get("/kpis", summary="Housekeepers, visits by type, problems found and solved")
def kpi_figures(request, year: int | None = None):
    return {
        "housekeepers": selectors.kpi_housekeepers(actor=request.user, year=year),
        "visits_by_kind": selectors.kpi_visits_by_kind(actor=request.user, year=year),
        "problems": selectors.kpi_problems(actor=request.user, year=year),
        "enterprises_visited": selectors.kpi_enterprises_visited(actor=request.user, year=year),
    }
