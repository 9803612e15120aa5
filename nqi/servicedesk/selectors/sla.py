"""SLA compliance per platform, provider and item, counted from the clocks (the SLA page and the KPIs).

A clock counts once it is met (stopped in time) or breached (stopped late, marked breached, or still
running past its due time). Clocks of withdrawn requests and cancelled tasks count only if they had
already breached. Per platform the request-level clocks (window response, overall resolution) are used;
per provider, per item and per service domain the task clocks.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nqi.core.permissions import has_perm
from nqi.servicedesk.choices import ClockKind, ServiceDomain
from nqi.servicedesk.models import SlaClock
from nqi.servicedesk.selectors.requests import visibility_q
from nqi.servicedesk.selectors.scope import desk_scope_for

GROUPS = {
    "platform": ("request__platform_id", "request__platform__name", True),
    "provider": ("task__provider_id", "task__provider__name", False),
    "item": ("task__item_id", "task__item__name", False),
    "domain": ("task__item__domain", "task__item__domain", False),
}


@dataclass(frozen=True)
class SlaFilter:
    year: int | None = None
    platform: int | None = None


def breached_q(now) -> Q:
    return Q(breached_at__isnull=False) | Q(
        stopped_at__isnull=True, running_since__isnull=False, due_at__lt=now, cancelled=False
    )


def met_q() -> Q:
    return Q(stopped_at__isnull=False, breached_at__isnull=True, cancelled=False)


def slaclock_list_visible_to(*, actor, filters: SlaFilter | None = None) -> QuerySet[SlaClock]:
    """Clocks of requests the actor sees; a provider sees the clocks of its own tasks."""
    if not has_perm(actor, "servicedesk.view_sla"):
        return SlaClock.objects.none()
    f = filters or SlaFilter()
    allowed = visibility_q(actor, "request__", include_provider=False)
    providers = desk_scope_for(actor).provider_ids
    if providers:
        allowed |= Q(task__provider_id__in=list(providers))
    qs = SlaClock.objects.filter(allowed)
    if f.year:
        qs = qs.filter(started_at__year=f.year)
    if f.platform:
        qs = qs.filter(request__platform_id=f.platform)
    return qs


def _figures(counted: int, breached: int, seconds: list[int]) -> dict:
    return {
        "counted": counted,
        "met": counted - breached,
        "breached": breached,
        "compliance": round(100.0 * (counted - breached) / counted, 1) if counted else None,
        "median_hours": round(statistics.median(seconds) / 3600, 1) if seconds else None,
    }


def sla_compliance(*, actor, by: str, filters: SlaFilter | None = None) -> list[dict]:
    """Rows {id, name, response: figures, resolution: figures, open, overdue} per platform/provider/item."""
    key, label, request_level = GROUPS[by]
    now = timezone.now()
    qs = slaclock_list_visible_to(actor=actor, filters=filters).filter(task__isnull=request_level)
    breached = breached_q(now)
    rows: dict = {}
    for row in qs.values(key, label, "kind").annotate(
        counted=Count("pk", filter=met_q() | breached),
        breached=Count("pk", filter=breached),
        open=Count("pk", filter=Q(stopped_at__isnull=True, cancelled=False)),
        overdue=Count("pk", filter=Q(stopped_at__isnull=True, cancelled=False) & breached),
    ):
        name = ServiceDomain(row[label]).label if by == "domain" else row[label]
        entry = rows.setdefault(row[key], {"id": row[key], "name": name, "open": 0, "overdue": 0})
        entry[row["kind"]] = (row["counted"], row["breached"])
        entry["open"] += row["open"]
        entry["overdue"] += row["overdue"]
    medians: dict = {}
    for group, kind, seconds in qs.filter(
        met_q() | Q(stopped_at__isnull=False, breached_at__isnull=False)
    ).values_list(key, "kind", "consumed_seconds"):
        medians.setdefault((group, kind), []).append(seconds)
    result = []
    for group, entry in rows.items():
        for kind in ClockKind.values:
            counted, late = entry.get(kind, (0, 0))
            entry[kind] = _figures(counted, late, medians.get((group, kind), []))
        result.append(entry)
    return sorted(
        result, key=lambda e: (e["resolution"]["compliance"] is None, -(e["resolution"]["counted"]))
    )


def sla_totals(*, actor, filters: SlaFilter | None = None) -> dict:
    """Whole-scope figures for request-level and task-level clocks, by kind."""
    now = timezone.now()
    qs = slaclock_list_visible_to(actor=actor, filters=filters)
    breached = breached_q(now)
    totals = {}
    for level, task_null in (("request", True), ("task", False)):
        scoped = qs.filter(task__isnull=task_null)
        for kind in ClockKind.values:
            agg = scoped.filter(kind=kind).aggregate(
                counted=Count("pk", filter=met_q() | breached), breached=Count("pk", filter=breached)
            )
            seconds = list(
                scoped.filter(kind=kind, stopped_at__isnull=False, cancelled=False).values_list(
                    "consumed_seconds", flat=True
                )
            )
            totals[f"{level}_{kind}"] = _figures(agg["counted"], agg["breached"], seconds)
    return totals


def describe_clocks(clocks) -> list[dict]:
    """Live figures of clocks for a page: working hours used and allowed, percent, and a state word."""
    from nqi.core.workdays import get_calendar
    from nqi.servicedesk import clock as arithmetic
    from nqi.servicedesk.services.clocks import state_of

    now, calendar = timezone.now(), get_calendar()
    rows = []
    for c in clocks:
        state = arithmetic.check(state_of(c), now, calendar)
        used = arithmetic.elapsed(state, now, calendar)
        if state.breached_at is not None:
            word = "breached"
        elif c.cancelled:
            word = "cancelled"
        elif c.stopped_at is not None:
            word = "met"
        else:
            word = "paused" if c.is_paused else "running"
        rows.append(
            {
                "clock": c,
                "state": word,
                "used_hours": round(used.total_seconds() / 3600, 1),
                "target_hours": round(c.target_seconds / 3600, 1),
                "percent": min(100, round(arithmetic.percent_used(state, now, calendar))),
                "breached_at": state.breached_at,
            }
        )
    return rows
