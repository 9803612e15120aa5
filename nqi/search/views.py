"""The global search page and its typeahead (one view: the typeahead is the same search, fewer rows).

`q` is whatever people type (any length, any characters); `kind` narrows the page to one index
("enterprises.enterprise"); `page` numbers the pages and `after` carries the keyset cursor of the next
page, so deep pages of broad queries stay as fast as the first.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from nqi.core.htmx import render_page_or_partial
from nqi.search import registry, selectors

TYPEAHEAD_PER_KIND = 5
OVERVIEW_PER_KIND = 5
MAX_Q_PARAM = 10_000  # longer input is cut here; the analyzer reads the first 256 characters


def _int(value, default=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 < number < 2**62 else default


def _kind(value: str) -> str:
    try:
        index = registry.get(value)
    except LookupError:
        return ""
    return index.key if index.global_search else ""


@login_required
@require_GET
@vary_on_headers("HX-Request")
def search(request):
    q = request.GET.get("q", "")[:MAX_Q_PARAM]
    if request.GET.get("typeahead"):
        groups = selectors.global_search_visible_to(actor=request.user, q=q, per_kind=TYPEAHEAD_PER_KIND)
        return render(request, "search/typeahead.html", {"q": q, "groups": groups})
    kind = _kind(request.GET.get("kind", ""))
    groups = selectors.global_search_visible_to(
        actor=request.user, q=q, per_kind=OVERVIEW_PER_KIND, count_only=bool(kind)
    )
    page = None
    if kind:
        page = selectors.search_visible_to(
            actor=request.user,
            index=kind,
            q=q,
            page=_int(request.GET.get("page"), 1),
            after=_int(request.GET.get("after")),
        )
    context = {"q": q, "kind": kind, "groups": groups, "result": page, "kinds": selectors.kind_labels()}
    context["searchable"] = selectors.is_searchable(q)
    context["truncated"] = selectors.is_truncated(q)
    return render_page_or_partial(request, "search/search.html", context)
