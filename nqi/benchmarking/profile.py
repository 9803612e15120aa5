"""The 对标达标 section of the enterprise 360° profile: its comparisons and its forerunner titles."""

from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.selectors import comparison_list_visible_to
from nqi.benchmarking.selectors.comparisons import ComparisonFilter
from nqi.benchmarking.selectors.public import forerunner_titles
from nqi.core.permissions import has_perm
from nqi.enterprises.profile import ProfileSection, register


def _context(request, enterprise) -> dict:
    comparisons = comparison_list_visible_to(
        actor=request.user, filters=ComparisonFilter(sort="-updated")
    ).filter(enterprise=enterprise)
    return {
        "comparisons": list(comparisons[:10]),
        "forerunner_titles": forerunner_titles(enterprise_id=enterprise.pk),
        "can_open": has_perm(request.user, "benchmarking.view_comparison", enterprise),
    }


register(
    ProfileSection(
        key="benchmarking",
        label=_("对标达标"),
        order=40,
        template="benchmarking/partials/_profile.html",
        context=_context,
    )
)
