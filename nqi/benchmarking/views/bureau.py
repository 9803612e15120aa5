"""Bureau pages: the 对标达标 overview (KPIs per region and industry), forerunner list management, and the
indicator catalog (readable by every signed-in user)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.benchmarking import selectors, services
from nqi.benchmarking.forms import IndicatorFilterForm, RankingBuildForm
from nqi.benchmarking.selectors.kpis import kpi_by_industry, kpi_by_region, kpi_levels, kpi_summary
from nqi.benchmarking.selectors.public import ranking_entries, rankinglist_all, rankinglist_get_for
from nqi.core.errors import DomainError, NotFound
from nqi.core.exporting import export_response
from nqi.core.forms import form_errors
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize

REGION_COLUMNS = [
    (gettext_lazy("区域"), lambda r: r["name"]),
    (gettext_lazy("达标企业（年度）"), lambda r: r["enterprises_attained"]),
    (gettext_lazy("对标产品"), lambda r: r["products_benchmarked"]),
    (gettext_lazy("比对指标项次"), lambda r: r["indicators_compared"]),
    (gettext_lazy("已公开声明"), lambda r: r["declared"]),
    (gettext_lazy("领跑者企业"), lambda r: r["forerunners"]),
]
INDICATOR_COLUMNS = [
    (gettext_lazy("标准号"), lambda i: i.standard_number),
    (gettext_lazy("等级/类别"), lambda i: i.grade),
    (gettext_lazy("指标"), lambda i: i.name_zh),
    (gettext_lazy("量"), lambda i: i.quantity),
    (gettext_lazy("方向"), lambda i: i.get_direction_display()),
    (gettext_lazy("限值"), lambda i: i.limit_text),
    (gettext_lazy("单位"), lambda i: i.unit),
    (gettext_lazy("检测方法"), lambda i: f"{i.method_standard} {i.method_variant}".strip()),
    (gettext_lazy("关键指标"), lambda i: "1" if i.is_key else "0"),
    (gettext_lazy("可信度"), lambda i: i.confidence),
    (gettext_lazy("来源"), lambda i: i.source_url),
]


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


@login_required
@require_GET
def overview(request):
    authorize(request.user, "benchmarking.view_metrics")
    year = _year(request)
    by_region = kpi_by_region(actor=request.user, year=year)
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            request.GET["export"], rows=by_region, columns=REGION_COLUMNS, basename=f"benchmarking-kpi-{year}"
        )
    context = {
        "year": year,
        "summary": kpi_summary(actor=request.user, year=year),
        "by_region": by_region,
        "by_industry": kpi_by_industry(actor=request.user, year=year),
        "levels": kpi_levels(actor=request.user),
    }
    return render(request, "benchmarking/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ranking_manage(request):
    authorize(request.user, "benchmarking.publish_ranking")
    form = RankingBuildForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.rankinglist_build(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("已编制排行榜：%(l)s") % {"l": listing})
            return redirect("benchmarking:ranking_manage")
    rankings = list(rankinglist_all(actor=request.user)[:100])
    return render(
        request,
        "benchmarking/ranking_manage.html",
        {"form": form, "rankings": rankings},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def ranking_publish(request, pk: int):
    authorize(request.user, "benchmarking.publish_ranking")
    try:
        services.rankinglist_publish(
            actor=request.user, ranking=rankinglist_get_for(actor=request.user, pk=pk)
        )
        messages.success(request, _("已发布。"))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("benchmarking:ranking_manage")


@login_required
@require_GET
def ranking_preview(request, pk: int):
    authorize(request.user, "benchmarking.publish_ranking")
    try:
        listing = rankinglist_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    return render(
        request,
        "benchmarking/public/ranking_detail.html",
        {"ranking": listing, "entries": ranking_entries(listing), "preview": True},
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def indicator_list(request):
    authorize(request.user, "benchmarking.view_indicator")
    form = IndicatorFilterForm(request.GET or None)
    qs = selectors.indicator_list(filters=form.to_filter())
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            request.GET["export"],
            rows=qs.iterator(chunk_size=2000),
            columns=INDICATOR_COLUMNS,
            basename="indicators",
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {"form": form, "window": window, "indicators": list(window.object_list)}
    return render_page_or_partial(request, "benchmarking/indicator_list.html", context)
