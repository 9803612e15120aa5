"""A provider's task list and the POST actions on a task (accept, ask, answer with files, deliver, cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize
from nqi.servicedesk.filters import TaskFilterForm
from nqi.servicedesk.forms import DeliverForm, TransitionForm
from nqi.servicedesk.selectors import requests as selectors
from nqi.servicedesk.services import tasks as services
from nqi.servicedesk.views.common import message_error, or_404

EXPORT_COLUMNS = [
    (gettext_lazy("申请编号"), lambda t: t.request.number),
    (gettext_lazy("企业"), lambda t: t.request.enterprise.name),
    (gettext_lazy("平台"), lambda t: t.request.platform.name),
    (gettext_lazy("服务事项"), lambda t: t.item.name),
    (gettext_lazy("服务机构"), lambda t: t.provider.name),
    (gettext_lazy("状态"), lambda t: t.get_status_display()),
    (gettext_lazy("分派时间"), lambda t: t.routed_at),
    (gettext_lazy("交付时间"), lambda t: t.delivered_at),
    (gettext_lazy("报告/证书编号"), lambda t: "、".join(t.report_numbers or [])),
]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def servicetask_list(request):
    authorize(request.user, "servicedesk.view_servicerequest")
    form = TaskFilterForm(request.GET or None)
    qs = selectors.servicetask_list_visible_to(actor=request.user, filters=form.to_filter())
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            request.GET["export"],
            rows=qs.iterator(chunk_size=2000),
            columns=EXPORT_COLUMNS,
            basename="service-tasks",
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    return render_page_or_partial(
        request,
        "servicedesk/servicetask_list.html",
        {"form": form, "window": window, "tasks": window.object_list},
    )


@login_required
@require_POST
def servicetask_transition(request, pk: int):
    task = or_404(selectors.servicetask_get_for, actor=request.user, pk=pk)
    form = TransitionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        moved = services.servicetask_transition(
            actor=request.user,
            task=task,
            name=data.get("name", ""),
            comment=data.get("comment", ""),
            expected_version=data.get("version"),
            uploads=request.FILES.getlist("files"),
        )
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("任务已更新：%(s)s。") % {"s": moved.get_status_display()})
    return redirect("servicedesk:servicerequest_detail", pk=task.request_id)


@login_required
@require_POST
def servicetask_deliver(request, pk: int):
    task = or_404(selectors.servicetask_get_for, actor=request.user, pk=pk)
    form = DeliverForm(request.POST)
    form.is_valid()
    try:
        services.servicetask_deliver(
            actor=request.user,
            task=task,
            summary=request.POST.get("summary", ""),
            report_numbers=request.POST.get("report_numbers", ""),
            uploads=request.FILES.getlist("files"),
            expected_version=form.cleaned_data.get("version"),
        )
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("办理结果已交付。"))
    return redirect("servicedesk:servicerequest_detail", pk=task.request_id)
