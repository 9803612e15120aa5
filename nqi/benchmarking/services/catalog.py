"""Writes on the indicator catalog: loading the shipped, cited data, adding an indicator, linking to the
standards catalog (house rule 3)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from nqi.benchmarking import engine
from nqi.benchmarking.assessing import standard_key
from nqi.benchmarking.choices import BenchmarkClass, Confidence, Direction, IndustryFamily
from nqi.benchmarking.engine.methods import identity
from nqi.benchmarking.engine.units import UnitError
from nqi.benchmarking.models import Indicator, MethodEquivalence
from nqi.core import auditing
from nqi.core.errors import ValidationFailed
from nqi.core.permissions import authorize
from nqi.standards.models import Standard

DATA = Path(__file__).resolve().parent.parent / "data"
INDICATOR_FIELDS = [
    "standard_number", "grade", "name_zh", "name_en", "quantity", "unit", "direction", "limit_text", "scale",
    "method_standard", "method_variant", "clause", "is_key", "industry", "suggested_class", "confidence",
    "source_url", "note",
]  # fmt: skip
_CSV_COLUMNS = {"grade_or_class": "grade", "indicator_zh": "name_zh", "indicator_en": "name_en",
                "limit_value": "limit_text", "test_method_standard": "method_standard",
                "test_method_variant": "method_variant", "key": "is_key"}  # fmt: skip


def clean_indicator(data: dict, row: int | None = None) -> dict:
    """Validate one indicator (a CSV row or a form); ValidationFailed names the field (and row)."""
    errors: dict[str, list] = {}
    where = _("第 %(n)s 行：") % {"n": row} if row else ""

    def fail(name, message):
        errors.setdefault(name, []).append(where + str(message))

    cleaned = {k: str(data.get(k) or "").strip() for k in INDICATOR_FIELDS}
    for name in ("standard_number", "name_zh", "quantity", "limit_text"):
        if not cleaned[name]:
            fail(name, _("此项为必填项。"))
    if cleaned["direction"] not in Direction.values:
        fail("direction", _("要求方向应为 max、min、range 或 class。"))
    if cleaned["confidence"] not in Confidence.values:
        fail("confidence", _("可信度应为 SRC、MEM、INF、DEMO 或 ENT。"))
    if cleaned["industry"] and cleaned["industry"] not in IndustryFamily.values:
        fail("industry", _("未知的产业类别。"))
    if cleaned["suggested_class"] and cleaned["suggested_class"] not in BenchmarkClass.values:
        fail("suggested_class", _("未知的对标类别。"))
    try:
        engine.parse_unit(cleaned["unit"])
    except UnitError:
        fail("unit", _("无法识别单位“%(u)s”。") % {"u": cleaned["unit"]})
    if errors:
        raise ValidationFailed(errors)
    cleaned["scale"] = [s.strip() for s in cleaned["scale"].split("|") if s.strip()]
    cleaned["is_key"] = cleaned["is_key"] in ("1", "true", "True", "on", "yes")
    cleaned["standard_key"] = standard_key(cleaned["standard_number"])
    return cleaned


def _read_shipped() -> list[dict]:
    with open(DATA / "indicators.csv", encoding="utf-8", newline="") as handle:
        return [{_CSV_COLUMNS.get(k, k): v for k, v in row.items()} for row in csv.DictReader(handle)]


def indicators_load_shipped(*, actor) -> dict:
    """Load (or refresh) the curated indicators and method equivalences shipped in `data/`.

    All-or-nothing: one bad row rejects the file with the row named. Rows already present (same
    standard, grade, quantity and name) are updated in place; nothing is deleted.
    """
    authorize(actor, "benchmarking.manage_indicator")
    rows = [clean_indicator(r, n) for n, r in enumerate(_read_shipped(), start=2)]
    with transaction.atomic():
        existing = {(i.standard_key, i.grade, i.quantity, i.name_zh): i for i in Indicator.objects.all()}
        new, changed = [], []
        for row in rows:
            current = existing.get((row["standard_key"], row["grade"], row["quantity"], row["name_zh"]))
            if current is None:
                new.append(Indicator(**row))
                continue
            for name, value in row.items():
                setattr(current, name, value)
            changed.append(current)
        Indicator.objects.bulk_create(new, batch_size=500)
        Indicator.objects.bulk_update(changed, [*INDICATOR_FIELDS, "standard_key"], batch_size=500)
        equivalences = _load_equivalences()
        linked = indicators_link_catalog_unchecked()
        auditing.record(
            actor=actor,
            event_type="benchmarking.indicators_loaded",
            summary=_("技术指标 %(n)s 条（新增 %(c)s）") % {"n": len(rows), "c": len(new)},
            data={"rows": len(rows), "created": len(new), "equivalences": equivalences, "linked": linked},
        )
    return {"rows": len(rows), "created": len(new), "updated": len(changed), "linked": linked}


def _load_equivalences() -> int:
    with open(DATA / "method_equivalences.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        key_a, key_b = (identity(engine.TestMethod(row[c])).series for c in ("method_a", "method_b"))
        MethodEquivalence.objects.update_or_create(
            key_a=key_a,
            key_b=key_b,
            defaults={
                "method_a": row["method_a"],
                "method_b": row["method_b"],
                "basis": row["basis_zh"],
                "source_url": row["source_url"],
                "confidence": row["confidence"],
            },
        )
    return len(rows)


def indicators_link_catalog_unchecked() -> int:
    """Point indicators at the catalog edition with the same edition key (set-based; callers authorize)."""
    keys = set(Indicator.objects.filter(standard__isnull=True).values_list("standard_key", flat=True))
    found = dict(Standard.objects.filter(edition_key__in=keys).values_list("edition_key", "pk"))
    for key, pk in found.items():
        Indicator.objects.filter(standard_key=key, standard__isnull=True).update(standard_id=pk)
    return len(found)


def indicators_link_catalog(*, actor) -> int:
    """Re-link indicators after the standards catalog grew (e.g. an import of foreign standards)."""
    authorize(actor, "benchmarking.manage_indicator")
    with transaction.atomic():
        linked = indicators_link_catalog_unchecked()
        auditing.record(actor=actor, event_type="benchmarking.indicators_linked", summary=str(linked))
    return linked


def indicator_create(*, actor, data: dict) -> Indicator:
    """A bureau officer adds a requirement of a standard; the source and confidence are required."""
    authorize(actor, "benchmarking.manage_indicator")
    cleaned = clean_indicator(data)
    if not cleaned["source_url"] and cleaned["confidence"] == Confidence.SOURCE:
        raise ValidationFailed({"source_url": [_("标为“已核对来源”的指标须注明来源。")]})
    with transaction.atomic():
        if Indicator.objects.filter(
            standard_key=cleaned["standard_key"], grade=cleaned["grade"], quantity=cleaned["quantity"],
            name_zh=cleaned["name_zh"],
        ).exists():  # fmt: skip
            raise ValidationFailed({"name_zh": [_("该标准（等级）已有同名指标。")]})
        indicator = Indicator.objects.create(
            **cleaned, created_by=actor if getattr(actor, "pk", None) else None
        )
        indicators_link_catalog_unchecked()
        auditing.record(
            actor=actor,
            event_type="benchmarking.indicator_created",
            target=indicator,
            summary=str(indicator)[:200],
            after=auditing.snapshot(indicator, INDICATOR_FIELDS),
        )
    return indicator
