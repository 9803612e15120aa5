"""The per-indicator verdict: better / equal / worse than the benchmark, not comparable, or missing.

Order of checks (each failure is an explicit verdict with its reason, never a guess):
value given → limit machine-readable → same quantity (same measurand by a different principle is "not
comparable") → comparable test method → allowed unit conversion → readable value → physically possible
value → direction. Values are compared in full, without rounding (GB/T 8170—2008 4.3.1 全数值比较法,
the default when a standard does not say otherwise [MEM]). A wrong "better" is the one outcome the
engine must never give: anything uncertain is "not comparable".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from nqi.benchmarking.engine import quantities
from nqi.benchmarking.engine.indicators import (
    Direction,
    IndicatorDefinition,
    Interval,
    LimitError,
    Measurement,
    ReadValue,
    class_key,
    read_value,
)
from nqi.benchmarking.engine.methods import Equivalence, match
from nqi.benchmarking.engine.units import UnitError, format_decimal, rescale


class Verdict(StrEnum):
    BETTER = "better"
    EQUAL = "equal"
    WORSE = "worse"
    NOT_COMPARABLE = "not_comparable"
    MISSING = "missing"


COMPARED = (Verdict.BETTER, Verdict.EQUAL, Verdict.WORSE)
MET = (Verdict.BETTER, Verdict.EQUAL)


class Reason(StrEnum):
    NO_VALUE = "no_value"
    LIMIT_NOT_NUMERIC = "limit_not_numeric"
    PRINCIPLE_MISMATCH = "principle_mismatch"
    QUANTITY_MISMATCH = "quantity_mismatch"
    METHOD_MISMATCH = "method_mismatch"
    METHOD_UNKNOWN = "method_unknown"
    UNIT_UNREADABLE = "unit_unreadable"
    UNIT_INCOMPATIBLE = "unit_incompatible"
    UNIT_NOT_DECLARED = "unit_not_declared"
    VALUE_UNREADABLE = "value_unreadable"
    IMPLAUSIBLE = "implausible"
    SCALE_MISMATCH = "scale_mismatch"
    QUALITATIVE = "qualitative"
    COMPARED = "compared"


@dataclass(frozen=True)
class Result:
    """One verdict with what a reader needs to check it: the value in the benchmark's unit, the
    conversion made (if any), the relative margin and any note about the method edition."""

    verdict: Verdict
    reason: Reason
    params: dict = field(default_factory=dict)
    value: str = ""  # the enterprise's value in the benchmark's unit
    conversion: dict = field(default_factory=dict)  # {"from", "to", "kind"} when a unit was changed
    margin: Decimal | None = None  # percent better (+) or worse (−) than the limit


def _no(reason: Reason, **params) -> Result:
    return Result(Verdict.NOT_COMPARABLE, reason, {k: str(v) for k, v in params.items()})


def _margin(direction: Direction, own: Decimal, limit: Decimal) -> Decimal | None:
    if limit == 0:
        return None
    share = (limit - own) / abs(limit) if direction is Direction.MAX else (own - limit) / abs(limit)
    return (share * 100).quantize(Decimal("0.1"))


def _strictness(own_operator: str, inclusive: bool) -> Verdict:
    """Equal numbers: an own strict limit ("< x") is tighter than an inclusive one ("≤ x")."""
    own_strict = own_operator in ("<", ">")
    if own_strict == (not inclusive):
        return Verdict.EQUAL
    return Verdict.BETTER if own_strict else Verdict.WORSE


def _threshold(direction: Direction, own: ReadValue, indicator: IndicatorDefinition) -> Result:
    limit = indicator.limit
    level = own.point
    if level is None:  # an own range against an at-most/at-least limit: its worst end counts
        level = own.interval.high if direction is Direction.MAX else own.interval.low
        if level is None:
            return _no(Reason.VALUE_UNREADABLE, value="")
    sign = 1 if direction is Direction.MAX else -1
    if level * sign < limit.value * sign:
        verdict = Verdict.BETTER
    elif level == limit.value:
        verdict = _strictness(own.operator, limit.inclusive)
    else:
        verdict = Verdict.WORSE
    return Result(verdict, Reason.COMPARED, margin=_margin(direction, level, limit.value))


def _range(own: ReadValue, interval: Interval) -> Result:
    if own.point is not None:
        inside = interval.contains(own.point)
        return Result(Verdict.EQUAL if inside else Verdict.WORSE, Reason.COMPARED)
    if own.interval == interval:
        return Result(Verdict.EQUAL, Reason.COMPARED)
    return Result(Verdict.BETTER if own.interval.within(interval) else Verdict.WORSE, Reason.COMPARED)


def _klass(own: ReadValue, indicator: IndicatorDefinition) -> Result:
    limit = indicator.limit
    mine, required = class_key(own.klass), class_key(limit.required_class)
    if not limit.scale:
        if mine == required:
            return Result(Verdict.EQUAL, Reason.COMPARED)
        return _no(Reason.QUALITATIVE, value=own.klass, required=limit.required_class)
    scale = [class_key(c) for c in limit.scale]
    if mine not in scale or required not in scale:
        return _no(Reason.SCALE_MISMATCH, value=own.klass, scale=" > ".join(limit.scale))
    diff = scale.index(required) - scale.index(mine)
    return Result(
        Verdict.BETTER if diff > 0 else Verdict.EQUAL if diff == 0 else Verdict.WORSE, Reason.COMPARED
    )


def _converted(read: ReadValue, by: Decimal) -> ReadValue:
    if by == 1:
        return read
    if read.point is not None:
        return ReadValue(point=rescale(read.point, by), operator=read.operator)
    i = read.interval
    return ReadValue(
        interval=Interval(
            None if i.low is None else rescale(i.low, by),
            None if i.high is None else rescale(i.high, by),
            i.low_inclusive,
            i.high_inclusive,
        )
    )


def _show(read: ReadValue) -> str:
    if read.klass:
        return read.klass
    if read.point is not None:
        return f"{read.operator}{format_decimal(read.point)}"
    return f"{format_decimal(read.interval.low)}–{format_decimal(read.interval.high)}"


def compare(
    own: Measurement | None, indicator: IndicatorDefinition, equivalences: tuple[Equivalence, ...] = ()
) -> Result:
    """The verdict of one enterprise value against one benchmark indicator (see the module docstring)."""
    if own is None or not (own.text or "").strip():
        return Result(Verdict.MISSING, Reason.NO_VALUE)
    if indicator.limit is None:
        return _no(Reason.LIMIT_NOT_NUMERIC)
    if own.quantity != indicator.quantity:
        reason = (
            Reason.PRINCIPLE_MISMATCH
            if quantities.same_measurand(own.quantity, indicator.quantity)
            else Reason.QUANTITY_MISMATCH
        )
        return _no(reason, own_method=own.method.label(), method=indicator.method.label())
    method = match(own.method, indicator.method, equivalences)
    if not method.comparable:
        reason = Reason.METHOD_UNKNOWN if method.kind == "unknown" else Reason.METHOD_MISMATCH
        return _no(reason, own_method=own.method.label(), method=indicator.method.label())
    return _compare_values(own, indicator, method.note)


def _compare_values(own: Measurement, indicator: IndicatorDefinition, edition_note: str) -> Result:
    try:
        source, target = own.parsed_unit, indicator.parsed_unit
    except UnitError as exc:
        return _no(Reason.UNIT_UNREADABLE, unit=str(exc))
    direction = indicator.limit.direction
    if direction is Direction.CLASS:
        conversion = None
    else:
        conversion = quantities.conversion_between(own.quantity, source, target)
        if conversion is None:
            same = quantities.same_dimension(source, target) if not source.is_ordinal else False
            reason = Reason.UNIT_NOT_DECLARED if same else Reason.UNIT_INCOMPATIBLE
            return _no(reason, unit=source.text, benchmark_unit=target.text)
    try:
        read = read_value(own.text, source, direction)
    except LimitError:
        return _no(Reason.VALUE_UNREADABLE, value=own.text)
    for number in (read.point, *(() if read.interval is None else (read.interval.low, read.interval.high))):
        problem = number is not None and quantities.implausible(own.quantity, number, source)
        if problem:
            return _no(Reason.IMPLAUSIBLE, value=own.text, unit=source.text, problem=problem)
    if direction is Direction.CLASS:
        result = _klass(read, indicator)
        return Result(result.verdict, result.reason, result.params, value=read.klass)
    converted = _converted(read, conversion.factor)
    if direction is Direction.RANGE:
        result = _range(converted, indicator.limit.interval)
    else:
        result = _threshold(direction, converted, indicator)
    shown = {}
    if conversion.kind != "identity":
        shown = {"from": f"{_show(read)} {source.text}", "to": f"{_show(converted)} {target.text}"}
        shown |= {"kind": conversion.kind, "factor": format_decimal(conversion.factor)}
    params = {"edition": edition_note} if edition_note else {}
    return Result(result.verdict, result.reason, params, _show(converted), shown, result.margin)


@dataclass(frozen=True)
class Assessment:
    """A benchmark indicator judged against every enterprise value of the same measurand.

    The deciding verdict is the worst of the comparable results (two test reports that disagree
    count against the enterprise); with no comparable result it is "not comparable" when values of
    the measurand exist by other methods or principles, else "missing".
    """

    indicator: IndicatorDefinition
    verdict: Verdict
    decisive: Result
    results: tuple[tuple[Measurement, Result], ...] = ()


_SEVERITY = {Verdict.WORSE: 0, Verdict.EQUAL: 1, Verdict.BETTER: 2}


def assess(
    indicator: IndicatorDefinition,
    measurements: list[Measurement],
    equivalences: tuple[Equivalence, ...] = (),
) -> Assessment:
    relevant = [m for m in measurements if quantities.same_measurand(m.quantity, indicator.quantity)]
    results = tuple((m, compare(m, indicator, equivalences)) for m in relevant)
    compared = [r for _m, r in results if r.verdict in COMPARED]
    if compared:
        decisive = min(compared, key=lambda r: _SEVERITY[r.verdict])
    elif results:
        decisive = next((r for _m, r in results if r.verdict is Verdict.NOT_COMPARABLE), results[0][1])
    else:
        decisive = Result(Verdict.MISSING, Reason.NO_VALUE)
    return Assessment(indicator, decisive.verdict, decisive, results)
