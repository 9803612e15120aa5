"""Measured quantities: which test principles measure the same thing, which unit changes a method allows,
and what values make physical sense.

A quantity key (`formaldehyde_emission_chamber`) names one measurand *measured by one test principle*;
keys sharing a `measurand` measure the same property by different principles (a 1 m³ chamber, a
desiccator, a perforator), whose results are not interchangeable: comparing them is "not comparable",
never a number. Unit changes other than SI prefixes are allowed only where declared here, each with the
basis that makes it valid (the method's test conditions, or the definition of a mass fraction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.engine.units import Unit, factor, parse_unit, prefix_only, same_dimension


@dataclass(frozen=True)
class Bounds:
    """The physically possible interval of a value, in `unit` (a pint expression)."""

    unit: str
    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    reason: object = ""

    def admits(self, value: Decimal) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return False
        return not (
            self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive))
        )


@dataclass(frozen=True)
class DeclaredConversion:
    """A unit change a test method allows: value_in_target = value_in_source × factor."""

    source: str
    target: str
    factor: Decimal
    basis: object


@dataclass(frozen=True)
class Quantity:
    key: str
    measurand: str
    conversions: tuple[DeclaredConversion, ...] = ()
    bounds: tuple[Bounds, ...] = ()
    families: tuple[str, ...] = field(default_factory=tuple)


NON_NEGATIVE = _("数值不能为负（排放量、含量、电流、功率等物理量不小于 0）。")
_MASS_FRACTION_BASIS = _("质量分数的定义：1 % = 10 000 mg/kg。")
_FORMALDEHYDE_PPM_BASIS = _(
    "按 EN 717-1 气候箱试验条件（23 ℃，101.3 kPa）：甲醛摩尔质量 30.03 g/mol，摩尔体积 24.3 L/mol，"
    "1 ppm ≈ 1.24 mg/m³；与 E1 级“0.124 mg/m³ ≈ 0.1 ppm”的对应一致。"
)

# Quantity keys of the same measurand (the formaldehyde methods are the case the issue names).
_FORMALDEHYDE_PRINCIPLES = (
    "formaldehyde_emission_chamber",
    "formaldehyde_emission_large_chamber",
    "formaldehyde_emission_desiccator",
    "formaldehyde_emission_desiccator_mean",
    "formaldehyde_emission_desiccator_max",
    "formaldehyde_emission_rate",
    "formaldehyde_content_perforator",
    "formaldehyde_release_gas_analysis",
)

_DECLARED: dict[str, Quantity] = {
    "formaldehyde_emission_chamber": Quantity(
        "formaldehyde_emission_chamber",
        "formaldehyde_emission",
        conversions=(DeclaredConversion("ppm", "mg/m**3", Decimal("1.24"), _FORMALDEHYDE_PPM_BASIS),),
    ),
    "max_speed": Quantity(
        "max_speed",
        "max_speed",
        conversions=(
            DeclaredConversion("m/s", "km/h", Decimal("3.6"), _("速度单位换算：1 m/s = 3.6 km/h。")),
        ),
    ),
    "specific_power": Quantity(
        "specific_power",
        "specific_power",
        bounds=(Bounds("kW/(m**3/min)", Decimal(0), None, False, True, _("机组比功率必须大于 0。")),),
    ),
    "isentropic_efficiency": Quantity(
        "isentropic_efficiency",
        "isentropic_efficiency",
        bounds=(Bounds("percent", Decimal(0), Decimal(100), False, True, _("效率不能超过 100 %。")),),
    ),
    "ph": Quantity(
        "ph", "ph", bounds=(Bounds("", Decimal(0), Decimal(14), reason=_("pH 值应在 0–14 之间。")),)
    ),
}
for _key in _FORMALDEHYDE_PRINCIPLES:
    _DECLARED.setdefault(_key, Quantity(_key, "formaldehyde_emission"))


def quantity(key: str) -> Quantity:
    """The declared quantity, or one that is its own measurand with no extra conversions."""
    return _DECLARED.get(key) or Quantity(key, key)


def same_measurand(a: str, b: str) -> bool:
    return quantity(a).measurand == quantity(b).measurand


def _mass_fraction(unit: Unit) -> bool:
    return not unit.is_ordinal and unit.expression in ("percent", "mg/kg", "g/kg", "ppm", "mg/hg")


def _temperature_rise(unit: Unit) -> bool:
    return unit.expression in ("kelvin", "delta_degC")


@dataclass(frozen=True)
class Conversion:
    """How a value was brought into the benchmark's unit; `kind` says why that was allowed."""

    factor: Decimal
    kind: str  # "identity" | "prefix" | "declared" | "mass_fraction" | "temperature_rise"
    basis: object = ""


def conversion_between(key: str, source: Unit, target: Unit) -> Conversion | None:
    """The allowed conversion of a value of quantity `key` from `source` to `target`, or None.

    None means the units may not be converted for this quantity: the caller reports "not comparable".
    """
    if source.expression == target.expression:
        return Conversion(Decimal(1), "identity")
    if source.is_ordinal or target.is_ordinal:
        return None
    for declared in quantity(key).conversions:
        src, dst = parse_unit(declared.source), parse_unit(declared.target)
        if same_dimension(source, src) and same_dimension(target, dst) and prefix_only(source, src):
            scale = factor(source, src) * declared.factor * factor(dst, target)
            return Conversion(scale.normalize(), "declared", declared.basis)
    if not same_dimension(source, target):
        return None
    if prefix_only(source, target):
        return Conversion(factor(source, target), "prefix")
    if _mass_fraction(source) and _mass_fraction(target):
        return Conversion(factor(source, target), "mass_fraction", _MASS_FRACTION_BASIS)
    if _temperature_rise(source) and _temperature_rise(target):
        return Conversion(Decimal(1), "temperature_rise", _("温升 1 ℃ = 1 K。"))
    return None


def implausible(key: str, value: Decimal, unit: Unit) -> object | None:
    """The reason a value is physically impossible for quantity `key`, or None when it makes sense.

    Every quantity with a physical unit is non-negative (emissions, contents, currents, speeds, powers);
    percentages lie in 0–100 %; grey-scale grades in 1–5; declared bounds (efficiency ≤ 100 %,
    specific power > 0, pH 0–14) apply after converting into their unit.
    """
    if unit.expression == "grade":
        return None if Decimal(1) <= value <= Decimal(5) else _("灰卡评级应在 1–5 级之间。")
    for bounds in quantity(key).bounds:
        check = parse_unit(bounds.unit)
        if check.expression == unit.expression or same_dimension(unit, check):
            scaled = value if check.expression == unit.expression else value * factor(unit, check)
            if not bounds.admits(scaled):
                return bounds.reason
    if unit.expression == "percent" and not Decimal(0) <= value <= Decimal(100):
        return _("百分数应在 0–100 % 之间。")
    if value < 0:
        return NON_NEGATIVE
    return None
