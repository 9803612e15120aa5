"""The featured-industry register (特色产业): the unit 产业提升 work is organised by."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nqi.core.permissions import authorize
from nqi.industries import selectors


@login_required
@require_GET
def featuredindustry_list(request):
    authorize(request.user, "industries.view_industry")
    region = request.GET.get("region", "")[:12]
    return render(
        request,
        "industries/featuredindustry_list.html",
        {"featured": selectors.featuredindustry_list(region=region or None), "region": region},
    )


@login_required
@require_GET
def featuredindustry_detail(request, pk: int):
    authorize(request.user, "industries.view_industry")
    featured = selectors.featuredindustry_get(pk)
    if featured is None:
        raise Http404
    sources = [u.strip() for u in featured.source_urls.split(";") if u.strip()]
    return render(request, "industries/featuredindustry_detail.html", {"f": featured, "sources": sources})
