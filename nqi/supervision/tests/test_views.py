"""Supervision pages: permissions, content, query counts, export, policy publishing."""

import pytest
from django.urls import reverse

from nqi.accounts.choices import OrganizationKind, Role
from nqi.supervision import services
from nqi.supervision.models import Policy
from nqi.supervision.tests.factories import category, days_ago, make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(city_officer):
    firms = [make_producer(city_officer, code) for code in ("330402", "330402", "330421")]
    services.qualityevent_record(
        actor=city_officer,
        enterprise=firms[0],
        kind="spotcheck_fail",
        occurred_on=days_ago(3),
        category=category(),
        source_ref="t:1",
        regrade=False,
    )
    services.city_regrade(actor=city_officer)
    return firms


def test_map_shows_county_colours_and_matrix(client, city_officer, graded):
    client.force_login(city_officer)
    response = client.get(reverse("supervision:supervision_map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-county="330402"' in html and 'data-colour="green"' in html
    assert "tiles-data" in html and "echarts.min.js" in html


@pytest.mark.parametrize(
    "name", ["supervision:enterprisegrade_list", "supervision:category_list", "supervision:policy_list"]
)
def test_lists_render_and_count_queries(client, city_officer, graded, name, django_assert_max_num_queries):
    client.force_login(city_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_grade_list_filters_and_exports(client, city_officer, graded):
    client.force_login(city_officer)
    response = client.get(reverse("supervision:enterprisegrade_list"), {"grade_class": "B"})
    assert graded[0].name in response.content.decode() and graded[1].name not in response.content.decode()
    export = client.get(reverse("supervision:enterprisegrade_list"), {"export": "csv"})
    assert export.status_code == 200 and graded[2].uscc in b"".join(export.streaming_content).decode(
        "utf-8-sig"
    )


def test_grade_detail_explains_factors(client, city_officer, graded):
    client.force_login(city_officer)
    response = client.get(reverse("supervision:enterprisegrade_detail", args=[graded[0].pk]))
    html = response.content.decode()
    assert 'data-factor="spotcheck"' in html and "-15.0" in html and 'data-testid="grade-class">B<' in html


def test_enterprise_owner_sees_own_grade_only(client, city_officer, graded, make_member, system):
    from nqi.accounts import services as accounts
    from nqi.enterprises.services import enterprise_link_organization

    owner = make_member(OrganizationKind.ENTERPRISE, Role.OWNER)
    enterprise_link_organization(
        actor=system, enterprise=graded[0], organization=owner.memberships.first().organization
    )
    assert accounts  # accounts services used through make_member
    client.force_login(owner)
    assert client.get(reverse("supervision:enterprisegrade_detail", args=[graded[0].pk])).status_code == 200
    assert client.get(reverse("supervision:enterprisegrade_detail", args=[graded[1].pk])).status_code == 404
    assert client.get(reverse("supervision:supervision_map")).status_code == 403
    profile = client.get(reverse("enterprises:enterprise_detail", args=[graded[0].pk])).content.decode()
    assert 'data-section="supervision"' in profile and 'data-class="B"' in profile


def test_policy_publish_via_page(client, city_officer, nanhu_officer):
    import datetime as dt
    import json

    from django.utils import timezone

    params = Policy.objects.get(domain="grading", version=1).params
    data = {
        "domain": "grading",
        "effective_from": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "params": json.dumps(params),
        "note": "季度调整",
    }
    client.force_login(nanhu_officer)
    assert client.post(reverse("supervision:policy_list"), data).status_code == 403
    client.force_login(city_officer)
    response = client.post(reverse("supervision:policy_list"), data)
    assert response.status_code == 302 and Policy.objects.filter(domain="grading", version=2).exists()
    params["county_colour"]["red"] = 0.001
    bad = client.post(reverse("supervision:policy_list"), {**data, "params": json.dumps(params)})
    assert bad.status_code == 422 and "county_colour" in bad.content.decode()


def test_regrade_button_starts_job_that_regrades_the_city(client, city_officer, graded):
    from nqi.jobs.models import Job
    from nqi.jobs.runner import job_execute
    from nqi.supervision.models import GradingRun

    client.force_login(city_officer)
    response = client.post(reverse("supervision:regrade_start"))
    job = Job.objects.get(kind="supervision.regrade_city")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job_execute(job_id=job.pk) == "succeeded"
    job.refresh_from_db()
    run = GradingRun.objects.get(pk=job.result["run"])
    assert run.trigger == "city" and run.total == len(graded) and job.progress_done == len(graded)


def test_regrade_command_prints_progress(city_officer, graded, capsys):
    from django.core.management import call_command

    call_command("regrade")
    out = capsys.readouterr().out
    assert "3/3" in out and "regraded 3 enterprises under" in out


def test_district_officer_cannot_start_city_regrade(client, nanhu_officer):
    client.force_login(nanhu_officer)
    assert client.post(reverse("supervision:regrade_start")).status_code == 403
