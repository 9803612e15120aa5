from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm
from nqi.servicedesk.selectors.scope import desk_scope_for

register(
    MenuItem(
        "enterprise",
        _("一站式服务平台"),
        "servicedesk:platform_list",
        icon="shop-window",
        order=30,
        visible=lambda u: has_perm(u, "servicedesk.view_platform"),
    ),
    MenuItem(
        "enterprise",
        _("服务申请"),
        "servicedesk:servicerequest_list",
        icon="inbox",
        order=31,
        visible=lambda u: has_perm(u, "servicedesk.view_servicerequest"),
    ),
    MenuItem(
        "enterprise",
        _("服务任务"),
        "servicedesk:servicetask_list",
        icon="list-task",
        order=32,
        visible=lambda u: bool(desk_scope_for(u).provider_ids or desk_scope_for(u).staff_platforms),
    ),
    MenuItem(
        "enterprise",
        _("企业材料库"),
        "servicedesk:enterprisedocument_list",
        icon="folder2-open",
        order=33,
        visible=lambda u: has_perm(u, "servicedesk.manage_document"),
    ),
    MenuItem(
        "enterprise",
        _("服务时限与满意度"),
        "servicedesk:sla_dashboard",
        icon="stopwatch",
        order=34,
        visible=lambda u: has_perm(u, "servicedesk.view_sla"),
    ),
    MenuItem(
        "enterprise",
        _("通知"),
        "servicedesk:notice_list",
        icon="bell",
        order=35,
        visible=lambda u: has_perm(u, "servicedesk.view_servicerequest"),
    ),
)
