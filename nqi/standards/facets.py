"""Exact totals and facet counts for browsing the catalog without query text.

Browsing (filters only) is the one case where counting every match is cheap and an estimate would
mislead (the engine samples the first hits by id, which in this catalog are all ISO records): the
counts come straight from the catalog table, one GROUP BY per facet, cached for a few minutes in the
shared cache (so every server process and worker sees the same figures).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from nqi.search.selectors import FacetValue
from nqi.standards.models import Standard, StandardIcs
from nqi.standards.selectors import standard_in_force_on

CACHE_SECONDS = 300
TOP = 50
COLUMNS = {
    "family": "family",
    "mandate": "mandate",
    "status": "status",
    "ics": "ics_field",
    "ccs": "ccs_class",
    "issuer": "issuer",
    "year": "year",
}


def filtered_catalog(filters) -> QuerySet[Standard]:
    """The catalog rows matching `filters` (a SearchFilters), with plain ORM conditions."""
    qs = Standard.objects.all()
    simple = {k: getattr(filters, k) for k in ("family", "mandate", "status", "issuer")}
    qs = qs.filter(**{k: v for k, v in simple.items() if v})
    if filters.ics:
        codes = StandardIcs.objects.filter(Q(code=filters.ics) | Q(code__startswith=filters.ics + "."))
        qs = qs.filter(pk__in=codes.values("standard_id"))
    if filters.ccs:
        ccs = filters.ccs.upper()
        qs = qs.filter(ccs_code=ccs) if len(ccs) > 1 else qs.filter(ccs_class=ccs)
    if filters.year_from:
        qs = qs.filter(year__gte=filters.year_from)
    if filters.year_to:
        qs = qs.filter(year__lte=filters.year_to)
    if filters.as_of:
        qs = qs.filter(standard_in_force_on(filters.as_of))
    return qs


def browse_counts(filters) -> tuple[int, dict[str, list[FacetValue]]]:
    """(exact total, facet values) of the catalog under `filters`, cached briefly."""
    key = (
        "standards:browse:" + hashlib.sha256(repr(sorted(filters.__dict__.items())).encode()).hexdigest()[:32]
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    qs = filtered_catalog(filters)
    facets = {}
    for name, column in COLUMNS.items():
        rows = qs.exclude(**{column: ""}) if name != "year" else qs.exclude(year__isnull=True)
        grouped = rows.order_by().values(column).annotate(n=Count("pk")).order_by("-n")[:TOP]
        facets[name] = [FacetValue(r[column], r["n"]) for r in grouped]
    result = (qs.count(), facets)
    cache.set(key, result, CACHE_SECONDS)
    return result
