"""Public pages (no sign-in): declared benchmarking results (自我声明公开) and forerunner lists (领跑者)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from nqi.benchmarking.choices import Level
from nqi.benchmarking.selectors import comparison_matrix
from nqi.benchmarking.selectors.public import (
    DeclarationFilter,
    declaration_categories,
    declaration_get_public,
    declaration_list_public,
    ranking_entries,
    rankinglist_get_public,
    rankinglist_published,
)
from nqi.core.errors import NotFound
from nqi.core.htmx import render_page_or_partial
from nqi.core.pagination import paginate


@require_GET
@vary_on_headers("HX-Request")
def public_declaration_list(request):
    filters = DeclarationFilter(
        q=request.GET.get("q", "")[:100],
        category=request.GET.get("category", "")[:100],
        level=request.GET.get("level", "")[:40],
    )
    window = paginate(
        declaration_list_public(filters=filters),
        page=request.GET.get("page"),
        page_size=request.GET.get("page_size"),
    )
    context = {
        "filters": filters,
        "window": window,
        "declarations": list(window.object_list),
        "categories": declaration_categories(),
        "levels": Level.choices,
    }
    return render_page_or_partial(request, "benchmarking/public/declaration_list.html", context)


@require_GET
def public_declaration_detail(request, pk: int):
    try:
        comparison = declaration_get_public(pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    return render(
        request,
        "benchmarking/public/declaration_detail.html",
        {"comparison": comparison, "matrix": comparison_matrix(comparison)},
    )


@require_GET
def public_ranking_list(request):
    year = request.GET.get("year", "")
    rankings = rankinglist_published(year=int(year) if year.isdigit() else None).order_by("-year", "category")
    return render(
        request, "benchmarking/public/ranking_list.html", {"rankings": list(rankings), "year": year}
    )


@require_GET
def public_ranking_detail(request, pk: int):
    try:
        ranking = rankinglist_get_public(pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    return render(
        request,
        "benchmarking/public/ranking_detail.html",
        {"ranking": ranking, "entries": ranking_entries(ranking)},
    )
