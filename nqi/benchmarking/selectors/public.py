"""Public reads (no sign-in): declared benchmarking results and published forerunner lists.

Only what the enterprise itself made public (自我声明公开) and lists the bureau published are shown:
enterprise name and USCC (public registration data), product, own standard, benchmarks, level, the
key indicators and the declaration — never contact or personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from nqi.benchmarking.models import Comparison, RankingEntry, RankingList
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.core.errors import NotFound


@dataclass(frozen=True)
class DeclarationFilter:
    q: str = ""
    category: str = ""
    level: str = ""


def declaration_list_public(*, filters: DeclarationFilter | None = None) -> QuerySet[Comparison]:
    f = filters or DeclarationFilter()
    qs = Comparison.objects.filter(status=ComparisonStatus.DECLARED).select_related(
        "product", "enterprise", "enterprise__region"
    )
    if f.q:
        q = f.q.strip()
        qs = qs.filter(
            Q(enterprise__name__contains=q)
            | Q(product__name__contains=q)
            | Q(own_standard_number__icontains=q)
        )
    if f.category:
        qs = qs.filter(category=f.category)
    if f.level:
        qs = qs.filter(level=f.level)
    return qs.order_by("-declared_on", "-id")


def declaration_get_public(*, pk) -> Comparison:
    try:
        return declaration_list_public().get(pk=pk)
    except (Comparison.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("declaration not found") from exc


def declaration_categories() -> list[str]:
    return list(
        Comparison.objects.filter(status=ComparisonStatus.DECLARED)
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )


def rankinglist_published(*, year: int | None = None) -> QuerySet[RankingList]:
    qs = RankingList.objects.filter(published_at__isnull=False)
    return qs.filter(year=year) if year else qs


def rankinglist_get_public(*, pk) -> RankingList:
    try:
        return rankinglist_published().get(pk=pk)
    except (RankingList.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("ranking not found") from exc


def ranking_entries(ranking: RankingList) -> list[RankingEntry]:
    return list(ranking.entries.select_related("enterprise").order_by("tier", "enterprise__name"))


def forerunner_titles(*, enterprise_id: int) -> list[RankingEntry]:
    """The published lists in which an enterprise is a forerunner (for its profile)."""
    return list(
        RankingEntry.objects.filter(
            enterprise_id=enterprise_id, is_forerunner=True, ranking__published_at__isnull=False
        )
        .select_related("ranking")
        .order_by("-ranking__year")
    )


def rankinglist_all(*, actor) -> QuerySet[RankingList]:
    """Every list, drafts included, for the bureau's management page (callers authorize)."""
    return RankingList.objects.select_related("created_by").order_by("-year", "category", "quantity")


def rankinglist_get_for(*, actor, pk) -> RankingList:
    """One list, drafts included, for the bureau's management page (callers authorize)."""
    try:
        return RankingList.objects.get(pk=pk)
    except (RankingList.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("ranking not found") from exc
