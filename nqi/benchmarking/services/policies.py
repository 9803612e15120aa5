"""Publishing a new version of the level rule or the ranking rule (never retroactive).

A version is complete or refused: the level rule must order known benchmark classes, label each, say
when a class counts as "领先" and how many key indicators must be compared; the ranking rule gives the
tier count (2–10), the minimum number of entries (≥ 2) and the forerunner tier. Results already stored
keep the version they were computed with.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.benchmarking.choices import BenchmarkClass, PolicyDomain
from nqi.benchmarking.models import BenchmarkPolicy
from nqi.core import auditing
from nqi.core.errors import Conflict, ValidationFailed
from nqi.core.permissions import authorize

_ADVANCED = {BenchmarkClass.INTERNATIONAL, BenchmarkClass.FOREIGN_ADVANCED, BenchmarkClass.DOMESTIC_ADVANCED}


def _int(params: dict, key: str, low: int, high: int, errors: dict) -> int | None:
    value = params.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors.setdefault(key, []).append(_("须为 %(a)s–%(b)s 之间的整数。") % {"a": low, "b": high})
        return None
    return value


def _check_level_rule(params: dict, errors: dict) -> None:
    order = params.get("order")
    if (
        not isinstance(order, list)
        or not order
        or not set(order) <= _ADVANCED
        or len(set(order)) != len(order)
    ):
        errors.setdefault("order", []).append(_("须为国际、国外先进、国内先进标准类别的不重复排列。"))
        order = []
    labels = params.get("labels") if isinstance(params.get("labels"), dict) else {}
    for klass in order:
        entry = labels.get(klass)
        if not isinstance(entry, dict) or not all(
            str(entry.get(k) or "").strip() for k in ("advanced", "lead")
        ):
            errors.setdefault(f"labels.{klass}", []).append(_("须给出“先进”和“领先”两个用语。"))
    for key in ("requirement_label", "not_attained_label"):
        if not str(params.get(key) or "").strip():
            errors.setdefault(key, []).append(_("缺少用语。"))
    if params.get("lead_when") not in ("any_key_better", "all_key_better"):
        errors.setdefault("lead_when", []).append(_("须为 any_key_better 或 all_key_better。"))
    _int(params, "minimum_key", 1, 50, errors)


def _check_ranking(params: dict, errors: dict) -> None:
    tiers = _int(params, "tiers", 2, 10, errors)
    _int(params, "minimum_entries", 2, 1000, errors)
    _int(params, "forerunner_tier", 1, tiers or 10, errors)


def validate_params(domain: str, params) -> dict:
    if not isinstance(params, dict):
        raise ValidationFailed({"params": [_("参数须为 JSON 对象。")]})
    errors: dict[str, list] = {}
    if domain == PolicyDomain.LEVEL_RULE:
        _check_level_rule(params, errors)
    elif domain == PolicyDomain.RANKING:
        _check_ranking(params, errors)
    else:
        errors["domain"] = [_("未知的规则类别。")]
    if errors:
        raise ValidationFailed(errors)
    return params


def benchmarkpolicy_create(
    *, actor, domain: str, effective_from: dt.date, params: dict, basis: str
) -> BenchmarkPolicy:
    authorize(actor, "benchmarking.manage_policy")
    validate_params(domain, params)
    if not isinstance(effective_from, dt.date) or effective_from < timezone.localdate():
        raise ValidationFailed({"effective_from": [_("生效日期不能早于今天。")]})
    if not (basis or "").strip():
        raise ValidationFailed({"basis": [_("请说明依据。")]})
    try:
        with transaction.atomic():
            version = (
                BenchmarkPolicy.objects.filter(domain=domain).aggregate(v=Max("version"))["v"] or 0
            ) + 1
            policy = BenchmarkPolicy.objects.create(
                domain=domain, version=version, effective_from=effective_from, params=params, basis=basis.strip(),
                created_by=actor if getattr(actor, "pk", None) else None,
            )  # fmt: skip
            auditing.record(
                actor=actor,
                event_type="benchmarking.benchmarkpolicy_created",
                target=policy,
                summary=f"{domain} v{version} {effective_from.isoformat()}",
                after={"params": params, "basis": basis.strip()},
            )
    except IntegrityError as exc:
        raise Conflict(_("规则版本已被他人更新，请刷新后重试。")) from exc
    return policy
