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

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from nqi.benchmarking.choices import Verdict
from nqi.benchmarking.models import Comparison, IndicatorResult, RankingEntry
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.enterprises.selectors import visibility_q
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


def kpi_by_region(*, actor, year: int) -> list[dict]:
    """Per county-level region: enterprises attained in `year`, products benchmarked, declared."""
    names = {r.code: r.name for r in city_districts()}
    rows = (
        _comparisons(actor)
        .filter(status__in=BENCHMARKED)
        .values_list("enterprise_id", "product_id", "status", "attained_on", "enterprise__region__path")
    )
    attained, products, declared = defaultdict(set), defaultdict(set), Counter()
    for enterprise_id, product_id, status, attained_on, path in rows:
        county = _county(path)
        products[county].add(product_id)
        if status in ATTAINED and attained_on and attained_on.year == year:
            attained[county].add(enterprise_id)
        declared[county] += status == ComparisonStatus.DECLARED
    return sorted(
        (
            {
                "code": code,
                "name": names.get(code, code),
                "enterprises_attained": len(attained[code]),
                "products_benchmarked": len(products[code]),
                "declared": declared[code],
            }
            for code in products
        ),
        key=lambda r: (-r["enterprises_attained"], r["code"]),
    )


def kpi_by_industry(*, actor, year: int) -> list[dict]:
    """Per featured industry (特色产业) of the enterprise: the same figures, one grouped query."""
    rows = (
        _comparisons(actor)
        .filter(status__in=BENCHMARKED)
        .order_by()
        .values("enterprise__featured_industry__name", "enterprise__featured_industry__region__name")
        .annotate(
            enterprises_attained=Count(
                "enterprise_id", filter=Q(status__in=ATTAINED, attained_on__year=year), distinct=True
            ),
            products_benchmarked=Count("product_id", distinct=True),
            declared=Count("id", filter=Q(status=ComparisonStatus.DECLARED)),
        )
        .order_by("-enterprises_attained")
    )
    return [
        {
            "name": r["enterprise__featured_industry__name"] or "—",
            "region": r["enterprise__featured_industry__region__name"] or "",
            "enterprises_attained": r["enterprises_attained"],
            "products_benchmarked": r["products_benchmarked"],
            "declared": r["declared"],
        }
        for r in rows
    ]


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
