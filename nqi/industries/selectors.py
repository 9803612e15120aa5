"""Reading industries: public reference data, no actor scoping needed."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from nqi.industries.models import FeaturedIndustry, Industry


def industry_list(*, level: int | None = None, parent: str | None = None, q: str = "") -> QuerySet[Industry]:
    qs = Industry.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    if q:
        qs = qs.filter(Q(code__startswith=q) | Q(name__contains=q))
    return qs.order_by("code")


def industry_get(code: str) -> Industry | None:
    return Industry.objects.filter(code=code).first()


def featuredindustry_list(*, region: str | None = None) -> QuerySet[FeaturedIndustry]:
    qs = FeaturedIndustry.objects.filter(is_active=True).select_related("region")
    if region:
        qs = qs.filter(region__path__contains=f"/{region}/")
    return (
        qs.annotate(enterprise_count=Count("enterprises", distinct=True))
        .prefetch_related("industries")
        .order_by("region_id", "key")
    )


def featuredindustry_get(pk: int) -> FeaturedIndustry | None:
    return (
        FeaturedIndustry.objects.filter(pk=pk).select_related("region").prefetch_related("industries").first()
    )
