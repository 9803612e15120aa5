"""The gap matrix of a comparison (对标差距矩阵): indicators down, benchmark standards across.

Read by the comparison page, the Word/PDF report and the public declaration. Rows are the quantities
of the benchmarks' indicators (key indicators first); each cell is the stored verdict of one benchmark
indicator with its reason, the enterprise value in the benchmark's unit and any unit conversion shown.
Each benchmark column carries the catalog status of its standard: a withdrawn or replaced standard is
flagged with the standard(s) that replaced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nqi.benchmarking.choices import Verdict
from nqi.benchmarking.explanations import VERDICT_STYLE, conversion_text, reason_text
from nqi.benchmarking.models import Comparison, ComparisonBenchmark, IndicatorResult, IndicatorValue
from nqi.standards.choices import ENDED_STATUSES
from nqi.standards.models import StandardRelation


@dataclass
class Column:
    benchmark: ComparisonBenchmark
    status_label: str = ""
    ended: bool = False
    replaced_by: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)


@dataclass
class Cell:
    result: IndicatorResult
    explanation: str
    conversion: str
    style: str


@dataclass
class Row:
    quantity: str
    name: str
    is_key: bool
    values: list[IndicatorValue]
    cells: dict[int, list[Cell]]


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]
    gaps: list[Cell]  # key indicators not met, for the improvement plan
    has_demo_values: bool


def benchmark_columns(benchmarks: list[ComparisonBenchmark]) -> list[Column]:
    """Columns with the catalog status of each benchmark standard and its replacement (one query)."""
    ended_ids = [b.standard_id for b in benchmarks if b.standard_id and b.standard.status in ENDED_STATUSES]
    successors: dict[int, list[str]] = {}
    for relation in StandardRelation.objects.filter(target_id__in=ended_ids).select_related("source"):
        successors.setdefault(relation.target_id, []).append(relation.source.canonical)
    columns = []
    for b in benchmarks:
        ended = bool(b.standard_id and b.standard.status in ENDED_STATUSES)
        status = b.standard.get_status_display() if b.standard_id else ""
        columns.append(Column(b, str(status), ended, successors.get(b.standard_id, []) if ended else []))
    return columns


def _cell(result: IndicatorResult) -> Cell:
    return Cell(
        result,
        reason_text(result.reason, result.params),
        conversion_text(result.quantity, result.conversion),
        VERDICT_STYLE.get(result.verdict, "secondary"),
    )


def comparison_matrix(comparison: Comparison) -> Matrix:
    """The stored results of the latest run as a matrix (three queries)."""
    benchmarks = list(comparison.benchmarks.select_related("standard"))
    columns = benchmark_columns(benchmarks)
    results = list(
        comparison.results.select_related("benchmark", "indicator").order_by(
            "benchmark__position", "benchmark_id", "position"
        )
    )
    values = list(comparison.values.all())
    rows: dict[str, Row] = {}
    for result in sorted(results, key=lambda r: (not r.is_key, r.position)):
        row = rows.get(result.quantity)
        if row is None:
            mine = [v for v in values if v.quantity == result.quantity]
            row = rows[result.quantity] = Row(result.quantity, result.name, result.is_key, mine, {})
        row.is_key = row.is_key or result.is_key
        row.cells.setdefault(result.benchmark_id, []).append(_cell(result))
    for column in columns:
        mine = [r for r in results if r.benchmark_id == column.benchmark.pk]
        column.counts = {v: sum(1 for r in mine if r.verdict == v) for v in Verdict.values}
    gaps = [
        _cell(r)
        for r in results
        if r.is_key and r.verdict in (Verdict.WORSE, Verdict.NOT_COMPARABLE, Verdict.MISSING)
    ]
    return Matrix(columns, list(rows.values()), gaps, any(r.is_demo for r in results))
