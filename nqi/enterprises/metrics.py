"""Registry KPIs of the enterprises app (the first callers of `nqi.core.metrics`).

- enterprises.registered — 新登记企业数: enterprises whose 成立日期 (date of registration with the
  registration authority, the date on the business licence) falls in the year.
- enterprises.total — 在册企业数（年末）: enterprises on the platform register at the end of the year,
  i.e. established on or before 31 December (firms without a known 成立日期 count from the day they
  were entered on the platform). Later deregistrations are not back-dated: the register keeps no
  history of status dates yet.
- enterprises.featured_industry — 特色产业企业数: the year-end register restricted to firms of a featured
  industry (特色产业, DOMAIN.md §15 一县一业一策), broken down per featured industry.

Every figure is scoped to what the actor may see (a district officer counts the district only). This
module also declares the two filter dimensions of the metrics page, from the region and industry
reference data (county-level divisions of the city; active featured industries).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core.metrics import Dimension, Kpi, KpiSlice, register, register_dimension
from nqi.enterprises.models import Enterprise
from nqi.enterprises.selectors import enterprise_list_visible_to
from nqi.industries.models import FeaturedIndustry
from nqi.regions.selectors import city_districts

PERMISSION = "enterprises.view_enterprise_metrics"
COLUMNS = (
    (_("企业名称"), lambda e: e.name),
    (_("统一社会信用代码"), lambda e: e.uscc),
    (_("区域"), lambda e: e.region.name),
    (_("特色产业"), lambda e: e.featured_industry.short_name if e.featured_industry else ""),
    (_("成立日期"), lambda e: e.founded_on),
    (_("登记状态"), lambda e: e.get_status_display()),
)


def _scoped(*, actor, region=None, industry=None) -> QuerySet[Enterprise]:
    qs = enterprise_list_visible_to(actor=actor)
    if region:
        qs = qs.filter(region__path__contains=f"/{region}/")
    if industry:
        qs = qs.filter(featured_industry_id=industry)
    return qs


def _year_end(year: int) -> dt.datetime:
    return dt.datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())


def registered_records(*, year, region=None, industry=None, actor) -> QuerySet[Enterprise]:
    """Enterprises established (成立) in `year`."""
    return _scoped(actor=actor, region=region, industry=industry).filter(
        founded_on__gte=dt.date(year, 1, 1), founded_on__lte=dt.date(year, 12, 31)
    )


def total_records(*, year, region=None, industry=None, actor) -> QuerySet[Enterprise]:
    """Enterprises on the register at the end of `year`."""
    on_register = Q(founded_on__lte=dt.date(year, 12, 31)) | Q(
        founded_on__isnull=True, created_at__lt=_year_end(year)
    )
    return _scoped(actor=actor, region=region, industry=industry).filter(on_register)


def featured_records(*, year, region=None, industry=None, actor) -> QuerySet[Enterprise]:
    """Year-end register firms that belong to a featured industry."""
    return total_records(year=year, region=region, industry=industry, actor=actor).filter(
        featured_industry__isnull=False
    )


def featured_breakdown(*, year, region=None, industry=None, actor) -> list[KpiSlice]:
    """One row per featured industry, largest first; each narrows the drill-down to that industry."""
    counts = (
        featured_records(year=year, region=region, industry=industry, actor=actor)
        .order_by()
        .values("featured_industry", "featured_industry__name", "featured_industry__region__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "featured_industry")
    )
    return [
        KpiSlice(
            f"{c['featured_industry__name']}（{c['featured_industry__region__name']}）",
            c["n"],
            {"industry": c["featured_industry"]},
        )
        for c in counts
    ]


def _count(records):
    return lambda **kwargs: records(**kwargs).count()


def _enterprise_url(enterprise) -> str:
    return reverse("enterprises:enterprise_detail", args=[enterprise.pk])


register(
    Kpi(
        key="enterprises.registered",
        label_zh=_("新登记企业数"),
        label_en="Enterprises registered in the year",
        unit=_("家"),
        compute=_count(registered_records),
        records=registered_records,
        permission=PERMISSION,
        columns=COLUMNS,
        record_url=_enterprise_url,
        description=_("成立日期在本年度内的企业。"),
        order=10,
    ),
    Kpi(
        key="enterprises.total",
        label_zh=_("在册企业数（年末）"),
        label_en="Enterprises on the register at year end",
        unit=_("家"),
        compute=_count(total_records),
        records=total_records,
        permission=PERMISSION,
        columns=COLUMNS,
        record_url=_enterprise_url,
        description=_("截至年末已成立并在平台企业名录中的企业。"),
        order=11,
    ),
    Kpi(
        key="enterprises.featured_industry",
        label_zh=_("特色产业企业数"),
        label_en="Enterprises in featured industries",
        unit=_("家"),
        compute=_count(featured_records),
        records=featured_records,
        permission=PERMISSION,
        columns=COLUMNS,
        record_url=_enterprise_url,
        breakdown=featured_breakdown,
        description=_("年末在册企业中属于特色产业（一县一业）的企业，按产业分列。"),
        order=12,
    ),
)


def _region_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in city_districts()]


def _industry_choices() -> list[tuple[str, str]]:
    featured = (
        FeaturedIndustry.objects.filter(is_active=True).select_related("region").order_by("region_id", "key")
    )
    return [(str(f.pk), f"{f.name}（{f.region.name}）") for f in featured]


register_dimension(Dimension("region", _("区县"), _region_choices))
register_dimension(Dimension("industry", _("特色产业"), _industry_choices))
