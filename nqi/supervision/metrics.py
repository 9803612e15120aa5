"""Graded-supervision KPIs: enterprises by class and by supervision mode (the current grades).

Grades are a snapshot (the latest regrade), so the year selects nothing here: the figure is today's.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nqi.core.metrics import Kpi, KpiSlice, register
from nqi.enterprises.selectors import visibility_q
from nqi.supervision.choices import EnterpriseClass, SupervisionMode
from nqi.supervision.models import EnterpriseGrade

PERMISSION = "supervision.view_grades"


def grade_records(*, year=None, region=None, industry=None, actor) -> QuerySet[EnterpriseGrade]:
    qs = EnterpriseGrade.objects.filter(visibility_q(actor, "enterprise__")).select_related(
        "enterprise", "county"
    )
    if region:
        qs = qs.filter(county_id=region)
    if industry:
        qs = qs.filter(enterprise__featured_industry_id=industry)
    return qs.order_by("grade_class", "enterprise__name")


def strict_records(**kwargs) -> QuerySet[EnterpriseGrade]:
    return grade_records(**kwargs).filter(mode=SupervisionMode.STRICT)


def _slices(field: str, choices, **kwargs) -> list[KpiSlice]:
    counts = dict(grade_records(**kwargs).order_by().values_list(field).annotate(n=Count("id")))
    return [KpiSlice(str(label), counts.get(value, 0)) for value, label in choices]


COLUMNS = (
    (_("企业"), lambda g: g.enterprise.name),
    (_("区县"), lambda g: g.county.name),
    (_("企业分类"), lambda g: g.grade_class),
    (_("监管方式"), lambda g: g.get_mode_display()),
    (_("得分"), lambda g: g.score),
)


def _url(grade) -> str:
    return reverse("supervision:enterprisegrade_detail", args=[grade.enterprise_id])


register(
    Kpi(
        key="supervision.graded_enterprises",
        label_zh=_("分级分类企业数（按类别）"),
        label_en="Graded enterprises by class",
        unit=_("家"),
        compute=lambda **kw: grade_records(**kw).count(),
        records=grade_records,
        permission=PERMISSION,
        columns=COLUMNS,
        record_url=_url,
        breakdown=lambda **kw: _slices("grade_class", EnterpriseClass.choices, **kw),
        description=_("最近一次评定的企业分类（AA/A/B/C），为当前快照。"),
        order=50,
    ),
    Kpi(
        key="supervision.strict_enterprises",
        label_zh=_("加严监管企业数（按监管方式分列）"),
        label_en="Enterprises under strict supervision (by mode)",
        unit=_("家"),
        compute=lambda **kw: strict_records(**kw).count(),
        records=strict_records,
        permission=PERMISSION,
        columns=COLUMNS,
        record_url=_url,
        breakdown=lambda **kw: _slices("mode", SupervisionMode.choices, **kw),
        description=_("产品风险 × 企业分类矩阵确定为加严监管的企业；分列显示四种监管方式的企业数。"),
        order=51,
    ),
)
