from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm

register(
    MenuItem(
        "enterprise",
        _("质量管家"),
        "assistance:housekeeper_list",
        icon="person-badge",
        order=40,
        visible=lambda u: has_perm(u, "assistance.view_housekeeper"),
    ),
    MenuItem(
        "enterprise",
        _("走访与问题"),
        "assistance:visit_list",
        icon="geo-alt",
        order=41,
        visible=lambda u: has_perm(u, "assistance.view_visit"),
    ),
)
