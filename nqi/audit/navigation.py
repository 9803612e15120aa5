from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm

register(
    MenuItem(
        "admin",
        _("审计日志"),
        "audit:auditevent_list",
        icon="shield-lock",
        order=50,
        visible=lambda u: has_perm(u, "accounts.view_audit"),
    )
)
