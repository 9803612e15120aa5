"""KPIs of 对标达标, scoped to what the actor may see (the bureau's jurisdiction).

The source report's figure is "新增对标达标企业 154 家" — enterprises that attained (达标) a benchmark in
the year; an enterprise with several attained products counts once. Also: products benchmarked
(a comparison run, not abandoned), indicators compared (verdicts better/equal/worse in the latest runs),
declared results, and forerunner enterprises (tier within the forerunner tier of a published list).
Grouped per county-level region (GB/T 2260 path) and per featured industry.

The platform-wide KPI registry (nqi/core/metrics.py) does not exist yet; these functions are the
benchmarking contribution to register there when it does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from nqi.benchmarking.choices import Verdict
from nqi.benchmarking.models import Comparison, IndicatorResult, RankingEntry
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.enterprises.selectors import visibility_q
from nqi.industries.models import FeaturedIndustry
from nqi.regions.selectors import city_districts

ATTAINED = (ComparisonStatus.ATTAINED, ComparisonStatus.DECLARED)
BENCHMARKED = (
    ComparisonStatus.COMPARED,
    ComparisonStatus.IMPROVING,
    ComparisonStatus.ATTAINED,
    ComparisonStatus.DECLARED,
)


def _comparisons(actor) -> QuerySet[Comparison]:
    return Comparison.objects.filter(visibility_q(actor, "enterprise__"))


@dataclass(frozen=True)
class KpiSummary:
    year: int
    enterprises_attained: int
    products_benchmarked: int
    indicators_compared: int
    declared: int
    forerunners: int


def kpi_summary(*, actor, year: int) -> KpiSummary:
    """The headline figures for `year` (five aggregate queries)."""
    qs = _comparisons(actor)
    attained = qs.filter(status__in=ATTAINED, attained_on__year=year)
    compared = IndicatorResult.objects.filter(
        comparison__in=qs.filter(status__in=BENCHMARKED),
        verdict__in=(Verdict.BETTER, Verdict.EQUAL, Verdict.WORSE),
    )
    forerunners = RankingEntry.objects.filter(
        visibility_q(actor, "enterprise__"),
        is_forerunner=True,
        ranking__year=year,
        ranking__published_at__isnull=False,
    )
    return KpiSummary(
        year=year,
        enterprises_attained=attained.values("enterprise_id").distinct().count(),
        products_benchmarked=qs.filter(status__in=BENCHMARKED).values("product_id").distinct().count(),
        indicators_compared=compared.count(),
        declared=qs.filter(status=ComparisonStatus.DECLARED, declared_on__year=year).count(),
        forerunners=forerunners.values("enterprise_id").distinct().count(),
    )


def _county(path: str) -> str:
    parts = [p for p in (path or "").split("/") if p]
    return parts[2] if len(parts) > 2 else (parts[-1] if parts else "")


def _group_key(by: str, path: str, industry) -> object:
    return _county(path) if by == "region" else industry


def _grouped(actor, year: int, by: str) -> dict:
    """The five figures per group (county code or featured-industry id), from three grouped reads."""
    groups: dict = defaultdict(
        lambda: {"attained": set(), "products": set(), "declared": 0, "indicators": 0, "forerunners": set()}
    )
    rows = (
        _comparisons(actor)
        .filter(status__in=BENCHMARKED)
        .values_list(
            "enterprise_id",
            "product_id",
            "status",
            "attained_on",
            "enterprise__region__path",
            "enterprise__featured_industry_id",
        )
    )
    for enterprise_id, product_id, status, attained_on, path, industry in rows:
        group = groups[_group_key(by, path, industry)]
        group["products"].add(product_id)
        if status in ATTAINED and attained_on and attained_on.year == year:
            group["attained"].add(enterprise_id)
        group["declared"] += status == ComparisonStatus.DECLARED
    compared = (
        IndicatorResult.objects.filter(
            comparison__in=_comparisons(actor).filter(status__in=BENCHMARKED),
            verdict__in=(Verdict.BETTER, Verdict.EQUAL, Verdict.WORSE),
        )
        .order_by()
        .values_list("comparison__enterprise__region__path", "comparison__enterprise__featured_industry_id")
        .annotate(n=Count("id"))
    )
    for path, industry, n in compared:
        groups[_group_key(by, path, industry)]["indicators"] += n
    forerunners = RankingEntry.objects.filter(
        visibility_q(actor, "enterprise__"),
        is_forerunner=True,
        ranking__year=year,
        ranking__published_at__isnull=False,
    ).values_list("enterprise_id", "enterprise__region__path", "enterprise__featured_industry_id")
    for enterprise_id, path, industry in forerunners:
        groups[_group_key(by, path, industry)]["forerunners"].add(enterprise_id)
    return groups


def _figures(group: dict) -> dict:
    return {
        "enterprises_attained": len(group["attained"]),
        "products_benchmarked": len(group["products"]),
        "indicators_compared": group["indicators"],
        "declared": group["declared"],
        "forerunners": len(group["forerunners"]),
    }


def kpi_by_region(*, actor, year: int) -> list[dict]:
    """Per county-level region (GB/T 2260): enterprises attained in `year`, products benchmarked,
    indicators compared, declared results and forerunner enterprises."""
    names = {r.code: r.name for r in city_districts()}
    groups = _grouped(actor, year, "region")
    rows = [{"code": code, "name": names.get(code, code), **_figures(g)} for code, g in groups.items()]
    return sorted(rows, key=lambda r: (-r["enterprises_attained"], r["code"]))


def kpi_by_industry(*, actor, year: int) -> list[dict]:
    """Per featured industry (特色产业) of the enterprise: the same figures."""
    groups = _grouped(actor, year, "industry")
    names = {
        f.pk: (f.name, f.region.name)
        for f in FeaturedIndustry.objects.filter(pk__in=[k for k in groups if k]).select_related("region")
    }
    rows = [
        {"name": names.get(key, ("—", ""))[0], "region": names.get(key, ("—", ""))[1], **_figures(g)}
        for key, g in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r["enterprises_attained"], r["name"]))


def kpi_levels(*, actor) -> list[tuple[str, int]]:
    """How many current comparisons reached each level (for the overview chart)."""
    rows = (
        _comparisons(actor)
        .filter(status__in=BENCHMARKED)
        .exclude(level="")
        .order_by()
        .values_list("level_label")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return list(rows)
