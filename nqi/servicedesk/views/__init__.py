"""Pages of the one-stop window (thin adapters), one module per area; urls.py names each view."""

from nqi.servicedesk.views.documents import (
    attachment_download,
    enterprisedocument_download,
    enterprisedocument_list,
)
from nqi.servicedesk.views.platforms import platform_detail, platform_list, serviceitem_list
from nqi.servicedesk.views.requests import (
    followup_answer,
    servicerequest_detail,
    servicerequest_list,
    servicerequest_rate,
    servicerequest_route,
    servicerequest_transition,
)
from nqi.servicedesk.views.sla import notice_list, sla_dashboard
from nqi.servicedesk.views.submission import servicerequest_register, servicerequest_submit
from nqi.servicedesk.views.tasks import servicetask_deliver, servicetask_list, servicetask_transition

__all__ = [
    "attachment_download",
    "enterprisedocument_download",
    "enterprisedocument_list",
    "followup_answer",
    "notice_list",
    "platform_detail",
    "platform_list",
    "serviceitem_list",
    "servicerequest_detail",
    "servicerequest_list",
    "servicerequest_rate",
    "servicerequest_register",
    "servicerequest_route",
    "servicerequest_submit",
    "servicerequest_transition",
    "servicetask_deliver",
    "servicetask_list",
    "servicetask_transition",
    "sla_dashboard",
]
