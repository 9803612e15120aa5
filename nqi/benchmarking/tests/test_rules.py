"""Who may do what in 对标达标: a role × permission × relation matrix (house rule 5)."""

import pytest

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.benchmarking.tests.factories import make_firm, make_product
from nqi.core.permissions import has_perm

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system, make_member):
    enterprise, owner, staff = make_firm(system, "330421")  # 嘉善县
    _other, stranger, _s = make_firm(system, "330482")
    product = make_product(system, enterprise)
    people = {
        "owner": owner,
        "staff": staff,
        "stranger": stranger,
        "city_officer": make_member(K.BUREAU, R.OFFICER, "330400"),
        "jiashan_officer": make_member(K.BUREAU, R.OFFICER, "330421"),
        "nanhu_officer": make_member(K.BUREAU, R.OFFICER, "330402"),
        "leader": make_member(K.BUREAU, R.LEADER, "330400"),
        "admin": make_member(K.BUREAU, R.ADMIN, "330400"),
        "lab": make_member(K.INSTITUTION, R.MANAGER),
    }
    return people, product


# permission → the roles (among the people above) that hold it on the enterprise's product
MATRIX = {
    "benchmarking.view_comparison": {"owner", "staff", "city_officer", "jiashan_officer", "leader", "admin"},
    "benchmarking.add_comparison": {"owner", "staff", "city_officer", "jiashan_officer", "admin"},
    "benchmarking.change_comparison": {"owner", "staff", "city_officer", "jiashan_officer", "admin"},
    "benchmarking.declare_comparison": {"owner"},
}
GLOBAL = {
    "benchmarking.export_comparison": {"city_officer", "jiashan_officer", "nanhu_officer", "admin"},
    "benchmarking.manage_indicator": {"city_officer", "jiashan_officer", "nanhu_officer", "admin"},
    "benchmarking.publish_ranking": {"city_officer", "jiashan_officer", "nanhu_officer", "admin"},
    "benchmarking.manage_policy": {"admin"},
    "benchmarking.view_metrics": {"city_officer", "jiashan_officer", "nanhu_officer", "leader", "admin"},
    "benchmarking.view_indicator": {
        "owner",
        "staff",
        "stranger",
        "city_officer",
        "jiashan_officer",
        "nanhu_officer",
        "leader",
        "admin",
        "lab",
    },  # fmt: skip
}


@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_object_permissions_follow_enterprise_and_jurisdiction(world, permission):
    people, product = world
    allowed = {name for name, user in people.items() if has_perm(user, permission, product)}
    assert allowed == MATRIX[permission]


@pytest.mark.parametrize("permission", sorted(GLOBAL))
def test_global_permissions(world, permission):
    people, _product = world
    allowed = {name for name, user in people.items() if has_perm(user, permission)}
    assert allowed == GLOBAL[permission]


def test_anonymous_holds_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    _people, product = world
    assert not any(has_perm(AnonymousUser(), p, product) for p in [*MATRIX, *GLOBAL])
