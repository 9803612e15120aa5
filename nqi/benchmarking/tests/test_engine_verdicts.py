"""The per-indicator verdict, read as a table: no database (the done-when condition of issue 5).

Each row: the benchmark indicator (quantity, unit, direction, limit, method), the enterprise's value
(quantity, text, unit, method) and the verdict, reason and — where a unit was changed — the conversion
shown. Rows cover unit conversion (prefix, declared by the method, refused), method mismatch (EN 717-1
chamber vs JIS A 1460 desiccator vs GB/T 17657), physical sense and every direction.
"""

from decimal import Decimal

import pytest

from nqi.benchmarking.engine import (
    Equivalence,
    IndicatorDefinition,
    Measurement,
    Reason,
    TestMethod,
    Verdict,
    compare,
    parse_limit,
)
from nqi.benchmarking.engine.units import parse_unit

B, E, W, NC, MI = Verdict.BETTER, Verdict.EQUAL, Verdict.WORSE, Verdict.NOT_COMPARABLE, Verdict.MISSING
CHAMBER = TestMethod("GB/T 17657-2013", "4.60 1 m³气候箱法")
DESICCATOR_CN = TestMethod("GB/T 17657-2013", "4.59 9~11 L 干燥器法")
EN_CHAMBER = TestMethod("EN 717-1")
JIS = TestMethod("JIS A 1460")
HCHO = "formaldehyde_emission_chamber"
HCHO_JIS = "formaldehyde_emission_desiccator_mean"
IEC = TestMethod("IEC 60335-1:2004")
GB4706 = TestMethod("GB 4706.1-2005")
IDT = (Equivalence("gb47061", "iec603351", "GB 4706.1—2005 等同采用 IEC 60335-1:2004（IDT）"),)


NO_METHOD = TestMethod("")


def indicator(quantity, unit, direction, limit, method=NO_METHOD, scale=()):
    return IndicatorDefinition(
        quantity, quantity, unit, parse_limit(direction, limit, parse_unit(unit), scale), method, is_key=True
    )


