"""Comparison pages: the list, "new comparison" (pick a product) and the workbench of one comparison
(benchmarks → values → gap matrix → plan → evidence → declare → report). Thin adapters."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from nqi.audit.selectors import auditevent_list_for_target
from nqi.benchmarking import selectors, services
from nqi.benchmarking.forms import (
    BenchmarkAddForm,
    ComparisonCreateForm,
    ComparisonFilterForm,
    PlanItemForm,
    TestReportForm,
)
from nqi.benchmarking.workflow import EDITABLE_STATUSES, ComparisonStatus
from nqi.core.errors import DomainError, NotFound
from nqi.core.exporting import export_response
from nqi.core.forms import form_errors
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.enterprises.selectors import product_get_for, product_list_visible_to

EXPORT_COLUMNS = [
    (gettext_lazy("企业名称"), lambda c: c.enterprise.name),
    (gettext_lazy("统一社会信用代码"), lambda c: c.enterprise.uscc),
    (gettext_lazy("区域"), lambda c: c.enterprise.region.name),
    (gettext_lazy("产品"), lambda c: str(c.product)),
    (gettext_lazy("产品类别"), lambda c: c.category),
    (gettext_lazy("执行标准"), lambda c: c.own_standard_number),
    (gettext_lazy("状态"), lambda c: c.get_status_display()),
    (gettext_lazy("对标水平"), lambda c: c.level_label),
    (gettext_lazy("判定规则版本"), lambda c: c.rule_version),
    (gettext_lazy("对比时间"), lambda c: c.compared_at),
    (gettext_lazy("达标日期"), lambda c: c.attained_on),
    (gettext_lazy("声明日期"), lambda c: c.declared_on),
]


def comparison_or_404(request, pk):
    try:
        return selectors.comparison_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_GET
@vary_on_headers("HX-Request")
def comparison_list(request):
    authorize(request.user, "benchmarking.view_comparison")
    form = ComparisonFilterForm(request.GET or None)
    qs = selectors.comparison_list_visible_to(actor=request.user, filters=form.to_filter())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        authorize(request.user, "benchmarking.export_comparison")
        return export_response(
            export, rows=qs.iterator(chunk_size=2000), columns=EXPORT_COLUMNS, basename="benchmarking"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {
        "form": form,
        "window": window,
        "comparisons": list(window.object_list),
        "counts": selectors.comparison_counts(actor=request.user),
        "statuses": ComparisonStatus,
    }
    return render_page_or_partial(request, "benchmarking/comparison_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def comparison_create(request):
    """Pick a product (an enterprise user sees their own; bureau staff search), then its own standard."""
    authorize(request.user, "benchmarking.add_comparison")
    q = request.GET.get("q", "")[:100]
    products = list(product_list_visible_to(actor=request.user, q=q)[:200])
    form = ComparisonCreateForm(
        request.POST or None, products=products, initial={"product": request.GET.get("product")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            product = product_get_for(actor=request.user, pk=form.cleaned_data["product"])
            comparison = services.comparison_create(
                actor=request.user,
                product=product,
                own_standard_number=form.cleaned_data["own_standard_number"],
                category=form.cleaned_data["category"],
            )
        except NotFound:
            form.add_error("product", _("请选择您可以管理的产品。"))
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("已创建对标，请选择对标标准。"))
            return redirect("benchmarking:comparison_detail", pk=comparison.pk)
    return render(
        request,
        "benchmarking/comparison_form.html",
        {"form": form, "q": q},
        status=422 if form.errors else 200,
    )


def detail_context(request, comparison, **extra) -> dict:
    """Everything the workbench shows; `extra` carries forms with errors after a failed POST."""
    editable = comparison.status in EDITABLE_STATUSES and has_perm(
        request.user, "benchmarking.change_comparison", comparison
    )
    suggestions = selectors.benchmark_suggestions(
        product=comparison.product, own_standard=comparison.own_standard
    )
    picked = {(b.standard_key, b.grade) for b in comparison.benchmarks.all()}
    values = {(v.quantity, v.method_standard, v.method_variant): v for v in comparison.values.all()}
    values |= _posted_values(extra.get("posted"))  # a refused save keeps what was typed
    rows = selectors.entry_rows(comparison)
    asked = {(r.quantity, r.method_standard, r.method_variant) for r in rows}
    context = {
        "comparison": comparison,
        "editable": editable,
        "matrix": selectors.comparison_matrix(comparison),
        "suggestions": suggestions,
        "options": [o for o in suggestions.options if (o.standard_key, o.grade) not in picked],
        "entry_rows": [(r, values.get((r.quantity, r.method_standard, r.method_variant))) for r in rows],
        "extra_values": [v for k, v in values.items() if k not in asked],
        "plan_items": selectors.plan_items_of(comparison),
        "reports": selectors.reports_of(comparison),
        "actions": selectors.comparison_available_transitions(actor=request.user, comparison=comparison),
        "timeline": selectors.comparison_timeline(comparison=comparison),
        "history": auditevent_list_for_target(actor=request.user, target=comparison)[:15],
        "benchmark_form": BenchmarkAddForm(),
        "plan_form": PlanItemForm(),
        "report_form": TestReportForm(),
        "can_plan": comparison.status in (ComparisonStatus.COMPARED, ComparisonStatus.IMPROVING) and editable,
        "can_add_evidence": comparison.status not in (ComparisonStatus.DECLARED, ComparisonStatus.ABANDONED)
        and has_perm(request.user, "benchmarking.change_comparison", comparison),
    }
    context.update(extra)
    return context


def _posted_values(posted: list[dict] | None) -> dict:
    """Rows of a refused value form, shaped like stored values for the template."""
    shaped = {}
    for row in posted or []:
        key = (row.get("quantity", ""), row.get("method_standard", ""), row.get("method_variant", ""))
        shaped[key] = SimpleNamespace(
            quantity=key[0], name=row.get("name", ""), value_text=row.get("value", ""), unit=row.get("unit", ""),
            method_standard=key[1], method_variant=key[2], kind=row.get("kind", ""), report_id=None, report=None,
            get_kind_display="",
        )  # fmt: skip
    return shaped


@login_required
@require_GET
def comparison_detail(request, pk: int):
    comparison = comparison_or_404(request, pk)
    return render(request, "benchmarking/comparison_detail.html", detail_context(request, comparison))
