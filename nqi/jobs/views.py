"""Job pages: the list of one's jobs, a job's live progress (htmx polls the same view every second),
re-run and cancel buttons, result files, and committing a checked import (thin adapters)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError, NotFound
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize
from nqi.core.transitions import available_transitions
from nqi.jobs import imports, selectors, services
from nqi.jobs.filters import JobFilterForm
from nqi.jobs.registry import find_kind, kind_label
from nqi.jobs.workflow import JOB_WORKFLOW

EXPORT_COLUMNS = [
    (gettext_lazy("编号"), lambda j: j.pk),
    (gettext_lazy("名称"), lambda j: j.label),
    (gettext_lazy("类型"), lambda j: kind_label(j.kind)),
    (gettext_lazy("状态"), lambda j: j.get_status_display()),
    (gettext_lazy("发起人"), lambda j: j.requested_by or gettext_lazy("系统")),
    (gettext_lazy("发起时间"), lambda j: j.created_at),
    (gettext_lazy("开始时间"), lambda j: j.started_at),
    (gettext_lazy("结束时间"), lambda j: j.finished_at),
    (gettext_lazy("运行次数"), lambda j: j.attempts),
    (gettext_lazy("失败原因"), lambda j: j.error),
]
TRANSITIONS = {"rerun": services.job_rerun, "cancel": services.job_cancel}


def _job_or_404(request, pk):
    try:
        return selectors.job_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_GET
@vary_on_headers("HX-Request")
def job_list(request):
    authorize(request.user, "jobs.view_job")
    form = JobFilterForm(request.GET or None)
    qs = selectors.job_list_visible_to(actor=request.user, filters=form.to_filter())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return export_response(
            export, rows=qs.iterator(chunk_size=2000), columns=EXPORT_COLUMNS, basename="jobs"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {"form": form, "window": window, "jobs": window.object_list}
    return render_page_or_partial(request, "jobs/job_list.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def job_detail(request, pk: int):
    job = _job_or_404(request, pk)
    kind = find_kind(job.kind)
    context = {
        "job": job,
        "kind_label": kind_label(job.kind),
        "result_template": kind.result_template if kind else "",
        "result": job.result or {},
        "actions": available_transitions(request.user, job, JOB_WORKFLOW),
        "stale": services.job_is_stale(job),
    }
    return render_page_or_partial(request, "jobs/job_detail.html", context, partial="status")


@login_required
@require_POST
def job_transition(request, pk: int, name: str):
    job = _job_or_404(request, pk)
    service = TRANSITIONS.get(name)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("任务已重新排队。") if name == "rerun" else _("任务已取消。"))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_GET
def job_download(request, pk: int, name: str):
    job = _job_or_404(request, pk)
    stored = ((job.result or {}).get("files") or {}).get(name)
    if not stored or not default_storage.exists(stored):
        raise Http404
    filename = f"{name}-{job.pk}.xlsx"
    return FileResponse(default_storage.open(stored, "rb"), as_attachment=True, filename=filename)


@login_required
@require_POST
def import_commit(request, pk: int):
    job = _job_or_404(request, pk)
    try:
        started = imports.import_commit(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("jobs:job_detail", pk=job.pk)
    messages.success(request, _("已开始正式导入。"))
    return redirect("jobs:job_detail", pk=started.pk)
