from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm


def _sees(user) -> bool:
    return has_perm(user, "supervision.view_grades")


register(
    MenuItem(
        "product", _("分级分类监管地图"), "supervision:supervision_map", icon="map", order=10, visible=_sees
    ),
    MenuItem(
        "product",
        _("企业分类"),
        "supervision:enterprisegrade_list",
        icon="building-check",
        order=11,
        visible=_sees,
    ),
    MenuItem(
        "product",
        _("产品风险分级"),
        "supervision:category_list",
        icon="exclamation-diamond",
        order=12,
        visible=_sees,
    ),
    MenuItem(
        "product", _("分级分类策略"), "supervision:policy_list", icon="sliders", order=13, visible=_sees
    ),
)
