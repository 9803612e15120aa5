"""Key figures of the one-stop window, computed from records, never typed in (DOMAIN.md §0: 17 platforms,
1,694 enterprises served). Every function is actor-scoped and takes the registry's slice: a year, and
optionally a county-level region and a featured industry of the enterprise; `nqi.servicedesk.metrics`
declares them in the KPI registry.

An enterprise counts as served in a year when at least one of its requests was accepted (受理) that year.
"""

from __future__ import annotations

import statistics

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from nqi.enterprises.models import Enterprise
from nqi.regions.models import Region
from nqi.servicedesk.choices import Channel, ClockKind, ServiceDomain
from nqi.servicedesk.models import FollowUp, Platform, Rating, ServiceRequest, SlaClock
from nqi.servicedesk.selectors.requests import visibility_q
from nqi.servicedesk.selectors.sla import SlaFilter, breached_q, met_q, sla_totals, slaclock_list_visible_to


def _slice(qs, prefix: str, region=None, industry=None):
    if region:
        qs = qs.filter(**{f"{prefix}enterprise__region__path__contains": f"/{region}/"})
    if industry:
        qs = qs.filter(**{f"{prefix}enterprise__featured_industry_id": industry})
    return qs


def requests_submitted(*, actor, year=None, region=None, industry=None) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.filter(visibility_q(actor))
    qs = qs.filter(submitted_at__year=year) if year else qs
    return _slice(qs, "", region, industry).select_related("platform", "enterprise")


def requests_served(*, actor, year=None, region=None, industry=None) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.filter(visibility_q(actor), accepted_at__isnull=False)
    qs = qs.filter(accepted_at__year=year) if year else qs
    return _slice(qs, "", region, industry)


def enterprises_served(*, actor, year=None, region=None, industry=None) -> QuerySet[Enterprise]:
    """The enterprises behind the served figure (one row each, whatever their number of requests)."""
    served = requests_served(actor=actor, year=year, region=region, industry=industry).values("enterprise_id")
    return (
        Enterprise.objects.filter(pk__in=served)
        .select_related("region", "featured_industry")
        .order_by("name")
    )


def kpi_platforms(*, actor) -> int:
    return Platform.objects.filter(is_active=True).count()


def kpi_enterprises_served(*, actor, year=None, by: str = "", region=None, industry=None) -> int | list[dict]:
    """Distinct enterprises served; `by` = platform, industry (featured industry) or region (district)."""
    qs = requests_served(actor=actor, year=year, region=region, industry=industry).order_by()
    if not by:
        return qs.values("enterprise_id").distinct().count()
    if by == "platform":
        rows = qs.values("platform_id", "platform__name").annotate(n=Count("enterprise_id", distinct=True))
        return sorted(
            ({"key": r["platform_id"], "label": r["platform__name"], "n": r["n"]} for r in rows),
            key=lambda r: -r["n"],
        )
    if by == "industry":
        rows = qs.values("enterprise__featured_industry_id", "enterprise__featured_industry__name").annotate(
            n=Count("enterprise_id", distinct=True)
        )
        return sorted(
            (
                {
                    "key": r["enterprise__featured_industry_id"],
                    "label": (r["enterprise__featured_industry__name"] or "—").split("（")[0],
                    "n": r["n"],
                }
                for r in rows
            ),
            key=lambda r: -r["n"],
        )
    if by == "region":
        districts: dict[str, set] = {}
        for enterprise_id, path in qs.values_list("enterprise_id", "enterprise__region__path").distinct():
            parts = path.strip("/").split("/")
            districts.setdefault(parts[2] if len(parts) > 2 else parts[-1], set()).add(enterprise_id)
        names = dict(Region.objects.filter(code__in=list(districts)).values_list("code", "name"))
        return sorted(
            ({"key": c, "label": names.get(c, c), "n": len(ids)} for c, ids in districts.items()),
            key=lambda r: -r["n"],
        )
    raise ValueError(f"unknown grouping {by!r}")


def kpi_requests_by_channel(*, actor, year=None, region=None, industry=None) -> list[dict]:
    qs = requests_submitted(actor=actor, year=year, region=region, industry=industry).order_by()
    counts = dict(qs.values_list("channel").annotate(n=Count("pk")))
    return [{"key": c.value, "label": c.label, "n": counts.get(c.value, 0)} for c in Channel]


def kpi_requests_by_domain(*, actor, year=None, region=None, industry=None) -> list[dict]:
    """Requests per service domain (a request asking for two domains counts in each)."""
    through = ServiceRequest.items.through
    requested = requests_submitted(actor=actor, year=year, region=region, industry=industry).values("pk")
    counts = dict(
        through.objects.filter(servicerequest__in=requested)
        .values_list("serviceitem__domain")
        .annotate(n=Count("servicerequest_id", distinct=True))
    )
    return [{"key": d.value, "label": d.label, "n": counts.get(d.value, 0)} for d in ServiceDomain]


