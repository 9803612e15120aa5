"""Actor-scoped reads of comparisons (house rule 4: missing and forbidden are the same 404).

An enterprise user sees the comparisons of their own enterprise; bureau users those of enterprises in
their jurisdiction (the enterprise register's visibility, `enterprises.selectors.visibility_q`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.models import Comparison, ImprovementItem, TestReport
from nqi.benchmarking.workflow import COMPARISON, ComparisonStatus
from nqi.core.errors import NotFound
from nqi.core.transitions import available_transitions, status_history
from nqi.core.workflow import AvailableTransition
from nqi.enterprises.selectors import visibility_q

SORTS = {
    "-updated": ("-updated_at", "-id"),
    "-created": ("-created_at", "-id"),
    "enterprise": ("enterprise__name", "id"),
    "status": ("status", "-updated_at", "id"),
    "-declared": ("-declared_on", "-id"),
}


@dataclass(frozen=True)
class ComparisonFilter:
    q: str = ""
    status: str = ""
    level: str = ""
    region: str = ""
    featured_industry: int | None = None
    year: int | None = None  # year attained
    sort: str = "-updated"


def comparison_list_visible_to(*, actor, filters: ComparisonFilter | None = None) -> QuerySet[Comparison]:
    """Comparisons the actor may see, filtered and sorted; product, enterprise and region joined."""
    f = filters or ComparisonFilter()
    qs = Comparison.objects.filter(visibility_q(actor, "enterprise__")).select_related(
        "product", "enterprise", "enterprise__region"
    )
    if f.q:
        q = f.q.strip()
        qs = qs.filter(
            Q(enterprise__name__contains=q)
            | Q(product__name__contains=q)
            | Q(own_standard_number__icontains=q)
            | Q(enterprise__uscc__startswith=q.upper())
        )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.region:
        qs = qs.filter(enterprise__region__path__contains=f"/{f.region}/")
    if f.featured_industry:
        qs = qs.filter(enterprise__featured_industry_id=f.featured_industry)
    if f.year:
        qs = qs.filter(attained_on__year=f.year)
    return qs.order_by(*SORTS.get(f.sort, SORTS["-updated"]))


def comparison_get_for(*, actor, pk) -> Comparison:
    try:
        return (
            Comparison.objects.filter(visibility_q(actor, "enterprise__"))
            .select_related(
                "product", "enterprise", "enterprise__region", "enterprise__organization", "own_standard"
            )
            .get(pk=pk)
        )
    except (Comparison.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("comparison not found") from exc


def comparison_counts(*, actor) -> dict:
    """Comparisons by status for the list header and the home card."""
    rows = (
        Comparison.objects.filter(visibility_q(actor, "enterprise__"))
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {status: n for status, n in rows}


def comparison_available_transitions(*, actor, comparison: Comparison) -> list[AvailableTransition]:
    return available_transitions(actor, comparison, COMPARISON)


def comparison_timeline(*, comparison: Comparison) -> list[dict]:
    """Creation, then every status change, oldest first."""
    labels = {t.name: t.label for t in COMPARISON.transitions}
    entries = [
        {
            "at": comparison.created_at,
            "actor": comparison.created_by,
            "label": _("创建对标"),
            "to": COMPARISON.state(ComparisonStatus.DRAFT).label,
            "to_value": ComparisonStatus.DRAFT.value,
            "comment": "",
        }
    ]
    for change in status_history(comparison):
        entries.append(
            {
                "at": change.occurred_at,
                "actor": change.actor,
                "label": labels.get(change.transition, change.transition),
                "to": COMPARISON.state(change.to_status).label,
                "to_value": change.to_status,
                "comment": change.comment,
            }
        )
    return entries


def plan_items_of(comparison: Comparison) -> list[ImprovementItem]:
    return list(comparison.plan_items.all())


def reports_of(comparison: Comparison) -> list[TestReport]:
    return list(comparison.reports.all())


def testreport_get_for(*, actor, pk) -> TestReport:
    """A report (for its download), visible exactly when its comparison is."""
    try:
        return TestReport.objects.select_related("comparison").get(
            visibility_q(actor, "comparison__enterprise__"), pk=pk
        )
    except (TestReport.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("report not found") from exc


def planitem_get_for(*, comparison: Comparison, pk) -> ImprovementItem:
    """An item of a comparison the caller already fetched with `comparison_get_for`."""
    try:
        return comparison.plan_items.get(pk=pk)
    except (ImprovementItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("plan item not found") from exc
