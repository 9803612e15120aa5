"""KPIs of the standards app (registered in `nqi.core.metrics`).

- standards.catalog — 标准库收录标准数: catalog records published up to the end of the year (records
  without a publication date count from the day they entered the platform). The benchmarking centre
  reports its platform by this figure (1.6 million records, source report).
- standards.systems — 产业标准体系数: industry standard systems built up to the end of the year
  (source report: 4 systems — 数控机床, 太阳能, 柔性电子 …).
- standards.key_projects — 重点标准研制项目数: key standard projects started in the year, broken down by
  status (source report: 14 projects).

Catalog metadata is public, so the catalog figure is the same for every user; systems and projects
are scoped like their pages (`standards.view_keyproject`). Region and industry filters apply where the
records carry them (a project's featured industry and its lead enterprise's region).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core.metrics import Kpi, KpiSlice, register
from nqi.standards.choices import KeyProjectStatus
from nqi.standards.models import KeyStandardProject, Standard, StandardSystem
from nqi.standards.selectors import keyproject_list_visible_to

PERMISSION = "standards.view_standard_metrics"


def _year_end(year: int) -> dt.datetime:
    return dt.datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())


def catalog_records(*, year, region=None, industry=None, actor) -> QuerySet[Standard]:
    ends = dt.date(year, 12, 31)
    return Standard.objects.filter(
        Q(published_on__lte=ends) | Q(published_on__isnull=True, created_at__lt=_year_end(year))
    ).order_by("edition_key")


def catalog_count(**kwargs) -> int:
    return catalog_records(**kwargs).count()


def catalog_breakdown(**kwargs) -> list[KpiSlice]:
    rows = catalog_records(**kwargs).values("family").annotate(n=Count("pk")).order_by("-n")
    labels = dict(Standard._meta.get_field("family").choices)
    return [KpiSlice(str(labels.get(r["family"], r["family"])), r["n"], {}) for r in rows]


def systems_records(*, year, region=None, industry=None, actor) -> QuerySet[StandardSystem]:
    qs = StandardSystem.objects.filter(created_at__lt=_year_end(year)).select_related("featured_industry")
    if industry:
        qs = qs.filter(featured_industry_id=industry)
    if region:
        qs = qs.filter(featured_industry__region_id=region)
    return qs.order_by("name")


def systems_count(**kwargs) -> int:
    return systems_records(**kwargs).count()


def projects_records(*, year, region=None, industry=None, actor) -> QuerySet[KeyStandardProject]:
    qs = keyproject_list_visible_to(actor=actor).filter(
        Q(started_on__year=year) | Q(started_on__isnull=True, created_at__year=year)
    )
    if industry:
        qs = qs.filter(featured_industry_id=industry)
    if region:
        qs = qs.filter(lead_enterprise__region__path__contains=f"/{region}/")
    return qs


def projects_count(**kwargs) -> int:
    return projects_records(**kwargs).count()


def projects_breakdown(**kwargs) -> list[KpiSlice]:
    counts = dict(projects_records(**kwargs).order_by().values_list("status").annotate(n=Count("pk")))
    return [KpiSlice(str(s.label), counts[s.value], {}) for s in KeyProjectStatus if counts.get(s.value)]


register(
    Kpi(
        key="standards.catalog",
        label_zh=_("标准库收录标准数"),
        label_en="Standards in the catalog",
        unit=_("项"),
        compute=catalog_count,
        records=catalog_records,
        breakdown=catalog_breakdown,
        permission=PERMISSION,
        columns=(
            (_("标准号"), lambda s: s.canonical),
            (_("名称"), lambda s: s.title),
            (_("状态"), lambda s: s.get_status_display()),
            (_("发布日期"), lambda s: s.published_on),
        ),
        record_url=lambda s: reverse("standards:standard_detail", args=[s.pk]),
        description=_("截至年末已发布（无发布日期的按入库时间）的标准记录，含国际标准与合成演示数据。"),
        order=40,
    ),
    Kpi(
        key="standards.systems",
        label_zh=_("产业标准体系数"),
        label_en="Industry standard systems",
        unit=_("个"),
        compute=systems_count,
        records=systems_records,
        permission=PERMISSION,
        columns=(
            (_("体系名称"), lambda s: s.name),
            (_("特色产业"), lambda s: str(s.featured_industry or "")),
        ),
        record_url=lambda s: reverse("standards:standardsystem_detail", args=[s.pk]),
        order=41,
    ),
    Kpi(
        key="standards.key_projects",
        label_zh=_("重点标准研制项目数"),
        label_en="Key standard projects",
        unit=_("项"),
        compute=projects_count,
        records=projects_records,
        breakdown=projects_breakdown,
        permission=PERMISSION,
        columns=(
            (_("项目名称"), lambda p: p.name),
            (_("牵头企业"), lambda p: p.lead_enterprise.name),
            (_("状态"), lambda p: p.get_status_display()),
        ),
        record_url=lambda p: reverse("standards:keyproject_detail", args=[p.pk]),
        description=_("当年启动的重点标准研制攻坚项目，按状态分列。"),
        order=42,
    ),
)
