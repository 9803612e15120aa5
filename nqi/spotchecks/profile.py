"""The enterprise profile's 监督抽查 section: the enterprise's spot-check tasks and results."""

from django.utils.translation import gettext_lazy as _

from nqi.core.permissions import has_perm
from nqi.enterprises.profile import ProfileSection, register


def _context(request, enterprise) -> dict:
    from nqi.spotchecks.models import Task
    from nqi.spotchecks.selectors import task_visibility_q

    tasks = (
        Task.objects.filter(task_visibility_q(request.user), enterprise=enterprise)
        .select_related("plan", "category")
        .order_by("-plan__year", "-id")[:10]
    )
    return {"tasks": list(tasks)}


register(
    ProfileSection(
        "spotchecks",
        _("监督抽查"),
        80,
        template="spotchecks/partials/_profile.html",
        context=_context,
        visible=lambda user, enterprise: has_perm(user, "spotchecks.view_task"),
    )
)
