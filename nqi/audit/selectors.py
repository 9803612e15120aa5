"""Reading the audit trail: per-object history for anyone who may see the object, the whole log for admins."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from nqi.audit.models import AuditEvent
from nqi.core.permissions import has_perm


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    event_type: str = ""
    target_type: str = ""
    date_from: object = None
    date_to: object = None


def auditevent_list_for_target(*, actor, target) -> QuerySet[AuditEvent]:
    """The history of one record; callers have already checked that `actor` may see `target`."""
    meta = target._meta
    return AuditEvent.objects.filter(
        target_type=f"{meta.app_label}.{meta.model_name}", target_id=str(target.pk)
    ).order_by("-id")


def auditevent_list_visible_to(*, actor, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """The global audit log: bureau administrators only (everyone else gets an empty list)."""
    if not has_perm(actor, "accounts.view_audit"):
        return AuditEvent.objects.none()
    f = filters or AuditFilter()
    qs = AuditEvent.objects.all()
    if f.actor:
        qs = qs.filter(actor_label__contains=f.actor)
    if f.event_type:
        qs = qs.filter(event_type__startswith=f.event_type)
    if f.target_type:
        qs = qs.filter(target_type=f.target_type)
    if f.date_from:
        qs = qs.filter(occurred_at__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(occurred_at__date__lte=f.date_to)
    return qs.order_by("-id")