# (id, benchmark indicator, enterprise value (quantity, text, unit, method) or None, verdict, reason, conversion)
# fmt: off
TABLE = [
    # at most (≤): the formaldehyde classes of GB/T 39600—2021 measured by GB/T 17657 (1 m³ chamber)
    ("max-better", indicator(HCHO, "mg/m³", "max", "0.050", CHAMBER), (HCHO, "0.030", "mg/m³", CHAMBER), B, "compared", None),
    ("max-equal-digits", indicator(HCHO, "mg/m³", "max", "0.050", CHAMBER), (HCHO, "0.05", "mg/m³", CHAMBER), E, "compared", None),
    ("max-worse", indicator(HCHO, "mg/m³", "max", "0.025", CHAMBER), (HCHO, "0.030", "mg/m³", CHAMBER), W, "compared", None),
    ("max-own-limit-sign", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "≤0.050", "mg/m³", CHAMBER), B, "compared", None),
    ("max-own-sign-contradicts", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "≥0.050", "mg/m³", CHAMBER), NC, "value_unreadable", None),
    ("max-strict-limit-at-value", indicator("n_nitrosamines_total", "mg/kg", "max", "<0.05"), ("n_nitrosamines_total", "0.05", "mg/kg", NO_METHOD), W, "compared", None),
    ("max-strict-own-vs-inclusive", indicator(HCHO, "mg/m³", "max", "0.050", CHAMBER), (HCHO, "<0.050", "mg/m³", CHAMBER), B, "compared", None),
    # unit conversion by SI prefix: shown, exact digits kept
    ("prefix-equal", indicator(HCHO, "mg/m³", "max", "0.050", CHAMBER), (HCHO, "50", "μg/m³", CHAMBER), E, "compared", ("50 μg/m³", "0.050 mg/m³", "prefix")),
    ("prefix-better-current", indicator("leakage_current", "mA", "max", "0.25", GB4706), ("leakage_current", "180", "μA", GB4706), B, "compared", ("180 μA", "0.180 mA", "prefix")),
    # declared by the method: ppm ↔ mg/m³ at the EN 717-1 chamber conditions; never rounded
    ("declared-ppm", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "0.08", "ppm", CHAMBER), B, "compared", ("0.08 ppm", "0.0992 mg/m³", "declared")),
    ("declared-ppm-not-rounded", indicator(HCHO, "mg/m³", "max", "0.0992", CHAMBER), (HCHO, "0.08", "ppm", CHAMBER), E, "compared", ("0.08 ppm", "0.0992 mg/m³", "declared")),
    ("mass-fraction", indicator("phthalates_dbp_bbp_dehp", "% (mass)", "max", "0.1"), ("phthalates_dbp_bbp_dehp", "300", "mg/kg", NO_METHOD), B, "compared", ("300 mg/kg", "0.0300 % (mass)", "mass_fraction")),
    ("speed-declared", indicator("max_speed", "km/h", "max", "8"), ("max_speed", "2.5", "m/s", NO_METHOD), W, "compared", ("2.5 m/s", "9 km/h", "declared")),
    ("temperature-rise", indicator("temp_rise_winding", "K", "max", "75"), ("temp_rise_winding", "70", "℃", NO_METHOD), B, "compared", ("70 ℃", "70 K", "temperature_rise")),
    # refused conversions: never silent
    ("mg/L-into-chamber-refused", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "0.3", "mg/L", CHAMBER), NC, "unit_not_declared", None),
    ("dimension-mismatch", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "0.3", "mg/kg", CHAMBER), NC, "unit_incompatible", None),
    ("unit-unreadable", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "0.3", "斤每方", CHAMBER), NC, "unit_unreadable", None),
    # method mismatch: three formaldehyde methods
    ("en-vs-gb-chamber", indicator(HCHO, "mg/m³", "max", "0.124", EN_CHAMBER), (HCHO, "0.030", "mg/m³", CHAMBER), NC, "method_mismatch", None),
    ("gb-variant-desiccator", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "0.030", "mg/m³", DESICCATOR_CN), NC, "method_mismatch", None),
    ("jis-desiccator-vs-chamber", indicator(HCHO, "mg/m³", "max", "0.124", EN_CHAMBER), (HCHO_JIS, "0.2", "mg/L", JIS), NC, "principle_mismatch", None),
    ("jis-vs-jis", indicator(HCHO_JIS, "mg/L", "max", "0.3", JIS), (HCHO_JIS, "0.2", "mg/L", TestMethod("JIS A 1460:2015")), B, "compared", None),
    ("method-not-stated", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "0.030", "mg/m³", NO_METHOD), NC, "method_unknown", None),
    ("other-quantity", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), ("soluble_pb", "10", "mg/kg", NO_METHOD), NC, "quantity_mismatch", None),
    ("idt-equivalent-method", indicator("leakage_current", "mA", "max", "0.25", IEC), ("leakage_current", "0.20", "mA", GB4706), B, "compared", None),
    # physical sense
    ("negative-emission", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "-0.01", "mg/m³", CHAMBER), NC, "implausible", None),
    ("efficiency-over-100", indicator("isentropic_efficiency", "%", "min", "70"), ("isentropic_efficiency", "104", "%", NO_METHOD), NC, "implausible", None),
    ("specific-power-zero", indicator("specific_power", "kW/(m³/min)", "max", "6.0"), ("specific_power", "0", "kW/(m³/min)", NO_METHOD), NC, "implausible", None),
    ("ph-out-of-scale", indicator("ph", "—", "range", "4.0–8.5"), ("ph", "15", "—", NO_METHOD), NC, "implausible", None),
    # at least (≥), range, classes
    ("min-better", indicator("corner_radius", "mm", "min", "10"), ("corner_radius", "12", "mm", NO_METHOD), B, "compared", None),
    ("min-worse", indicator("corner_radius", "mm", "min", "10"), ("corner_radius", "8", "mm", NO_METHOD), W, "compared", None),
    ("grey-scale-half-grade", indicator("colourfastness_water", "grade", "min", "3-4"), ("colourfastness_water", "4", "grade", NO_METHOD), B, "compared", None),
    ("range-point-inside", indicator("ph", "—", "range", "4.0–8.5"), ("ph", "6.5", "—", NO_METHOD), E, "compared", None),
    ("range-point-outside", indicator("ph", "—", "range", "4.0–7.5"), ("ph", "8.0", "—", NO_METHOD), W, "compared", None),
    ("range-own-tighter", indicator("ph", "—", "range", "4.0–8.5"), ("ph", "4.0–7.5", "—", NO_METHOD), B, "compared", None),
    ("range-open-bounds", indicator("formaldehyde_content_perforator", "mg/100 g", "range", ">8 to ≤30"), ("formaldehyde_content_perforator", "8", "mg/100 g", NO_METHOD), W, "compared", None),
    ("class-better", indicator("formaldehyde_class", "", "class", "E1", scale=("ENF", "E0", "E1")), ("formaldehyde_class", "E0", "", NO_METHOD), B, "compared", None),
    ("class-star-spelling", indicator("f_star", "", "class", "F☆☆☆", scale=("F☆☆☆☆", "F☆☆☆", "F☆☆")), ("f_star", "F★★★★", "", NO_METHOD), B, "compared", None),
    ("grade-worse", indicator("energy_grade", "", "class", "1级", scale=("1级", "2级", "3级")), ("energy_grade", "2", "", NO_METHOD), W, "compared", None),
    ("class-off-scale", indicator("energy_grade", "", "class", "1级", scale=("1级", "2级", "3级")), ("energy_grade", "A++", "", NO_METHOD), NC, "scale_mismatch", None),
    ("qualitative-equal", indicator("odour", "—", "class", "无 (none)"), ("odour", "无 (none)", "—", NO_METHOD), E, "compared", None),
    ("qualitative-differs", indicator("odour", "—", "class", "无 (none)"), ("odour", "轻微", "—", NO_METHOD), NC, "qualitative", None),
    # missing and unreadable
    ("missing", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), None, MI, "no_value", None),
    ("blank", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "  ", "mg/m³", CHAMBER), MI, "no_value", None),
    ("value-unreadable", indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER), (HCHO, "合格", "mg/m³", CHAMBER), NC, "value_unreadable", None),
]
# fmt: on


