"""Institution directory and profile pages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from nqi.audit.selectors import auditevent_list_for_target
from nqi.core.errors import NotFound
from nqi.core.exporting import export_response
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate
from nqi.core.permissions import authorize, has_perm
from nqi.institutions import selectors
from nqi.institutions.choices import InstitutionKind
from nqi.regions.selectors import city_districts

EXPORT_COLUMNS = [
    (_("机构名称"), lambda i: i.name),
    (_("机构类型"), lambda i: i.get_kind_display()),
    (_("统一社会信用代码"), lambda i: i.uscc),
    (_("区域"), lambda i: i.region.name),
    (_("CMA 证书编号"), lambda i: i.cma_number),
    (_("CMA 有效期至"), lambda i: i.cma_valid_until),
    (_("地址"), lambda i: i.address),
]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def institution_list(request):
    authorize(request.user, "institutions.view_institution")
    params = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "kind", "region", "sort")}
    qs = selectors.institution_list_visible_to(actor=request.user, **params)
    if request.GET.get("export") in ("csv", "xlsx"):
        return export_response(
            request.GET["export"], rows=qs.iterator(), columns=EXPORT_COLUMNS, basename="institutions"
        )
    window = paginate(qs, page=request.GET.get("page"), page_size=request.GET.get("page_size"))
    context = {
        "window": window,
        "institutions": window.object_list,
        "params": params,
        "kinds": InstitutionKind.choices,
        "regions": city_districts(),
    }
    return render_page_or_partial(request, "institutions/institution_list.html", context)


@login_required
@require_GET
def institution_detail(request, pk: int):
    try:
        institution = selectors.institution_get_for(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    context = {
        "institution": institution,
        "history": auditevent_list_for_target(actor=request.user, target=institution)[:20],
        "show_personal": has_perm(request.user, "institutions.view_personal_data", institution),
    }
    return render(request, "institutions/institution_detail.html", context)
