"""Assessment of a benchmark indicator against several values, and the overall level rule (no database)."""

import pytest

from nqi.benchmarking.engine import (
    SHIPPED_RULE,
    BenchmarkAssessment,
    IndicatorDefinition,
    LevelRule,
    Measurement,
    TestMethod,
    Verdict,
    assess,
    evaluate,
    parse_limit,
)
from nqi.benchmarking.engine.levels import DEFAULT_PARAMS
from nqi.benchmarking.engine.units import parse_unit

HCHO = "formaldehyde_emission_chamber"
CHAMBER = TestMethod("GB/T 17657-2013", "4.60 1 m³气候箱法")
EN = TestMethod("EN 717-1")
JIS = TestMethod("JIS A 1460")


def ind(limit, method=CHAMBER, quantity=HCHO, unit="mg/m³", key=True, direction="max"):
    return IndicatorDefinition(
        quantity, quantity, unit, parse_limit(direction, limit, parse_unit(unit)), method, is_key=key
    )


def test_the_worst_comparable_result_decides_and_other_methods_do_not_count():
    values = [
        Measurement(HCHO, "0.030", "mg/m³", CHAMBER),
        Measurement(HCHO, "0.060", "mg/m³", CHAMBER),  # a second report by the same method, worse
        Measurement("formaldehyde_emission_desiccator_mean", "0.2", "mg/L", JIS),
    ]
    a = assess(ind("0.050"), values)
    assert a.verdict is Verdict.WORSE
    assert [r.verdict for _m, r in a.results] == [Verdict.BETTER, Verdict.WORSE, Verdict.NOT_COMPARABLE]


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ([Measurement("formaldehyde_emission_desiccator_mean", "0.2", "mg/L", JIS)], Verdict.NOT_COMPARABLE),
        ([Measurement(HCHO, "0.03", "mg/m³", CHAMBER)], Verdict.NOT_COMPARABLE),  # EN benchmark, GB method
        ([Measurement("soluble_pb", "10", "mg/kg")], Verdict.MISSING),  # nothing of the measurand
        ([], Verdict.MISSING),
    ],
)
def test_without_a_comparable_value_the_indicator_is_not_comparable_or_missing(values, verdict):
    assert assess(ind("0.124", EN), values).verdict is verdict


def _bench(klass, *pairs):
    """pairs: (indicator, values) → a BenchmarkAssessment of class `klass`."""
    return BenchmarkAssessment(klass, klass, tuple(assess(i, v) for i, v in pairs))


GOOD = [Measurement(HCHO, "0.030", "mg/m³", CHAMBER), Measurement(HCHO, "0.040", "mg/m³", EN)]

# (id, benchmarks, level code, attained, requirement met)
LEVELS = [
    (
        "international-lead",
        [_bench("international", (ind("0.124", EN), GOOD))],
        "international_lead",
        True,
        None,
    ),
    (
        "international-advanced-when-only-equal",
        [_bench("international", (ind("0.040", EN), GOOD))],
        "international_advanced",
        True,
        None,
    ),
    (
        "falls-to-domestic-when-foreign-key-is-not-comparable",
        [
            _bench(
                "foreign_advanced", (ind("0.3", JIS, "formaldehyde_emission_desiccator_mean", "mg/L"), GOOD)
            ),
            _bench("domestic_advanced", (ind("0.050"), GOOD)),
        ],
        "domestic_advanced_lead",
        True,
        None,
    ),
    (
        "a-missing-key-blocks-the-class",
        [
            _bench(
                "domestic_advanced",
                (ind("0.050"), GOOD),
                (ind("10", quantity="soluble_pb", unit="mg/kg", method=TestMethod("")), GOOD),
            )
        ],
        "not_attained",
        False,
        None,
    ),
    (
        "a-worse-non-key-does-not-block",
        [_bench("domestic_advanced", (ind("0.050"), GOOD), (ind("0.020", key=False), GOOD))],
        "domestic_advanced_lead",
        True,
        None,
    ),
    (
        "requirement-only",
        [_bench("domestic_advanced", (ind("0.025"), GOOD)), _bench("requirement", (ind("0.124"), GOOD))],
        "requirement_met",
        False,
        True,
    ),
    (
        "no-key-indicator-compared-is-no-level",
        [_bench("domestic_advanced", (ind("0.050", key=False), GOOD))],
        "not_attained",
        False,
        None,
    ),
    (
        "every-benchmark-of-the-class-must-be-met",
        [
            _bench("domestic_advanced", (ind("0.050"), GOOD)),
            _bench("domestic_advanced", (ind("0.025"), GOOD)),
        ],
        "not_attained",
        False,
        None,
    ),
]


@pytest.mark.parametrize(
    ("benchmarks", "code", "attained", "requirement"), [r[1:] for r in LEVELS], ids=[r[0] for r in LEVELS]
)
def test_level_rule(benchmarks, code, attained, requirement):
    outcome = evaluate(SHIPPED_RULE, benchmarks)
    assert (outcome.code, outcome.attained, outcome.requirement_met) == (code, attained, requirement)
    assert outcome.rule_version == 0


def test_the_rule_is_configurable_and_its_version_travels_with_the_result():
    params = {**DEFAULT_PARAMS, "lead_when": "all_key_better"}
    rule = LevelRule(version=7, params=params)
    benchmark = _bench("domestic_advanced", (ind("0.050"), GOOD), (ind("0.030"), GOOD))
    outcome = evaluate(rule, [benchmark])
    assert (outcome.code, outcome.label, outcome.rule_version) == (
        "domestic_advanced_advanced",
        "国内先进",
        7,
    )
    assert evaluate(SHIPPED_RULE, [benchmark]).code == "domestic_advanced_lead"


def test_blocking_indicators_are_reported_per_class():
    benchmark = _bench(
        "foreign_advanced", (ind("0.3", JIS, "formaldehyde_emission_desiccator_mean", "mg/L"), GOOD)
    )
    outcome = evaluate(SHIPPED_RULE, [benchmark])
    foreign = next(c for c in outcome.classes if c.klass == "foreign_advanced")
    assert not foreign.met
    assert [a.verdict for a in foreign.blocking] == [Verdict.NOT_COMPARABLE]
