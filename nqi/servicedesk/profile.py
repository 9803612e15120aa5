"""The one-stop window's section of the enterprise 360° profile: requests, satisfaction, documents on file."""

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from nqi.enterprises.profile import ProfileSection, register
from nqi.servicedesk.choices import RequestStatus
from nqi.servicedesk.selectors.documents import current_q
from nqi.servicedesk.selectors.requests import RequestFilter, servicerequest_list_visible_to


def _context(request, enterprise) -> dict:
    qs = servicerequest_list_visible_to(actor=request.user, filters=RequestFilter(enterprise=enterprise.pk))
    figures = qs.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=RequestStatus.CLOSED)),
        open=Count(
            "pk",
            filter=Q(status__in=[RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, RequestStatus.IN_SERVICE]),
        ),
        satisfaction=Avg("rating__score"),
    )
    return {
        "figures": figures,
        "recent": list(qs[:8]),
        "documents_on_file": enterprise.documents.filter(current_q()).count(),
    }


register(
    ProfileSection(
        key="servicedesk",
        label=_("一站式服务"),
        order=50,
        template="servicedesk/profile/section.html",
        context=_context,
    )
)
