"""Reading regions. The tree is public reference data, so reads need no actor scoping."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nqi.regions.models import Region

CITY_CODE = "330400"


def region_list(*, level: str | None = None, parent: str | None = None, q: str = "") -> QuerySet[Region]:
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    if q:
        qs = qs.filter(Q(code__startswith=q) | Q(name__contains=q))
    return qs.order_by("code")


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_subtree_paths(codes) -> list[str]:
    return list(Region.objects.filter(code__in=list(codes)).values_list("path", flat=True))


def city_districts(city_code: str = CITY_CODE) -> QuerySet[Region]:
    """The county-level units and management areas directly under the city (嘉兴: 7 + 3)."""
    return Region.objects.filter(parent_id=city_code).order_by("level", "code")


def county_of(region: Region | None) -> Region | None:
    """The county-level ancestor (or the region itself) — what a district sub-bureau covers."""
    if region is None:
        return None
    if region.level in ("county", "management_area"):
        return region
    if region.level == "township":
        return region.parent
    return None
