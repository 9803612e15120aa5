"""The housekeepers' section of the enterprise 360° profile: the 双管家 pair, visits, problems found and solved."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from nqi.assistance import selectors
from nqi.assistance.choices import ProblemStatus
from nqi.enterprises.profile import ProfileSection, register


def _context(request, enterprise) -> dict:
    user = request.user
    problems = selectors.problem_list_visible_to(
        actor=user, filters=selectors.ProblemFilter(enterprise=enterprise.pk)
    )
    return {
        "pairing": selectors.pairing_list_visible_to(
            actor=user, enterprise=enterprise.pk, active=True
        ).first(),
        "visits": list(
            selectors.visit_list_visible_to(
                actor=user, filters=selectors.VisitFilter(enterprise=enterprise.pk)
            )[:6]
        ),
        "figures": problems.order_by().aggregate(
            found=Count("pk"),
            solved=Count("pk", filter=Q(status=ProblemStatus.SOLVED)),
            open=Count("pk", filter=Q(status=ProblemStatus.OPEN)),
        ),
        "open": list(problems.filter(status=ProblemStatus.OPEN)[:5]),
    }


register(
    ProfileSection(
        key="assistance",
        label=_("质量管家"),
        order=60,
        template="assistance/profile/section.html",
        context=_context,
    )
)
