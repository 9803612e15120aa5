"""Supervision pages: the four-colour map, enterprise and product grades with factors, policies, regrade."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError, NotFound, ValidationFailed
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize
from nqi.enterprises.selectors import enterprise_get_for
from nqi.supervision import selectors, services
from nqi.supervision.choices import EnterpriseClass, PolicyDomain, SupervisionMode
from nqi.supervision.filters import CategoryFilterForm, GradeFilterForm, PolicyForm
from nqi.supervision.models import ProductCategory

GRADE_COLUMNS = [
    (_("企业名称"), lambda g: g.enterprise.name),
    (_("统一社会信用代码"), lambda g: g.enterprise.uscc),
    (_("区县"), lambda g: g.county.name),
    (_("企业分类"), lambda g: g.grade_class),
    (_("监管方式"), lambda g: g.get_mode_display()),
    (_("最高产品风险"), lambda g: g.get_max_product_risk_display()),
    (_("综合得分"), lambda g: g.score),
    (_("抽查不合格（3年）"), lambda g: g.failures),
    (_("信用风险分类"), lambda g: g.credit_class),
    (_("策略版本"), lambda g: g.policy.version),
]
CATEGORY_COLUMNS = [
    (_("产品编码"), lambda c: c.code),
    (_("产品大类"), lambda c: c.group),
    (_("产品名称"), lambda c: c.name),
    (_("风险等级"), lambda c: c.get_risk_level_display()),
    (_("风险分"), lambda c: c.risk_score),
    (_("生产企业数"), lambda c: c.producer_count),
]
# A schematic tile layout of 嘉兴's county-level units (no GeoJSON offline): (column, row), north up.
TILES = {
    "330411": (1, 0), "330400M01": (2, 0), "330421": (3, 0),
    "330483": (0, 1), "330402": (1, 1), "330482": (3, 1),
    "330481": (0, 2), "330424": (1, 2), "330400M02": (3, 2), "330400M03": (2, 1),
}  # fmt: skip


@login_required
@require_GET
def supervision_map(request):
    """The four-colour map of counties, the class × mode matrix and the latest regrade."""
    authorize(request.user, "supervision.view_grades")
    rows = selectors.county_map(actor=request.user)
    tiles = [
        {
            "code": r["region"].code,
            "name": r["region"].name,
            "x": TILES.get(r["region"].code, (2, 2))[0],
            "y": TILES.get(r["region"].code, (2, 2))[1],
            "colour": r["grade"].colour if r["grade"] else "",
            "c_share": r["grade"].c_share if r["grade"] else None,
            "enterprises": r["grade"].enterprises if r["grade"] else 0,
            "counts": r["grade"].class_counts if r["grade"] else {},
        }
        for r in rows
    ]
    matrix = selectors.class_mode_matrix(actor=request.user)
    context = {
        "rows": rows,
        "tiles": tiles,
        "matrix": [(c, [matrix[(c.value, m.value)] for m in SupervisionMode]) for c in EnterpriseClass],
        "modes": list(SupervisionMode),
        "run": selectors.gradingrun_latest(),
        "policy": selectors.policy_in_force(PolicyDomain.GRADING),
    }
    return render(request, "supervision/map.html", context)


@login_required
@require_POST
def regrade_start(request):
    """Start the whole-city regrade as a background job and go to its progress page."""
    from nqi.jobs.services import job_start
    from nqi.supervision.jobs import REGRADE_CITY

    job = job_start(actor=request.user, kind=REGRADE_CITY, label=_("全市分级分类重新评定"), payload={})
    messages.info(request, _("已提交后台任务：全市重新分级。"))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def enterprisegrade_list(request):
    authorize(request.user, "supervision.view_grades")
    form = GradeFilterForm(request.GET or None)
    qs = selectors.enterprisegrade_list_visible_to(actor=request.user, filters=form.to_filter())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        authorize(request.user, "supervision.export_grades")
        return export_response(
            export, rows=qs.iterator(chunk_size=2000), columns=GRADE_COLUMNS, basename="grades"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {"form": form, "window": window, "grades": window.object_list}
    return render_page_or_partial(request, "supervision/enterprisegrade_list.html", context)


@login_required
@require_GET
def enterprisegrade_detail(request, enterprise_id: int):
    """One enterprise's class and mode with each factor's points, the facts behind them and the history."""
    try:
        enterprise = enterprise_get_for(actor=request.user, pk=enterprise_id)
    except NotFound as exc:
        raise Http404 from exc
    authorize(request.user, "supervision.view_enterprisegrade", enterprise)
    grade = selectors.enterprisegrade_get_for(actor=request.user, enterprise_id=enterprise.pk)
    context = {
        "enterprise": enterprise,
        "grade": grade,
        "factors": selectors.explain_enterprise(grade) if grade else [],
        "base": grade.policy.params["enterprise_class"]["base"] if grade else None,
        "events": selectors.enterprise_quality_events(enterprise_id=enterprise.pk),
        "changes": selectors.enterprise_grade_changes(enterprise_id=enterprise.pk),
        "modes": selectors.category_modes(enterprise_id=enterprise.pk, grade=grade),
    }
    return render(request, "supervision/enterprisegrade_detail.html", context)


@login_required
@require_POST
def enterprise_regrade(request, enterprise_id: int):
    try:
        enterprise = enterprise_get_for(actor=request.user, pk=enterprise_id)
    except NotFound as exc:
        raise Http404 from exc
    services.enterprise_regrade(actor=request.user, enterprise=enterprise, reason=_("人工重新评定"))
    messages.success(request, _("已重新评定。"))
    return redirect("supervision:enterprisegrade_detail", enterprise_id=enterprise.pk)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def category_list(request):
    authorize(request.user, "supervision.view_grades")
    groups = ProductCategory.objects.order_by("group").values_list("group", flat=True).distinct()
    form = CategoryFilterForm(request.GET or None, groups=list(groups))
    qs = selectors.category_list(**form.values())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return export_response(export, rows=qs, columns=CATEGORY_COLUMNS, basename="product-risk")
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size") or 60)
    context = {"form": form, "window": window, "categories": window.object_list}
    return render_page_or_partial(request, "supervision/category_list.html", context)


@login_required
@require_GET
def category_detail(request, pk: int):
    authorize(request.user, "supervision.view_grades")
    try:
        category = selectors.category_get(pk)
    except NotFound as exc:
        raise Http404 from exc
    grade, factors = selectors.explain_category(category)
    context = {
        "category": category,
        "grade": grade,
        "factors": factors,
        "signals": category.signals.all()[:20],
    }
    return render(request, "supervision/category_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_list(request):
    """Policy versions with their sources; city officers publish a new version (never edit one)."""
    authorize(request.user, "supervision.view_grades")
    current = {d: selectors.policy_in_force(d) for d in PolicyDomain.values}
    form = PolicyForm(
        request.POST or None,
        initial={"domain": "grading", "params": current["grading"].params},
    )
    if request.method == "POST":
        authorize(request.user, "supervision.manage_policy")
        if form.is_valid():
            try:
                policy = services.policy_publish(
                    actor=request.user,
                    domain=form.cleaned_data["domain"],
                    params=form.cleaned_data["params"],
                    effective_from=form.cleaned_data["effective_from"],
                    note=form.cleaned_data["note"],
                    sources=current[form.cleaned_data["domain"]].sources,
                )
            except ValidationFailed as exc:
                for field, errors in exc.errors.items():
                    for message in errors:
                        form.add_error(None, f"{field}: {message}")
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("已发布新版本：%(p)s") % {"p": policy})
                return redirect("supervision:policy_list")
    context = {"policies": selectors.policy_list(), "current": current, "form": form}
    return render(request, "supervision/policy_list.html", context, status=422 if form.errors else 200)
