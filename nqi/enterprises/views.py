"""Enterprise directory, 360° profile and edit pages (thin adapters over selectors and services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from nqi.audit.selectors import auditevent_list_for_target
from nqi.core.errors import DomainError, NotFound
from nqi.core.exporting import export_response
from nqi.core.forms import form_errors
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.enterprises import profile, selectors, services
from nqi.enterprises.filters import EnterpriseFilterForm
from nqi.enterprises.forms import EnterpriseForm, ProductForm

EXPORT_COLUMNS = [
    (_("统一社会信用代码"), lambda e: e.uscc),
    (_("企业名称"), lambda e: e.name),
    (_("区域"), lambda e: e.region.name),
    (_("区划代码"), lambda e: e.region_id),
    (_("行业代码"), lambda e: e.industry_id),
    (_("行业"), lambda e: e.industry.name if e.industry else ""),
    (_("特色产业"), lambda e: e.featured_industry.short_name if e.featured_industry else ""),
    (_("规模"), lambda e: e.get_scale_display()),
    (_("成立日期"), lambda e: e.founded_on),
    (_("登记状态"), lambda e: e.get_status_display()),
    (_("住所"), lambda e: e.address),
]


def _enterprise_or_404(request, pk):
    try:
        return selectors.enterprise_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_GET
@vary_on_headers("HX-Request")
def enterprise_list(request):
    authorize(request.user, "enterprises.view_enterprise")
    form = EnterpriseFilterForm(request.GET or None)
    qs = selectors.enterprise_list_visible_to(actor=request.user, filters=form.to_filter())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        authorize(request.user, "enterprises.export_enterprise")
        return export_response(
            export, rows=qs.iterator(chunk_size=2000), columns=EXPORT_COLUMNS, basename="enterprises"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {"form": form, "window": window, "enterprises": window.object_list}
    return render_page_or_partial(request, "enterprises/enterprise_list.html", context)


@login_required
@require_GET
def enterprise_detail(request, pk: int):
    enterprise = _enterprise_or_404(request, pk)
    products = selectors.product_list_visible_to(actor=request.user, enterprise_id=enterprise.pk)[:200]
    context = {
        "enterprise": enterprise,
        "products": products,
        "sections": profile.sections_for(request, enterprise),
        "history": auditevent_list_for_target(actor=request.user, target=enterprise)[:20],
        "show_personal": has_perm(request.user, "enterprises.view_personal_data", enterprise),
    }
    return render(request, "enterprises/enterprise_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    authorize(request.user, "enterprises.add_enterprise")
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("企业已登记。"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "enterprise": None},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_update(request, pk: int):
    enterprise = _enterprise_or_404(request, pk)
    full = has_perm(request.user, "enterprises.change_enterprise", enterprise)
    if not full:
        authorize(request.user, "enterprises.change_enterprise_contact", enterprise)
    initial = {
        **{
            f: getattr(enterprise, f)
            for f in (
                "uscc",
                "name",
                "scale",
                "address",
                "legal_representative",
                "contact_name",
                "contact_phone",
                "status",
            )
        },
        "region": enterprise.region_id if enterprise.region_overridden else "",
        "industry": enterprise.industry_id or "",
        "featured_industry": str(enterprise.featured_industry_id or ""),
        "founded_on": enterprise.founded_on.isoformat() if enterprise.founded_on else "",
    }
    form = EnterpriseForm(request.POST or None, initial=initial, contact_only=not full)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if full and not data.get("region"):
            data["region"] = enterprise.region_id
        try:
            services.enterprise_update(
                actor=request.user,
                enterprise=enterprise,
                data=data,
                expected_version=_int(request.POST.get("version")),
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("企业信息已保存。"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "enterprise": enterprise},
        status=422 if form.errors else 200,
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request, pk: int):
    enterprise = _enterprise_or_404(request, pk)
    authorize(request.user, "enterprises.manage_product", enterprise)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_create(actor=request.user, enterprise=enterprise, data=form.cleaned_data)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("产品已添加。"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/product_form.html",
        {"form": form, "enterprise": enterprise},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_update(request, pk: int):
    try:
        product = selectors.product_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    authorize(request.user, "enterprises.manage_product", product.enterprise)
    initial = {
        f: getattr(product, f) for f in ("name", "brand", "model", "category", "standard_code", "status")
    }
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(actor=request.user, product=product, data=form.cleaned_data)
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("产品已保存。"))
            return redirect("enterprises:enterprise_detail", pk=product.enterprise_id)
    context = {"form": form, "enterprise": product.enterprise, "product": product}
    return render(request, "enterprises/product_form.html", context, status=422 if form.errors else 200)
