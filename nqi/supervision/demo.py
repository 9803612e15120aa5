"""Demo city: catalogue links, credit classes, three years of quality history, then the city regrade.

Magnitudes follow shared/data/kpis: 1,922 spot-check batches in the report year (the previous full
year here) and a similar pace this year; a failure rate of ~4 % overall (Jiaxing's provincial pass rate
94 % in 十二五, Shaoxing 97–99 %), higher for children's products (national 8.1 % for children's
vehicles, 2021); credit classes in the Dandong proportions A 65 % / B 25 % / C 8 % / D 1.5 %.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nqi.core.demo import DemoContext, register
from nqi.supervision import services
from nqi.supervision.models import EnterpriseCategory, ProductCategory

BATCHES_PER_YEAR = 1922
CREDIT_WEIGHTS = {"A": 31107, "B": 12044, "C": 3682, "D": 721}  # 丹东 2023 (DOMAIN.md §4.3)
OTHER_EVENTS_PER_YEAR = {"complaint": 260, "recall": 8, "certification": 300, "quality_programme": 180}


def _history(context: DemoContext, links, categories, today):
    rng = context.rng("supervision-history")
    enterprises = sorted({e for e, _c in links})
    scale = max(context.scale, 0.02)
    rows = []
    for year_back in range(3):
        end = today - dt.timedelta(days=365 * year_back)
        # the current year has had three quarters of plans before the live Q4 plan
        batches = int(BATCHES_PER_YEAR * scale * (0.75 if year_back == 0 else 1.0))
        for _ in range(batches):
            enterprise, category_id = rng.choice(links)
            children = categories[category_id].vulnerable_group == "children"
            failed = rng.random() < (0.08 if children else 0.035)
            rows.append(
                {
                    "enterprise_id": enterprise,
                    "category_id": category_id,
                    "kind": "spotcheck_fail" if failed else "spotcheck_pass",
                    "occurred_on": end - dt.timedelta(days=rng.randrange(20, 365)),
                    "summary": "历年监督抽查（导入）",
                }
            )
        for kind, n in OTHER_EVENTS_PER_YEAR.items():
            for _ in range(max(1, int(n * scale))):
                rows.append(
                    {
                        "enterprise_id": rng.choice(enterprises),
                        "kind": kind,
                        "occurred_on": end - dt.timedelta(days=rng.randrange(1, 365)),
                        "summary": "历史数据（导入）",
                    }
                )
    return rows


def _signals(context: DemoContext, categories, today):
    rng = context.rng("supervision-signals")
    for category in categories.values():
        weight = 3 if category.vulnerable_group == "children" else 1
        for kind, n in (("complaint", 12 * weight), ("recall", weight - 1), ("external_alert", weight)):
            count = rng.randrange(0, n + 1) if n else 0
            if count:
                services.risksignal_record(
                    actor=context.actor,
                    category=category,
                    kind=kind,
                    occurred_on=today - dt.timedelta(days=rng.randrange(30, 700)),
                    count=count,
                    source="12315 投诉举报 / 缺陷产品召回 / 国内外风险预警（演示数据）",
                )


@register("supervision", order=60)
def build(context: DemoContext) -> None:
    today = timezone.localdate()
    services.enterprisecategory_sync(actor=context.actor)
    links = list(EnterpriseCategory.objects.order_by("pk").values_list("enterprise_id", "category_id"))
    categories = {c.pk: c for c in ProductCategory.objects.all()}
    rng = context.rng("supervision-credit")
    enterprises = [e.pk for e in context.made.get("enterprises", [])]
    classes, weights = zip(*CREDIT_WEIGHTS.items(), strict=True)
    ratings = {pk: rng.choices(classes, weights)[0] for pk in enterprises}
    services.creditrating_bulk_set(
        actor=context.actor,
        ratings=ratings,
        rated_on=today.replace(day=1),
        source="国家企业信用信息公示系统（演示）",
    )
    _signals(context, categories, today)
    history = _history(context, links, categories, today) if links else []
    services.qualityevent_bulk_record(actor=context.actor, rows=history)
    run = services.city_regrade(actor=context.actor, reason="演示城市初始分级")
    context.made["grading_run"] = run
    context.log(
        f"  supervision: {len(links)} enterprise-product links, {len(history)} quality events, graded {run.total}"
    )
