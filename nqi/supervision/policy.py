"""Checking policy parameters before a new version is published (a bad matrix must never reach grading).

A policy version is complete or refused: every weight a number, thresholds in order, every matrix cell a
known supervision mode, colour cut-offs between 0 and 1 and descending. Errors name the parameter path.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from nqi.core.errors import ValidationFailed
from nqi.supervision.choices import EnterpriseClass, PolicyDomain, RiskLevel, SupervisionMode

_PRODUCT_WEIGHTS = ("hazard", "vulnerable", "failure_history", "complaints", "recalls", "external_alerts")
_ENTERPRISE_NUMBERS = (
    "base",
    "spotcheck_fail",
    "spotcheck_pass",
    "spotcheck_pass_cap",
    "recall",
    "complaint",
    "complaint_cap",
    "certification",
    "certification_cap",
    "quality_programme",
    "quality_programme_cap",
)


def _get(params: dict, path: str, errors: dict):
    node = params
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            errors.setdefault(path, []).append(_("缺少参数。"))
            return None
        node = node[key]
    return node


def _number(params, path, errors, *, low=None, high=None):
    value = _get(params, path, errors)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.setdefault(path, []).append(_("须为数值。"))
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        errors.setdefault(path, []).append(_("超出允许范围。"))
    return value


def _check_grading(params: dict, errors: dict) -> None:
    _number(params, "window_years", errors, low=1, high=10)
    for key in _PRODUCT_WEIGHTS:
        _number(params, f"product_risk.weights.{key}", errors, low=0)
    for key in ("failure_rate", "complaints", "recalls", "external_alerts"):
        _number(params, f"product_risk.saturation.{key}", errors, low=0)
    high = _number(params, "product_risk.thresholds.high", errors)
    medium = _number(params, "product_risk.thresholds.medium", errors)
    if high is not None and medium is not None and not high > medium:
        errors.setdefault("product_risk.thresholds", []).append(_("高风险阈值须大于中风险阈值。"))
    for key in _ENTERPRISE_NUMBERS:
        _number(params, f"enterprise_class.{key}", errors)
    for credit in "ABCD":
        _number(params, f"enterprise_class.credit.{credit}", errors)
    cuts = [_number(params, f"enterprise_class.thresholds.{c}", errors) for c in ("AA", "A", "B")]
    if None not in cuts and not cuts[0] > cuts[1] > cuts[2]:
        errors.setdefault("enterprise_class.thresholds", []).append(_("须满足 AA > A > B。"))
    colours = [
        _number(params, f"county_colour.{c}", errors, low=0, high=1) for c in ("red", "yellow", "blue")
    ]
    if None not in colours and not colours[0] > colours[1] > colours[2]:
        errors.setdefault("county_colour", []).append(_("须满足 红 > 黄 > 蓝。"))
    modes = set(SupervisionMode.values)
    for risk in RiskLevel.values:
        for grade in EnterpriseClass.values:
            cell = _get(params, f"mode_matrix.{risk}.{grade}", errors)
            if cell is not None and cell not in modes:
                errors.setdefault(f"mode_matrix.{risk}.{grade}", []).append(_("不是有效的监管方式。"))


def _check_sampling(params: dict, errors: dict) -> None:
    for grade in EnterpriseClass.values:
        _number(params, f"class_weights.{grade}", errors, low=0.01)
    for risk in RiskLevel.values:
        _number(params, f"risk_weights.{risk}", errors, low=0.01)
    _number(params, "min_random_share", errors, low=0, high=1)
    _number(params, "inspectors_per_task", errors, low=2)
    _number(params, "rotation_years", errors, low=0, high=10)
    _number(params, "objection_days", errors, low=1, high=60)
    _number(params, "rectification_working_days", errors, low=1, high=250)


def validate_params(domain: str, params) -> dict:
    """Return `params` when complete and consistent; else ValidationFailed keyed by parameter path."""
    if not isinstance(params, dict):
        raise ValidationFailed({"params": [_("参数须为 JSON 对象。")]})
    errors: dict[str, list] = {}
    if domain == PolicyDomain.GRADING:
        _check_grading(params, errors)
    elif domain == PolicyDomain.SAMPLING:
        _check_sampling(params, errors)
    else:
        errors["domain"] = [_("未知的策略领域。")]
    if errors:
        raise ValidationFailed(errors)
    return params
