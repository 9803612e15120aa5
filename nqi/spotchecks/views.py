"""Spot-check pages: plans and their draw, the task boards, a task's steps, the public results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.accounts.models import Organization
from nqi.core.errors import DomainError, NotFound, ValidationFailed
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize
from nqi.core.transitions import available_transitions, status_history
from nqi.spotchecks import selectors, services
from nqi.spotchecks.choices import PlanStatus, TaskStatus
from nqi.spotchecks.forms import STAGE_HELP, PlanForm, PlanItemsForm, TaskFilterForm
from nqi.spotchecks.workflow import PLAN_WORKFLOW, TASK_WORKFLOW

TASK_COLUMNS = [
    (_("序号"), lambda t: t.rank),
    (_("计划"), lambda t: t.plan.name),
    (_("企业"), lambda t: t.enterprise.name),
    (_("统一社会信用代码"), lambda t: t.enterprise.uscc),
    (_("产品"), lambda t: t.category.name),
    (_("环节"), lambda t: t.get_stage_display()),
    (_("区县"), lambda t: t.county.name),
    (_("承检机构"), lambda t: t.lab.name),
    (_("抽中方式"), lambda t: t.get_reason_display()),
    (_("状态"), lambda t: t.get_status_display()),
    (_("结论"), lambda t: t.get_verdict_display()),
]
PLAN_COLUMNS = [
    (_("计划"), lambda p: p.name),
    (_("年度"), lambda p: p.year),
    (_("季度"), lambda p: p.quarter),
    (_("组织单位"), lambda p: p.organizer.name),
    (_("状态"), lambda p: p.get_status_display()),
    (_("批次"), lambda p: p.batches),
    (_("随机种子"), lambda p: p.seed),
    (_("输入摘要"), lambda p: p.input_digest),
]
PUBLIC_COLUMNS = [
    (_("企业"), lambda t: t.enterprise.name),
    (_("产品"), lambda t: t.category.name),
    (_("批号"), lambda t: t.batch_number),
    (_("结论"), lambda t: t.get_verdict_display()),
    (_("不合格项目"), lambda t: "；".join(r.item for r in t.results.all() if r.verdict == "fail")),
    (_("承检机构"), lambda t: t.lab.name),
    (_("公示时间"), lambda t: t.published_at),
]


def _plan_or_404(request, pk):
    try:
        return selectors.plan_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


def _task_or_404(request, pk):
    try:
        return selectors.task_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _error_text(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(f"{k}：{'，'.join(str(m) for m in v)}" for k, v in exc.errors.items())
    return str(exc.message)


@login_required
@require_GET
def plan_list(request):
    authorize(request.user, "spotchecks.view_plan")
    qs = selectors.plan_list_visible_to(
        actor=request.user, year=_int(request.GET.get("year")), status=request.GET.get("status", "")
    )
    window = paginate(qs, page=request.GET.get("page"))
    context = {"window": window, "plans": window.object_list, "statuses": PlanStatus.choices}
    return render(request, "spotchecks/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    authorize(request.user, "spotchecks.manage_plan")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organizer = (
            Organization.objects.filter(
                memberships__user=request.user, memberships__is_active=True, kind="bureau"
            )
            .select_related("jurisdiction")
            .order_by("jurisdiction__path")
            .first()
        )
        try:
            plan = services.plan_create(actor=request.user, organizer=organizer, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, _error_text(exc))
        else:
            return redirect("spotchecks:plan_detail", pk=plan.pk)
    return render(request, "spotchecks/plan_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    items = list(plan.items.select_related("category"))
    lines = "\n".join(f"{i.category.code}, {i.stage}, {i.quota}" for i in items)
    form = TaskFilterForm({**request.GET.dict(), "plan": plan.pk})
    tasks = selectors.task_list_visible_to(actor=request.user, filters=form.to_filter())
    window = paginate(tasks, page=request.GET.get("page"))
    context = {
        "plan": plan,
        "items": items,
        "total_quota": sum(i.quota for i in items),
        "items_form": PlanItemsForm(initial={"lines": lines}),
        "stage_help": STAGE_HELP,
        "actions": available_transitions(request.user, plan, PLAN_WORKFLOW),
        "counts": {
            TaskStatus(k).label: n
            for k, n in selectors.task_status_counts(actor=request.user, plan=plan).items()
        },
        "form": form,
        "window": window,
        "tasks": window.object_list,
        "verification": services.plan_verify(plan=plan)
        if request.GET.get("verify") and plan.inputs_file
        else None,
    }
    return render_page_or_partial(request, "spotchecks/plan_detail.html", context)


@login_required
@require_POST
def plan_items(request, pk: int):
    plan = _plan_or_404(request, pk)
    form = PlanItemsForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed({"lines": [_("请填写抽查产品。")]})
        services.planitem_set(actor=request.user, plan=plan, items=form.rows())
        messages.success(request, _("已保存抽查产品与批次。"))
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    return redirect("spotchecks:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_transition(request, pk: int, name: str):
    """Draw (with an optional published seed), issue or close a plan; refusals are shown with the reason."""
    plan = _plan_or_404(request, pk)
    version = _int(request.POST.get("version"))
    try:
        if name == "draw":
            services.plan_draw(
                actor=request.user,
                plan=plan,
                seed=request.POST.get("seed", "").strip(),
                expected_version=version,
            )
            messages.success(request, _("抽取完成，随机种子与输入摘要已公开。"))
        else:
            services.plan_transition(
                actor=request.user,
                plan=plan,
                name=name,
                comment=request.POST.get("comment", ""),
                expected_version=version,
            )
    except DomainError as exc:
        messages.error(request, _("未能执行：%(r)s") % {"r": _error_text(exc)})
    return redirect("spotchecks:plan_detail", pk=plan.pk)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def task_list(request):
    """The task board: all tasks in scope, or an inspector's sampling queue, or a lab's testing queue."""
    authorize(request.user, "spotchecks.view_task")
    form = TaskFilterForm(request.GET or None)
    qs = selectors.task_list_visible_to(actor=request.user, filters=form.to_filter())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        authorize(request.user, "spotchecks.export_task")
        return export_response(
            export, rows=qs.iterator(chunk_size=1000), columns=TASK_COLUMNS, basename="spotcheck-tasks"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {"form": form, "window": window, "tasks": window.object_list}
    return render_page_or_partial(request, "spotchecks/task_list.html", context)


@login_required
@require_GET
def task_detail(request, pk: int):
    task = _task_or_404(request, pk)
    context = {
        "task": task,
        "actions": available_transitions(request.user, task, TASK_WORKFLOW),
        "history": _timeline(task),
        "results": [r for r in task.results.all() if not r.is_retest],
        "can_publish": task.status in services.tasks.PUBLISHABLE and task.published_at is None,
    }
    return render(request, "spotchecks/task_detail.html", context)


def _timeline(task) -> list[dict]:
    """The status history with the workflow's labels instead of its identifiers."""
    labels = {t.name: t.label for t in TASK_WORKFLOW.transitions}
    return [
        {
            "change": h,
            "label": labels.get(h.transition, h.transition),
            "state": TASK_WORKFLOW.state(h.to_status).label,
        }
        for h in status_history(task)
    ]


