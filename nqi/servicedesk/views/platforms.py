"""Platform directory, platform page and the service catalog (thin adapters over selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError, NotFound
from nqi.core.exporting import export_response
from nqi.core.forms import form_errors
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.servicedesk.choices import ServiceDomain
from nqi.servicedesk.filters import ItemFilterForm, PlatformFilterForm
from nqi.servicedesk.forms import StaffForm
from nqi.servicedesk.selectors import platforms as selectors
from nqi.servicedesk.services import platforms
from nqi.servicedesk.views.common import or_404

PLATFORM_COLUMNS = [
    (_("平台编号"), lambda p: p.code),
    (_("平台名称"), lambda p: p.name),
    (_("特色产业"), lambda p: str(p.featured_industry or "")),
    (_("运营单位"), lambda p: p.host.name),
    (_("所在区域"), lambda p: p.region.name),
    (_("地址"), lambda p: p.address),
    (_("办公时间"), lambda p: p.opening_hours),
    (_("服务事项数"), lambda p: p.item_count),
    (_("入驻机构数"), lambda p: p.participant_count),
    (_("申请量"), lambda p: p.request_count),
]
ITEM_COLUMNS = [
    (_("平台"), lambda i: i.platform.name),
    (_("事项编号"), lambda i: i.code),
    (_("服务领域"), lambda i: i.get_domain_display()),
    (_("服务事项"), lambda i: i.name),
    (_("服务机构"), lambda i: "、".join(p.name for p in i.providers.all())),
    (_("收费"), lambda i: _("免费") if i.is_free else i.fee_note or _("收费")),
    (_("承诺时限（工作日）"), lambda i: i.promised_working_days),
    (_("所需材料"), lambda i: "、".join(str(k) for k in i.required_labels)),
]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def platform_list(request):
    authorize(request.user, "servicedesk.view_platform")
    form = PlatformFilterForm(request.GET or None)
    qs = selectors.platform_list_visible_to(actor=request.user, filters=form.to_filter())
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(request.GET["export"], rows=qs, columns=PLATFORM_COLUMNS, basename="platforms")
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    return render_page_or_partial(
        request,
        "servicedesk/platform_list.html",
        {"form": form, "window": window, "platforms": window.object_list},
    )


@login_required
@require_http_methods(["GET", "POST"])
def platform_detail(request, pk: int):
    """The platform's catalog and people; officers put clerks and the manager on it here."""
    platform = or_404(selectors.platform_get_for, actor=request.user, pk=pk)
    may_manage = has_perm(request.user, "servicedesk.manage_platform", platform)
    form = StaffForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        authorize(request.user, "servicedesk.manage_platform", platform)
        if form.is_valid():
            try:
                user = selectors.staff_candidate(actor=request.user, username=form.cleaned_data["username"])
                platforms.platformstaff_assign(
                    actor=request.user, platform=platform, user=user, role=form.cleaned_data["role"]
                )
            except NotFound:
                form.add_error("username", _("没有这个用户。"))
            except DomainError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("已安排到平台。"))
                return redirect("servicedesk:platform_detail", pk=pk)
    by_domain = {}
    for item in platform.items.all():
        by_domain.setdefault(item.domain, []).append(item)
    catalog = [(ServiceDomain(d).label, by_domain[d]) for d in ServiceDomain.values if d in by_domain]
    context = {"platform": platform, "catalog": catalog, "staff_form": form}
    return render(
        request, "servicedesk/platform_detail.html", context, status=422 if form and form.errors else 200
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def serviceitem_list(request):
    authorize(request.user, "servicedesk.view_platform")
    form = ItemFilterForm(request.GET or None, actor=request.user)
    qs = selectors.serviceitem_list_visible_to(actor=request.user, filters=form.to_filter())
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(request.GET["export"], rows=qs, columns=ITEM_COLUMNS, basename="service-items")
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    return render_page_or_partial(
        request,
        "servicedesk/serviceitem_list.html",
        {"form": form, "window": window, "items": window.object_list},
    )
