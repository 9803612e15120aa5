"""One-stop window endpoints: the same selectors and services as the pages (house rule 2)."""

from types import SimpleNamespace

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.core.errors import NotFound, ValidationFailed
from nqi.core.permissions import authorize
from nqi.enterprises.selectors import (
    enterprise_get_by_uscc_for,
    enterprise_get_for,
    enterprise_list_visible_to,
)
from nqi.servicedesk.schemas import (
    DeliverIn,
    EnterpriseDocumentOut,
    FollowUpIn,
    NoticeOut,
    PlatformDetailOut,
    PlatformOut,
    RatingIn,
    RouteIn,
    ServiceItemOut,
    ServiceRequestDetailOut,
    ServiceRequestOut,
    ServiceRequestRegisterIn,
    ServiceRequestSubmitIn,
    ServiceTaskOut,
    SlaRowOut,
    TransitionIn,
)
from nqi.servicedesk.selectors import documents as document_selectors
from nqi.servicedesk.selectors import kpis
from nqi.servicedesk.selectors import platforms as platform_selectors
from nqi.servicedesk.selectors import requests as selectors
from nqi.servicedesk.selectors.notices import notice_list_for
from nqi.servicedesk.selectors.sla import GROUPS, SlaFilter, describe_clocks, sla_compliance
from nqi.servicedesk.services import aftercare, documents, requests, tasks
from nqi.servicedesk.services.notices import notice_mark_read

router = Router(tags=["servicedesk"])


class RequestFilterIn(Schema):
    q: str = ""
    status: str = ""
    platform: int | None = None
    channel: str = ""
    domain: str = ""
    priority: str = ""
    year: int | None = None
    breached: bool = False
    sort: str = "-submitted"


@router.get("/platforms", response=list[PlatformOut], summary="List one-stop platforms")
@paginate(LimitOffsetPagination)
def platform_list(request):
    return platform_selectors.platform_list_visible_to(actor=request.user)


@router.get("/platforms/{int:platform_id}", response=PlatformDetailOut, summary="A platform with its catalog")
def platform_get(request, platform_id: int):
    return platform_selectors.platform_get_for(actor=request.user, pk=platform_id)


@router.get("/items", response=list[ServiceItemOut], summary="Service catalog items")
@paginate(LimitOffsetPagination)
def item_list(request, platform: int | None = None, domain: str = ""):
    return platform_selectors.serviceitem_list_visible_to(
        actor=request.user, filters=platform_selectors.ItemFilter(platform=platform, domain=domain[:30])
    )


@router.get("/requests", response=list[ServiceRequestOut], summary="Requests visible to you")
@paginate(LimitOffsetPagination)
def request_list(request, filters: Query[RequestFilterIn]):
    data = {k: (v[:100] if isinstance(v, str) else v) for k, v in filters.dict().items()}
    return selectors.servicerequest_list_visible_to(
        actor=request.user, filters=selectors.RequestFilter(**data)
    )


def _detail(user, pk):
    sr = selectors.servicerequest_get_for(actor=user, pk=pk)
    clocks = describe_clocks(selectors.slaclock_list_for_request(request=sr))
    rating = getattr(sr, "rating", None) if hasattr(sr, "rating") else None
    return SimpleNamespace(
        **{f: getattr(sr, f) for f in ServiceRequestOut.model_fields if f != "enterprise_name"},
        enterprise=sr.enterprise,
        **{
            "description": sr.description,
            "item_ids": [i.pk for i in sr.items.all()],
            "return_reason": sr.return_reason,
            "tasks": selectors.servicetask_list_for_request(actor=user, request=sr),
            "clocks": [
                {
                    "task_id": c["clock"].task_id,
                    "kind": c["clock"].kind,
                    "cycle": c["clock"].cycle,
                    "policy_version": c["clock"].policy.version,
                    "target_hours": c["target_hours"],
                    "used_hours": c["used_hours"],
                    "state": c["state"],
                    "due_at": c["clock"].due_at,
                    "breached_at": c["breached_at"],
                }
                for c in clocks
            ],
            "documents": [
                {
                    "document_id": link.document_id,
                    "kind": link.document.kind,
                    "title": link.document.title,
                    "reused": link.reused,
                }
                for link in sr.document_links.all()
            ],
            "rating_score": rating.score if rating else None,
        },
    )


