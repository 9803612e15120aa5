"""Indicator definitions and indicator values as plain data, read from the text standards print.

An indicator is one technical requirement of one standard (and grade, where the standard defines
grades): a quantity, a unit, a direction — at most (≤), at least (≥), inside a range, or a qualitative
class on an ordered scale (ENF > E0 > E1; 1级 > 2级 > 3级) — the limit, the test method and the clause.
An indicator value is what an enterprise states for its product: its own standard's limit or a test
result, with the unit and the method it was measured by.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from nqi.benchmarking.engine.units import GREY_SCALE, Unit, parse_unit


class Direction(StrEnum):
    MAX = "max"  # value ≤ limit: lower is better (emissions, contents, specific power)
    MIN = "min"  # value ≥ limit: higher is better (strength, fastness, efficiency)
    RANGE = "range"  # value inside an interval (pH, linear density)
    CLASS = "class"  # a qualitative class on an ordered scale, or a fixed requirement


class LimitError(ValueError):
    """The limit or value text is not a number, interval or class the engine can read."""


_NUMBER = r"[+-]?\d+(?:\.\d+)?"
_OPERATOR = re.compile(rf"^\s*(≤|<=|<|≥|>=|>|不大于|不超过|小于|不小于|大于)?\s*({_NUMBER})\s*$")
_INTERVAL = re.compile(
    rf"^\s*(>|≥|>=)?\s*({_NUMBER})\s*(?:–|—|~|～|to|至|-)\s*(<|≤|<=)?\s*({_NUMBER})\s*$", re.IGNORECASE
)
_GREY_HALF = re.compile(r"^\s*([1-5])\s*-\s*([1-5])\s*$")
_STRICT = {"<", ">", "小于", "大于"}
_UPPER = {"≤", "<=", "<", "不大于", "不超过", "小于"}


def to_decimal(text: str) -> Decimal:
    try:
        return Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise LimitError(str(text)) from exc


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip()


@dataclass(frozen=True)
class Interval:
    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def contains(self, value: Decimal) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return False
        return not (
            self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive))
        )

    def within(self, other: Interval) -> bool:
        """True when every value of self lies in `other` (a tighter or equal interval)."""
        low_ok = other.low is None or (
            self.low is not None
            and (
                self.low > other.low
                or (self.low == other.low and (other.low_inclusive or not self.low_inclusive))
            )
        )
        high_ok = other.high is None or (
            self.high is not None
            and (
                self.high < other.high
                or (self.high == other.high and (other.high_inclusive or not self.high_inclusive))
            )
        )
        return low_ok and high_ok


def parse_interval(text: str) -> Interval:
    """ "4.0–8.5", ">8 to ≤30", "0.8 to <2.2", "1.5–630" → Interval; LimitError otherwise."""
    m = _INTERVAL.match(_fold(text))
    if not m:
        raise LimitError(text)
    low_op, low, high_op, high = m.groups()
    return Interval(to_decimal(low), to_decimal(high), low_op != ">", high_op != "<")


def parse_number(text: str, unit: Unit | None = None) -> tuple[Decimal, str]:
    """One number with an optional comparison sign: ("<0.05") → (0.05, "<"); grey-scale "3-4" → 3.5."""
    folded = _fold(text)
    if unit is not None and unit.expression == GREY_SCALE:
        half = _GREY_HALF.match(folded)
        if half:
            return (to_decimal(half.group(1)) + to_decimal(half.group(2))) / 2, ""
    m = _OPERATOR.match(folded)
    if not m:
        raise LimitError(text)
    return to_decimal(m.group(2)), m.group(1) or ""


def class_key(text: str) -> str:
    """A class name folded for comparison: "F★★★★" = "F☆☆☆☆", "1级" = "1" = "一级" = "Grade 1"."""
    folded = _fold(text).upper().replace("★", "☆").replace(" ", "")
    folded = re.sub(r"^(GRADE|LEVEL|CLASS)", "", folded)
    folded = folded.replace("一级", "1").replace("二级", "2").replace("三级", "3")
    return folded.removesuffix("级").removesuffix("类")


@dataclass(frozen=True)
class TestMethod:
    """A test method: the method standard and, where one standard holds several methods, which one."""

    __test__ = False  # a domain term, not a pytest class

    standard: str
    variant: str = ""

    def __bool__(self) -> bool:
        return bool(self.standard.strip())

    def label(self) -> str:
        return f"{self.standard}（{self.variant}）" if self.variant else self.standard


@dataclass(frozen=True)
class Limit:
    direction: Direction
    text: str
    value: Decimal | None = None  # MAX / MIN threshold
    inclusive: bool = True  # "≤ 0.05" (True) or "< 0.05" (False)
    interval: Interval | None = None  # RANGE
    required_class: str = ""  # CLASS
    scale: tuple[str, ...] = ()  # CLASS: the ordered classes, best first

    @property
    def numeric(self) -> bool:
        return self.value is not None or self.interval is not None


def parse_limit(direction: str, text: str, unit: Unit, scale: tuple[str, ...] = ()) -> Limit:
    """The limit a standard prints, read for `direction`; LimitError when it is not machine-readable
    (e.g. "grade-3 value of the applicable table", compound limits) — such rows are judged by people."""
    direction = Direction(direction)
    if direction is Direction.CLASS:
        return Limit(direction, text, required_class=_fold(text), scale=tuple(scale))
    if direction is Direction.RANGE:
        return Limit(direction, text, interval=parse_interval(text))
    value, operator = parse_number(text, unit)
    if operator and (operator in _UPPER) != (direction is Direction.MAX):
        raise LimitError(text)
    return Limit(direction, text, value=value, inclusive=operator not in _STRICT)


@dataclass(frozen=True)
class IndicatorDefinition:
    """One requirement of a benchmark (or own) standard, per grade where the standard grades."""

    quantity: str
    name: str
    unit: str
    limit: Limit | None  # None: printed limit not machine-readable
    method: TestMethod = TestMethod("")
    clause: str = ""
    grade: str = ""
    is_key: bool = False
    standard: str = ""
    ref: object = None  # the caller's identifier (a database id), carried through untouched

    @property
    def parsed_unit(self) -> Unit:
        return parse_unit(self.unit)


@dataclass(frozen=True)
class Measurement:
    """An indicator value an enterprise states: its standard's limit or a test result."""

    quantity: str
    text: str
    unit: str
    method: TestMethod = TestMethod("")
    ref: object = None

    @property
    def parsed_unit(self) -> Unit:
        return parse_unit(self.unit)


@dataclass(frozen=True)
class ReadValue:
    """A measurement's text read as a point, an interval or a class (exactly one is set)."""

    point: Decimal | None = None
    interval: Interval | None = None
    klass: str = ""
    operator: str = ""


def read_value(text: str, unit: Unit, direction: Direction) -> ReadValue:
    """Read what an enterprise typed: "0.035", "≤0.035", "4.0–7.5" (its own range), "E0" (a class).

    A sign that contradicts the direction ("≥0.05" for an at-most indicator) is refused, because
    it states a different requirement, not a value.
    """
    if direction is Direction.CLASS:
        folded = _fold(text)
        if not folded:
            raise LimitError(text)
        return ReadValue(klass=folded)
    try:
        value, operator = parse_number(text, unit)
    except LimitError:
        return ReadValue(interval=parse_interval(text))
    if (
        operator
        and direction in (Direction.MAX, Direction.MIN)
        and (operator in _UPPER) != (direction is Direction.MAX)
    ):
        raise LimitError(text)
    return ReadValue(point=value, operator=operator)
