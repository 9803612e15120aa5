"""The global search page and its typeahead (same view, partial for htmx)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nqi.enterprises.selectors import EnterpriseFilter, enterprise_list_visible_to


@login_required
@require_GET
def search(request):
    q = request.GET.get("q", "").strip()[:200]
    hits = (
        list(enterprise_list_visible_to(actor=request.user, filters=EnterpriseFilter(q=q))[:10]) if q else []
    )
    template = "search/typeahead.html" if request.GET.get("typeahead") else "search/search.html"
    return render(request, template, {"q": q, "hits": hits})
