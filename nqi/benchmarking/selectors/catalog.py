"""Reads of the indicator catalog: the catalog page, benchmark options (standard + grade) and the rows an
enterprise fills in for the benchmarks it picked."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from nqi.benchmarking.assessing import indicators_for
from nqi.benchmarking.choices import Confidence
from nqi.benchmarking.models import Comparison, Indicator

SORTS = {"standard": ("standard_key", "grade", "id"), "quantity": ("quantity", "standard_key", "id")}


@dataclass(frozen=True)
class IndicatorFilter:
    q: str = ""
    industry: str = ""
    confidence: str = ""
    key_only: bool = False
    sort: str = "standard"


def indicator_list(*, filters: IndicatorFilter | None = None) -> QuerySet[Indicator]:
    """The catalog (public reference data for every signed-in user), filtered and sorted."""
    f = filters or IndicatorFilter()
    qs = Indicator.objects.select_related("standard")
    if f.q:
        q = f.q.strip()
        qs = qs.filter(
            Q(standard_number__icontains=q) | Q(name_zh__contains=q) | Q(name_en__icontains=q) | Q(quantity=q)
        )
    if f.industry:
        qs = qs.filter(industry=f.industry)
    if f.confidence:
        qs = qs.filter(confidence=f.confidence)
    if f.key_only:
        qs = qs.filter(is_key=True)
    return qs.order_by(*SORTS.get(f.sort, SORTS["standard"]))


@dataclass
class BenchmarkOption:
    """A (standard, grade) that can be picked as a benchmark because the catalog has its indicators."""

    standard_key: str
    standard_number: str
    grade: str
    suggested_class: str
    industry: str
    indicator_count: int
    key_count: int
    has_demo: bool
    reasons: list[str] = field(default_factory=list)
    status_label: str = ""
    replaced_by: list[str] = field(default_factory=list)

    @property
    def token(self) -> str:
        """The form value naming this option: key and grade, separated by a unit separator."""
        return f"{self.standard_key}\x1f{self.grade}"


def benchmark_options(
    *, industry: str = "", q: str = "", keys: list[str] | None = None
) -> list[BenchmarkOption]:
    """Distinct (standard, grade) pairs with their indicator counts (one grouped query)."""
    qs = Indicator.objects.all()
    if industry:
        qs = qs.filter(industry=industry)
    if keys is not None:
        qs = qs.filter(standard_key__in=keys)
    if q:
        qs = qs.filter(Q(standard_number__icontains=q.strip()) | Q(name_zh__contains=q.strip()))
    rows = (
        qs.order_by()
        .values("standard_key", "grade")
        .annotate(
            number=Max("standard_number"),
            klass=Max("suggested_class"),
            family=Max("industry"),
            n=Count("id"),
            keys=Count("id", filter=Q(is_key=True)),
            demo=Count("id", filter=Q(confidence=Confidence.DEMO)),
        )
        .order_by("standard_key", "grade")
    )
    return [
        BenchmarkOption(
            r["standard_key"],
            r["number"],
            r["grade"],
            r["klass"],
            r["family"],
            r["n"],
            r["keys"],
            bool(r["demo"]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class EntryRow:
    """One line of the value-entry table: a quantity measured by one method, as the benchmarks ask."""

    quantity: str
    name: str
    unit: str
    method_standard: str
    method_variant: str
    is_key: bool


def entry_rows(comparison: Comparison) -> list[EntryRow]:
    """The distinct (quantity, method) pairs the comparison's benchmarks ask for, key indicators first."""
    benchmarks = list(comparison.benchmarks.all())
    seen: dict[tuple, EntryRow] = {}
    for rows in indicators_for(benchmarks).values():
        for row in rows:
            key = (row.quantity, row.method_standard, row.method_variant)
            if key not in seen or (row.is_key and not seen[key].is_key):
                seen[key] = EntryRow(
                    row.quantity, row.name_zh, row.unit, row.method_standard, row.method_variant, row.is_key
                )
    return sorted(seen.values(), key=lambda r: (not r.is_key, r.quantity, r.method_standard))
