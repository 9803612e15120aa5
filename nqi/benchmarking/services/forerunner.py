"""Writes on forerunner rankings (企业标准"领跑者"): build a single-indicator list, publish it.

A list covers one year, product category and core indicator. Its entries are the declared comparisons
of the category (declared in or before that year), each with the enterprise's own-standard value for
the indicator (a test result when no standard value was given), brought into the requirement's unit by
the engine's allowed conversions. The requirement is the national/industry limit the comparisons were
benchmarked against (class "requirement"). Tiers follow `engine.ranking` under the ranking policy in
force, whose version the list stores; the best tier(s) up to `forerunner_tier` are forerunners.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.benchmarking import engine
from nqi.benchmarking.choices import BenchmarkClass, PolicyDomain, ValueKind
from nqi.benchmarking.engine import quantities
from nqi.benchmarking.engine.indicators import Direction, LimitError, read_value
from nqi.benchmarking.models import (
    Comparison,
    Indicator,
    IndicatorResult,
    IndicatorValue,
    RankingEntry,
    RankingList,
)
from nqi.benchmarking.selectors.policies import policy_in_force
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.core import auditing
from nqi.core.errors import Conflict, ValidationFailed
from nqi.core.permissions import authorize


def _requirement(comparison_ids: list[int], quantity: str) -> tuple[IndicatorResult | None, Indicator | None]:
    """The most common requirement-class limit of `quantity` among the comparisons' results."""
    results = IndicatorResult.objects.filter(
        comparison_id__in=comparison_ids, quantity=quantity, benchmark__klass=BenchmarkClass.REQUIREMENT
    ).select_related("indicator", "benchmark")
    counted = Counter(r.indicator_id for r in results if r.indicator_id)
    if not counted:
        return None, Indicator.objects.filter(quantity=quantity).order_by("-is_key", "id").first()
    indicator_id = counted.most_common(1)[0][0]
    result = next(r for r in results if r.indicator_id == indicator_id)
    return result, result.indicator


def _value_in(value: IndicatorValue, unit: engine.units.Unit, direction: Direction) -> Decimal | None:
    """The entry's value in the requirement's unit, or None when it cannot be read or converted."""
    try:
        source = engine.parse_unit(value.unit)
        read = read_value(value.value_text, source, direction)
    except (engine.UnitError, LimitError):
        return None
    conversion = quantities.conversion_between(value.quantity, source, unit)
    if conversion is None or read.point is None:
        return None
    return read.point * conversion.factor


def _entries(
    comparisons: list[Comparison], quantity: str, unit, direction
) -> list[tuple[Comparison, IndicatorValue, Decimal | None]]:
    values = IndicatorValue.objects.filter(comparison__in=comparisons, quantity=quantity).order_by("position")
    chosen: dict[int, IndicatorValue] = {}
    for value in values:  # the enterprise standard's own value wins over a test result
        held = chosen.get(value.comparison_id)
        if held is None or (value.kind == ValueKind.STANDARD_LIMIT and held.kind != ValueKind.STANDARD_LIMIT):
            chosen[value.comparison_id] = value
    return [
        (c, chosen[c.pk], _value_in(chosen[c.pk], unit, direction)) for c in comparisons if c.pk in chosen
    ]


@dataclass
class _Plan:
    """Everything a list is built from, computed before the write."""

    comparisons: list[Comparison]
    indicator: Indicator
    requirement: IndicatorResult | None
    rows: list[tuple[Comparison, IndicatorValue, Decimal | None]]
    ranking: engine.Ranking
    policy: object


