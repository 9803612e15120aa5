"""The level rule and the ranking rule in force on a day (versioned policy rows, shipped defaults v0)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking import engine
from nqi.benchmarking.choices import PolicyDomain
from nqi.benchmarking.engine.levels import DEFAULT_PARAMS
from nqi.benchmarking.models import BenchmarkPolicy

SHIPPED_BASIS = {
    PolicyDomain.LEVEL_RULE: _(
        "出厂默认（推断）：未检索到将逐项指标对比结果映射为水平的公开规则（DOMAIN.md §1.5）；"
        "按国际标准、国外先进标准、国内先进标准依次判断，该类别全部关键指标均不低于对标值为“先进”，"
        "且至少一项关键指标优于对标值为“领先”。"
    ),
    PolicyDomain.RANKING: _(
        "出厂默认（推断）：领跑者单指标排行按“最优值至国家/行业标准要求”等宽分为 3 档，最低档不低于"
        "国家/行业标准要求，同档不排序，全部相同不发布（评估步骤见 DOMAIN.md §1.6）。"
    ),
}
SHIPPED_RANKING = {"tiers": 3, "minimum_entries": 2, "forerunner_tier": 1}


@dataclass(frozen=True)
class PolicyInForce:
    version: int
    effective_from: dt.date | None
    params: dict
    basis: object


def policy_in_force(domain: str, *, on: dt.date | None = None) -> PolicyInForce:
    """The row with the latest `effective_from` on or before `on` (today), else the shipped default."""
    on = on or timezone.localdate()
    row = (
        BenchmarkPolicy.objects.filter(domain=domain, effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )
    if row is not None:
        return PolicyInForce(row.version, row.effective_from, row.params, row.basis)
    params = DEFAULT_PARAMS if domain == PolicyDomain.LEVEL_RULE else SHIPPED_RANKING
    return PolicyInForce(0, None, params, SHIPPED_BASIS[PolicyDomain(domain)])


def level_rule_in_force(*, on: dt.date | None = None) -> engine.LevelRule:
    policy = policy_in_force(PolicyDomain.LEVEL_RULE, on=on)
    return engine.LevelRule(version=policy.version, params=policy.params)


def policy_list(*, domain: str = "") -> QuerySet[BenchmarkPolicy]:
    qs = BenchmarkPolicy.objects.select_related("created_by")
    return qs.filter(domain=domain) if domain else qs
