"""The global audit page for bureau administrators: filter, page, export; each row links to its record."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from nqi.audit import selectors
from nqi.audit.filters import AuditFilterForm
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


EXPORT_COLUMNS = [
    (_("编号"), lambda e: e.pk),
    (_("时间"), lambda e: e.occurred_at),
    (_("操作人"), lambda e: e.actor_label),
    (_("操作人所属组织"), lambda e: e.organization.name if e.organization else ""),
    (_("事件类型"), lambda e: e.event_type),
    (_("对象类型"), lambda e: e.target_type),
    (_("对象编号"), lambda e: e.target_id),
    (_("对象"), lambda e: e.target_label),
    (_("摘要"), lambda e: e.summary),
    (_("变更前"), lambda e: _json(e.before)),
    (_("变更后"), lambda e: _json(e.after)),
    (_("请求编号"), lambda e: e.request_id),
    (_("IP 地址"), lambda e: e.ip),
    (_("哈希"), lambda e: e.hash),
]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def auditevent_list(request):
    authorize(request.user, "accounts.view_audit")
    form = AuditFilterForm(request.GET or None)
    qs = selectors.auditevent_list_visible_to(actor=request.user, filters=form.to_filter())
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return export_response(
            export, rows=qs.iterator(chunk_size=2000), columns=EXPORT_COLUMNS, basename="audit"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size") or 50)
    context = {
        "form": form,
        "window": window,
        "events": window.object_list,
        "prefixes": selectors.audit_event_type_prefixes(),
    }
    return render_page_or_partial(request, "audit/auditevent_list.html", context)
