"""The words a reader sees for a verdict's reason and a unit conversion, in the active language.

Results store a reason code and its parameters (never a sentence), so the same result reads in Chinese
and English, on the page, in the Word report and in the public declaration.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nqi.benchmarking.choices import Verdict
from nqi.benchmarking.engine import quantities

REASONS = {
    "no_value": gettext_lazy("未提供该指标的数值。"),
    "limit_not_numeric": gettext_lazy("对标限值不是可机读的数值，需人工判定。"),
    "principle_mismatch": gettext_lazy(
        "测试原理不同：企业值按 %(own_method)s 测得，对标值按 %(method)s 测得，结果不可直接比较。"
    ),
    "quantity_mismatch": gettext_lazy("不是同一指标，不作比较。"),
    "method_mismatch": gettext_lazy(
        "检测方法不同：企业值按 %(own_method)s 测得，对标值按 %(method)s 测得，两者未声明等效，不作比较。"
    ),
    "method_unknown": gettext_lazy("未注明企业值的检测方法；对标值按 %(method)s 测得，请补充方法后再比较。"),
    "unit_unreadable": gettext_lazy("无法识别单位“%(unit)s”。"),
    "unit_incompatible": gettext_lazy("单位量纲不同（%(unit)s 与 %(benchmark_unit)s），不能换算。"),
    "unit_not_declared": gettext_lazy(
        "%(unit)s 与 %(benchmark_unit)s 虽可按数学换算，但该检测方法不以 %(unit)s 报告结果，"
        "未作换算（不同方法的 mg/L 与 mg/m³ 含义不同），请核对方法与单位。"
    ),
    "value_unreadable": gettext_lazy("无法识别数值“%(value)s”（或符号与要求方向相反）。"),
    "implausible": gettext_lazy("数值不符合物理常识：%(problem)s"),
    "scale_mismatch": gettext_lazy("“%(value)s”不在等级序列（%(scale)s）中。"),
    "qualitative": gettext_lazy("定性要求“%(required)s”与企业值“%(value)s”不同，需人工判定。"),
    "compared": gettext_lazy(""),
}
CONVERSION_KINDS = {
    "prefix": gettext_lazy("SI 词头换算"),
    "mass_fraction": gettext_lazy("质量分数换算：1 % = 10 000 mg/kg"),
    "temperature_rise": gettext_lazy("温升 1 ℃ = 1 K"),
}
VERDICT_STYLE = {
    Verdict.BETTER: "success",
    Verdict.EQUAL: "primary",
    Verdict.WORSE: "danger",
    Verdict.NOT_COMPARABLE: "warning",
    Verdict.MISSING: "secondary",
}


class _Lenient(dict):
    def __missing__(self, key):
        return "—"


def reason_text(reason: str, params: dict | None) -> str:
    """The sentence for a reason code; unknown codes show the code (never a crash on old rows)."""
    template = REASONS.get(reason)
    if template is None:
        return reason
    text = str(template) % _Lenient(params or {})
    if reason == "compared" and (params or {}).get("edition"):
        text = _("方法标准版本不同（%(edition)s），按同一方法比较。") % {"edition": params["edition"]}
    return text


def conversion_text(quantity: str, conversion: dict | None) -> str:
    """ "50 μg/m³ = 0.050 mg/m³（SI 词头换算）", or "" when no unit was changed."""
    if not conversion:
        return ""
    kind = conversion.get("kind", "")
    if kind == "declared":
        declared = quantities.quantity(quantity).conversions
        how = str(declared[0].basis) if declared else _("方法声明的换算")
    else:
        how = str(CONVERSION_KINDS.get(kind, kind))
    return f"{conversion.get('from', '')} = {conversion.get('to', '')}（{how}）"
