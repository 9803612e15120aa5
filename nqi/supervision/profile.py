"""The enterprise profile's 分级分类监管 section: class, mode, score and the link to the factors."""

from django.utils.translation import gettext_lazy as _

from nqi.core.permissions import has_perm
from nqi.enterprises.profile import ProfileSection, register


def _context(request, enterprise) -> dict:
    from nqi.supervision.selectors import enterprisegrade_get_for

    return {
        "grade": enterprisegrade_get_for(actor=request.user, enterprise_id=enterprise.pk),
        "enterprise": enterprise,
    }


register(
    ProfileSection(
        "supervision",
        _("分级分类监管"),
        70,
        template="supervision/partials/_profile.html",
        context=_context,
        visible=lambda user, enterprise: has_perm(user, "supervision.view_enterprisegrade", enterprise),
    )
)
