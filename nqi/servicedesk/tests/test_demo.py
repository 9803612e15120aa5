"""The demo builders at a small scale: the figures the source report claims come out of the records."""

import pytest
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from nqi.core import demo

pytestmark = pytest.mark.django_db

NEEDED = (
    "accounts",
    "enterprises",
    "enterprise_accounts",
    "institutions",
    "institution_accounts",
    "servicedesk",
    "assistance",
)


def test_demo_city_figures(system, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    autodiscover_modules("demo")
    context = demo.DemoContext(actor=system, scale=0.05, log=lambda *a: None)
    for builder in demo.builders():
        if builder.key in NEEDED:
            builder.build(context)
    from nqi.assistance import selectors as assistance
    from nqi.servicedesk.models import Platform, ServiceRequest
    from nqi.servicedesk.selectors import kpis

    year = timezone.localdate().year
    assert Platform.objects.count() == 17
    assert kpis.kpi_enterprises_served(actor=system, year=year) == int(1694 * 0.05)
    assert ServiceRequest.objects.filter(
        enterprise=context.made["demo_enterprise"], status="submitted"
    ).exists()
    assert assistance.kpi_housekeepers(actor=system, year=year) == int(159 * 0.05)
    assert (
        0 < assistance.kpi_problems(actor=system, year=year)["solved"] <= int(396 * 0.05)
    )  # 396 at full scale
    assert sum(r["n"] for r in assistance.kpi_visits_by_kind(actor=system, year=year)) == int(236 * 0.05)
