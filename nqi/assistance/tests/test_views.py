"""Housekeeper pages and API: lists bounded, recording a visit, solving a problem, scope as 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nqi.accounts.services import apitoken_issue
from nqi.assistance import services
from nqi.assistance.choices import ProblemStatus, VisitKind
from nqi.assistance.models import Problem, Visit
from nqi.servicedesk.choices import ServiceDomain

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def visit(circle):
    return services.visit_record(
        actor=circle["users"][0],
        enterprise=circle["enterprise"],
        kind=VisitKind.DIAGNOSE,
        visited_on=TODAY - dt.timedelta(days=2),
        housekeepers=[circle["keepers"][0]],
        findings="诊断",
        problems=[{"domain": ServiceDomain.TESTING, "description": "检验项目不全"}],
    )


@pytest.mark.parametrize("name", ["housekeeper_list", "visit_list", "problem_list"])
def test_lists_render_bounded_with_export(
    client, circle, visit, name, django_assert_max_num_queries, city_officer
):
    client.force_login(city_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"assistance:{name}"))
    assert response.status_code == 200
    assert client.get(reverse(f"assistance:{name}"), {"export": "csv"}).status_code == 200
    partial = client.get(reverse(f"assistance:{name}"), HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content


def test_housekeeper_records_a_visit_through_the_form(client, circle):
    client.force_login(circle["users"][0])
    url = reverse("assistance:visit_create")
    assert client.get(url, {"enterprise": circle["enterprise"].pk}).status_code == 200
    data = {
        "enterprise": circle["enterprise"].pk,
        "kind": VisitKind.TRAIN,
        "visited_on": TODAY.isoformat(),
        "housekeepers": [circle["keepers"][0].pk],
        "findings": "",
        "problem_1_domain": ServiceDomain.STANDARDS,
        "problem_1_description": "标准过期",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422 and Visit.objects.count() == 0
    done = client.post(url, {**data, "findings": "开展标准化培训"})
    assert done.status_code == 302 and Problem.objects.get().description == "标准过期"


def test_solve_from_the_visit_page(client, circle, visit):
    problem = visit.problems.get()
    client.force_login(circle["users"][0])
    page = client.get(reverse("assistance:visit_detail", args=[visit.pk]))
    assert b"data-problem" in page.content
    url = reverse("assistance:problem_transition", args=[problem.pk])
    client.post(url, {"name": "solve", "solution": ""}, follow=True)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    client.post(
        url, {"name": "solve", "solution": "已补齐项目", "solved_on": TODAY.isoformat(), "version": 1}
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.SOLVED


def test_other_housekeeper_gets_404(client, circle, visit):
    client.force_login(circle["users"][1])
    assert client.get(reverse("assistance:visit_detail", args=[visit.pk])).status_code == 404


def test_profile_section_and_housekeeper_card(client, circle, visit, nanhu_officer):
    client.force_login(nanhu_officer)
    page = client.get(reverse("enterprises:enterprise_detail", args=[circle["enterprise"].pk]))
    assert b'data-testid="assistance-figures"' in page.content
    client.force_login(circle["users"][0])
    assert b"assistance-mine" in client.get(reverse("core:home")).content


def test_api_record_visit_and_solve(client, circle):
    user = circle["users"][0]
    _token, plain = apitoken_issue(actor=user, user=user, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    payload = {
        "enterprise_id": circle["enterprise"].pk,
        "kind": "tackle",
        "visited_on": TODAY.isoformat(),
        "housekeeper_ids": [circle["keepers"][0].pk],
        "findings": "攻关",
        "problems": [{"domain": "testing", "description": "噪声超标"}],
    }
    created = client.post("/api/v1/assistance/visits", payload, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["problem_count"] == 1
    problem = Problem.objects.get()
    refused = client.post(
        f"/api/v1/assistance/problems/{problem.pk}/transitions",
        {"name": "solve"},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422 and refused.json()["field"] == "solution"
    solved = client.post(
        f"/api/v1/assistance/problems/{problem.pk}/transitions",
        {"name": "solve", "solution": "更换轴承"},
        content_type="application/json",
        **headers,
    )
    assert solved.json()["status"] == "solved"
    assert client.get("/api/v1/assistance/problems", **headers).json()["count"] == 1


def test_a_housekeeper_opens_the_profile_of_an_enterprise_they_work_with(client, circle, visit, system):
    """双管家: the housekeeper reads the enterprise's 360° profile (granted by the assistance app);
    a housekeeper without a pairing or visit there gets the same 404 as for a missing enterprise."""
    from nqi.enterprises.tests.factories import make_enterprise

    url = reverse("enterprises:enterprise_detail", args=[circle["enterprise"].pk])
    client.force_login(circle["users"][0])
    page = client.get(url)
    assert page.status_code == 200 and circle["enterprise"].name.encode() in page.content
    other = make_enterprise(system, "330402", name="嘉兴无关联机械有限公司")
    assert client.get(reverse("enterprises:enterprise_detail", args=[other.pk])).status_code == 404
    assert other.name.encode() not in client.get(reverse("enterprises:enterprise_list")).content
    client.force_login(circle["users"][1])
    assert client.get(url).status_code == 404
