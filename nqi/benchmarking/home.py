"""Home-page cards: "my comparisons" for enterprise users, the year's KPIs for the bureau."""

from django.utils import timezone

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.rules import is_bureau
from nqi.accounts.scope import scope_for
from nqi.benchmarking import selectors
from nqi.benchmarking.selectors.kpis import kpi_summary
from nqi.core.home import HomeCard, register


def _mine(request):
    return {"comparisons": list(selectors.comparison_list_visible_to(actor=request.user)[:5])}


def _kpis(request):
    return {"summary": kpi_summary(actor=request.user, year=timezone.localdate().year)}


register(
    HomeCard(
        "benchmarking.mine",
        "benchmarking/cards/mine.html",
        _mine,
        lambda u: bool(scope_for(u).org_ids(OrganizationKind.ENTERPRISE)),
        order=20,
        width=6,
    )
)
register(HomeCard("benchmarking.kpis", "benchmarking/cards/kpis.html", _kpis, is_bureau, order=20, width=6))
