"""Catalog pages: the search page (the page people use most), its typeahead, the as-of-date view, the
standard's page with watch and status-change actions (thin adapters over search, selectors, services)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from nqi.core.errors import DomainError, NotFound
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.permissions import authorize
from nqi.core.transitions import available_transitions
from nqi.standards import selectors, services
from nqi.standards.forms import StandardSearchForm, StatusChangeForm
from nqi.standards.models import Standard
from nqi.standards.search import standard_search, standard_search_rows, standard_typeahead
from nqi.standards.workflow import STANDARD_STATUS

EXPORT_COLUMNS = [
    (_("标准号"), lambda s: s.canonical),
    (_("中文名称"), lambda s: s.title_zh),
    (_("英文名称"), lambda s: s.title_en),
    (_("标准类别"), lambda s: s.get_family_display()),
    (_("标准性质"), lambda s: s.get_mandate_display() if s.mandate else ""),
    (_("状态"), lambda s: s.get_status_display()),
    (_("发布日期"), lambda s: s.published_on),
    (_("实施日期"), lambda s: s.implemented_on),
    (_("废止/被代替日期"), lambda s: s.withdrawn_on),
    (_("ICS"), lambda s: s.ics_codes),
    (_("CCS"), lambda s: s.ccs_code),
    (_("发布机构"), lambda s: s.issuer),
    (_("可信度"), lambda s: s.get_confidence_display()),
]


def _standard_or_404(request, pk) -> Standard:
    try:
        return selectors.standard_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


def _search_page(request, template: str, *, as_of: dt.date | None = None, extra: dict | None = None):
    form = StandardSearchForm(request.GET or None)
    filters = form.to_filters(as_of=as_of)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        authorize(request.user, "standards.export_standard")
        rows = standard_search_rows(
            actor=request.user, query=form.search_query, filters=filters, sort=form.search_sort
        )
        return export_response(export, rows=rows, columns=EXPORT_COLUMNS, basename="standards")
    # A text search shows its hits at once and fills the facet panel by a second request: counting
    # facets over thousands of hits costs several times the search itself (bench/standards_search.py).
    panel = request.headers.get("NQI-Panel") == "facets"  # a header: the panel's links keep the page's query
    deferred = bool(form.search_query.strip()) and not panel
    result = standard_search(
        actor=request.user,
        query=form.search_query,
        filters=filters,
        page=1 if panel else request.GET.get("page") or 1,
        page_size=1 if panel else 20,
        sort=form.search_sort,
        facets=not deferred,
    )
    context = {
        "form": form,
        "result": result,
        "filters": filters,
        "facets_deferred": deferred,
        **(extra or {}),
    }
    if panel:
        return render(request, "standards/partials/_facets.html", context)
    return render_page_or_partial(request, template, context)


@login_required
@require_GET
@vary_on_headers("HX-Request", "NQI-Panel")
def standard_list(request):
    """The catalog search page: one box, filters with facet counts, sort, highlighted hits, paging."""
    authorize(request.user, "standards.view_standard")
    return _search_page(request, "standards/standard_list.html")


@login_required
@require_GET
def standard_typeahead_view(request):
    authorize(request.user, "standards.view_standard")
    q = request.GET.get("q", "")[:100]
    hits = standard_typeahead(actor=request.user, query=q) if q.strip() else []
    return render(request, "standards/partials/_typeahead.html", {"q": q, "hits": hits})


@login_required
@require_GET
@vary_on_headers("HX-Request", "NQI-Panel")
def standard_as_of(request):
    """What was in force on a given day (evidence for products made then)."""
    authorize(request.user, "standards.view_standard")
    form = StandardSearchForm(request.GET or None)
    day = (form.cleaned_data.get("date") if form.is_valid() else None) or dt.date.today()
    return _search_page(request, "standards/standard_as_of.html", as_of=day, extra={"day": day})


@login_required
@require_GET
def standard_detail(request, pk: int):
    standard = _standard_or_404(request, pk)
    affected = selectors.standard_affected_visible_to(actor=request.user, standard=standard)
    context = {
        "standard": standard,
        "chain": selectors.standard_chain(standard),
        "editions": selectors.standard_editions(standard),
        "classification": selectors.standard_classification(standard),
        "adopters": selectors.standard_adopters(standard),
        "drafters": list(standard.drafters.select_related("enterprise")),
        "watch": selectors.standard_watch_summary(actor=request.user, standard=standard),
        "affected": list(affected[:100]),
        "affected_count": affected.count(),
        "affected_enterprises": affected.values("product__enterprise_id").distinct().count(),
        "transitions": available_transitions(request.user, standard, STANDARD_STATUS),
        "history": selectors.status_timeline(standard, STANDARD_STATUS),
        "status_form": StatusChangeForm(initial={"version": standard.version}),
    }
    return render(request, "standards/standard_detail.html", context)


@login_required
@require_POST
def standard_watch(request, pk: int):
    """Watch or stop watching (htmx swaps the button; without htmx, back to the page)."""
    standard = _standard_or_404(request, pk)
    if request.POST.get("action") == "remove":
        services.standardwatch_remove(actor=request.user, standard=standard)
    else:
        services.standardwatch_add(actor=request.user, standard=standard)
    summary = selectors.standard_watch_summary(actor=request.user, standard=standard)
    if getattr(request, "htmx", False):
        return render(
            request, "standards/partials/_watch_button.html", {"standard": standard, "watch": summary}
        )
    return redirect("standards:standard_detail", pk=standard.pk)


@login_required
@require_POST
def standard_transition(request, pk: int):
    """Change a standard's status through the one door; watchers and affected enterprises are notified."""
    standard = _standard_or_404(request, pk)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容。"))
        return redirect("standards:standard_detail", pk=standard.pk)
    data = form.cleaned_data
    try:
        successor = selectors.standard_get_by_number(data["successor"]) if data["successor"] else None
        services.standard_status_change(
            actor=request.user,
            standard=standard,
            name=data["transition"],
            comment=data["comment"],
            successor=successor,
            partial=data["partial"],
            effective_on=data["effective_on"],
            expected_version=data["version"],
        )
    except NotFound:
        messages.error(request, _("标准库中没有标准号“%(n)s”，请先导入该标准。") % {"n": data["successor"]})
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("标准状态已更新，已通知关注者和相关企业。"))
    return redirect("standards:standard_detail", pk=standard.pk)
