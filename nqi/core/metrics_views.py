"""The metrics page: every KPI the user may see for a chosen year (region, featured industry), and the
drill-down to the records behind each figure, paged and exportable. Thin over `nqi.core.metrics`."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from nqi.core import metrics
from nqi.core.errors import PermissionDenied
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize

FIRST_YEAR = 2000  # the earliest year offered; registers hold firms established long before


class KpiFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    region = forms.ChoiceField(label=_("区县"), required=False)
    industry = forms.TypedChoiceField(label=_("特色产业"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        for key in metrics.DIMENSIONS:
            declared = metrics.dimension(key)
            if declared is None:
                del self.fields[key]
                continue
            self.fields[key].label = declared.label
            self.fields[key].choices = [("", _("全部"))] + list(declared.choices())
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def to_filter(self) -> metrics.KpiFilter:
        """The valid part of the input (an invalid field falls back to its default, shown as an error)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return metrics.KpiFilter(
            year=data.get("year") or timezone.localdate().year,
            region=data.get("region") or "",
            industry=data.get("industry"),
        )


def _query(filters: metrics.KpiFilter, **overrides) -> str:
    params = {"year": filters.year, "region": filters.region, "industry": filters.industry or ""}
    params.update(overrides)
    return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _visible_kpi(request, key: str) -> metrics.Kpi:
    try:
        kpi = metrics.get_kpi(key)
    except KeyError as exc:
        raise Http404 from exc
    authorize(request.user, kpi.permission)
    return kpi


@login_required
@require_GET
@vary_on_headers("HX-Request")
def metric_list(request):
    kpis = metrics.kpis_visible_to(request.user)
    if not kpis:
        raise PermissionDenied(_("您没有查看指标的权限。"))
    form = KpiFilterForm(request.GET or None)
    filters = form.to_filter()
    rows = []
    for kpi in kpis:
        drill = reverse("core:metric_records", args=[kpi.key])
        slices = [
            {"slice": s, "url": f"{drill}?{_query(filters, **s.filters)}"}
            for s in kpi.slices(actor=request.user, filters=filters)
        ]
        rows.append(
            {
                "kpi": kpi,
                "value": kpi.value(actor=request.user, filters=filters),
                "url": f"{drill}?{_query(filters)}",
                "slices": slices,
            }
        )
    context = {"form": form, "filters": filters, "rows": rows}
    return render_page_or_partial(request, "core/metric_list.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def metric_records(request, key: str):
    kpi = _visible_kpi(request, key)
    form = KpiFilterForm(request.GET or None)
    filters = form.to_filter()
    qs = kpi.record_list(actor=request.user, filters=filters)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        basename = f"{kpi.key.replace('.', '-')}-{filters.year}"
        return export_response(
            export, rows=qs.iterator(chunk_size=2000), columns=list(kpi.columns), basename=basename
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    rows = [
        {
            "cells": [get(obj) for _header, get in kpi.columns],
            "url": kpi.record_url(obj) if kpi.record_url else "",
        }
        for obj in window.object_list
    ]
    context = {
        "kpi": kpi,
        "form": form,
        "filters": filters,
        "window": window,
        "headers": [header for header, _get in kpi.columns],
        "rows": rows,
        "value": window.paginator.count,
        "back": f"{reverse('core:metric_list')}?{_query(filters)}",
    }
    return render_page_or_partial(request, "core/metric_records.html", context)
