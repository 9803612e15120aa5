"""KPIs of the one-stop window in the registry (`nqi.core.metrics`); the computations live in selectors.kpis.

- servicedesk.enterprises_served — 服务企业数: distinct enterprises with a request accepted (受理) in the
  year; the source report's "1,694 enterprises served by 17 platforms". Broken down per platform.
- servicedesk.requests / servicedesk.requests_by_domain — 服务申请数 by channel (online, walk-in, phone,
  housekeeper referral) and by service domain (计量、标准、检验检测、认证认可、质量管理、知识产权、品牌、缺陷召回).
- servicedesk.median_response_hours / median_resolution_hours — in working hours on the statutory calendar
  (《行政许可法》第八十二条), waiting time for the enterprise excluded.
- servicedesk.resolution_compliance — share of requests closed within their working-hour target.
- servicedesk.satisfaction — average satisfaction (1–5) of requests submitted in the year.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nqi.core.metrics import Kpi, KpiSlice, register
from nqi.servicedesk.choices import ClockKind
from nqi.servicedesk.selectors import kpis

PERMISSION = "servicedesk.view_metrics"
ENTERPRISE_COLUMNS = (
    (_("企业名称"), lambda e: e.name),
    (_("统一社会信用代码"), lambda e: e.uscc),
    (_("区域"), lambda e: e.region.name),
    (_("特色产业"), lambda e: e.featured_industry.short_name if e.featured_industry else ""),
)
REQUEST_COLUMNS = (
    (_("申请编号"), lambda r: r.number),
    (_("企业"), lambda r: r.enterprise.name),
    (_("平台"), lambda r: r.platform.name),
    (_("渠道"), lambda r: r.get_channel_display()),
    (_("状态"), lambda r: r.get_status_display()),
    (_("提交时间"), lambda r: r.submitted_at),
)
CLOCK_COLUMNS = (
    (_("申请编号"), lambda c: c.request.number),
    (_("企业"), lambda c: c.request.enterprise.name),
    (_("用时（工作小时）"), lambda c: round(c.consumed_seconds / 3600, 1)),
    (_("时限（工作小时）"), lambda c: round(c.target_seconds / 3600, 1)),
    (_("超时"), lambda c: _("是") if c.breached_at else _("否")),
)
RATING_COLUMNS = (
    (_("申请编号"), lambda r: r.request.number),
    (_("企业"), lambda r: r.request.enterprise.name),
    (_("满意度"), lambda r: r.score),
    (_("评价"), lambda r: r.comment),
)


def _served_count(**kw):
    return kpis.kpi_enterprises_served(**kw)


def _served_breakdown(*, year, region=None, industry=None, actor):
    return [
        KpiSlice(row["label"], row["n"])
        for row in kpis.kpi_enterprises_served(
            actor=actor, year=year, region=region, industry=industry, by="platform"
        )
    ]


def _channel_breakdown(**kw):
    return [KpiSlice(str(row["label"]), row["n"]) for row in kpis.kpi_requests_by_channel(**kw)]


def _domain_breakdown(**kw):
    return [KpiSlice(str(row["label"]), row["n"]) for row in kpis.kpi_requests_by_domain(**kw)]


def _clock_records(kind):
    def records(*, year, region=None, industry=None, actor):
        return kpis.clocks_stopped(
            actor=actor, kind=kind, year=year, region=region, industry=industry
        ).select_related("request", "request__enterprise")

    return records


def _resolution_records(*, year, region=None, industry=None, actor):
    return kpis.resolution_clocks_counted(
        actor=actor, year=year, region=region, industry=industry
    ).select_related("request", "request__enterprise")


def _rating_breakdown(*, year, region=None, industry=None, actor):
    counts = {}
    for score in kpis.ratings(actor=actor, year=year, region=region, industry=industry).values_list(
        "score", flat=True
    ):
        counts[score] = counts.get(score, 0) + 1
    return [KpiSlice(_("%(n)s 分") % {"n": s}, counts.get(s, 0)) for s in (5, 4, 3, 2, 1)]


def _average(**kw):
    return kpis.kpi_satisfaction(**kw)["average"] or 0


def _or_zero(fn):
    return lambda **kw: fn(**kw) or 0


def _request_url(obj) -> str:
    request = getattr(obj, "request", obj)
    return reverse("servicedesk:servicerequest_detail", args=[request.pk])


register(
    Kpi(
        key="servicedesk.enterprises_served",
        label_zh=_("一站式服务企业数"),
        label_en="Enterprises served by the one-stop platforms",
        unit=_("家"),
        compute=_served_count,
        records=kpis.enterprises_served,
        permission=PERMISSION,
        columns=ENTERPRISE_COLUMNS,
        record_url=lambda e: reverse("enterprises:enterprise_detail", args=[e.pk]),
        breakdown=_served_breakdown,
        description=_("本年度至少有一项服务申请被受理的企业（按企业去重）。"),
        order=30,
    ),
    Kpi(
        key="servicedesk.requests",
        label_zh=_("服务申请数（按渠道）"),
        label_en="Service requests by channel",
        unit=_("件"),
        compute=lambda **kw: kpis.requests_submitted(**kw).count(),
        records=kpis.requests_submitted,
        permission=PERMISSION,
        columns=REQUEST_COLUMNS,
        record_url=_request_url,
        breakdown=_channel_breakdown,
        description=_("本年度提交的服务申请：网上、窗口现场、电话、质量管家代办。"),
        order=31,
    ),
    Kpi(
        key="servicedesk.requests_by_domain",
        label_zh=_("服务申请数（按领域）"),
        label_en="Service requests by domain",
        unit=_("件"),
        compute=lambda **kw: kpis.requests_submitted(**kw).count(),
        records=kpis.requests_submitted,
        permission=PERMISSION,
        columns=REQUEST_COLUMNS,
        record_url=_request_url,
        breakdown=_domain_breakdown,
        description=_("一件申请涉及多个领域时在每个领域各计一次。"),
        order=32,
    ),
    Kpi(
        key="servicedesk.median_response_hours",
        label_zh=_("窗口响应用时中位数"),
        label_en="Median window response time",
        unit=_("工作小时"),
        compute=_or_zero(kpis.kpi_median_response_hours),
        records=_clock_records(ClockKind.RESPONSE),
        permission=PERMISSION,
        columns=CLOCK_COLUMNS,
        record_url=_request_url,
        description=_("从提交到窗口受理或退回，按法定工作时间计。"),
        order=33,
    ),
    Kpi(
        key="servicedesk.median_resolution_hours",
        label_zh=_("办结用时中位数"),
        label_en="Median resolution time",
        unit=_("工作小时"),
        compute=_or_zero(kpis.kpi_median_resolution_hours),
        records=_clock_records(ClockKind.RESOLUTION),
        permission=PERMISSION,
        columns=CLOCK_COLUMNS,
        record_url=_request_url,
        description=_("从受理到办结，按法定工作时间计，等待企业补充的时间不计。"),
        order=34,
    ),
    Kpi(
        key="servicedesk.resolution_compliance",
        label_zh=_("按时办结率"),
        label_en="Requests resolved on time",
        unit="%",
        compute=_or_zero(kpis.kpi_resolution_compliance),
        records=_resolution_records,
        permission=PERMISSION,
        columns=CLOCK_COLUMNS,
        record_url=_request_url,
        description=_("办结时限内办结的申请占比；一经超时即计为超时。"),
        order=35,
    ),
    Kpi(
        key="servicedesk.satisfaction",
        label_zh=_("服务满意度"),
        label_en="Satisfaction (1–5)",
        unit=_("分"),
        compute=_average,
        records=kpis.ratings,
        permission=PERMISSION,
        columns=RATING_COLUMNS,
        record_url=_request_url,
        breakdown=_rating_breakdown,
        description=_("办结后企业评价的平均分（1–5 分）。"),
        order=36,
    ),
)
