"""Forerunner tiers and unit reading, as tables (no database)."""

from decimal import Decimal as D

import pytest

from nqi.benchmarking.engine import Direction, Entry, UnitError, parse_unit, rank
from nqi.benchmarking.engine.indicators import LimitError, class_key, parse_interval, parse_number


def entries(*values):
    return [Entry(f"e{n}", D(v)) for n, v in enumerate(values)]


# (id, values, direction, requirement, expected {ref: tier}, ineligible refs, published, reason)
RANKINGS = [
    (
        "three-tiers-to-the-requirement",
        ("0.010", "0.030", "0.050", "0.100", "0.124"),
        Direction.MAX,
        "0.124",
        {"e0": 1, "e1": 1, "e2": 2, "e3": 3, "e4": 3},
        [],
        True,
        "",
    ),
    (
        "equal-values-share-a-tier",
        ("0.020", "0.020", "0.090"),
        Direction.MAX,
        "0.124",
        {"e0": 1, "e1": 1, "e2": 3},
        [],
        True,
        "",
    ),
    (
        "below-requirement-is-not-ranked",
        ("0.020", "0.060", "0.200"),
        Direction.MAX,
        "0.124",
        {"e0": 1, "e1": 2},
        ["e2"],
        True,
        "",
    ),
    ("all-equal-no-ranking", ("0.050", "0.050", "0.050"), Direction.MAX, "0.124", {}, [], False, "all_equal"),
    ("one-eligible-no-ranking", ("0.050", "0.300"), Direction.MAX, "0.124", {}, ["e1"], False, "too_few"),
    ("none-eligible", ("0.300", "0.200"), Direction.MAX, "0.124", {}, ["e0", "e1"], False, "no_eligible"),
    (
        "at-least-mirrors",
        ("95", "80", "72", "70"),
        Direction.MIN,
        "70",
        {"e0": 1, "e1": 2, "e2": 3, "e3": 3},
        [],
        True,
        "",
    ),
    (
        "no-requirement-uses-the-worst",
        ("1", "2", "3", "4"),
        Direction.MAX,
        None,
        {"e0": 1, "e1": 2, "e2": 3, "e3": 3},
        [],
        True,
        "",
    ),
]


@pytest.mark.parametrize(
    ("values", "direction", "requirement", "tiers", "ineligible", "published", "reason"),
    [r[1:] for r in RANKINGS],
    ids=[r[0] for r in RANKINGS],
)
def test_ranking_table(values, direction, requirement, tiers, ineligible, published, reason):
    ranking = rank(entries(*values), direction, requirement=D(requirement) if requirement else None)
    assert (ranking.published, ranking.reason) == (published, reason)
    assert {e.ref: t.number for t in ranking.tiers for e in t.members} == tiers
    assert [e.ref for e in ranking.ineligible] == ineligible


def test_the_lowest_tier_is_bounded_by_the_requirement():
    ranking = rank(entries("0.010", "0.100"), Direction.MAX, requirement=D("0.124"))
    last = ranking.tiers[-1]
    assert (last.number, last.bound, last.inclusive) == (3, D("0.124"), True)
    assert ranking.tier_of("e0") == 1 and ranking.tier_of("nobody") is None


def test_classes_are_not_ranked_by_value():
    with pytest.raises(ValueError):
        rank(entries("1", "2"), Direction.CLASS)


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("mg/m³", "mg/m**3"),
        ("μg/(m²·h)", "ug/(m**2*h)"),
        ("kW/(m³/min)", "kW/(m**3/min)"),
        ("% (mass)", "percent"),
        ("mg/100 g oven-dry board", "mg/hg"),
        ("—", ""),
        ("grade", "grade"),
        ("dtex", "dtex"),
    ],
)
def test_units_as_standards_print_them(text, expression):
    assert parse_unit(text).expression == expression


def test_an_unknown_unit_is_refused_by_name():
    with pytest.raises(UnitError, match="斤"):
        parse_unit("斤")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<0.05", (D("0.05"), "<")),
        ("≤ 0.124", (D("0.124"), "≤")),
        ("不大于 8", (D("8"), "不大于")),
        ("12", (D("12"), "")),
    ],
)
def test_numbers_with_signs(text, expected):
    assert parse_number(text) == expected


def test_intervals_and_class_names():
    interval = parse_interval(">8 to ≤30")
    assert (interval.low, interval.high, interval.low_inclusive, interval.high_inclusive) == (
        D(8),
        D(30),
        False,
        True,
    )
    assert parse_interval("4.0–8.5").contains(D("8.5"))
    with pytest.raises(LimitError):
        parse_interval("<5 or >12")
    assert class_key("F★★★★") == class_key("F☆☆☆☆")
    assert class_key("一级") == class_key("1级") == class_key("Grade 1") == "1"
