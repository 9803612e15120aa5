"""Enterprise KPIs: figures per year, region and featured industry, scoped to the actor; the metrics page
and its drill-down agree with the figures."""

import io

import openpyxl
import pytest
from django.urls import reverse

from nqi.core.metrics import KpiFilter, get_kpi
from nqi.enterprises.tests.factories import make_enterprise
from nqi.industries.models import FeaturedIndustry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system):
    featured = list(FeaturedIndustry.objects.order_by("pk")[:2])
    made = {
        "nanhu_2024": [make_enterprise(system, "330402", founded_on="2024-03-01") for _ in range(3)],
        "nanhu_2024_featured": [
            make_enterprise(system, "330402", founded_on="2024-12-31", featured_industry=str(featured[0].pk))
        ],
        "nanhu_2020": [
            make_enterprise(system, "330402", founded_on="2020-06-01", featured_industry=str(featured[1].pk))
        ],
        "jiashan_2024": [
            make_enterprise(system, "330421", founded_on="2024-01-01", featured_industry=str(featured[0].pk))
            for _ in range(2)
        ],
        "unknown_founding": [make_enterprise(system, "330421", founded_on="")],
    }
    return {"featured": featured, **made}


def value(key, actor, year, **filters):
    return get_kpi(key).value(actor=actor, filters=KpiFilter(year, **filters))


@pytest.mark.parametrize(
    ("key", "year", "filters", "city", "nanhu"),
    [
        ("enterprises.registered", 2024, {}, 6, 4),
        ("enterprises.registered", 2023, {}, 0, 0),
        ("enterprises.registered", 2020, {}, 1, 1),
        ("enterprises.registered", 2024, {"region": "330421"}, 2, 0),
        ("enterprises.total", 2024, {}, 7, 5),  # the firm with no founding date counts from its entry year
        ("enterprises.total", 2021, {}, 1, 1),
        ("enterprises.total", 2099, {}, 8, 5),
        ("enterprises.featured_industry", 2024, {}, 4, 2),
        ("enterprises.featured_industry", 2019, {}, 0, 0),
    ],
)
def test_figures_are_scoped_to_the_actor(world, city_officer, nanhu_officer, key, year, filters, city, nanhu):
    assert value(key, city_officer, year, **filters) == city
    assert value(key, nanhu_officer, year, **filters) == nanhu


def test_industry_filter_and_breakdown(world, city_officer):
    first, second = world["featured"]
    assert value("enterprises.registered", city_officer, 2024, industry=first.pk) == 3
    slices = get_kpi("enterprises.featured_industry").slices(actor=city_officer, filters=KpiFilter(2024))
    assert [(s.value, s.filters) for s in slices] == [
        (3, {"industry": first.pk}),
        (1, {"industry": second.pk}),
    ]
    assert first.name in slices[0].label


def test_records_agree_with_the_figures(world, nanhu_officer):
    for key in ("enterprises.registered", "enterprises.total", "enterprises.featured_industry"):
        kpi = get_kpi(key)
        filters = KpiFilter(2024)
        assert kpi.record_list(actor=nanhu_officer, filters=filters).count() == kpi.value(
            actor=nanhu_officer, filters=filters
        )


def test_metrics_page(client, world, city_officer, django_assert_max_num_queries):
    from nqi.core import metrics

    client.force_login(city_officer)
    # Every app adds KPIs to this page: the budget is a fixed overhead plus at most two queries per KPI.
    with django_assert_max_num_queries(12 + 2 * len(metrics.all_kpis())):
        response = client.get(reverse("core:metric_list"), {"year": 2024})
    assert response.status_code == 200
    rows = {r["kpi"].key: r for r in response.context["rows"]}
    assert rows["enterprises.registered"]["value"] == 6
    assert "year=2024" in rows["enterprises.registered"]["url"]
    assert len(rows["enterprises.featured_industry"]["slices"]) == 2
    partial = client.get(
        reverse("core:metric_list"), {"year": 2024, "region": "330421"}, HTTP_HX_REQUEST="true"
    )
    body = partial.content.decode()
    assert "<html" not in body and 'data-kpi="enterprises.registered"' in body
    scoped = client.get(reverse("core:metric_list"), {"year": 2024, "region": "330421"})
    assert {r["kpi"].key: r["value"] for r in scoped.context["rows"]}["enterprises.registered"] == 2


def test_drill_down_pages_and_exports(client, world, nanhu_officer):
    client.force_login(nanhu_officer)
    url = reverse("core:metric_records", args=["enterprises.registered"])
    response = client.get(url, {"year": 2024, "page_size": 2})
    assert response.context["value"] == 4 and len(response.context["rows"]) == 2
    assert response.context["rows"][0]["url"].startswith("/enterprises/")
    xlsx = client.get(url, {"year": 2024, "export": "xlsx"})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == 1 + 4
    featured = client.get(url, {"year": 2024, "industry": world["featured"][0].pk})
    assert featured.context["value"] == 1


def test_who_may_see_metrics(client, world, make_member):
    from nqi.accounts.choices import OrganizationKind, Role

    client.force_login(make_member(OrganizationKind.ENTERPRISE, Role.OWNER))
    assert client.get(reverse("core:metric_list")).status_code == 403
    assert client.get(reverse("core:metric_records", args=["enterprises.total"])).status_code == 403
    client.force_login(make_member(OrganizationKind.BUREAU, Role.LEADER, "330400"))
    assert client.get(reverse("core:metric_list")).status_code == 200
    assert client.get(reverse("core:metric_records", args=["nope.nothing"])).status_code == 404


def test_a_bad_filter_value_falls_back_without_losing_the_others(client, world, city_officer):
    client.force_login(city_officer)
    response = client.get(reverse("core:metric_list"), {"year": 2020, "region": "999999", "industry": "x"})
    assert response.status_code == 200
    assert response.context["filters"] == KpiFilter(2020)
    assert {r["kpi"].key: r["value"] for r in response.context["rows"]}["enterprises.registered"] == 1
