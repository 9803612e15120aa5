"""From database rows to the engine and back: the one place that builds engine inputs for a comparison.

Services call `assess_comparison` inside their transaction; it reads the comparison's benchmarks, the
catalog indicators of each (standard, grade) — rows without a grade apply to every grade of their
standard — the enterprise's values and the declared method equivalences, runs the engine and returns
unsaved IndicatorResult rows plus the level outcome. Nothing here authorizes or audits.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from nqi.benchmarking import engine
from nqi.benchmarking.choices import Confidence
from nqi.benchmarking.engine.indicators import TestMethod
from nqi.benchmarking.engine.units import UnitError
from nqi.benchmarking.models import (
    Comparison,
    ComparisonBenchmark,
    Indicator,
    IndicatorResult,
    IndicatorValue,
    MethodEquivalence,
)
from nqi.search.standard_numbers import compact, fold, parse


def standard_key(number: str) -> str:
    """The edition key of a standard number, as the standards catalog computes `edition_key`."""
    parsed = parse(number or "")
    if parsed is not None:
        return parsed.query_key
    return compact(fold(number or ""))


def to_definition(row: Indicator) -> engine.IndicatorDefinition:
    """A catalog row as the engine reads it; a limit the engine cannot read becomes None (judged by people)."""
    try:
        limit = engine.parse_limit(
            row.direction, row.limit_text, engine.parse_unit(row.unit), tuple(row.scale)
        )
    except (engine.LimitError, UnitError, ValueError):
        limit = None
    return engine.IndicatorDefinition(
        quantity=row.quantity,
        name=row.name_zh,
        unit=row.unit,
        limit=limit,
        method=TestMethod(row.method_standard, row.method_variant),
        clause=row.clause,
        grade=row.grade,
        is_key=row.is_key,
        standard=row.standard_number,
        ref=row.pk,
    )


def to_measurement(value: IndicatorValue) -> engine.Measurement:
    return engine.Measurement(
        value.quantity,
        value.value_text,
        value.unit,
        TestMethod(value.method_standard, value.method_variant),
        value.pk,
    )


def equivalences() -> tuple[engine.Equivalence, ...]:
    return tuple(
        engine.Equivalence(e.key_a, e.key_b, e.basis, e.source_url) for e in MethodEquivalence.objects.all()
    )


def indicators_for(benchmarks: list[ComparisonBenchmark]) -> dict[int, list[Indicator]]:
    """Catalog indicators per benchmark: its grade's rows and the standard's ungraded rows."""
    if not benchmarks:
        return {}
    wanted = Q(pk__in=[])
    for b in benchmarks:
        wanted |= Q(standard_key=b.standard_key, grade__in={b.grade, ""})
    rows = list(Indicator.objects.filter(wanted).order_by("-is_key", "quantity", "id"))
    by_benchmark: dict[int, list[Indicator]] = defaultdict(list)
    for b in benchmarks:
        by_benchmark[b.pk] = [
            r for r in rows if r.standard_key == b.standard_key and r.grade in (b.grade, "")
        ]
    return by_benchmark


def _detail(measurement: engine.Measurement, result: engine.Result) -> dict:
    return {
        "value_id": measurement.ref,
        "value": f"{measurement.text} {measurement.unit}".strip(),
        "method": measurement.method.label(),
        "verdict": str(result.verdict),
        "reason": str(result.reason),
        "params": result.params,
        "conversion": result.conversion,
    }


def _result_row(
    comparison, benchmark, row: Indicator, assessment: engine.Assessment, n: int
) -> IndicatorResult:
    decisive = assessment.decisive
    value_id = next((m.ref for m, r in assessment.results if r is decisive), None)
    return IndicatorResult(
        comparison=comparison,
        benchmark=benchmark,
        indicator=row,
        value_id=value_id,
        quantity=row.quantity,
        name=row.name_zh,
        limit_text=row.limit_text,
        unit=row.unit,
        method=TestMethod(row.method_standard, row.method_variant).label(),
        is_key=row.is_key,
        is_demo=row.confidence == Confidence.DEMO,
        verdict=str(assessment.verdict),
        reason=str(decisive.reason),
        params=decisive.params,
        own_value=decisive.value[:80],
        conversion=decisive.conversion,
        margin=decisive.margin if decisive.margin is None else Decimal(decisive.margin),
        details=[_detail(m, r) for m, r in assessment.results],
        position=n,
    )


def assess_comparison(
    comparison: Comparison, rule: engine.LevelRule
) -> tuple[list[IndicatorResult], engine.LevelOutcome]:
    """Judge every benchmark indicator of `comparison` and the overall level under `rule`."""
    benchmarks = list(comparison.benchmarks.all())
    measurements = [to_measurement(v) for v in comparison.values.all()]
    declared = equivalences()
    rows, judged = [], []
    by_benchmark = indicators_for(benchmarks)
    for benchmark in benchmarks:
        assessments = []
        for n, row in enumerate(by_benchmark[benchmark.pk]):
            assessment = engine.assess(to_definition(row), measurements, declared)
            assessments.append(assessment)
            rows.append(_result_row(comparison, benchmark, row, assessment, n))
        judged.append(engine.BenchmarkAssessment(benchmark.pk, benchmark.klass, tuple(assessments)))
    return rows, engine.evaluate(rule, judged)
