"""Search index of institutions (labs, metrology institutes, certification bodies …), served by nqi.search.

Visibility follows `selectors.visibility_q`: the directory is open to bureau, enterprise and expert
users; an institution's own staff see their institution.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nqi.institutions.models import Institution
from nqi.institutions.selectors import visibility_q
from nqi.search.registry import Display, SearchIndex, register

_USCC_LENGTH = 18
_CMA_LENGTH = 12


@register
class InstitutionIndex(SearchIndex):
    """Institutions by name, USCC, CMA certificate number and scope of business."""

    model = Institution
    label = _("技术机构")
    icon = "bank"
    fields = {"name": 10.0, "scope_summary": 2.0, "address": 1.0}
    identifiers = {"uscc": 6.0, "cma_number": 6.0}
    keyword_fields = ("kind",)
    filters = ("kind",)
    facets = {"kind": "kind"}
    order = 30

    def keywords(self, row):
        return [("kind", row["kind"])]

    def visibility(self, actor):
        return visibility_q(actor)

    def exact(self, text, plan):
        """A full USCC or CMA certificate number, or the full name."""
        if len(text) == _USCC_LENGTH and text.isalnum():
            return Q(uscc=text.upper())
        if len(text) == _CMA_LENGTH and text.isdigit():
            return Q(cma_number=text)
        return Q(name=text)

    def queryset(self):
        return Institution.objects.select_related("region")

    def display(self, obj):
        details = [obj.get_kind_display(), obj.region.name]
        if obj.cma_number:
            details.append(f"CMA {obj.cma_number}")
        return Display(
            title=obj.name,
            subtitle=" · ".join(details),
            url=reverse("institutions:institution_detail", args=[obj.pk]),
            badge="" if obj.is_active else str(_("停用")),
        )
