"""KPIs: standards in the catalog, standard systems, key projects by status."""

import datetime as dt

import pytest

from nqi.core.metrics import KpiFilter, get_kpi
from nqi.standards import services
from nqi.standards.tests.factories import import_rows, row

pytestmark = pytest.mark.django_db


def test_kpis(system, firm, city_officer):
    import_rows(system, [row("GB 1-2020", published="2020-05-01"), row("GB 2-2030", published="2030-01-01")])
    services.standardsystem_create(actor=system, name="体系")
    services.keyproject_create(
        actor=system,
        data={
            "code": "P1",
            "name": "n",
            "lead_enterprise": firm["enterprise"],
            "target_title": "t",
            "started_on": dt.date(2026, 2, 1),
        },
    )
    year = KpiFilter(year=2026)
    assert get_kpi("standards.catalog").value(actor=city_officer, filters=year) == 1
    assert get_kpi("standards.systems").value(actor=city_officer, filters=year) == 1
    projects = get_kpi("standards.key_projects")
    assert projects.value(actor=city_officer, filters=year) == 1
    assert [s.label for s in projects.slices(actor=city_officer, filters=year)] == ["申报"]
    assert projects.value(actor=city_officer, filters=KpiFilter(year=2025)) == 0
