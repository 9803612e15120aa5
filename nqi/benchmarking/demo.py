"""Demo-city benchmarking: the curated indicators, ~154 enterprises attained this year, forerunner lists.

Comparisons are made through the real services for enterprises of four featured industries of the
source report — 嘉善木业家具 (formaldehyde), 平湖童车 (ride-on toys), 秀洲智能家居 (appliance safety) and
南湖压缩机 (air compressors, a product line the demo adds) — with values drawn around the real limits, so
the verdict mix, the levels and the "+154 对标达标" KPI come from the engine, not from the script. History
is back-dated with a patched clock so status changes and audit events agree.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.db import transaction
from django.utils import timezone

from nqi.benchmarking import services
from nqi.benchmarking.demo_plans import ACTIONS, INDUSTRY_PLANS, LABS, OWNERS, RANKINGS, Plan
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.core.demo import DemoContext, register
from nqi.core.errors import ValidationFailed
from nqi.enterprises import services as enterprise_services
from nqi.enterprises.models import Enterprise, Product

ATTAINED_THIS_YEAR = 154


@contextmanager
def _clock_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _products(plan: Plan, limit: int) -> list[Product]:
    """Products of the plan's featured industry, one per enterprise, in a stable order."""
    rows = (
        Product.objects.filter(
            enterprise__featured_industry__key=plan.industry_key, name__in=plan.product_names
        )
        .select_related("enterprise")
        .order_by("enterprise__uscc", "pk")
    )
    seen, chosen = set(), []
    for product in rows:
        if product.enterprise_id not in seen:
            seen.add(product.enterprise_id)
            chosen.append(product)
    return chosen[:limit]


def _compressor_products(context: DemoContext, limit: int) -> list[Product]:
    """南湖 compressor makers also build air compressors: add that product line (and the demo owner's)."""
    makers = list(
        Enterprise.objects.filter(featured_industry__key="JX-IND-01").order_by("uscc")[: max(limit, 1)]
    )
    owner_firm = context.made.get("demo_enterprise")
    if owner_firm is not None and owner_firm not in makers:
        makers.append(owner_firm)
    rng = context.rng("benchmarking.compressors")
    items = [
        (
            e,
            {
                "name": "一般用喷油螺杆空气压缩机",
                "category": "空气压缩机",
                "standard_code": f"Q/NH{rng.randrange(100, 999)} 0{rng.randrange(10, 99)}—2024",
                "model": f"LG-37/{rng.choice(('0.7', '0.8', '1.0'))}",
            },
        )
        for e in makers
    ]
    return enterprise_services.product_bulk_create(actor=context.actor, items=items)


def _moment(rng, start: dt.date, end: dt.date) -> dt.datetime:
    days = max(0, (end - start).days)
    day = start + dt.timedelta(days=rng.randrange(0, days + 1))
    hour = rng.randrange(9, 17)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randrange(0, 60))))


def _walk(context, rng, plan: Plan, product: Product, fate: str, when: dt.datetime) -> str:
    """One comparison through the services up to `fate`; returns the status reached."""
    actor = context.actor
    with _clock_at(when):
        comparison = services.comparison_create(actor=actor, product=product)
        good = fate in ("attained", "declared", "attained_last_year")
        picked = plan.pick(rng, good)
        services.comparison_add_benchmarks(
            actor=actor, comparison=comparison, picks=[(n, g, "") for n, g in picked]
        )
        services.indicatorvalues_save(actor=actor, comparison=comparison, rows=plan.draw(rng, good, picked))
        if fate == "draft":
            return ComparisonStatus.DRAFT
        comparison = services.comparison_run(actor=actor, comparison=comparison)
    if fate == "abandoned":
        with _clock_at(when + dt.timedelta(days=3)):
            services.comparison_transition(
                actor=actor, comparison=comparison, name="abandon", comment="企业转产，暂停该产品对标。"
            )
        return ComparisonStatus.ABANDONED
    if not comparison.level_attained:
        return _improve(actor, rng, comparison, when) if fate == "improving" else comparison.status
    return _attain(actor, rng, comparison, fate, when)


