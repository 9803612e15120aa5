"""Spot-check KPIs (DOMAIN.md §0: 监督抽查 1,922 batches in the report year).

- spotchecks.batches — 监督抽查批次: batches with a result in the year (pass or fail recorded as a
  quality event — from this platform's tasks or imported history; overturned failures not counted twice).
- spotchecks.pass_rate — 抽查合格率: qualified / all those batches, broken down by product; the metrics
  page's county and featured-industry filters give the rate by county and by industry.
- spotchecks.rectified_on_time — 不合格按期整改率: failed tasks whose rectification deadline falls in the
  year and whose rectification report came in on or before it.

Every figure counts only enterprises the actor may see.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core.metrics import Kpi, KpiSlice, register
from nqi.core.models import StatusChange
from nqi.enterprises.selectors import visibility_q
from nqi.spotchecks.models import Task
from nqi.spotchecks.selectors import task_visibility_q
from nqi.supervision.choices import QualityEventKind
from nqi.supervision.models import QualityEvent

PERMISSION = "spotchecks.view_metrics"
RESULTS = (QualityEventKind.SPOTCHECK_PASS, QualityEventKind.SPOTCHECK_FAIL)


def batch_records(*, year, region=None, industry=None, actor) -> QuerySet[QualityEvent]:
    qs = QualityEvent.objects.filter(
        visibility_q(actor, "enterprise__"),
        kind__in=RESULTS,
        is_void=False,
        occurred_on__gte=dt.date(year, 1, 1),
        occurred_on__lte=dt.date(year, 12, 31),
    ).select_related("enterprise", "category")
    if region:
        qs = qs.filter(enterprise__region__path__contains=f"/{region}/")
    if industry:
        qs = qs.filter(enterprise__featured_industry_id=industry)
    return qs.order_by("-occurred_on", "pk")


def _batches(**kwargs) -> int:
    return batch_records(**kwargs).count()


def _pass_rate(**kwargs) -> float:
    counts = (
        batch_records(**kwargs)
        .order_by()
        .aggregate(n=Count("id"), ok=Count("id", filter=Q(kind=QualityEventKind.SPOTCHECK_PASS)))
    )
    return round(100 * counts["ok"] / counts["n"], 1) if counts["n"] else 0.0


def pass_rate_by_product(**kwargs) -> list[KpiSlice]:
    rows = (
        batch_records(**kwargs)
        .exclude(category=None)
        .order_by()
        .values("category__name")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(kind=QualityEventKind.SPOTCHECK_PASS)))
        .order_by("-n")[:15]
    )
    return [KpiSlice(f"{r['category__name']}（{r['n']} 批）", round(100 * r["ok"] / r["n"], 1)) for r in rows]


def batches_by_county(**kwargs) -> list[KpiSlice]:
    rows = (
        batch_records(**kwargs)
        .order_by()
        .values("enterprise__region__parent_id", "enterprise__region__parent__name")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return [
        KpiSlice(
            r["enterprise__region__parent__name"] or "—",
            r["n"],
            {"region": r["enterprise__region__parent_id"]},
        )
        for r in rows
    ]


def rectification_records(*, year, region=None, industry=None, actor) -> QuerySet[Task]:
    qs = Task.objects.filter(
        task_visibility_q(actor),
        rectification_due_on__gte=dt.date(year, 1, 1),
        rectification_due_on__lte=dt.date(year, 12, 31),
    ).select_related("enterprise", "category", "county")
    if region:
        qs = qs.filter(county_id=region)
    if industry:
        qs = qs.filter(enterprise__featured_industry_id=industry)
    return qs.order_by("rectification_due_on", "pk")


def _rectified_on_time(**kwargs) -> float:
    """Share (%) of rectifications due in the year reported by their deadline; due in the future and not
    yet reported are left out (not yet late)."""
    tasks = list(rectification_records(**kwargs))
    submitted = {
        int(target): at
        for target, at in StatusChange.objects.filter(
            target_type="spotchecks.task",
            transition="submit_rectification",
            target_id__in=[str(t.pk) for t in tasks],
        ).values_list("target_id", "occurred_at")
    }
    today = timezone.localdate()
    judged = on_time = 0
    for task in tasks:
        at = submitted.get(task.pk)
        if at is None and task.rectification_due_on >= today:
            continue
        judged += 1
        on_time += int(at is not None and timezone.localtime(at).date() <= task.rectification_due_on)
    return round(100 * on_time / judged, 1) if judged else 0.0


COLUMNS = (
    (_("企业"), lambda e: e.enterprise.name),
    (_("产品"), lambda e: e.category.name if e.category else ""),
    (_("日期"), lambda e: e.occurred_on),
    (_("结果"), lambda e: e.get_kind_display()),
    (_("来源"), lambda e: e.summary),
)
TASK_COLUMNS = (
    (_("企业"), lambda t: t.enterprise.name),
    (_("产品"), lambda t: t.category.name),
    (_("区县"), lambda t: t.county.name),
    (_("整改期限"), lambda t: t.rectification_due_on),
    (_("状态"), lambda t: t.get_status_display()),
)

register(
    Kpi(
        key="spotchecks.batches",
        label_zh=_("监督抽查批次"),
        label_en="Spot-check batches with a result",
        unit=_("批次"),
        compute=_batches,
        records=batch_records,
        permission=PERMISSION,
        columns=COLUMNS,
        record_url=lambda e: reverse("supervision:enterprisegrade_detail", args=[e.enterprise_id]),
        breakdown=batches_by_county,
        description=_("本年度出具结论的抽查批次（含导入的历史结果；复检改判的不重复计）。"),
        order=40,
    ),
    Kpi(
        key="spotchecks.pass_rate",
        label_zh=_("抽查合格率"),
        label_en="Spot-check pass rate",
        unit="%",
        compute=_pass_rate,
        records=batch_records,
        permission=PERMISSION,
        columns=COLUMNS,
        breakdown=pass_rate_by_product,
        description=_("合格批次占全部抽查批次的比例；按产品分列，按区县、特色产业筛选。"),
        order=41,
    ),
    Kpi(
        key="spotchecks.rectified_on_time",
        label_zh=_("不合格按期整改率"),
        label_en="Failures rectified on time",
        unit="%",
        compute=_rectified_on_time,
        records=rectification_records,
        permission=PERMISSION,
        columns=TASK_COLUMNS,
        record_url=lambda t: reverse("spotchecks:task_detail", args=[t.pk]),
        description=_("整改期限在本年度的不合格任务中，按期提交整改报告的比例（未到期且未提交的不计）。"),
        order=42,
    ),
)
