from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm

register(
    MenuItem(
        "registry",
        _("标准库"),
        "standards:standard_list",
        icon="journal-text",
        order=20,
        visible=lambda u: has_perm(u, "standards.view_standard"),
    ),
    MenuItem(
        "registry",
        _("标准变更通知"),
        "standards:notice_list",
        icon="bell",
        order=21,
        visible=lambda u: has_perm(u, "standards.watch_standard"),
    ),
    MenuItem(
        "industry",
        _("产业标准体系"),
        "standards:standardsystem_list",
        icon="diagram-3",
        order=20,
        visible=lambda u: has_perm(u, "standards.view_standardsystem"),
    ),
    MenuItem(
        "industry",
        _("重点标准研制"),
        "standards:keyproject_list",
        icon="flag",
        order=21,
        visible=lambda u: has_perm(u, "standards.view_keyproject"),
    ),
)
