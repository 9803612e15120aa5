"""Industry standard systems (built by experts in the UI) and key standard projects (workflow)."""

import datetime as dt

import pytest
from django.urls import reverse

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.errors import DomainError, PermissionDenied, ValidationFailed
from nqi.core.models import StatusChange
from nqi.standards import selectors, services
from nqi.standards.choices import KeyProjectStatus
from nqi.standards.models import KeyStandardProject, SystemEntry
from nqi.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(make_member):
    return make_member(OrganizationKind.EXPERT_PANEL, Role.EVALUATOR)


def test_an_expert_builds_a_system_tree_in_the_ui(client, system, expert):
    standard = make_standard(system, "GB/T 25659.1-2010", title_zh="简式数控卧式车床 第1部分：精度检验")
    client.force_login(expert)
    response = client.post(reverse("standards:standardsystem_create"), {"name": "数控机床产业标准体系"})
    system_pk = int(response["Location"].rstrip("/").split("/")[-1])
    edit = reverse("standards:standardsystem_edit", args=[system_pk])
    client.post(edit, {"action": "add_category", "name": "基础通用", "code": "100"})
    top = selectors.standardsystem_tree(selectors.standardsystem_get_for(actor=expert, pk=system_pk))[0][
        "category"
    ]
    client.post(edit, {"action": "add_category", "name": "精度", "code": "110", "parent": top.pk})
    client.post(edit, {"action": "add_entry", "category": top.pk, "number": "gb/t 25659.1—2010"})
    client.post(edit, {"action": "add_entry", "category": top.pk, "planned_title": "五轴加工中心 精度分级"})
    client.post(edit, {"action": "add_entry", "category": top.pk, "number": "GB 1-1900"})  # not in catalog
    tree = selectors.standardsystem_tree(selectors.standardsystem_get_for(actor=expert, pk=system_pk))
    assert [e.standard_id for e in tree[0]["entries"]] == [standard.pk, None]
    assert tree[0]["children"][0]["category"].name == "精度"
    page = client.get(reverse("standards:standardsystem_detail", args=[system_pk])).content.decode()
    assert "GB/T 25659.1—2010" in page and "待制定" in page
    entry = SystemEntry.objects.get(planned_title="五轴加工中心 精度分级")
    client.post(edit, {"action": "remove_entry", "id": entry.pk})
    assert not SystemEntry.objects.filter(pk=entry.pk).exists()


def test_enterprise_users_cannot_edit_systems(system, firm):
    standard_system = services.standardsystem_create(actor=system, name="体系")
    with pytest.raises(PermissionDenied):
        services.systemcategory_add(actor=firm["owner"], system=standard_system, name="x")
    with pytest.raises(ValidationFailed):
        services.systemcategory_add(actor=system, system=standard_system, name="  ")


def test_key_project_moves_through_the_drafting_stages(system, firm, city_officer):
    project = services.keyproject_create(
        actor=city_officer,
        data={
            "code": "JXBZ-1",
            "name": "电动童车电池安全 标准研制",
            "lead_enterprise": firm["enterprise"],
            "target_title": "电动童车 电池安全技术要求",
            "started_on": dt.date(2026, 3, 1),
        },
    )
    with pytest.raises(PermissionDenied):  # the lead enterprise cannot approve its own project
        services.keyproject_transition(actor=firm["owner"], project=project, name="approve")
    services.keyproject_transition(actor=city_officer, project=project, name="approve")
    for name in ("start_drafting", "consult", "submit_review"):
        project = services.keyproject_transition(actor=firm["owner"], project=project, name=name)
    project = services.keyproject_transition(actor=city_officer, project=project, name="submit_approval")
    with pytest.raises(DomainError):  # publishing needs the published standard
        services.keyproject_transition(actor=city_officer, project=project, name="publish")
    published = make_standard(system, "T/ZZB 9999-2026", title_zh="电动童车 电池安全技术要求")
    project = services.keyproject_transition(
        actor=city_officer, project=project, name="publish", standard=published
    )
    assert project.status == KeyProjectStatus.PUBLISHED and project.standard == published
    assert (
        StatusChange.objects.filter(workflow="key_standard_project", target_id=str(project.pk)).count() == 6
    )
    milestone = services.keyproject_add_milestone(
        actor=firm["owner"], project=project, name="报批", due_on=dt.date(2026, 9, 1)
    )
    assert services.keyproject_complete_milestone(actor=firm["owner"], milestone=milestone).done_on


def test_project_visibility(system, firm, make_member, city_officer):
    services.keyproject_create(
        actor=city_officer,
        data={
            "code": "JXBZ-2",
            "name": "项目",
            "lead_enterprise": firm["enterprise"],
            "target_title": "标准",
        },
    )
    other = make_member(OrganizationKind.ENTERPRISE, Role.OWNER)
    assert selectors.keyproject_list_visible_to(actor=firm["owner"]).count() == 1
    assert selectors.keyproject_list_visible_to(actor=city_officer).count() == 1
    assert selectors.keyproject_list_visible_to(actor=other).count() == 0


def test_project_pages(client, firm, city_officer):
    client.force_login(city_officer)
    response = client.post(
        reverse("standards:keyproject_create"),
        {
            "code": "JXBZ-3",
            "name": "项目三",
            "lead_uscc": firm["enterprise"].uscc,
            "target_family": "group",
            "target_title": "某团体标准",
        },
    )
    project = KeyStandardProject.objects.get(code="JXBZ-3")
    assert response.status_code == 302
    client.post(
        reverse("standards:keyproject_action", args=[project.pk]),
        {"action": "transition", "name": "approve", "version": project.version},
    )
    project.refresh_from_db()
    assert project.status == KeyProjectStatus.APPROVED
    page = client.get(reverse("standards:keyproject_detail", args=[project.pk])).content.decode()
    assert "开始起草" in page
    assert client.get(reverse("standards:keyproject_list"), {"status": "approved"}).status_code == 200
    bad = client.post(
        reverse("standards:keyproject_create"),
        {"code": "X", "name": "n", "lead_uscc": "123", "target_family": "group", "target_title": "t"},
    )
    assert bad.status_code == 422
