from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm

register(
    MenuItem(
        "registry",
        _("企业名录"),
        "enterprises:enterprise_list",
        icon="buildings",
        order=10,
        visible=lambda u: has_perm(u, "enterprises.view_enterprise"),
    )
)

register(
    MenuItem(
        "registry",
        _("企业认领"),
        "enterprises:enterpriseclaim_list",
        icon="person-check",
        order=12,
        visible=lambda u: has_perm(u, "enterprises.view_enterpriseclaim"),
    )
)