def _results_from_post(post, task) -> list[dict]:
    return [
        {
            "item": item,
            "standard_clause": post.get(f"clause_{n}", ""),
            "requirement": post.get(f"requirement_{n}", ""),
            "measured": post.get(f"measured_{n}", ""),
            "verdict": post.get(f"verdict_{n}", ""),
        }
        for n, item in enumerate(task.category.test_items)
    ]


ACTIONS = {  # name → (service, keyword arguments taken from the request)
    "record_sampling": lambda r, kw: services.task_record_sampling(
        data=r.POST, photos=r.FILES.getlist("photos"), expected_version=kw["version"], **kw["base"]
    ),
    "record_refusal": lambda r, kw: services.task_record_refusal(reason=kw["comment"], **kw["base"]),
    "submit_results": lambda r, kw: services.task_submit_results(
        results=_results_from_post(r.POST, kw["base"]["task"]), expected_version=kw["version"], **kw["base"]
    ),
    "notify": lambda r, kw: services.task_notify(
        notified_on=r.POST.get("notified_on") or None, expected_version=kw["version"], **kw["base"]
    ),
    "object": lambda r, kw: services.task_object(
        reason=kw["comment"], expected_version=kw["version"], **kw["base"]
    ),
    "retest_upheld": lambda r, kw: services.task_retest(
        outcome="upheld", comment=kw["comment"], expected_version=kw["version"], **kw["base"]
    ),
    "retest_overturned": lambda r, kw: services.task_retest(
        outcome="overturned", comment=kw["comment"], expected_version=kw["version"], **kw["base"]
    ),
    "order_rectification": lambda r, kw: services.task_order_rectification(
        comment=kw["comment"], expected_version=kw["version"], **kw["base"]
    ),
    "publish": lambda r, kw: services.task_publish(**kw["base"]),
}


@login_required
@require_POST
def task_action(request, pk: int, name: str):
    """One step of a task, through the service that owns it; errors come back as a message naming the field."""
    task = _task_or_404(request, pk)
    kw = {
        "base": {"actor": request.user, "task": task},
        "comment": request.POST.get("comment", "").strip(),
        "version": _int(request.POST.get("version")),
    }
    generic = lambda r, kw: services.task_transition(  # noqa: E731
        name=name, comment=kw["comment"], expected_version=kw["version"], **kw["base"]
    )
    try:
        ACTIONS.get(name, generic)(request, kw)
    except DomainError as exc:
        messages.error(request, _("未能执行：%(r)s") % {"r": _error_text(exc)})
    else:
        messages.success(request, _("已办理。"))
    return redirect("spotchecks:task_detail", pk=task.pk)


@require_GET
def public_results(request):
    """Published spot-check results: open to everyone, no sign-in (双随机、一公开)."""
    qs = selectors.task_list_published(
        q=request.GET.get("q", ""), verdict=request.GET.get("verdict", ""), year=_int(request.GET.get("year"))
    )
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            request.GET["export"], rows=qs, columns=PUBLIC_COLUMNS, basename="spotcheck-results"
        )
    window = paginate(qs, page=request.GET.get("page"))
    return render(request, "spotchecks/public_results.html", {"window": window, "tasks": window.object_list})


@require_GET
def public_plan(request, pk: int):
    """A drawn plan's publication: seed, input and result digests, algorithm, the inputs to re-run it."""
    try:
        plan = selectors.plan_get_published(pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    verification = services.plan_verify(plan=plan) if request.GET.get("verify") else None
    return render(request, "spotchecks/public_plan.html", {"plan": plan, "verification": verification})


@require_GET
def public_plan_inputs(request, pk: int):
    try:
        plan = selectors.plan_get_published(pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    if not plan.inputs_file:
        raise Http404
    return FileResponse(
        plan.inputs_file.open("rb"), as_attachment=True, filename=f"plan-{plan.pk}-inputs.json.gz"
    )
