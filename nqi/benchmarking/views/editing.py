"""POST actions on the comparison workbench: each calls one service, then returns to its section; a
refusal re-renders the workbench with the error where it happened (nothing half-written)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nqi.benchmarking import selectors, services
from nqi.benchmarking.forms import BenchmarkAddForm, PlanItemForm, TestReportForm
from nqi.benchmarking.services.values import VALUE_FIELDS
from nqi.benchmarking.views.comparisons import comparison_or_404, detail_context
from nqi.core.errors import DomainError, PermissionDenied, ValidationFailed
from nqi.core.forms import form_errors


def _back(comparison, anchor: str):
    return redirect(reverse("benchmarking:comparison_detail", kwargs={"pk": comparison.pk}) + f"#{anchor}")


def _refused(request, comparison, exc: DomainError, **extra):
    """Re-render the workbench with the refusal; permission problems still become a 403."""
    if isinstance(exc, PermissionDenied):
        raise exc
    comparison = comparison_or_404(request, comparison.pk)
    errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field or "__all__": [exc.message]}
    context = detail_context(
        request, comparison, error=exc, error_list=[str(m) for ms in errors.values() for m in ms], **extra
    )
    return render(request, "benchmarking/comparison_detail.html", context, status=exc.status_code)


@login_required
@require_POST
def comparison_benchmark_add(request, pk: int):
    comparison = comparison_or_404(request, pk)
    form = BenchmarkAddForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, comparison, ValidationFailed({"option": [_("请选择对标标准。")]}), benchmark_form=form
        )
    key, grade = form.standard_and_grade()
    try:
        _benchmark, warning = services.comparison_add_benchmark(
            actor=request.user,
            comparison=comparison,
            standard_number=key,
            grade=grade,
            klass=form.cleaned_data["klass"],
        )
    except DomainError as exc:
        return _refused(request, comparison, exc, benchmark_form=form)
    if warning:
        messages.warning(request, warning)
    messages.success(request, _("已添加对标标准。"))
    return _back(comparison, "sec-benchmarks")


@login_required
@require_POST
def comparison_benchmark_remove(request, pk: int, benchmark_id: int):
    comparison = comparison_or_404(request, pk)
    try:
        services.comparison_remove_benchmark(
            actor=request.user, comparison=comparison, benchmark_id=benchmark_id
        )
    except DomainError as exc:
        return _refused(request, comparison, exc)
    return _back(comparison, "sec-benchmarks")


def posted_values(post) -> list[dict]:
    """The value table as posted: parallel lists named after VALUE_FIELDS, one entry per row."""
    columns = {name: post.getlist(name) for name in VALUE_FIELDS}
    count = max((len(v) for v in columns.values()), default=0)
    return [
        {name: (columns[name][i] if i < len(columns[name]) else "") for name in VALUE_FIELDS}
        for i in range(count)
    ]


@login_required
@require_POST
def comparison_values_save(request, pk: int):
    comparison = comparison_or_404(request, pk)
    rows = posted_values(request.POST)
    try:
        services.indicatorvalues_save(actor=request.user, comparison=comparison, rows=rows)
        if request.POST.get("then") == "compare":
            services.comparison_run(actor=request.user, comparison=comparison)
    except DomainError as exc:
        return _refused(request, comparison, exc, posted=rows)
    messages.success(
        request, _("指标值已保存。") if request.POST.get("then") != "compare" else _("已完成对比。")
    )
    return _back(comparison, "sec-matrix" if request.POST.get("then") == "compare" else "sec-values")


@login_required
@require_POST
def comparison_values_import(request, pk: int):
    comparison = comparison_or_404(request, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationFailed({"file": [_("请选择要导入的 CSV 或 XLSX 文件。")]})
        n = services.indicatorvalues_import(
            actor=request.user, comparison=comparison, data=upload.read(), filename=upload.name or ""
        )
    except DomainError as exc:
        return _refused(request, comparison, exc)
    messages.success(request, _("已导入 %(n)s 项指标值。") % {"n": n})
    return _back(comparison, "sec-values")


@login_required
@require_POST
def comparison_run(request, pk: int):
    comparison = comparison_or_404(request, pk)
    try:
        services.comparison_run(actor=request.user, comparison=comparison)
    except DomainError as exc:
        return _refused(request, comparison, exc)
    messages.success(request, _("已完成对比。"))
    return _back(comparison, "sec-matrix")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def comparison_transition(request, pk: int):
    comparison = comparison_or_404(request, pk)
    comment = request.POST.get("comment", "")[:2000]
    try:
        services.comparison_transition(
            actor=request.user,
            comparison=comparison,
            name=request.POST.get("transition", ""),
            comment=comment,
            expected_version=_int(request.POST.get("version")),
        )
    except DomainError as exc:
        return _refused(request, comparison, exc, comment=comment)
    messages.success(request, _("已办理。"))
    return _back(comparison, "sec-actions")


@login_required
@require_POST
def comparison_plan_add(request, pk: int):
    comparison = comparison_or_404(request, pk)
    form = PlanItemForm(request.POST)
    if form.is_valid():
        try:
            services.improvementitem_add(actor=request.user, comparison=comparison, data=form.cleaned_data)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("已添加提升措施。"))
            return _back(comparison, "sec-plan")
    return _refused(request, comparison, ValidationFailed({"plan": [_("请检查提升措施。")]}), plan_form=form)


@login_required
@require_POST
def comparison_plan_complete(request, pk: int, item_id: int):
    comparison = comparison_or_404(request, pk)
    try:
        item = selectors.planitem_get_for(comparison=comparison, pk=item_id)
        services.improvementitem_complete(actor=request.user, item=item)
    except DomainError as exc:
        return _refused(request, comparison, exc)
    return _back(comparison, "sec-plan")


@login_required
@require_POST
def comparison_report_add(request, pk: int):
    comparison = comparison_or_404(request, pk)
    form = TestReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.testreport_add(
                actor=request.user,
                comparison=comparison,
                report_number=form.cleaned_data["report_number"],
                lab_name=form.cleaned_data["lab_name"],
                issued_on=form.cleaned_data["issued_on"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("已登记检测报告。"))
            return _back(comparison, "sec-evidence")
    return _refused(
        request, comparison, ValidationFailed({"report": [_("请检查检测报告信息。")]}), report_form=form
    )
