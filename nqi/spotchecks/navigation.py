from django.utils.translation import gettext_lazy as _

from nqi.core.navigation import MenuItem, register
from nqi.core.permissions import has_perm

register(
    MenuItem(
        "product", _("监督抽查计划"), "spotchecks:plan_list", icon="clipboard-check", order=20,
        visible=lambda u: has_perm(u, "spotchecks.view_plan"),
    ),
    MenuItem(
        "product", _("抽查任务看板"), "spotchecks:task_list", icon="kanban", order=21,
        visible=lambda u: has_perm(u, "spotchecks.view_task"),
    ),
    MenuItem("product", _("抽查结果公示"), "spotchecks:public_results", icon="megaphone", order=22),
)  # fmt: skip
