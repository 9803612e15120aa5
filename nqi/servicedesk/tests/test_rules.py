"""Role × action × relation matrix of the one-stop window, for the rules and for the selectors."""

import pytest

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.permissions import has_perm
from nqi.servicedesk.selectors.requests import (
    servicerequest_list_visible_to,
    servicetask_list_visible_to,
)
from nqi.servicedesk.tests.factories import Desk
from nqi.servicedesk.tests.test_requests import routed

pytestmark = pytest.mark.django_db

ACTORS = [
    "owner",
    "other_owner",
    "clerk",
    "manager",
    "other_clerk",
    "lab_user",
    "standards_user",
    "outsider_user",
    "nanhu_officer",
    "jiashan_officer",
    "city_leader",
    "housekeeper",
]


@pytest.fixture
def world(desk, system, make_member, nanhu_officer, city_leader):
    other = Desk(system, make_member, region="330421")
    request = routed(desk)
    return {
        "desk": desk,
        "request": request,
        "lab_task": request.tasks.get(provider=desk.lab),
        "users": {
            "owner": desk.owner,
            "other_owner": other.owner,
            "clerk": desk.clerk,
            "manager": desk.manager,
            "other_clerk": other.clerk,
            "lab_user": desk.lab_user,
            "standards_user": desk.standards_user,
            "outsider_user": desk.outsider_user,
            "nanhu_officer": nanhu_officer,
            "jiashan_officer": make_member(OrganizationKind.BUREAU, Role.OFFICER, "330421"),
            "city_leader": city_leader,
            "housekeeper": make_member(OrganizationKind.EXPERT_PANEL, Role.HOUSEKEEPER),
        },
    }


# permission, object ("request", "lab_task", "platform", "enterprise", None), actors allowed
MATRIX = [
    (
        "servicedesk.view_servicerequest",
        "request",
        {"owner", "clerk", "manager", "lab_user", "standards_user", "nanhu_officer", "city_leader"},
    ),
    ("servicedesk.accept_servicerequest", "request", {"clerk", "manager"}),
    ("servicedesk.route_servicerequest", "request", {"clerk", "manager"}),
    ("servicedesk.close_servicerequest", "request", {"clerk", "manager"}),
    ("servicedesk.withdraw_servicerequest", "request", {"owner"}),
    ("servicedesk.resubmit_servicerequest", "request", {"owner"}),
    ("servicedesk.rate_servicerequest", "request", {"owner"}),
    ("servicedesk.answer_followup", "request", {"owner", "clerk", "manager"}),
    ("servicedesk.work_servicetask", "lab_task", {"lab_user"}),
    ("servicedesk.reply_servicetask", "lab_task", {"owner"}),
    ("servicedesk.cancel_servicetask", "lab_task", {"clerk", "manager"}),
    ("servicedesk.submit_servicerequest", "enterprise", {"owner"}),
    ("servicedesk.manage_document", "enterprise", {"owner"}),
    ("servicedesk.register_servicerequest", "platform", {"clerk", "manager"}),
    ("servicedesk.manage_platform", "platform", {"nanhu_officer"}),
    (
        "servicedesk.view_sla",
        None,
        {
            "clerk",
            "manager",
            "other_clerk",
            "lab_user",
            "standards_user",
            "outsider_user",
            "nanhu_officer",
            "jiashan_officer",
            "city_leader",
        },
    ),
    ("servicedesk.view_metrics", None, {"nanhu_officer", "jiashan_officer", "city_leader"}),
    ("servicedesk.manage_policy", None, set()),  # district officers and leaders may not; see test_views
    (
        "servicedesk.export_servicerequest",
        None,
        {"clerk", "manager", "other_clerk", "nanhu_officer", "jiashan_officer", "city_leader"},
    ),
]


@pytest.mark.parametrize(("permission", "target", "allowed"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(world, permission, target, allowed):
    objects = {
        "request": world["request"],
        "lab_task": world["lab_task"],
        "platform": world["desk"].platform,
        "enterprise": world["desk"].enterprise,
        None: None,
    }
    answers = {name: has_perm(user, permission, objects[target]) for name, user in world["users"].items()}
    assert {name for name, ok in answers.items() if ok} == allowed


def test_request_list_matches_view_permission(world):
    """The selector and the rule agree: whoever may view the request finds it in their list, nobody else."""
    request = world["request"]
    for name, user in world["users"].items():
        listed = servicerequest_list_visible_to(actor=user).filter(pk=request.pk).exists()
        assert listed == has_perm(user, "servicedesk.view_servicerequest", request), name


@pytest.mark.parametrize(
    ("actor", "providers"),
    [
        ("lab_user", {"lab"}),
        ("standards_user", {"standards"}),
        ("outsider_user", set()),
        ("owner", {"lab", "standards"}),
        ("clerk", {"lab", "standards"}),
        ("other_clerk", set()),
        ("nanhu_officer", {"lab", "standards"}),
        ("jiashan_officer", set()),
        ("housekeeper", set()),
    ],
)
def test_providers_see_their_own_tasks_only(world, actor, providers):
    desk = world["desk"]
    names = {desk.lab.pk: "lab", desk.standards.pk: "standards"}
    seen = servicetask_list_visible_to(actor=world["users"][actor]).filter(request=world["request"])
    assert {names[t.provider_id] for t in seen} == providers
