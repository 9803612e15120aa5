from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm

register(
    MenuItem(
        "registry",
        _("技术机构"),
        "institutions:institution_list",
        icon="bank",
        order=20,
        visible=lambda u: has_perm(u, "institutions.view_institution"),
    )
)