@router.get(
    "/requests/{int:request_id}",
    response=ServiceRequestDetailOut,
    summary="A request with tasks, clocks, documents",
)
def request_get(request, request_id: int):
    return _detail(request.user, request_id)


def _own_enterprise(user, enterprise_id):
    if enterprise_id:
        return enterprise_get_for(actor=user, pk=enterprise_id)
    found = enterprise_list_visible_to(actor=user).filter(organization__isnull=False).first()
    if found is None:
        raise NotFound("enterprise not found")
    return found


@router.post("/requests", response={201: ServiceRequestDetailOut}, summary="Submit a request online")
def request_submit(request, payload: ServiceRequestSubmitIn):
    """Required documents must already be in the enterprise's library (POST /documents first): once-only."""
    enterprise = _own_enterprise(request.user, payload.enterprise_id)
    platform = platform_selectors.platform_get_for(actor=request.user, pk=payload.platform_id)
    created = requests.servicerequest_submit(
        actor=request.user,
        enterprise=enterprise,
        platform=platform,
        item_ids=payload.item_ids,
        data=payload.dict(),
    )
    return Status(201, _detail(request.user, created.pk))


@router.post(
    "/requests/register",
    response={201: ServiceRequestDetailOut},
    summary="Register a walk-in or phone request",
)
def request_register(request, payload: ServiceRequestRegisterIn):
    authorize(request.user, "servicedesk.register_servicerequest")
    platform = platform_selectors.platform_get_for(actor=request.user, pk=payload.platform_id)
    try:
        enterprise = enterprise_get_by_uscc_for(actor=request.user, uscc=payload.uscc[:18])
    except NotFound as exc:
        raise ValidationFailed({"uscc": ["未找到该统一社会信用代码对应的企业。"]}) from exc
    created = requests.servicerequest_register(
        actor=request.user,
        platform=platform,
        enterprise=enterprise,
        channel=payload.channel,
        item_ids=payload.item_ids,
        data=payload.dict(),
    )
    return Status(201, _detail(request.user, created.pk))


@router.post(
    "/requests/{int:request_id}/transitions",
    response=ServiceRequestDetailOut,
    summary="Accept, return, resubmit, withdraw or close",
)
def request_transition(request, request_id: int, payload: TransitionIn):
    sr = selectors.servicerequest_get_for(actor=request.user, pk=request_id)
    requests.servicerequest_transition(
        actor=request.user,
        request=sr,
        name=payload.name,
        comment=payload.comment,
        expected_version=payload.expected_version,
    )
    return _detail(request.user, request_id)


@router.post(
    "/requests/{int:request_id}/route", response=ServiceRequestDetailOut, summary="Route into provider tasks"
)
def request_route(request, request_id: int, payload: RouteIn):
    sr = selectors.servicerequest_get_for(actor=request.user, pk=request_id)
    tasks.servicerequest_route(
        actor=request.user,
        request=sr,
        assignments=[(a.item_id, a.provider_id, a.note) for a in payload.assignments],
        expected_version=payload.expected_version,
    )
    return _detail(request.user, request_id)


@router.post(
    "/requests/{int:request_id}/rating",
    response={201: ServiceRequestDetailOut},
    summary="Rate a closed request",
)
def request_rate(request, request_id: int, payload: RatingIn):
    sr = selectors.servicerequest_get_for(actor=request.user, pk=request_id)
    aftercare.servicerequest_rate(
        actor=request.user, request=sr, score=payload.score, comment=payload.comment
    )
    return Status(201, _detail(request.user, request_id))


