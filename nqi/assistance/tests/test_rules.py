"""Housekeepers see their enterprises and visits; enterprises their own; bureau officers their jurisdiction."""

import datetime as dt

import pytest
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.assistance import selectors, services
from nqi.assistance.choices import VisitKind
from nqi.core.permissions import has_perm
from nqi.servicedesk.choices import ServiceDomain

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(circle, system, make_member, nanhu_officer, city_leader):
    visit = services.visit_record(
        actor=circle["users"][0],
        enterprise=circle["enterprise"],
        kind=VisitKind.TRAIN,
        visited_on=timezone.localdate() - dt.timedelta(days=1),
        housekeepers=[circle["keepers"][0]],
        findings="培训",
        problems=[{"domain": ServiceDomain.STANDARDS, "description": "标准过期"}],
    )
    return {
        "visit": visit,
        "problem": visit.problems.get(),
        "enterprise": circle["enterprise"],
        "users": {
            "paired_keeper": circle["users"][0],
            "other_keeper": circle["users"][1],
            "owner": circle["owner"],
            "nanhu_officer": nanhu_officer,
            "jiashan_officer": make_member(OrganizationKind.BUREAU, Role.OFFICER, "330421"),
            "city_leader": city_leader,
            "window": make_member(OrganizationKind.BUREAU, Role.WINDOW, "330400"),
        },
    }


MATRIX = [
    ("assistance.view_visit", "enterprise", {"paired_keeper", "owner", "nanhu_officer", "city_leader"}),
    ("assistance.record_visit", "enterprise", {"paired_keeper", "nanhu_officer"}),
    ("assistance.solve_problem", "problem", {"paired_keeper", "nanhu_officer"}),
    ("assistance.manage_pairing", "enterprise", {"nanhu_officer"}),
    ("assistance.view_metrics", None, {"nanhu_officer", "jiashan_officer", "city_leader"}),
    (
        "assistance.view_housekeeper",
        None,
        {
            "paired_keeper",
            "other_keeper",
            "owner",
            "nanhu_officer",
            "jiashan_officer",
            "city_leader",
            "window",
        },
    ),
]


@pytest.mark.parametrize(("permission", "target", "allowed"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(scene, permission, target, allowed):
    obj = {"enterprise": scene["enterprise"], "problem": scene["problem"], None: None}[target]
    granted = {name for name, user in scene["users"].items() if has_perm(user, permission, obj)}
    assert granted == allowed


def test_visit_and_problem_lists_follow_the_view_rule(scene):
    for name, user in scene["users"].items():
        allowed = has_perm(user, "assistance.view_visit", scene["enterprise"])
        assert selectors.visit_list_visible_to(actor=user).filter(pk=scene["visit"].pk).exists() == allowed, (
            name
        )
        assert (
            selectors.problem_list_visible_to(actor=user).filter(pk=scene["problem"].pk).exists() == allowed
        ), name


def test_a_housekeeper_who_joined_a_visit_sees_it(scene, circle, system):
    other = scene["users"]["other_keeper"]
    services.visit_record(
        actor=system,
        enterprise=circle["enterprise"],
        kind=VisitKind.TEST,
        visited_on=timezone.localdate(),
        housekeepers=[circle["keepers"][0], circle["keepers"][1]],
        findings="联合检测",
    )
    other.__dict__.pop("_nqi_hk_enterprises", None)
    assert selectors.visit_list_visible_to(actor=other).filter(enterprise=circle["enterprise"]).count() == 2
