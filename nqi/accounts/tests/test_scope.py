import pytest

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.scope import scope_for

pytestmark = pytest.mark.django_db


def test_bureau_jurisdiction_paths(make_member):
    officer = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330402")
    scope = scope_for(officer)
    assert scope.is_bureau and not scope.unrestricted
    assert scope.covers_path("/330000/330400/330402/330402100/")
    assert not scope.covers_path("/330000/330400/330421/")


def test_bureau_without_jurisdiction_is_unrestricted(make_member):
    scope = scope_for(make_member(OrganizationKind.BUREAU, Role.OFFICER, None))
    assert scope.unrestricted and scope.covers_path("/110000/110101/")


def test_enterprise_member_is_not_bureau(make_member):
    scope = scope_for(make_member(OrganizationKind.ENTERPRISE, Role.OWNER))
    assert not scope.is_bureau and scope.org_ids(OrganizationKind.ENTERPRISE)
    assert not scope.covers_path("/330000/")


def test_inactive_membership_grants_nothing(make_member):
    user = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330400")
    user.memberships.update(is_active=False)
    assert not scope_for(user).is_bureau