@router.post(
    "/requests/{int:request_id}/followup",
    response=ServiceRequestDetailOut,
    summary="Record the 12-month follow-up",
)
def request_followup(request, request_id: int, payload: FollowUpIn):
    sr = selectors.servicerequest_get_for(actor=request.user, pk=request_id)
    aftercare.followup_answer(actor=request.user, request=sr, data=payload.dict())
    return _detail(request.user, request_id)


@router.get(
    "/tasks", response=list[ServiceTaskOut], summary="Tasks visible to you (providers: your institution's)"
)
@paginate(LimitOffsetPagination)
def task_list(request, status: str = "", open_only: bool = False):
    return selectors.servicetask_list_visible_to(
        actor=request.user, filters=selectors.TaskFilter(status=status[:20], open_only=open_only)
    )


@router.post(
    "/tasks/{int:task_id}/transitions",
    response=ServiceTaskOut,
    summary="Accept, ask for information, answer, cancel",
)
def task_transition(request, task_id: int, payload: TransitionIn):
    task = selectors.servicetask_get_for(actor=request.user, pk=task_id)
    return tasks.servicetask_transition(
        actor=request.user,
        task=task,
        name=payload.name,
        comment=payload.comment,
        expected_version=payload.expected_version,
    )


@router.post("/tasks/{int:task_id}/deliver", response=ServiceTaskOut, summary="Deliver the result")
def task_deliver(request, task_id: int, payload: DeliverIn):
    task = selectors.servicetask_get_for(actor=request.user, pk=task_id)
    return tasks.servicetask_deliver(
        actor=request.user,
        task=task,
        summary=payload.summary,
        report_numbers=payload.report_numbers,
        expected_version=payload.expected_version,
    )


@router.get("/documents", response=list[EnterpriseDocumentOut], summary="Your enterprise's document library")
@paginate(LimitOffsetPagination)
def document_list(request, current_only: bool = False):
    return document_selectors.enterprisedocument_list_visible_to(
        actor=request.user, current_only=current_only
    )


@router.post(
    "/documents", response={201: EnterpriseDocumentOut}, summary="Store a document once, for every request"
)
def document_upload(
    request, kind: Form[str], file: File[UploadedFile], enterprise_id: Form[int | None] = None
):
    enterprise = _own_enterprise(request.user, enterprise_id)
    document = documents.enterprisedocument_upload(
        actor=request.user, enterprise=enterprise, kind=kind[:30], upload=file
    )
    return Status(201, document)


@router.get("/sla", response=list[SlaRowOut], summary="SLA compliance per platform, provider, item or domain")
def sla(request, by: str = "platform", year: int | None = None, platform: int | None = None):
    authorize(request.user, "servicedesk.view_sla")
    if by not in GROUPS:
        raise ValidationFailed({"by": [f"by must be one of {', '.join(GROUPS)}"]})
    return sla_compliance(actor=request.user, by=by, filters=SlaFilter(year=year, platform=platform))


@router.get(
    "/kpis", summary="Key figures of the window (enterprises served, channels, domains, SLA, satisfaction)"
)
def kpi_figures(request, year: int | None = None):
    user = request.user
    return {
        "platforms": kpis.kpi_platforms(actor=user),
        "enterprises_served": kpis.kpi_enterprises_served(actor=user, year=year),
        "requests_by_channel": kpis.kpi_requests_by_channel(actor=user, year=year),
        "requests_by_domain": kpis.kpi_requests_by_domain(actor=user, year=year),
        "median_response_hours": kpis.kpi_median_response_hours(actor=user, year=year),
        "median_resolution_hours": kpis.kpi_median_resolution_hours(actor=user, year=year),
        "sla_compliance": kpis.kpi_sla_compliance(actor=user, year=year),
        "satisfaction": kpis.kpi_satisfaction(actor=user, year=year),
    }


@router.get("/notices", response=list[NoticeOut], summary="Your notices")
@paginate(LimitOffsetPagination)
def notice_list(request, unread: bool = False):
    return notice_list_for(actor=request.user, unread_only=unread)


@router.post("/notices/read", summary="Mark your notices read")
def notice_read(request):
    return {"marked": notice_mark_read(actor=request.user)}
