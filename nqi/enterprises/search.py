"""Search indexes of enterprises and products (declared here, served by nqi.search).

Visibility follows `selectors.visibility_q`: a bureau officer finds the enterprises (and their products)
registered in the regions of their jurisdiction, an enterprise user their own enterprise. The same rule
is stored as keyword tokens ("rg" = every region code on the record's region path, "org" = its platform
organization), so the engine counts and pages a district officer's hits without a join.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.enterprises.choices import EnterpriseStatus
from nqi.enterprises.models import Enterprise, Product
from nqi.enterprises.selectors import visibility_q
from nqi.search.registry import Display, SearchIndex, register

_USCC_LENGTH = 18
_SHORTEST_NAME = 4  # shorter queries are never a full registered name
_SHOWN = ("name", "uscc", "status", "region__name")  # what a hit displays


def _scope_keywords(row: dict, prefix: str) -> list[tuple[str, object]]:
    path = row.get(f"{prefix}region__path") or ""
    pairs: list[tuple[str, object]] = [("rg", code) for code in path.split("/") if code]
    if row.get(f"{prefix}organization_id"):
        pairs.append(("org", row[f"{prefix}organization_id"]))
    return pairs


def _actor_keywords(actor) -> list[tuple[str, object]] | None:
    """`visibility_q(actor)` as keyword pairs; None when the actor sees every enterprise."""
    scope = scope_for(actor)
    if getattr(actor, "is_system", False) or scope.unrestricted:
        return None
    pairs: list[tuple[str, object]] = [
        ("rg", path.strip("/").split("/")[-1]) for path in scope.jurisdiction_paths if path.strip("/")
    ]
    pairs += [("org", pk) for pk in sorted(scope.org_ids(OrganizationKind.ENTERPRISE))]
    return pairs


@register
class EnterpriseIndex(SearchIndex):
    """Enterprises by name, USCC (any prefix) and registered address."""

    model = Enterprise
    label = _("企业")
    icon = "buildings"
    fields = {"name": 10.0, "address": 1.0}
    identifiers = {"uscc": 6.0}
    keyword_fields = ("region__path", "organization_id")
    # Names share few words: ranking the 3,000 names holding "压缩机" says little and costs ~5 ms, so
    # beyond 1,000 hits the newest enterprises come first (0.2 ms, SEARCH-NOTES §4).
    rank_limit = 1_000
    order = 10

    def keywords(self, row):
        return _scope_keywords(row, "")

    def visibility(self, actor):
        return visibility_q(actor)

    def actor_keywords(self, actor):
        return _actor_keywords(actor)

    def exact(self, text, plan):
        """A full USCC or the full registered name."""
        if len(text) == _USCC_LENGTH and text.isalnum():
            return Q(uscc=text.upper())
        return Q(name=text) if len(text) >= _SHORTEST_NAME else None

    def queryset(self):
        return Enterprise.objects.select_related("region").only(*_SHOWN)

    def display(self, obj):
        return Display(
            title=obj.name,
            subtitle=f"{obj.uscc} · {obj.region.name}",
            url=reverse("enterprises:enterprise_detail", args=[obj.pk]),
            badge=obj.get_status_display() if obj.status != EnterpriseStatus.ACTIVE else "",
        )


@register
class ProductIndex(SearchIndex):
    """Products by name, brand, model, category and executed standard (any form of its number)."""

    model = Product
    label = _("产品")
    icon = "box-seam"
    fields = {"name": 10.0, "brand": 4.0, "model": 4.0, "standard_code": 4.0, "category": 2.0}
    keyword_fields = ("enterprise__region__path", "enterprise__organization_id")
    follow = (("enterprises.enterprise", "enterprise"),)
    order = 20

    def keywords(self, row):
        return _scope_keywords(row, "enterprise__")

    def visibility(self, actor):
        return visibility_q(actor, "enterprise__")

    def actor_keywords(self, actor):
        return _actor_keywords(actor)

    def queryset(self):
        return Product.objects.select_related("enterprise")

    def display(self, obj):
        details = " · ".join(x for x in (obj.enterprise.name, obj.brand, obj.standard_code) if x)
        return Display(
            title=f"{obj.name} {obj.model}".strip(),
            subtitle=details,
            url=reverse("enterprises:enterprise_detail", args=[obj.enterprise_id]) + "#sec-products",
        )
