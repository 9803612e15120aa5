"""Units of indicator values: parsing what people and standards write, and conversions that are shown.

Standards print units as "mg/m³", "μg/(m²·h)", "kW/(m³/min)", "% (mass)"; `pint` does the arithmetic
once the text is mapped to its grammar. A conversion is made without asking only when the two units
differ by SI prefixes alone (μg/m³ → mg/m³, mA → μA): the quantity is then certainly the same. Any
other change of unit (mg/L ↔ mg/m³, ppm ↔ mg/m³, mg/kg ↔ %) must be declared for the quantity by its
test method (`quantities.py`), because units of the same dimension can measure different things — a
desiccator result in mg/L of water is not a chamber concentration in mg/m³ of air. Nothing is ever
converted silently: every conversion returns the text that explains it.

Numbers are Decimal end to end; a conversion factor is rounded to 12 significant digits so that
"50 μg/m³" and "0.050 mg/m³" compare equal.
"""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import pint

DIMENSIONLESS = "—"
GREY_SCALE = "grade"  # grey-scale grades (GB/T 250, GB/T 251): an ordinal scale, not a pint unit
_FACTOR_CONTEXT = decimal.Context(prec=12)

# Display spelling → pint grammar. Keys are compared after `_tidy` (spaces removed, lower-case).
_ALIASES = {
    "mg/m³": "mg/m**3",
    "μg/m³": "ug/m**3",
    "µg/m³": "ug/m**3",
    "ug/m3": "ug/m**3",
    "mg/m3": "mg/m**3",
    "mg/l": "mg/L",
    "g/l": "g/L",
    "mg/(m²·h)": "mg/(m**2*h)",
    "μg/(m²·h)": "ug/(m**2*h)",
    "µg/(m²·h)": "ug/(m**2*h)",
    "kw/(m³/min)": "kW/(m**3/min)",
    "kw/(m3/min)": "kW/(m**3/min)",
    "m³/min": "m**3/min",
    "%(mass)": "percent",
    "%(质量分数)": "percent",
    "%": "percent",
    "mg/100goven-dryboard": "mg/hg",
    "mg/100g": "mg/hg",
    "℃": "delta_degC",  # indicator temperatures are rises (温升); a rise in °C equals one in K
    "°c": "delta_degC",
    "k": "kelvin",
    "ma": "mA",
    "μa": "uA",
    "µa": "uA",
    "mpa": "MPa",
    "kw": "kW",
    "w": "W",
    "ppm": "ppm",
    "cn/dtex": "cN/dtex",
}
_SUPERSCRIPTS = str.maketrans({"²": "**2", "³": "**3", "·": "*"})


class UnitError(ValueError):
    """The text is not a unit this platform can read."""


@dataclass(frozen=True)
class Unit:
    """A unit as written (`text`) and as pint reads it (`expression`); ordinal scales have no pint unit."""

    text: str
    expression: str

    @property
    def is_ordinal(self) -> bool:
        return self.expression == GREY_SCALE


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """One registry per process: pint's definitions are immutable data, not mutable state."""
    return pint.UnitRegistry()


def _tidy(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").strip()).lower()


@lru_cache(maxsize=512)
def parse_unit(text: str) -> Unit:
    """Read a unit as standards print it; raise UnitError naming the text when pint cannot read it."""
    raw = (text or "").strip()
    tidy = _tidy(raw)
    if tidy in ("", "—", "-", "1", "无量纲"):
        return Unit(raw or DIMENSIONLESS, "")
    if tidy in ("grade", "grade(greyscale)", "级"):
        return Unit(raw, GREY_SCALE)
    expression = _ALIASES.get(tidy) or raw.translate(_SUPERSCRIPTS).replace("μ", "u").replace("µ", "u")
    try:
        registry().Unit(expression)
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AttributeError,
        TypeError,
    ) as exc:
        raise UnitError(raw) from exc
    except Exception as exc:  # pint's tokenizer raises plain errors on malformed text
        raise UnitError(raw) from exc
    return Unit(raw, expression)


@lru_cache(maxsize=512)
def _roots(expression: str) -> tuple:
    """The unit's base names with exponents, SI prefixes removed ("mg/m**3" → {gram: 1, meter: -3})."""
    ureg = registry()
    roots: dict[str, float] = {}
    for name, power in ureg.Unit(expression)._units.items():
        candidates = ureg.parse_unit_name(name)
        root = candidates[0][1] if candidates else name
        roots[root] = roots.get(root, 0) + power
    return tuple(sorted((k, v) for k, v in roots.items() if v))


def same_dimension(a: Unit, b: Unit) -> bool:
    if a.is_ordinal or b.is_ordinal:
        return a.expression == b.expression
    return _dimensionality(a.expression) == _dimensionality(b.expression)


@lru_cache(maxsize=512)
def _dimensionality(expression: str):
    return registry().Unit(expression).dimensionality


def prefix_only(a: Unit, b: Unit) -> bool:
    """True when the units differ at most by SI prefixes (the same measurement, rescaled)."""
    if a.is_ordinal or b.is_ordinal:
        return a.expression == b.expression
    return _roots(a.expression) == _roots(b.expression)


def factor(a: Unit, b: Unit) -> Decimal:
    """The number that turns a value in `a` into the same value in `b` (same dimension required)."""
    return _factor(a.expression, b.expression)


@lru_cache(maxsize=512)
def _factor(a: str, b: str) -> Decimal:
    magnitude = registry().Quantity(1.0, a).to(b).magnitude
    return _FACTOR_CONTEXT.create_decimal(repr(float(magnitude))).normalize()


def format_decimal(value: Decimal | None) -> str:
    """A Decimal without exponent notation or trailing zeros beyond what was given ("0.050" stays)."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text and value == value.to_integral_value() and value.as_tuple().exponent < -6:
        text = text.rstrip("0").rstrip(".")
    return text


def rescale(value: Decimal, by: Decimal) -> Decimal:
    """`value × by`, exactly. A power-of-ten factor keeps the digits given (50 μg/m³ → 0.050 mg/m³, not
    0.05); any other factor keeps the full product, so no rounding can change a verdict."""
    product = value * by
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or by.normalize().as_tuple().digits != (1,):
        return product.normalize()
    digits = max(0, -(exponent + by.adjusted()))
    return product.quantize(Decimal(1).scaleb(-digits)) if digits <= 12 else product
