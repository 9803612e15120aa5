"""Validation of indicator values an enterprise enters or imports (bad input named by row, never a 500).

A value must be readable for the direction its quantity has in the catalog ("0.035", "≤0.035",
"4.0–7.5", "E0"), in a unit the platform reads, and physically possible (no negative emission, no
efficiency above 100 %). Whether it is *comparable* with a benchmark is the engine's verdict, not an
input error: a JIS desiccator result is a valid value that the engine reports as not comparable with a
chamber limit.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from nqi.benchmarking.choices import ValueKind
from nqi.benchmarking.engine import quantities
from nqi.benchmarking.engine.indicators import Direction, LimitError, read_value
from nqi.benchmarking.engine.units import UnitError, parse_unit
from nqi.benchmarking.models import Indicator
from nqi.core.errors import ValidationFailed

MAX_VALUES = 200
VALUE_FIELDS = ("quantity", "name", "value", "unit", "method_standard", "method_variant", "kind", "report")


def _text(row: dict, key: str, limit: int) -> str:
    return str(row.get(key) or "").strip()[:limit]


def directions_of(quantities_wanted: set[str]) -> dict[str, str]:
    """The catalog direction of each quantity (one query); unknown quantities read any value."""
    return dict(
        Indicator.objects.filter(quantity__in=quantities_wanted)
        .order_by()
        .values_list("quantity", "direction")
    )


def _check(row: dict, direction: str | None) -> str | None:
    """The problem with one filled row, or None."""
    try:
        unit = parse_unit(row["unit"])
    except UnitError:
        return _("无法识别单位“%(u)s”") % {"u": row["unit"]}
    try:
        read = read_value(row["value"], unit, Direction(direction) if direction else Direction.MAX)
    except LimitError:
        if direction:
            return _("无法识别数值“%(v)s”（或符号与要求方向相反）") % {"v": row["value"]}
        return None  # a qualitative value of a quantity the catalog does not know
    numbers = [read.point] if read.point is not None else []
    if read.interval is not None:
        numbers += [n for n in (read.interval.low, read.interval.high) if n is not None]
    for number in numbers:
        problem = quantities.implausible(row["quantity"], number, unit)
        if problem:
            return _("数值不符合物理常识：%(p)s") % {"p": problem}
    return None


def _clean_row(raw: dict, directions: dict, report_ids: dict) -> tuple[dict, str | None]:
    """One filled row, trimmed, and the problem with it (None when it is fine)."""
    row = {
        "quantity": _text(raw, "quantity", 60),
        "name": _text(raw, "name", 200),
        "value": _text(raw, "value", 60),
        "unit": _text(raw, "unit", 40),
        "method_standard": _text(raw, "method_standard", 120),
        "method_variant": _text(raw, "method_variant", 120),
        "kind": _text(raw, "kind", 15) or ValueKind.TEST_RESULT,
    }
    report = _text(raw, "report", 60)
    row["report_id"] = report_ids.get(report) if report else None
    if not row["quantity"] or not row["name"]:
        return row, _("缺少指标名称或量。")
    if row["kind"] not in ValueKind.values:
        return row, _("数值类型应为企业标准指标值或检测结果。")
    if report and report not in report_ids:
        return row, _("检测报告“%(r)s”尚未登记，请先添加报告。") % {"r": report}
    return row, _check(row, directions.get(row["quantity"]))


def clean_values(rows: list[dict], *, report_ids: dict[str, int]) -> list[dict]:
    """Validate every row; ValidationFailed lists each bad row by number and indicator name.

    Rows with an empty value are skipped (the enterprise has no figure for that method). `report_ids`
    maps the comparison's test report numbers to ids, so a row may cite its evidence.
    """
    if len(rows) > MAX_VALUES:
        raise ValidationFailed({"values": [_("一次最多录入 %(n)s 项指标值。") % {"n": MAX_VALUES}]})
    filled = [(n, r) for n, r in enumerate(rows, start=1) if str(r.get("value") or "").strip()]
    directions = directions_of({_text(r, "quantity", 60) for _n, r in filled})
    errors: dict[str, list] = {}
    cleaned = []
    for n, raw in filled:
        row, problem = _clean_row(raw, directions, report_ids)
        if problem:
            shown = raw.get("_row", n)  # the spreadsheet's own row number for imports
            label = _("第 %(n)s 行（%(name)s）：") % {"n": shown, "name": row["name"] or row["quantity"]}
            errors.setdefault(f"value_{shown}", []).append(label + str(problem))
            continue
        cleaned.append(row)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


IMPORT_HEADERS = {
    "量": "quantity",
    "quantity": "quantity",
    "指标": "name",
    "指标名称": "name",
    "name": "name",
    "数值": "value",
    "value": "value",
    "单位": "unit",
    "unit": "unit",
    "检测方法": "method_standard",
    "检测方法标准": "method_standard",
    "method": "method_standard",
    "方法条款": "method_variant",
    "方法（条款/名称）": "method_variant",
    "variant": "method_variant",
    "数值类型": "kind",
    "kind": "kind",
    "检测报告": "report",
    "report": "report",
}


def rows_from_table(header: list[str], rows: list[tuple[int, list[str]]]) -> list[dict]:
    """Spreadsheet rows as value dicts; ValidationFailed when the required columns are absent."""
    columns = {
        i: IMPORT_HEADERS.get(h.strip().lower(), IMPORT_HEADERS.get(h.strip())) for i, h in enumerate(header)
    }
    present = set(columns.values())
    missing = [c for c in ("quantity", "name", "value", "unit") if c not in present]
    if missing:
        raise ValidationFailed({"file": [_("缺少必需的列：%(c)s。") % {"c": "、".join(missing)}]})
    kinds = {str(label): value for value, label in ValueKind.choices}
    result = []
    for number, cells in rows:
        row = {columns[i]: cell for i, cell in enumerate(cells) if columns.get(i)} | {"_row": number}
        row["kind"] = kinds.get(row.get("kind", ""), row.get("kind", ""))
        result.append(row)
    return result
