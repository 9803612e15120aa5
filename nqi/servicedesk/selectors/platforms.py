"""Reads of platforms, their catalogs and SLA policy. The catalog is open to every signed-in organization."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from nqi.core.errors import NotFound
from nqi.core.permissions import has_perm
from nqi.servicedesk.models import Platform, PlatformStaff, ServiceItem, SlaPolicy

PLATFORM_SORTS = {"code": "code", "name": "name", "-requests": "-request_count", "region": "region_id"}
ITEM_SORTS = {
    "domain": "domain",
    "name": "name",
    "days": "promised_working_days",
    "-days": "-promised_working_days",
}


@dataclass(frozen=True)
class PlatformFilter:
    q: str = ""
    region: str = ""
    featured_industry: int | None = None
    sort: str = "code"


@dataclass(frozen=True)
class ItemFilter:
    q: str = ""
    platform: int | None = None
    domain: str = ""
    free: str = ""  # "", "1" free only, "0" fee-bearing only
    provider: int | None = None
    sort: str = "domain"


def platform_list_visible_to(*, actor, filters: PlatformFilter | None = None) -> QuerySet[Platform]:
    if not has_perm(actor, "servicedesk.view_platform"):
        return Platform.objects.none()
    f = filters or PlatformFilter()
    qs = Platform.objects.filter(is_active=True).select_related(
        "host", "region", "featured_industry", "featured_industry__region"
    )
    if f.q:
        qs = qs.filter(Q(name__contains=f.q.strip()) | Q(code__iexact=f.q.strip()))
    if f.region:
        qs = qs.filter(
            Q(region__path__contains=f"/{f.region}/") | Q(regions_served__code=f.region)
        ).distinct()
    if f.featured_industry:
        qs = qs.filter(featured_industry_id=f.featured_industry)
    qs = qs.annotate(
        item_count=Count("items", filter=Q(items__is_active=True), distinct=True),
        participant_count=Count("participants", distinct=True),
        request_count=Count("requests", distinct=True),
    )
    return qs.order_by(PLATFORM_SORTS.get(f.sort, "code"), "pk")


def platform_get_for(*, actor, pk) -> Platform:
    if not has_perm(actor, "servicedesk.view_platform"):
        raise NotFound("platform not found")
    try:
        return (
            Platform.objects.select_related(
                "host", "region", "featured_industry", "featured_industry__region"
            )
            .prefetch_related(
                "regions_served",
                "participants",
                Prefetch(
                    "items",
                    queryset=ServiceItem.objects.filter(is_active=True).prefetch_related("providers"),
                ),
                Prefetch(
                    "staff", queryset=PlatformStaff.objects.filter(is_active=True).select_related("user")
                ),
            )
            .get(pk=pk, is_active=True)
        )
    except (Platform.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("platform not found") from exc


def platform_choices_for(*, actor) -> list[Platform]:
    """Platforms offered in forms (all active ones; the catalog is public to signed-in users)."""
    if not has_perm(actor, "servicedesk.view_platform"):
        return []
    return list(Platform.objects.filter(is_active=True).only("pk", "code", "name").order_by("code"))


def serviceitem_list_visible_to(*, actor, filters: ItemFilter | None = None) -> QuerySet[ServiceItem]:
    if not has_perm(actor, "servicedesk.view_platform"):
        return ServiceItem.objects.none()
    f = filters or ItemFilter()
    qs = ServiceItem.objects.filter(is_active=True, platform__is_active=True).select_related("platform")
    if f.q:
        qs = qs.filter(Q(name__contains=f.q.strip()) | Q(description__contains=f.q.strip()))
    if f.platform:
        qs = qs.filter(platform_id=f.platform)
    if f.domain:
        qs = qs.filter(domain=f.domain)
    if f.free in ("0", "1"):
        qs = qs.filter(is_free=f.free == "1")
    if f.provider:
        qs = qs.filter(providers__pk=f.provider)
    return qs.prefetch_related("providers").order_by(
        ITEM_SORTS.get(f.sort, "domain"), "platform__code", "code"
    )


def serviceitem_get_for(*, actor, pk) -> ServiceItem:
    try:
        return serviceitem_list_visible_to(actor=actor).get(pk=pk)
    except (ServiceItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("service item not found") from exc


def slapolicy_for(*, item: ServiceItem | None, priority: str, at) -> SlaPolicy:
    """The policy row in force at `at` for (item, priority): an item's own row beats the default row.

    Raises LookupError when no row applies (the shipped defaults exist from migration 0002).
    """
    rows = SlaPolicy.objects.filter(priority=priority, effective_from__lte=at)
    specific = rows.filter(item=item).order_by("-effective_from", "-version").first() if item else None
    policy = specific or rows.filter(item=None).order_by("-effective_from", "-version").first()
    if policy is None:
        raise LookupError(f"no SLA policy for priority {priority!r} at {at}")
    return policy


def slapolicy_list(*, actor) -> QuerySet[SlaPolicy]:
    if not has_perm(actor, "servicedesk.view_sla"):
        return SlaPolicy.objects.none()
    return SlaPolicy.objects.select_related("item", "item__platform").order_by(
        "priority", "item_id", "-effective_from"
    )


def staff_candidate(*, actor, username: str):
    """The user to put on a platform, by username (the service checks eligibility); NotFound otherwise."""
    from nqi.accounts.models import User

    if not has_perm(actor, "servicedesk.manage_platform"):
        raise NotFound("user not found")
    user = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None:
        raise NotFound("user not found")
    return user
