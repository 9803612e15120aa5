"""The window's request list and request page, and the POST actions on a request (post/redirect/get)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.core.transitions import available_transitions, status_history
from nqi.servicedesk.filters import RequestFilterForm
from nqi.servicedesk.forms import FollowUpForm, RatingForm, TransitionForm
from nqi.servicedesk.selectors import requests as selectors
from nqi.servicedesk.selectors.sla import describe_clocks
from nqi.servicedesk.services import aftercare, tasks
from nqi.servicedesk.services import requests as services
from nqi.servicedesk.views.common import int_or_none, message_error, or_404
from nqi.servicedesk.workflow import REQUEST_WORKFLOW, TASK_WORKFLOW

EXPORT_COLUMNS = [
    (gettext_lazy("申请编号"), lambda r: r.number),
    (gettext_lazy("平台"), lambda r: r.platform.name),
    (gettext_lazy("企业"), lambda r: r.enterprise.name),
    (gettext_lazy("统一社会信用代码"), lambda r: r.enterprise.uscc),
    (gettext_lazy("需求概述"), lambda r: r.title),
    (gettext_lazy("渠道"), lambda r: r.get_channel_display()),
    (gettext_lazy("优先级"), lambda r: r.get_priority_display()),
    (gettext_lazy("状态"), lambda r: r.get_status_display()),
    (gettext_lazy("提交时间"), lambda r: r.submitted_at),
    (gettext_lazy("受理时间"), lambda r: r.accepted_at),
    (gettext_lazy("办结时间"), lambda r: r.closed_at),
]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def servicerequest_list(request):
    authorize(request.user, "servicedesk.view_servicerequest")
    form = RequestFilterForm(request.GET or None, actor=request.user)
    qs = selectors.servicerequest_list_visible_to(actor=request.user, filters=form.to_filter())
    if request.GET.get("export") in ("csv", "xlsx"):
        authorize(request.user, "servicedesk.export_servicerequest")
        return export_response(
            request.GET["export"],
            rows=qs.iterator(chunk_size=2000),
            columns=EXPORT_COLUMNS,
            basename="service-requests",
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    return render_page_or_partial(
        request,
        "servicedesk/servicerequest_list.html",
        {"form": form, "window": window, "requests": window.object_list},
    )


def _route_choices(service_request):
    """For each requested item, the platform's participants that provide it (the only valid targets)."""
    participants = set(service_request.platform.participants.values_list("pk", flat=True))
    return [
        (item, [p for p in item.providers.all() if p.pk in participants])
        for item in service_request.items.prefetch_related("providers")
    ]


def _labelled(workflow, change, task):
    names = {t.name: t.label for t in workflow.transitions}
    return {
        "task": task,
        "change": change,
        "label": names.get(change.transition, change.transition),
        "to": workflow.state(change.to_status).label,
    }


def _history(service_request, task_list):
    """The request's and its visible tasks' status changes, oldest first, with readable labels."""
    rows = [_labelled(REQUEST_WORKFLOW, c, None) for c in status_history(service_request)]
    for task in task_list:
        rows += [_labelled(TASK_WORKFLOW, c, task) for c in status_history(task)]
    return sorted(rows, key=lambda row: (row["change"].occurred_at, row["change"].pk))


@login_required
@require_GET
def servicerequest_detail(request, pk: int):
    service_request = or_404(selectors.servicerequest_get_for, actor=request.user, pk=pk)
    user = request.user
    task_list = selectors.servicetask_list_for_request(actor=user, request=service_request)
    task_rows = [
        {
            "task": t,
            "actions": available_transitions(user, t, TASK_WORKFLOW),
            "can_deliver": has_perm(user, "servicedesk.work_servicetask", t),
        }
        for t in task_list
    ]
    may_route = has_perm(
        user, "servicedesk.route_servicerequest", service_request
    ) and service_request.status in (
        "accepted",
        "in_service",
    )
    context = {
        "sr": service_request,
        "task_rows": task_rows,
        "actions": available_transitions(user, service_request, REQUEST_WORKFLOW),
        "clocks": describe_clocks(selectors.slaclock_list_for_request(request=service_request)),
        "route_choices": _route_choices(service_request) if may_route else [],
        "history": _history(service_request, task_list),
        "rating_form": RatingForm()
        if has_perm(user, "servicedesk.rate_servicerequest", service_request)
        else None,
        "followup_form": FollowUpForm()
        if has_perm(user, "servicedesk.answer_followup", service_request)
        else None,
    }
    return render(request, "servicedesk/servicerequest_detail.html", context)


def _back(pk):
    return redirect("servicedesk:servicerequest_detail", pk=pk)


@login_required
@require_POST
def servicerequest_transition(request, pk: int):
    service_request = or_404(selectors.servicerequest_get_for, actor=request.user, pk=pk)
    form = TransitionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        moved = services.servicerequest_transition(
            actor=request.user,
            request=service_request,
            name=data.get("name", ""),
            comment=data.get("comment", ""),
            expected_version=data.get("version"),
        )
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("已办理，当前状态：%(s)s。") % {"s": moved.get_status_display()})
    return _back(pk)


@login_required
@require_POST
def servicerequest_route(request, pk: int):
    service_request = or_404(selectors.servicerequest_get_for, actor=request.user, pk=pk)
    assignments = []
    for item_id in request.POST.getlist("item"):
        for provider_id in request.POST.getlist(f"provider_{item_id}"):
            assignments.append((item_id, provider_id, request.POST.get(f"note_{item_id}", "")))
    try:
        tasks.servicerequest_route(
            actor=request.user,
            request=service_request,
            assignments=assignments,
            expected_version=int_or_none(request.POST.get("version")),
        )
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("已分派 %(n)s 项服务任务。") % {"n": len(assignments)})
    return _back(pk)


@login_required
@require_POST
def servicerequest_rate(request, pk: int):
    service_request = or_404(selectors.servicerequest_get_for, actor=request.user, pk=pk)
    try:
        aftercare.servicerequest_rate(
            actor=request.user,
            request=service_request,
            score=request.POST.get("score"),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("感谢您的评价。"))
    return _back(pk)


@login_required
@require_POST
def followup_answer(request, pk: int):
    service_request = or_404(selectors.servicerequest_get_for, actor=request.user, pk=pk)
    try:
        aftercare.followup_answer(actor=request.user, request=service_request, data=request.POST.dict())
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("回访已记录。"))
    return _back(pk)
