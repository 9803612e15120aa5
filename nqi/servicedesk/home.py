"""Home-page cards of the one-stop window: notices for everyone involved, a work queue per role, key figures
for the bureau."""

from django.db.models import Count, Q
from django.utils import timezone

from nqi.core.home import HomeCard, register
from nqi.core.permissions import has_perm
from nqi.servicedesk.choices import RequestStatus, TaskStatus
from nqi.servicedesk.rules import is_enterprise_user
from nqi.servicedesk.selectors import kpis
from nqi.servicedesk.selectors.notices import notice_list_for
from nqi.servicedesk.selectors.requests import (
    RequestFilter,
    servicerequest_list_visible_to,
    servicetask_list_visible_to,
)
from nqi.servicedesk.selectors.scope import desk_scope_for, sees_jurisdiction


def _notices(request):
    qs = notice_list_for(actor=request.user, unread_only=True)
    return {"notices": list(qs[:5]), "unread": qs.count()}


def _window(request):
    staffed = desk_scope_for(request.user).staff_platforms
    qs = servicerequest_list_visible_to(actor=request.user).filter(platform_id__in=list(staffed))
    counts = qs.aggregate(
        submitted=Count("pk", filter=Q(status=RequestStatus.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED)),
        in_service=Count("pk", filter=Q(status=RequestStatus.IN_SERVICE)),
        overdue=Count(
            "pk",
            filter=Q(due_at__lt=timezone.now())
            & ~Q(status__in=[RequestStatus.CLOSED, RequestStatus.WITHDRAWN]),
        ),
    )
    return {"counts": counts, "queue": list(qs.filter(status=RequestStatus.SUBMITTED).order_by("due_at")[:5])}


def _mine(request):
    qs = servicerequest_list_visible_to(actor=request.user, filters=RequestFilter())
    waiting = servicetask_list_visible_to(actor=request.user).filter(status=TaskStatus.AWAITING_INFO)
    return {"recent": list(qs[:5]), "waiting": list(waiting[:5])}


def _provider(request):
    providers = desk_scope_for(request.user).provider_ids
    qs = servicetask_list_visible_to(actor=request.user).filter(provider_id__in=list(providers))
    counts = qs.aggregate(
        routed=Count("pk", filter=Q(status=TaskStatus.ROUTED)),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
        awaiting=Count("pk", filter=Q(status=TaskStatus.AWAITING_INFO)),
        overdue=Count(
            "pk", filter=Q(due_at__lt=timezone.now(), status__in=[TaskStatus.ROUTED, TaskStatus.IN_PROGRESS])
        ),
    )
    return {"counts": counts, "queue": list(qs.filter(status=TaskStatus.ROUTED).order_by("due_at")[:5])}


def _figures(request):
    year = timezone.localdate().year
    return {
        "year": year,
        "platforms": kpis.kpi_platforms(actor=request.user),
        "served": kpis.kpi_enterprises_served(actor=request.user, year=year),
        "compliance": kpis.kpi_sla_compliance(actor=request.user, year=year),
        "satisfaction": kpis.kpi_satisfaction(actor=request.user, year=year),
    }


register(
    HomeCard(
        "servicedesk.notices",
        "servicedesk/cards/notices.html",
        _notices,
        lambda u: has_perm(u, "servicedesk.view_servicerequest"),
        order=5,
        width=6,
    )
)
register(
    HomeCard(
        "servicedesk.window",
        "servicedesk/cards/window.html",
        _window,
        lambda u: bool(desk_scope_for(u).staff_platforms),
        order=12,
        width=6,
    )
)
register(
    HomeCard("servicedesk.mine", "servicedesk/cards/mine.html", _mine, is_enterprise_user, order=12, width=6)
)
register(
    HomeCard(
        "servicedesk.provider",
        "servicedesk/cards/provider.html",
        _provider,
        lambda u: bool(desk_scope_for(u).provider_ids),
        order=12,
        width=6,
    )
)
register(
    HomeCard(
        "servicedesk.figures",
        "servicedesk/cards/figures.html",
        _figures,
        sees_jurisdiction,
        order=20,
        width=6,
    )
)
