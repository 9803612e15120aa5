"""KPIs of the quality housekeepers in the registry (`nqi.core.metrics`); computations in selectors.

- assistance.housekeepers — 新聘质量管家: housekeepers appointed in the year (source report: +159).
- assistance.visits — 诊检培攻导走访次数, broken down by type (source report: 230+).
- assistance.problems_found / assistance.problems_solved — by domain (source report: 396 solved).
- assistance.enterprises_visited — distinct enterprises visited.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nqi.assistance import selectors
from nqi.core.metrics import Kpi, KpiSlice, register

PERMISSION = "assistance.view_metrics"
KEEPER_COLUMNS = (
    (_("姓名"), lambda k: str(k.user)),
    (_("所在机构"), lambda k: k.employer.name if k.employer else ""),
    (_("专业领域"), lambda k: "、".join(str(d) for d in k.domain_labels)),
    (_("聘任日期"), lambda k: k.appointed_on),
)
VISIT_COLUMNS = (
    (_("日期"), lambda v: v.visited_on),
    (_("企业"), lambda v: v.enterprise.name),
    (_("类型"), lambda v: v.get_kind_display()),
    (_("带队管家"), lambda v: str(v.lead.user)),
)
PROBLEM_COLUMNS = (
    (_("企业"), lambda p: p.enterprise.name),
    (_("领域"), lambda p: p.get_domain_display()),
    (_("问题"), lambda p: p.description),
    (_("发现日期"), lambda p: p.found_on),
    (_("解决日期"), lambda p: p.solved_on),
)


def _slices(rows):
    return [KpiSlice(str(r["label"]), r["n"]) for r in rows]


def _domain_slices(records):
    return lambda **kw: _slices(selectors.by_domain(records(**kw)))


def _visit_url(obj):
    visit_id = getattr(obj, "visit_id", None) or obj.pk
    return reverse("assistance:visit_detail", args=[visit_id])


register(
    Kpi(
        key="assistance.housekeepers",
        label_zh=_("新聘质量管家"),
        label_en="Quality housekeepers appointed",
        unit=_("名"),
        compute=lambda **kw: selectors.housekeepers_appointed(**kw).count(),
        records=selectors.housekeepers_appointed,
        permission=PERMISSION,
        columns=KEEPER_COLUMNS,
        record_url=lambda k: reverse("assistance:housekeeper_detail", args=[k.pk]),
        description=_("本年度聘任的外部质量技术管家（双管家中的外部管家）。"),
        order=40,
    ),
    Kpi(
        key="assistance.visits",
        label_zh=_("诊检培攻导走访"),
        label_en="Housekeeper visits (diagnose/test/train/tackle/guide)",
        unit=_("次"),
        compute=lambda **kw: selectors.visits_in(**kw).count(),
        records=selectors.visits_in,
        permission=PERMISSION,
        columns=VISIT_COLUMNS,
        record_url=_visit_url,
        breakdown=lambda **kw: _slices(selectors.kpi_visits_by_kind(**kw)),
        order=41,
    ),
    Kpi(
        key="assistance.problems_found",
        label_zh=_("发现质量问题"),
        label_en="Quality problems found",
        unit=_("个"),
        compute=lambda **kw: selectors.problems_found(**kw).count(),
        records=selectors.problems_found,
        permission=PERMISSION,
        columns=PROBLEM_COLUMNS,
        record_url=_visit_url,
        breakdown=_domain_slices(selectors.problems_found),
        order=42,
    ),
    Kpi(
        key="assistance.problems_solved",
        label_zh=_("解决质量问题"),
        label_en="Quality problems solved",
        unit=_("个"),
        compute=lambda **kw: selectors.problems_solved(**kw).count(),
        records=selectors.problems_solved,
        permission=PERMISSION,
        columns=PROBLEM_COLUMNS,
        record_url=_visit_url,
        breakdown=_domain_slices(selectors.problems_solved),
        description=_("本年度解决（有措施、有日期）的问题，不论何时发现。"),
        order=43,
    ),
    Kpi(
        key="assistance.enterprises_visited",
        label_zh=_("走访服务企业"),
        label_en="Enterprises visited",
        unit=_("家"),
        compute=lambda **kw: selectors.kpi_enterprises_visited(**kw),
        records=lambda **kw: selectors.visits_in(**kw).order_by("enterprise_id", "-visited_on"),
        permission=PERMISSION,
        columns=VISIT_COLUMNS,
        record_url=_visit_url,
        order=44,
    ),
)