@pytest.mark.parametrize(
    ("bench", "own", "verdict", "reason", "conversion"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_verdict_table(bench, own, verdict, reason, conversion):
    measurement = Measurement(*own) if own else None
    result = compare(measurement, bench, IDT)
    assert (result.verdict, result.reason) == (verdict, Reason(reason))
    if conversion:
        assert (result.conversion["from"], result.conversion["to"], result.conversion["kind"]) == conversion
    else:
        assert result.conversion == {}


def test_a_limit_that_is_not_machine_readable_is_never_judged():
    with pytest.raises(ValueError):
        parse_limit("max", "grade-3 value of the applicable table", parse_unit("kW/(m³/min)"))
    bench = IndicatorDefinition("specific_power", "比功率", "kW/(m³/min)", None)
    result = compare(Measurement("specific_power", "6.2", "kW/(m³/min)"), bench)
    assert (result.verdict, result.reason) == (NC, Reason.LIMIT_NOT_NUMERIC)


def test_method_editions_compare_with_a_note():
    bench = indicator(HCHO, "mg/m³", "max", "0.124", TestMethod("GB/T 17657-2022", "4.60 1 m³气候箱法"))
    result = compare(Measurement(HCHO, "0.05", "mg/m³", CHAMBER), bench)
    assert result.verdict is B
    assert result.params == {"edition": "2013/2022"}


def test_margin_is_relative_to_the_limit():
    bench = indicator(HCHO, "mg/m³", "max", "0.124", CHAMBER)
    assert compare(Measurement(HCHO, "0.062", "mg/m³", CHAMBER), bench).margin == Decimal("50.0")
    assert compare(Measurement(HCHO, "0.186", "mg/m³", CHAMBER), bench).margin == Decimal("-50.0")


def test_no_row_of_the_table_says_better_unless_the_value_is_comparable_and_better():
    """The property behind every row: 'better' only with a comparable method, an allowed unit and a
    plausible value strictly beyond the limit."""
    for row in TABLE:
        result = compare(Measurement(*row[2]) if row[2] else None, row[1], IDT)
        if result.verdict is B:
            assert result.reason is Reason.COMPARED, row[0]
