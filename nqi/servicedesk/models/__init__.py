"""Models of the one-stop service window, split by aggregate (ARCHITECTURE.md rule 10)."""

from nqi.servicedesk.models.aftercare import FollowUp, Rating
from nqi.servicedesk.models.documents import Attachment, EnterpriseDocument
from nqi.servicedesk.models.platforms import Platform, PlatformStaff, ServiceItem, SlaPolicy
from nqi.servicedesk.models.requests import RequestDocument, ServiceRequest, ServiceTask
from nqi.servicedesk.models.sla import Notice, SlaClock

__all__ = [
    "Attachment",
    "EnterpriseDocument",
    "FollowUp",
    "Notice",
    "Platform",
    "PlatformStaff",
    "Rating",
    "RequestDocument",
    "ServiceItem",
    "ServiceRequest",
    "ServiceTask",
    "SlaClock",
    "SlaPolicy",
]