def _plan(year: int, category: str, quantity: str) -> _Plan:
    comparisons = list(
        Comparison.objects.filter(
            status=ComparisonStatus.DECLARED, category=category, declared_on__year__lte=year
        ).select_related("enterprise")
    )
    if not comparisons:
        raise ValidationFailed({"category": [_("该类别没有已公开声明的对标结果。")]})
    requirement, indicator = _requirement([c.pk for c in comparisons], quantity)
    if indicator is None or indicator.direction not in (Direction.MAX, Direction.MIN):
        raise ValidationFailed({"quantity": [_("该指标不是可按数值排行的指标。")]})
    unit, direction = engine.parse_unit(indicator.unit), Direction(indicator.direction)
    limit = engine.parse_limit(direction, requirement.limit_text, unit).value if requirement else None
    policy = policy_in_force(PolicyDomain.RANKING)
    rows = _entries(comparisons, quantity, unit, direction)
    ranking = engine.rank(
        [engine.Entry(c.pk, v) for c, _value, v in rows if v is not None],
        direction,
        requirement=limit,
        tiers=int(policy.params["tiers"]),
        minimum_entries=int(policy.params["minimum_entries"]),
    )
    return _Plan(comparisons, indicator, requirement, rows, ranking, policy)


def _write(actor, plan: _Plan, year: int, category: str, quantity: str) -> RankingList:
    requirement, policy, ranking = plan.requirement, plan.policy, plan.ranking
    listing = RankingList.objects.create(
        year=year, category=category, quantity=quantity, indicator_name=plan.indicator.name_zh,
        unit=plan.indicator.unit, direction=plan.indicator.direction,
        requirement_text=requirement.limit_text if requirement else "",
        requirement_source=str(requirement.benchmark) if requirement else "", tiers=int(policy.params["tiers"]),
        policy_version=policy.version, unpublished_reason=ranking.reason,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    forerunner_tier = int(policy.params.get("forerunner_tier", 1))
    RankingEntry.objects.bulk_create(
        RankingEntry(
            ranking=listing,
            comparison=c,
            enterprise=c.enterprise,
            standard_number=c.own_standard_number,
            value_text=f"{value.value_text} {value.unit}".strip(),
            tier=ranking.tier_of(c.pk),
            is_forerunner=ranking.published and (ranking.tier_of(c.pk) or 99) <= forerunner_tier,
        )  # fmt: skip
        for c, value, _v in plan.rows
    )
    return listing


def rankinglist_build(*, actor, year: int, category: str, quantity: str) -> RankingList:
    """Build (or rebuild, while unpublished) the ranking of `category` on `quantity` for `year`."""
    authorize(actor, "benchmarking.publish_ranking")
    plan = _plan(year, category, quantity)
    with transaction.atomic():
        existing = (
            RankingList.objects.select_for_update()
            .filter(year=year, category=category, quantity=quantity)
            .first()
        )
        if existing and existing.published_at:
            raise Conflict(_("该排行榜已发布，不能重新编制。"), code="published")
        if existing:
            existing.delete()
        listing = _write(actor, plan, year, category, quantity)
        auditing.record(
            actor=actor,
            event_type="benchmarking.rankinglist_built",
            target=listing,
            summary=str(listing),
            data={
                "entries": len(plan.rows),
                "reason": plan.ranking.reason,
                "policy_version": plan.policy.version,
            },
        )
    return listing


def rankinglist_publish(*, actor, ranking: RankingList) -> RankingList:
    """Publish a list on the public page; a list the rules do not allow (all equal, too few) stays unpublished."""
    authorize(actor, "benchmarking.publish_ranking", ranking)
    with transaction.atomic():
        current = RankingList.objects.select_for_update().get(pk=ranking.pk)
        if current.published_at:
            raise Conflict(_("该排行榜已发布。"), code="published")
        if current.unpublished_reason:
            raise Conflict(
                _("按领跑者规则该指标不发布排行（%(r)s）。") % {"r": current.unpublished_reason},
                code="not_rankable",
            )
        current.published_at = timezone.now()
        current.save(update_fields=["published_at", "updated_at"])
        auditing.record(
            actor=actor, event_type="benchmarking.rankinglist_published", target=current, summary=str(current)
        )
    return current