def _improve(actor, rng, comparison, when) -> str:
    gap = comparison.results.filter(is_key=True).exclude(verdict__in=("better", "equal")).first()
    if gap is None:
        return comparison.status
    with _clock_at(when + dt.timedelta(days=2)):
        services.improvementitem_add(
            actor=actor,
            comparison=comparison,
            data={
                "indicator_name": gap.name,
                "quantity": gap.quantity,
                "target": f"{gap.limit_text} {gap.unit}".strip(),
                "action": rng.choice(ACTIONS),
                "owner_name": rng.choice(OWNERS),
                "due_on": (when + dt.timedelta(days=rng.randrange(60, 200))).date(),
            },
        )
        comparison.refresh_from_db()
        services.comparison_transition(actor=actor, comparison=comparison, name="plan")
    return ComparisonStatus.IMPROVING


def _attain(actor, rng, comparison, fate, when) -> str:
    with _clock_at(when + dt.timedelta(days=rng.randrange(5, 25))):
        comparison.refresh_from_db()
        comparison = services.comparison_transition(actor=actor, comparison=comparison, name="attain")
        if fate == "attained":
            return ComparisonStatus.ATTAINED
        services.testreport_add(
            actor=actor,
            comparison=comparison,
            report_number=f"JX{when.year}-{rng.randrange(10000, 99999)}",
            lab_name=rng.choice(LABS),
            issued_on=(when - dt.timedelta(days=rng.randrange(3, 30))).date(),
        )
        comparison.refresh_from_db()
        services.comparison_transition(actor=actor, comparison=comparison, name="declare")
    return ComparisonStatus.DECLARED


def _fates(n_attained: int, total: int, rng) -> list[str]:
    """The end state of each comparison: the attained ones first (this year), then the others."""
    fates = ["declared" if rng.random() < 0.45 else "attained" for _ in range(n_attained)]
    rest = total - n_attained
    others = ["attained_last_year"] * (rest * 2 // 10) + ["improving"] * (rest * 4 // 10)
    others += ["compared"] * (rest * 2 // 10) + ["draft"] * (rest // 10)
    others += ["abandoned"] * (rest - len(others))
    return fates + others


@register("benchmarking", order=60)
def build(context: DemoContext) -> None:
    """One transaction for the whole builder: ~200 comparisons' writes commit once (SQLite fsyncs)."""
    with transaction.atomic():
        _build(context)


def _build(context: DemoContext) -> None:
    rng = context.rng("benchmarking")
    loaded = services.indicators_load_shipped(actor=context.actor)
    target = max(12, round(ATTAINED_THIS_YEAR * context.scale))
    per_plan = max(6, round(target * 1.3 / len(INDUSTRY_PLANS)))
    today = timezone.localdate()
    year_start = dt.date(today.year, 1, 1)
    reached = {s: 0 for s in ComparisonStatus.values}
    attained_enterprises = 0
    owner_id = getattr(context.made.get("demo_enterprise"), "pk", None)
    for index, plan in enumerate(INDUSTRY_PLANS):
        products = (
            _compressor_products(context, per_plan)
            if plan.industry_key == "JX-IND-01"
            else _products(plan, per_plan)
        )
        # the demo owner starts their own comparison in the walkthrough
        products = [p for p in products if p.enterprise_id != owner_id]
        share = target // len(INDUSTRY_PLANS) + (1 if index < target % len(INDUSTRY_PLANS) else 0)
        fates = _fates(min(share, len(products)), len(products), rng)
        for product, fate in zip(products, fates, strict=False):
            start = dt.date(today.year - 1, 3, 1) if fate == "attained_last_year" else year_start
            end = (
                dt.date(today.year - 1, 11, 30)
                if fate == "attained_last_year"
                else today - dt.timedelta(days=30)
            )
            status = _walk(context, rng, plan, product, fate, _moment(rng, start, max(start, end)))
            reached[status] += 1
            attained_enterprises += fate in ("attained", "declared") and status in ("attained", "declared")
    context.made["benchmarking_attained"] = attained_enterprises
    rankings = _rankings(context, today.year)
    context.log(
        f"  benchmarking: {loaded['rows']} indicators, comparisons {dict((k, v) for k, v in reached.items() if v)}, "
        f"attained this year {attained_enterprises}, rankings published {rankings}"
    )


def _rankings(context: DemoContext, year: int) -> int:
    published = 0
    for category, quantity in RANKINGS:
        try:
            listing = services.rankinglist_build(
                actor=context.actor, year=year, category=category, quantity=quantity
            )
        except ValidationFailed:  # a category with no declared comparison at small demo scales
            continue
        if not listing.unpublished_reason:
            services.rankinglist_publish(actor=context.actor, ranking=listing)
            published += 1
    return published
