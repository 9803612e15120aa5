from django.utils.translation import gettext_lazy as _

from nqi.accounts.rules import is_bureau
from nqi.core.navigation import MenuItem, register

register(
    MenuItem("admin", _("后台任务"), "jobs:job_list", icon="hourglass-split", order=50, visible=is_bureau)
)
