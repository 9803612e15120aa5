"""The KPI registry: each app declares its named key performance indicators in its own `metrics.py`.

A KPI is a number for a year — optionally for one county-level region and one featured industry — plus
the list of records behind that number, so every figure on the metrics page, the cockpit and the annual
report can be drilled down to the enterprises (products, visits …) it counts. Both functions receive the
acting user and must scope by what that user may see (house rule 4): a district officer's figure counts
the district only. The cockpit and the annual report read figures only from here.

Filter dimensions (region, industry) are declared by the apps that own their reference data, with the
choices the metrics page offers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem
from nqi.core.navigation import register as register_menu
from nqi.core.permissions import has_perm

Label = str | Promise
Number = int | float | Decimal
Column = tuple[Label, Callable[[Any], Any]]
_KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class KpiDeclarationError(ValueError):
    """A KPI declaration contradicts itself or another one (a programming error)."""


@dataclass(frozen=True)
class KpiFilter:
    """The slice a figure is computed for: a year, optionally a county-level region and a featured industry."""

    year: int
    region: str = ""  # GB/T 2260 county-level code or management-area code, e.g. "330402"
    industry: int | None = None  # FeaturedIndustry id

    def as_kwargs(self) -> dict:
        return {"year": self.year, "region": self.region or None, "industry": self.industry}


@dataclass(frozen=True)
class KpiSlice:
    """One row of a KPI's breakdown; `filters` narrow the drill-down to it (e.g. {"industry": 3})."""

    label: str
    value: Number
    filters: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Kpi:
    """A named indicator.

    `compute(*, year, region, industry, actor) -> number` and `records(*, year, region, industry, actor)
    -> QuerySet` must agree (the drill-down lists what the number counts) and must scope to `actor`.
    `columns` are (header, accessor) pairs for the drill-down table and its export; `record_url(obj)`
    links a row to its page. `breakdown`, when given, returns KpiSlice rows shown under the figure.
    """

    key: str
    label_zh: Label
    label_en: str
    unit: Label
    compute: Callable[..., Number]
    records: Callable[..., QuerySet]
    permission: str
    columns: tuple[Column, ...] = ()
    record_url: Callable[[Any], str] | None = None
    breakdown: Callable[..., list[KpiSlice]] | None = None
    description: Label = ""
    order: int = 100

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise KpiDeclarationError(f"KPI key {self.key!r} is not 'app_label.name'")
        if not callable(self.compute) or not callable(self.records):
            raise KpiDeclarationError(f"KPI {self.key!r} needs callable compute and records")
        object.__setattr__(self, "columns", tuple(self.columns))

    @property
    def label(self) -> str:
        """The label in the active language (English from `label_en`, Chinese otherwise)."""
        return self.label_en if (get_language() or "").startswith("en") else str(self.label_zh)

    def value(self, *, actor, filters: KpiFilter) -> Number:
        return self.compute(**filters.as_kwargs(), actor=actor)

    def record_list(self, *, actor, filters: KpiFilter) -> QuerySet:
        return self.records(**filters.as_kwargs(), actor=actor)

    def slices(self, *, actor, filters: KpiFilter) -> list[KpiSlice]:
        return self.breakdown(**filters.as_kwargs(), actor=actor) if self.breakdown else []


@dataclass(frozen=True, eq=False)
class Dimension:
    """A filter of the metrics page: `choices()` returns [(value, label)] (reference data, not scoped)."""

    key: str
    label: Label
    choices: Callable[[], list[tuple[str, str]]]


DIMENSIONS = ("region", "industry")
_kpis: dict[str, Kpi] = {}
_dimensions: dict[str, Dimension] = {}


def register(*kpis: Kpi) -> None:
    """Declare KPIs (from an app's metrics.py); a key may be declared once."""
    for kpi in kpis:
        existing = _kpis.get(kpi.key)
        if existing is not None and existing is not kpi:
            raise KpiDeclarationError(f"KPI {kpi.key!r} is declared twice")
        _kpis[kpi.key] = kpi


def register_dimension(dimension: Dimension) -> None:
    if dimension.key not in DIMENSIONS:
        raise KpiDeclarationError(f"unknown KPI dimension {dimension.key!r}; known: {DIMENSIONS}")
    _dimensions[dimension.key] = dimension


def get_kpi(key: str) -> Kpi:
    try:
        return _kpis[key]
    except KeyError:
        raise KeyError(f"no KPI named {key!r}") from None


def all_kpis() -> list[Kpi]:
    return sorted(_kpis.values(), key=lambda k: (k.order, k.key))


def kpis_visible_to(user) -> list[Kpi]:
    return [kpi for kpi in all_kpis() if has_perm(user, kpi.permission)]


def dimension(key: str) -> Dimension | None:
    return _dimensions.get(key)


# The metrics page belongs to the cockpit; it appears for anyone who may see at least one KPI.
register_menu(
    MenuItem(
        "cockpit",
        _("指标库"),
        "core:metric_list",
        icon="bar-chart-line",
        order=10,
        visible=lambda u: bool(kpis_visible_to(u)),
    )
)