def clocks_stopped(*, actor, kind, year=None, region=None, industry=None) -> QuerySet[SlaClock]:
    """Request-level clocks of `kind` stopped in the slice (the basis of medians), not cancelled."""
    qs = slaclock_list_visible_to(actor=actor, filters=SlaFilter(year=year)).filter(
        task__isnull=True, kind=kind, stopped_at__isnull=False, cancelled=False
    )
    return _slice(qs, "request__", region, industry)


def _median_hours(qs) -> float | None:
    seconds = list(qs.values_list("consumed_seconds", flat=True))
    return round(statistics.median(seconds) / 3600, 1) if seconds else None


def kpi_median_response_hours(*, actor, year=None, region=None, industry=None) -> float | None:
    """Median working hours from submission to the window's answer (accept or return)."""
    return _median_hours(
        clocks_stopped(actor=actor, kind=ClockKind.RESPONSE, year=year, region=region, industry=industry)
    )


def kpi_median_resolution_hours(*, actor, year=None, region=None, industry=None) -> float | None:
    """Median working hours from acceptance to closing, waiting time for the enterprise excluded."""
    return _median_hours(
        clocks_stopped(actor=actor, kind=ClockKind.RESOLUTION, year=year, region=region, industry=industry)
    )


def resolution_clocks_counted(
    *, actor, year=None, region=None, industry=None, task_level=False
) -> QuerySet[SlaClock]:
    """Resolution clocks that count for compliance (met, or breached)."""
    qs = slaclock_list_visible_to(actor=actor, filters=SlaFilter(year=year)).filter(
        task__isnull=not task_level, kind=ClockKind.RESOLUTION
    )
    return _slice(qs.filter(met_q() | breached_q(timezone.now())), "request__", region, industry)


def kpi_resolution_compliance(*, actor, year=None, region=None, industry=None) -> float | None:
    """Percent of requests resolved within their working-hour target (breached counts as missed)."""
    qs = resolution_clocks_counted(actor=actor, year=year, region=region, industry=industry)
    agg = qs.aggregate(n=Count("pk"), late=Count("pk", filter=breached_q(timezone.now())))
    return round(100.0 * (agg["n"] - agg["late"]) / agg["n"], 1) if agg["n"] else None


def kpi_sla_compliance(*, actor, year=None) -> dict:
    """Percent of counted clocks met, for the window (request level) and the providers (task level)."""
    totals = sla_totals(actor=actor, filters=SlaFilter(year=year))
    return {key: figures["compliance"] for key, figures in totals.items()}


def ratings(*, actor, year=None, region=None, industry=None) -> QuerySet[Rating]:
    requested = requests_submitted(actor=actor, year=year, region=region, industry=industry).values("pk")
    return Rating.objects.filter(request__in=requested).select_related("request", "request__enterprise")


def kpi_satisfaction(*, actor, year=None, region=None, industry=None) -> dict:
    qs = ratings(actor=actor, year=year, region=region, industry=industry)
    agg = qs.aggregate(n=Count("pk"), avg=Avg("score"), satisfied=Count("pk", filter=Q(score__gte=4)))
    closed = (
        requests_submitted(actor=actor, year=year, region=region, industry=industry)
        .filter(closed_at__isnull=False)
        .count()
    )
    return {
        "ratings": agg["n"],
        "average": round(agg["avg"], 2) if agg["avg"] is not None else None,
        "satisfied_percent": round(100.0 * agg["satisfied"] / agg["n"], 1) if agg["n"] else None,
        "rated_percent": round(100.0 * agg["n"] / closed, 1) if closed else None,
    }


def kpi_followup_outcomes(*, actor, year=None, region=None, industry=None) -> dict:
    """Impact measured 12 months after closing: answered follow-ups, share solved, gains reported."""
    requested = requests_submitted(actor=actor, year=year, region=region, industry=industry).values("pk")
    qs = FollowUp.objects.filter(request__in=requested)
    agg = qs.filter(answered_at__isnull=False).aggregate(
        answered=Count("pk"),
        solved=Count("pk", filter=Q(problem_solved=True)),
        sales=Sum("sales_gain"),
        certifications=Sum("certifications_gained"),
        standards=Sum("standards_gained"),
    )
    agg["pending"] = qs.filter(answered_at__isnull=True).count()
    agg["solved_percent"] = round(100.0 * agg["solved"] / agg["answered"], 1) if agg["answered"] else None
    return agg
