"""Role × permission × relation matrix of spot checks (plans, tasks, labs, enterprises)."""

import pytest

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.permissions import has_perm
from nqi.spotchecks import services
from nqi.spotchecks.models import Task
from nqi.spotchecks.tests.factories import make_city, make_inspectors, make_lab, make_plan

pytestmark = pytest.mark.django_db
B, LAB, E = OrganizationKind.BUREAU, OrganizationKind.INSTITUTION, OrganizationKind.ENTERPRISE


@pytest.fixture
def task(city_officer, make_member):
    make_city(city_officer, producers=3)
    lab_user = make_member(LAB, Role.ANALYST)
    make_lab(city_officer, organization=lab_user.memberships.first().organization)
    inspectors = make_inspectors(make_member, n=2)
    plan = make_plan(
        city_officer, city_officer.memberships.first().organization, items=(("JXPC-01", "production", 1),)
    )
    services.plan_draw(actor=city_officer, plan=plan, seed="rules")
    task = Task.objects.select_related("county", "enterprise", "lab", "plan__organizer__jurisdiction").get(
        plan=plan
    )
    return {"task": task, "lab_user": lab_user, "inspectors": inspectors, "plan": plan}


def _user(make_member, who, world):
    if who == "drawn_inspector":
        return world["inspectors"][0]
    if who == "lab":
        return world["lab_user"]
    kind, role, jurisdiction = who
    return make_member(kind, role, jurisdiction)


def _county(world):
    return world["task"].county_id


MATRIX = [
    ("drawn_inspector", "spotchecks.sample_task", True),
    ((B, Role.INSPECTOR, "330400"), "spotchecks.sample_task", False),  # not drawn for it
    ("lab", "spotchecks.test_task", True),
    ("lab", "spotchecks.sample_task", False),
    ("lab", "spotchecks.view_task", True),
    ("lab", "spotchecks.notify_task", False),
    ((B, Role.OFFICER, "330400"), "spotchecks.notify_task", True),
    ((B, Role.OFFICER, "330400"), "spotchecks.aftertreat_task", True),
    ((B, Role.OFFICER, "330400"), "spotchecks.test_task", False),
    ((B, Role.LEADER, "330400"), "spotchecks.view_task", True),
    ((B, Role.LEADER, "330400"), "spotchecks.notify_task", False),
    ((B, Role.OFFICER, "330400"), "spotchecks.publish_task", True),
    ((E, Role.OWNER, None), "spotchecks.view_task", False),  # not its enterprise
    ((E, Role.OWNER, None), "spotchecks.object_task", False),
]


@pytest.mark.parametrize(("who", "permission", "expected"), MATRIX)
def test_task_matrix(make_member, task, who, permission, expected):
    assert has_perm(_user(make_member, who, task), permission, task["task"]) is expected


def test_enterprise_owner_objects_and_rectifies_its_own(make_member, task, system):
    from nqi.enterprises.services import enterprise_link_organization

    owner = make_member(E, Role.OWNER)
    staff_org = owner.memberships.first().organization
    enterprise_link_organization(actor=system, enterprise=task["task"].enterprise, organization=staff_org)
    t = Task.objects.select_related("county", "enterprise", "lab").get(pk=task["task"].pk)
    assert has_perm(owner, "spotchecks.view_task", t)
    assert has_perm(owner, "spotchecks.object_task", t)
    assert has_perm(owner, "spotchecks.rectify_task", t)
    assert not has_perm(owner, "spotchecks.notify_task", t)


def test_other_district_officer_has_no_task_rights(make_member, task):
    other = "330424" if task["task"].county_id != "330424" else "330421"
    officer = make_member(B, Role.OFFICER, other)
    for permission in ("spotchecks.view_task", "spotchecks.notify_task", "spotchecks.sample_task"):
        assert not has_perm(officer, permission, task["task"])


@pytest.mark.parametrize(("jurisdiction", "expected"), [("330400", True), ("330402", False)])
def test_plan_management_follows_the_organiser(make_member, task, jurisdiction, expected):
    officer = make_member(B, Role.OFFICER, jurisdiction)
    assert has_perm(officer, "spotchecks.draw_plan", task["plan"]) is expected
