"""A user's own notices (SLA warnings and escalations, news about requests and tasks)."""

from __future__ import annotations

from django.db.models import QuerySet

from nqi.servicedesk.models import Notice


def notice_list_for(*, actor, unread_only: bool = False, kind: str = "") -> QuerySet[Notice]:
    if not getattr(actor, "is_authenticated", False):
        return Notice.objects.none()
    qs = Notice.objects.filter(recipient=actor).select_related("request")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def notice_unread_count(*, actor) -> int:
    return notice_list_for(actor=actor, unread_only=True).count()
