"""Home-page cards: a housekeeper's enterprises and open problems; the bureau's housekeeper figures."""

from django.utils import timezone

from nqi.assistance import selectors
from nqi.assistance.choices import ProblemStatus
from nqi.assistance.rules import sees_jurisdiction
from nqi.assistance.scope import housekeeper_of, is_housekeeper
from nqi.core.home import HomeCard, register


def _mine(request):
    keeper = housekeeper_of(request.user)
    return {
        "keeper": keeper,
        "pairings": list(
            selectors.pairing_list_visible_to(actor=request.user, housekeeper=keeper.pk, active=True)[:6]
        ),
        "open": list(
            selectors.problem_list_visible_to(
                actor=request.user, filters=selectors.ProblemFilter(status=ProblemStatus.OPEN)
            )[:5]
        ),
    }


def _figures(request):
    year = timezone.localdate().year
    return {
        "year": year,
        "housekeepers": selectors.kpi_housekeepers(actor=request.user, year=year),
        "visits": sum(r["n"] for r in selectors.kpi_visits_by_kind(actor=request.user, year=year)),
        "problems": selectors.kpi_problems(actor=request.user, year=year),
    }


register(HomeCard("assistance.mine", "assistance/cards/mine.html", _mine, is_housekeeper, order=12, width=6))
register(
    HomeCard(
        "assistance.figures", "assistance/cards/figures.html", _figures, sees_jurisdiction, order=21, width=6
    )
)
