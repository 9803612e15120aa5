"""The enterprise 360° profile's "执行标准与标准化" section: each product's executed standards as linked
catalog records with their status (a replaced or withdrawn one is flagged), the enterprise's latest
standard notices, and the key standard projects it leads or joins."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nqi.enterprises.profile import ProfileSection, register
from nqi.standards.choices import StandardStatus
from nqi.standards.models import KeyStandardProject, Notice, ProductStandard


def section_context(request, enterprise) -> dict:
    links = list(
        ProductStandard.objects.filter(product__enterprise=enterprise)
        .select_related("product", "standard")
        .order_by("product__name", "standard__edition_key")
    )
    unlinked = list(
        enterprise.products.exclude(standard_code="")
        .exclude(pk__in=[link.product_id for link in links])
        .values_list("name", "standard_code")[:20]
    )
    return {
        "links": links,
        "alerts": [link for link in links if link.standard.status != StandardStatus.CURRENT],
        "unlinked": unlinked,
        "notices": list(
            Notice.objects.filter(recipient_enterprise=enterprise).select_related("standard")[:5]
        ),
        "projects": list(
            KeyStandardProject.objects.filter(
                Q(lead_enterprise=enterprise) | Q(participants__enterprise=enterprise)
            ).distinct()[:5]
        ),
    }


def register_section() -> None:
    register(
        ProfileSection(
            key="standards",
            label=_("执行标准与标准化"),
            order=30,
            template="standards/profile/_section.html",
            context=section_context,
        )
    )
