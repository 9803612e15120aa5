"""Spot-check pages: plan → draw → task steps through the pages, boards, public page, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.spotchecks import services
from nqi.spotchecks.models import Plan, Task
from nqi.spotchecks.tests.factories import make_city, make_inspectors, make_lab

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(city_officer, make_member):
    make_city(city_officer)
    analyst = make_member(OrganizationKind.INSTITUTION, Role.ANALYST)
    make_lab(city_officer, organization=analyst.memberships.first().organization)
    inspectors = make_inspectors(make_member, n=2)
    return {"analyst": analyst, "inspectors": inspectors}


def _plan_through_pages(client, city_officer, quota=2, seed="page-seed"):
    client.force_login(city_officer)
    response = client.post(
        reverse("spotchecks:plan_create"),
        {"name": "2026 年第四季度童车抽查", "year": timezone.localdate().year, "quarter": 4, "level": "city"},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    client.post(reverse("spotchecks:plan_items", args=[plan.pk]), {"lines": f"JXPC-01, production, {quota}"})
    client.post(reverse("spotchecks:plan_transition", args=[plan.pk, "draw"]), {"seed": seed, "version": 1})
    plan.refresh_from_db()
    return plan


def test_plan_draw_through_pages_and_verify(client, city_officer, setup):
    plan = _plan_through_pages(client, city_officer)
    assert plan.status == "drawn" and plan.seed == "page-seed"
    page = client.get(reverse("spotchecks:plan_detail", args=[plan.pk]), {"verify": 1}).content.decode()
    assert 'data-testid="verification"' in page and "alert-success" in page
    assert page.count('data-task="') == 2


def test_infeasible_draw_shows_the_reason(client, city_officer, setup):
    plan = _plan_through_pages(client, city_officer, quota=500)
    assert plan.status == "draft"
    page = client.get(reverse("spotchecks:plan_detail", args=[plan.pk])).content.decode()
    assert "超过可抽对象" in page


def test_task_steps_through_pages(client, city_officer, setup):
    plan = _plan_through_pages(client, city_officer, quota=1)
    task = Task.objects.get(plan=plan)
    inspector = task.inspectors.first().inspector
    client.force_login(inspector)
    board = client.get(reverse("spotchecks:task_list"), {"board": "inspector"}).content.decode()
    assert f'data-task="{task.pk}"' in board
    photo = SimpleUploadedFile("seal.jpg", b"\xff\xd8\xff\xe0" + b"1" * 64, content_type="image/jpeg")
    client.post(
        reverse("spotchecks:task_action", args=[task.pk, "record_sampling"]),
        {"sampled_on": timezone.localdate().isoformat(), "product_name": "婴儿推车", "batch_number": "B1",
         "quantity_test": 2, "quantity_backup": 2, "unit": "台", "price_paid": "999.00", "seal_number": "S1",
         "photos": photo, "version": task.version},
    )  # fmt: skip
    task.refresh_from_db()
    assert task.status == "sampled" and task.photos.count() == 1
    client.force_login(setup["analyst"])
    assert (
        f'data-task="{task.pk}"'
        in client.get(reverse("spotchecks:task_list"), {"board": "lab"}).content.decode()
    )
    client.post(reverse("spotchecks:task_action", args=[task.pk, "receive_sample"]))
    data = {f"clause_{n}": "GB 14748—2006 4.1" for n in range(len(task.category.test_items))}
    data |= {f"verdict_{n}": "pass" for n in range(len(task.category.test_items))}
    data["verdict_0"] = "fail"
    client.post(reverse("spotchecks:task_action", args=[task.pk, "submit_results"]), data)
    task.refresh_from_db()
    assert task.status == "result_ready" and task.verdict == "unqualified"
    client.force_login(city_officer)
    client.post(reverse("spotchecks:task_action", args=[task.pk, "notify"]), {})
    page = client.get(reverse("spotchecks:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="objection-due"' in page and 'data-transition="object"' in page


def test_public_page_needs_no_login_and_shows_only_published(client, city_officer, setup):
    plan = _plan_through_pages(client, city_officer, quota=2)
    tasks = list(Task.objects.filter(plan=plan))
    services.task_record_refusal(actor=city_officer, task=tasks[0], reason="负责人拒绝抽样")
    services.task_publish(actor=city_officer, task=tasks[0])
    client.logout()
    page = client.get(reverse("spotchecks:public_results")).content.decode()
    assert tasks[0].enterprise.name in page and tasks[1].enterprise.name not in page
    public_plan = client.get(
        reverse("spotchecks:public_plan", args=[plan.pk]), {"verify": 1}
    ).content.decode()
    assert plan.seed in public_plan and "alert-success" in public_plan
    assert client.get(reverse("spotchecks:public_plan_inputs", args=[plan.pk])).status_code == 200
    assert client.get(reverse("spotchecks:task_list")).status_code == 302  # boards need sign-in


@pytest.mark.parametrize(
    "name", ["spotchecks:plan_list", "spotchecks:task_list", "spotchecks:public_results"]
)
def test_list_query_counts(client, city_officer, setup, name, django_assert_max_num_queries):
    _plan_through_pages(client, city_officer, quota=3)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200


def test_other_district_cannot_open_task(client, city_officer, setup, make_member):
    plan = _plan_through_pages(client, city_officer, quota=1)
    task = Task.objects.get(plan=plan)
    other = "330424" if task.county_id != "330424" else "330421"
    client.force_login(make_member(OrganizationKind.BUREAU, Role.OFFICER, other))
    assert client.get(reverse("spotchecks:task_detail", args=[task.pk])).status_code == 404


def test_home_cards_for_inspector_and_lab(client, city_officer, setup):
    plan = _plan_through_pages(client, city_officer, quota=1)
    task = Task.objects.get(plan=plan)
    client.force_login(task.inspectors.first().inspector)
    assert 'data-card="spotchecks-inspector"' in client.get(reverse("core:home")).content.decode()
    client.force_login(setup["analyst"])
    assert 'data-card="spotchecks-lab"' in client.get(reverse("core:home")).content.decode()
