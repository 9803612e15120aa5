"""The SLA page (compliance per platform, provider and item) and the user's notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from nqi.core.errors import DomainError
from nqi.core.exporting import export_response
from nqi.core.forms import form_errors
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.servicedesk.filters import SlaFilterForm
from nqi.servicedesk.forms import PolicyForm
from nqi.servicedesk.selectors import kpis
from nqi.servicedesk.selectors.notices import notice_list_for
from nqi.servicedesk.selectors.platforms import slapolicy_list
from nqi.servicedesk.selectors.sla import sla_compliance, sla_totals
from nqi.servicedesk.services.notices import notice_mark_read
from nqi.servicedesk.services.platforms import slapolicy_publish


def _pct(value):
    return "" if value is None else value


def _columns(by_label):
    columns = [(by_label, lambda r: r["name"])]
    for kind, label in (("response", gettext_lazy("响应")), ("resolution", gettext_lazy("办结"))):
        columns += [
            (f"{label}·{gettext_lazy('计数')}", lambda r, k=kind: r[k]["counted"]),
            (f"{label}·{gettext_lazy('超时')}", lambda r, k=kind: r[k]["breached"]),
            (f"{label}·{gettext_lazy('达标率%')}", lambda r, k=kind: _pct(r[k]["compliance"])),
            (f"{label}·{gettext_lazy('中位用时（工作小时）')}", lambda r, k=kind: _pct(r[k]["median_hours"])),
        ]
    return columns + [
        (gettext_lazy("办理中"), lambda r: r["open"]),
        (gettext_lazy("已逾期"), lambda r: r["overdue"]),
    ]


GROUP_LABELS = {
    "platform": gettext_lazy("平台"),
    "provider": gettext_lazy("服务机构"),
    "domain": gettext_lazy("服务领域"),
    "item": gettext_lazy("服务事项"),
}


@login_required
@require_http_methods(["GET", "POST"])
def sla_dashboard(request):
    """Compliance tables; `?export=csv&by=provider` downloads one of them; officers publish policy versions."""
    authorize(request.user, "servicedesk.view_sla")
    policy_form = (
        PolicyForm(request.POST or None) if has_perm(request.user, "servicedesk.manage_policy") else None
    )
    if request.method == "POST":
        authorize(request.user, "servicedesk.manage_policy")
        if policy_form.is_valid():
            try:
                policy = slapolicy_publish(actor=request.user, **policy_form.cleaned_data)
            except DomainError as exc:
                form_errors(policy_form, exc)
            else:
                messages.success(request, _("已发布时限标准 v%(v)s。") % {"v": policy.version})
                return redirect("servicedesk:sla_dashboard")
    form = SlaFilterForm(request.GET or {"year": str(timezone.localdate().year)}, actor=request.user)
    filters = form.to_filter()
    by = request.GET.get("by")
    if request.GET.get("export") in ("csv", "xlsx") and by in GROUP_LABELS:
        rows = sla_compliance(actor=request.user, by=by, filters=filters)
        return export_response(
            request.GET["export"], rows=rows, columns=_columns(GROUP_LABELS[by]), basename=f"sla-{by}"
        )
    year = filters.year
    # items are per platform: the per-item table is shown for one platform, the per-domain one for all
    shown = ["platform", "provider", "item" if filters.platform else "domain"]
    context = {
        "form": form,
        "totals": sla_totals(actor=request.user, filters=filters),
        "tables": [
            (key, GROUP_LABELS[key], sla_compliance(actor=request.user, by=key, filters=filters))
            for key in shown
        ],
        "served": kpis.kpi_enterprises_served(actor=request.user, year=year),
        "satisfaction": kpis.kpi_satisfaction(actor=request.user, year=year),
        "policies": slapolicy_list(actor=request.user)[:50],
        "policy_form": policy_form,
    }
    status = 422 if policy_form is not None and policy_form.errors else 200
    return render(request, "servicedesk/sla_dashboard.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def notice_list(request):
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("notice") if i.isdigit()] or None
        count = notice_mark_read(actor=request.user, notice_ids=ids)
        messages.success(request, _("已标记 %(n)s 条为已读。") % {"n": count})
        return redirect("servicedesk:notice_list")
    unread = request.GET.get("unread") == "1"
    window = paginate(notice_list_for(actor=request.user, unread_only=unread), page=request.GET.get("page"))
    return render(
        request,
        "servicedesk/notice_list.html",
        {"window": window, "notices": window.object_list, "unread": unread},
    )
