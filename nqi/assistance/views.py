"""Housekeeper registry, visits and problems pages (thin adapters over selectors and services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.assistance import selectors, services
from nqi.assistance.forms import (
    HousekeeperFilterForm,
    PairingForm,
    ProblemFilterForm,
    VisitFilterForm,
    VisitForm,
)
from nqi.assistance.scope import housekeeper_of
from nqi.assistance.workflow import PROBLEM_WORKFLOW
from nqi.core.errors import DomainError, NotFound, ValidationFailed
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.core.transitions import available_transitions
from nqi.enterprises.selectors import enterprise_get_by_uscc_for
from nqi.servicedesk.selectors.requests import RequestFilter, servicerequest_list_visible_to

HOUSEKEEPER_COLUMNS = [
    (gettext_lazy("姓名"), lambda k: str(k.user)),
    (gettext_lazy("所在机构"), lambda k: k.employer.name if k.employer else ""),
    (gettext_lazy("职称"), lambda k: k.title),
    (gettext_lazy("专业领域"), lambda k: "、".join(str(d) for d in k.domain_labels)),
    (gettext_lazy("特色产业"), lambda k: "、".join(f.short_name for f in k.industries.all())),
    (gettext_lazy("服务区域"), lambda k: "、".join(r.name for r in k.regions.all())),
    (gettext_lazy("聘任日期"), lambda k: k.appointed_on),
    (gettext_lazy("结对企业"), lambda k: k.pairing_count),
    (gettext_lazy("走访次数"), lambda k: k.visit_count),
]
VISIT_COLUMNS = [
    (gettext_lazy("日期"), lambda v: v.visited_on),
    (gettext_lazy("企业"), lambda v: v.enterprise.name),
    (gettext_lazy("类型"), lambda v: v.get_kind_display()),
    (gettext_lazy("带队管家"), lambda v: str(v.lead.user)),
    (gettext_lazy("发现问题"), lambda v: v.problem_count),
    (gettext_lazy("已解决"), lambda v: v.solved_count),
    (gettext_lazy("发现与建议"), lambda v: v.findings),
]
PROBLEM_COLUMNS = [
    (gettext_lazy("发现日期"), lambda p: p.found_on),
    (gettext_lazy("企业"), lambda p: p.enterprise.name),
    (gettext_lazy("领域"), lambda p: p.get_domain_display()),
    (gettext_lazy("问题"), lambda p: p.description),
    (gettext_lazy("状态"), lambda p: p.get_status_display()),
    (gettext_lazy("解决措施"), lambda p: p.solution),
    (gettext_lazy("解决日期"), lambda p: p.solved_on),
    (gettext_lazy("服务申请"), lambda p: p.service_request.number if p.service_request else ""),
]


def _or_404(getter, **kwargs):
    try:
        return getter(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def _message_error(request, exc: DomainError):
    texts = (
        [t for ts in exc.errors.values() for t in ts] if isinstance(exc, ValidationFailed) else [exc.message]
    )
    for text in texts:
        messages.error(request, str(text))


def _list(request, *, perm, form, qs, columns, basename, template, name):
    authorize(request.user, perm)
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(request.GET["export"], rows=qs, columns=columns, basename=basename)
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    return render_page_or_partial(
        request, template, {"form": form, "window": window, name: window.object_list}
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def housekeeper_list(request):
    form = HousekeeperFilterForm(request.GET or None)
    qs = selectors.housekeeper_list_visible_to(actor=request.user, filters=form.to_filter())
    return _list(
        request,
        perm="assistance.view_housekeeper",
        form=form,
        qs=qs,
        columns=HOUSEKEEPER_COLUMNS,
        basename="housekeepers",
        template="assistance/housekeeper_list.html",
        name="keepers",
    )


@login_required
@require_http_methods(["GET", "POST"])
def housekeeper_detail(request, pk: int):
    keeper = _or_404(selectors.housekeeper_get_for, actor=request.user, pk=pk)
    form = PairingForm(request.POST or None)
    if request.method == "POST":
        authorize(request.user, "assistance.manage_pairing")
        if form.is_valid():
            try:
                enterprise = enterprise_get_by_uscc_for(actor=request.user, uscc=form.cleaned_data["uscc"])
                services.pairing_create(
                    actor=request.user,
                    enterprise=enterprise,
                    housekeeper=keeper,
                    **{k: v for k, v in form.cleaned_data.items() if k != "uscc"},
                )
            except NotFound:
                form.add_error("uscc", _("未找到该企业，或不在您的辖区内。"))
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("已结对。"))
                return redirect("assistance:housekeeper_detail", pk=pk)
    context = {
        "keeper": keeper,
        "pairings": selectors.pairing_list_visible_to(actor=request.user, housekeeper=keeper.pk)[:50],
        "visits": selectors.visit_list_visible_to(
            actor=request.user, filters=selectors.VisitFilter(housekeeper=keeper.pk)
        )[:20],
        "form": form if has_perm(request.user, "assistance.manage_pairing") else None,
    }
    return render(request, "assistance/housekeeper_detail.html", context, status=422 if form.errors else 200)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def visit_list(request):
    form = VisitFilterForm(request.GET or None)
    qs = selectors.visit_list_visible_to(actor=request.user, filters=form.to_filter())
    return _list(
        request,
        perm="assistance.view_visit",
        form=form,
        qs=qs,
        columns=VISIT_COLUMNS,
        basename="visits",
        template="assistance/visit_list.html",
        name="visits",
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request):
    authorize(request.user, "assistance.record_visit")
    keeper = housekeeper_of(request.user)
    pairings = list(
        selectors.pairing_list_visible_to(
            actor=request.user, housekeeper=keeper.pk if keeper else None, active=True
        )[:500]
    )
    enterprises = [p.enterprise for p in pairings]
    keepers = list(
        selectors.housekeeper_list_visible_to(
            actor=request.user, filters=selectors.HousekeeperFilter(sort="name")
        )
    )
    chosen = request.GET.get("enterprise")
    paired = next((p.housekeeper_id for p in pairings if str(p.enterprise_id) == chosen), None)
    initial = {
        "enterprise": chosen,
        "housekeepers": [k for k in (keeper.pk if keeper else None, paired) if k],
    }
    form = VisitForm(request.POST or None, initial=initial, keepers=keepers, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        enterprise = next((e for e in enterprises if e.pk == d["enterprise"]), None)
        by_pk = {k.pk: k for k in keepers}
        try:
            visit = services.visit_record(
                actor=request.user,
                enterprise=enterprise,
                kind=d["kind"],
                visited_on=d["visited_on"],
                housekeepers=[by_pk[k] for k in d["housekeepers"] if k in by_pk],
                findings=d["findings"],
                enterprise_participants=d["enterprise_participants"],
                problems=form.problems(),
            )
        except DomainError as exc:
            errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field: [exc.message]}
            for field, texts in errors.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, str(text))
        else:
            messages.success(request, _("走访已记录。"))
            return redirect("assistance:visit_detail", pk=visit.pk)
    return render(request, "assistance/visit_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_GET
def visit_detail(request, pk: int):
    visit = _or_404(selectors.visit_get_for, actor=request.user, pk=pk)
    requests = list(
        servicerequest_list_visible_to(
            actor=request.user, filters=RequestFilter(enterprise=visit.enterprise_id)
        )[:30]
    )
    rows = [
        {
            "problem": p,
            "actions": available_transitions(request.user, p, PROBLEM_WORKFLOW),
            "may_link": has_perm(request.user, "assistance.solve_problem", p),
        }
        for p in visit.problems.all()
    ]
    return render(
        request, "assistance/visit_detail.html", {"visit": visit, "rows": rows, "requests": requests}
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def problem_list(request):
    form = ProblemFilterForm(request.GET or None)
    qs = selectors.problem_list_visible_to(actor=request.user, filters=form.to_filter())
    return _list(
        request,
        perm="assistance.view_visit",
        form=form,
        qs=qs,
        columns=PROBLEM_COLUMNS,
        basename="problems",
        template="assistance/problem_list.html",
        name="problems",
    )


def _back(problem):
    if problem.visit_id:
        return redirect("assistance:visit_detail", pk=problem.visit_id)
    return redirect("assistance:problem_list")


@login_required
@require_POST
def problem_transition(request, pk: int):
    problem = _or_404(selectors.problem_get_for, actor=request.user, pk=pk)
    try:
        services.problem_transition(
            actor=request.user,
            problem=problem,
            name=request.POST.get("name", ""),
            comment=request.POST.get("comment", ""),
            solution=request.POST.get("solution", ""),
            solved_on=request.POST.get("solved_on") or None,
            expected_version=int(request.POST["version"])
            if request.POST.get("version", "").isdigit()
            else None,
        )
    except DomainError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("问题状态已更新。"))
    return _back(problem)


@login_required
@require_POST
def problem_link(request, pk: int):
    problem = _or_404(selectors.problem_get_for, actor=request.user, pk=pk)
    found = (
        servicerequest_list_visible_to(actor=request.user)
        .filter(pk=request.POST.get("service_request") or 0)
        .first()
    )
    try:
        if found is None:
            raise ValidationFailed({"service_request": [_("请选择本企业的服务申请。")]})
        services.problem_link_request(actor=request.user, problem=problem, service_request=found)
    except DomainError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("已关联服务申请。"))
    return _back(problem)
