"""Notice list (标准变更通知), the actor's watch list, and the catalog import batches."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize
from nqi.standards import selectors, services
from nqi.standards.choices import NoticeKind

NOTICE_COLUMNS = [
    (_("时间"), lambda n: n.created_at),
    (_("标准号"), lambda n: n.standard.canonical),
    (_("变更类型"), lambda n: n.get_kind_display()),
    (_("标题"), lambda n: n.title),
    (_("通知原因"), lambda n: n.get_reason_display()),
    (_("涉及产品"), lambda n: "、".join(n.products)),
    (_("生效日期"), lambda n: n.effective_on),
    (_("已读"), lambda n: n.read_at),
]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def notice_list(request):
    qs = selectors.notice_list_visible_to(actor=request.user)
    show = request.GET.get("show", "")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    qs = (
        qs.order_by("created_at", "id")
        if request.GET.get("sort") == "oldest"
        else qs.order_by("-created_at", "-id")
    )
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return export_response(
            export, rows=qs.iterator(chunk_size=500), columns=NOTICE_COLUMNS, basename="notices"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {
        "window": window,
        "notices": window.object_list,
        "show": show,
        "kind": kind,
        "kinds": NoticeKind.choices,
    }
    return render_page_or_partial(request, "standards/notice_list.html", context)


@login_required
@require_POST
def notice_read(request, pk: int):
    notice = selectors.notice_list_visible_to(actor=request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    try:
        services.notice_mark_read(actor=request.user, notice=notice)
    except DomainError as exc:
        raise Http404 from exc
    return redirect(request.POST.get("next") or "standards:notice_list")


@login_required
@require_GET
def watch_list(request):
    authorize(request.user, "standards.watch_standard")
    window = paginate(selectors.watch_list_for(actor=request.user), page=request.GET.get("page"))
    return render_page_or_partial(
        request, "standards/watch_list.html", {"window": window, "watches": window.object_list}
    )


@login_required
@require_GET
def catalogimport_list(request):
    authorize(request.user, "standards.import_standard")
    window = paginate(selectors.catalogimport_list(), page=request.GET.get("page"))
    return render_page_or_partial(
        request, "standards/catalogimport_list.html", {"window": window, "batches": window.object_list}
    )
