"""Home-page cards of the enterprises app: the registry overview for bureau users, "my enterprise" for firms."""

from django.db.models import Count

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.rules import is_bureau
from nqi.accounts.scope import scope_for
from nqi.core.home import HomeCard, register
from nqi.enterprises import selectors


def _overview(request):
    qs = selectors.enterprise_list_visible_to(actor=request.user)
    by_featured = (
        qs.exclude(featured_industry=None)
        .values("featured_industry__name", "featured_industry__region__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:8]
    )
    return {
        "total": qs.count(),
        "by_county": selectors.enterprise_counts_by_county(actor=request.user),
        "by_featured": list(by_featured),
        "products": selectors.product_list_visible_to(actor=request.user).count(),
    }


def _mine(request):
    return {"enterprises": list(selectors.enterprise_list_visible_to(actor=request.user)[:5])}


register(HomeCard("enterprises.overview", "enterprises/cards/overview.html", _overview, is_bureau, order=10))
register(
    HomeCard(
        "enterprises.mine",
        "enterprises/cards/mine.html",
        _mine,
        lambda u: bool(scope_for(u).org_ids(OrganizationKind.ENTERPRISE)),
        order=10,
    )
)
