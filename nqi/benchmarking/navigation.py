from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm

register(
    MenuItem(
        "enterprise",
        _("对标达标"),
        "benchmarking:comparison_list",
        icon="bar-chart-steps",
        order=10,
        visible=lambda u: has_perm(u, "benchmarking.view_comparison"),
    ),
    MenuItem(
        "enterprise",
        _("对标总览"),
        "benchmarking:overview",
        icon="graph-up-arrow",
        order=11,
        visible=lambda u: has_perm(u, "benchmarking.view_metrics"),
    ),
    MenuItem(
        "enterprise",
        _("领跑者排行"),
        "benchmarking:ranking_manage",
        icon="trophy",
        order=12,
        visible=lambda u: has_perm(u, "benchmarking.publish_ranking"),
    ),
    MenuItem(
        "registry",
        _("技术指标库"),
        "benchmarking:indicator_list",
        icon="rulers",
        order=40,
        visible=lambda u: has_perm(u, "benchmarking.view_indicator"),
    ),
)
