"""Reading the audit trail: per-object history for anyone who may see the object, the whole log for admins.

The global log is for bureau administrators only (`accounts.view_audit`): it shows every organization's
writes. 《网络安全法》第二十一条 requires network logs kept ≥ 6 months; the chain itself is read in id
order, in chunks, by `nqi audit verify`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from nqi.audit.chain import HASHED_FIELDS
from nqi.audit.models import AuditChainHead, AuditEvent
from nqi.core.permissions import has_perm

SORTS = {"-id": ("-id",), "id": ("id",)}


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    event_type: str = ""  # a dotted prefix: "enterprises." or "enterprises.enterprise_updated"
    target_type: str = ""  # "app_label.modelname"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "-id"


def auditevent_list_for_target(*, actor, target) -> QuerySet[AuditEvent]:
    """The history of one record; callers have already checked that `actor` may see `target`."""
    meta = target._meta
    return AuditEvent.objects.filter(
        target_type=f"{meta.app_label}.{meta.model_name}", target_id=str(target.pk)
    ).order_by("-id")


def _day_start(day: dt.date) -> dt.datetime:
    """Local midnight as an aware datetime, so the date filter stays an index range on occurred_at."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def auditevent_list_visible_to(*, actor, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """The global audit log: bureau administrators only (everyone else gets an empty list)."""
    if not has_perm(actor, "accounts.view_audit"):
        return AuditEvent.objects.none()
    f = filters or AuditFilter()
    qs = AuditEvent.objects.select_related("organization")
    if f.actor:
        qs = qs.filter(Q(actor_label__contains=f.actor) | Q(actor__username=f.actor))
    if f.event_type:
        qs = qs.filter(event_type__startswith=f.event_type)
    if f.target_type:
        qs = qs.filter(target_type=f.target_type)
    if f.date_from:
        qs = qs.filter(occurred_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    return qs.order_by(*SORTS.get(f.sort, SORTS["-id"]))


def audit_target_types() -> list[tuple[str, str]]:
    """(`app_label.modelname`, verbose name) of every platform model, for the target-type filter."""
    found = []
    for config in apps.get_app_configs():
        if config.name not in settings.NQI_APPS:
            continue
        for model in config.get_models():
            found.append((f"{model._meta.app_label}.{model._meta.model_name}", str(model._meta.verbose_name)))
    return sorted(found)


def audit_event_type_prefixes() -> list[str]:
    """The dotted prefix of each platform app (`enterprises.` …), offered as suggestions."""
    return sorted(f"{name.rsplit('.', 1)[-1]}." for name in settings.NQI_APPS)


def auditchain_head() -> AuditChainHead | None:
    return AuditChainHead.objects.order_by("id").first()


def auditevent_chain_rows(*, chunk_size: int = 5000) -> Iterator[dict]:
    """Every event in id order as plain dicts of the hashed fields, streamed in chunks (millions of rows)."""
    return (
        AuditEvent.objects.order_by("id")
        .values("id", "prev_hash", "hash", *HASHED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
