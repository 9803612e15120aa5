"""Actor-scoped reads of enterprises and products (house rule 4: missing and forbidden are the same 404)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, When

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.core.errors import NotFound
from nqi.enterprises.grants import granted_enterprise_ids
from nqi.enterprises.models import Enterprise, Product
from nqi.regions.models import Region

SORTS = {
    "name": "name",
    "-name": "-name",
    "founded": "founded_on",
    "-founded": "-founded_on",
    "uscc": "uscc",
    "-created": "-created_at",
}


@dataclass(frozen=True)
class EnterpriseFilter:
    q: str = ""
    region: str = ""
    industry: str = ""
    featured_industry: int | None = None
    scale: str = ""
    status: str = ""
    sort: str = "name"


def visibility_q(actor, prefix: str = "") -> Q:
    """The Q that limits enterprise rows (or rows related through `prefix`) to what `actor` may see."""
    scope = scope_for(actor)
    if getattr(actor, "is_system", False) or scope.unrestricted:
        return Q()
    allowed = Q(pk__in=[])
    for path in scope.jurisdiction_paths:
        allowed |= Q(**{f"{prefix}region__path__startswith": path})
    own_orgs = scope.org_ids(OrganizationKind.ENTERPRISE)
    if own_orgs:
        allowed |= Q(**{f"{prefix}organization_id__in": list(own_orgs)})
    granted = granted_enterprise_ids(actor)
    if granted:
        allowed |= Q(**{f"{prefix}pk__in": sorted(granted)})
    return allowed


def enterprise_list_visible_to(*, actor, filters: EnterpriseFilter | None = None) -> QuerySet[Enterprise]:
    """Enterprises the actor may see, filtered and sorted; regions/industries joined for list pages."""
    f = filters or EnterpriseFilter()
    qs = Enterprise.objects.filter(visibility_q(actor)).select_related(
        "region", "industry", "featured_industry"
    )
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    if f.region:
        qs = qs.filter(region__path__contains=f"/{f.region}/")
    if f.industry:
        qs = qs.filter(industry_id__startswith=f.industry)
    if f.featured_industry:
        qs = qs.filter(featured_industry_id=f.featured_industry)
    if f.scale:
        qs = qs.filter(scale=f.scale)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by(SORTS.get(f.sort, "name"), "pk")


def enterprise_get_for(*, actor, pk) -> Enterprise:
    try:
        return (
            Enterprise.objects.filter(visibility_q(actor))
            .select_related("region", "region__parent", "industry", "featured_industry", "organization")
            .annotate(product_count=Count("products"))
            .get(pk=pk)
        )
    except (Enterprise.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("enterprise not found") from exc


def enterprise_get_by_uscc_for(*, actor, uscc: str) -> Enterprise:
    found = (
        Enterprise.objects.filter(visibility_q(actor), uscc=uscc.upper()).values_list("pk", flat=True).first()
    )
    if found is None:
        raise NotFound("enterprise not found")
    return enterprise_get_for(actor=actor, pk=found)


def product_list_visible_to(*, actor, enterprise_id=None, q: str = "") -> QuerySet[Product]:
    qs = Product.objects.filter(visibility_q(actor, "enterprise__")).select_related("enterprise")
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(brand__contains=q) | Q(model__contains=q))
    return qs.order_by("enterprise__name", "name", "pk")


def product_get_for(*, actor, pk) -> Product:
    try:
        return (
            Product.objects.filter(visibility_q(actor, "enterprise__"))
            .select_related("enterprise", "enterprise__region")
            .get(pk=pk)
        )
    except (Product.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("product not found") from exc


def enterprise_counts_by_county(*, actor) -> list[dict]:
    """Visible enterprises per county-level unit (a township's firms count for its county)."""
    county = Case(When(region__level="township", then=F("region__parent_id")), default=F("region_id"))
    rows = (
        Enterprise.objects.filter(visibility_q(actor))
        .annotate(county=county)
        .values("county")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    names = dict(Region.objects.filter(code__in=[r["county"] for r in rows]).values_list("code", "name"))
    return [{"code": r["county"], "name": names.get(r["county"], r["county"]), "n": r["n"]} for r in rows]
