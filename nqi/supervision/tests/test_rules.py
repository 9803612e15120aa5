"""Role × permission × relation matrix of graded supervision."""

import pytest

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.permissions import has_perm
from nqi.supervision.tests.factories import make_producer

pytestmark = pytest.mark.django_db

B, E = OrganizationKind.BUREAU, OrganizationKind.ENTERPRISE
MATRIX = [
    # (kind, role, jurisdiction, permission, on_own_enterprise_in_nanhu, expected)
    (B, Role.OFFICER, "330400", "supervision.manage_policy", None, True),
    (B, Role.ADMIN, "330400", "supervision.run_regrade", None, True),
    (B, Role.OFFICER, "330402", "supervision.manage_policy", None, False),
    (B, Role.OFFICER, "330402", "supervision.run_regrade", None, False),
    (B, Role.LEADER, "330400", "supervision.view_grades", None, True),
    (B, Role.LEADER, "330400", "supervision.manage_policy", None, False),
    (B, Role.INSPECTOR, "330402", "supervision.view_grades", None, True),
    (B, Role.OFFICER, "330402", "supervision.regrade_enterprise", "nanhu", True),
    (B, Role.OFFICER, "330421", "supervision.regrade_enterprise", "nanhu", False),
    (B, Role.OFFICER, "330402", "supervision.record_qualityevent", "nanhu", True),
    (B, Role.INSPECTOR, "330402", "supervision.record_qualityevent", "nanhu", False),
    (B, Role.LEADER, "330400", "supervision.view_enterprisegrade", "nanhu", True),
    (B, Role.OFFICER, "330421", "supervision.view_enterprisegrade", "nanhu", False),
    (E, Role.OWNER, None, "supervision.view_enterprisegrade", "own", True),
    (E, Role.OWNER, None, "supervision.view_enterprisegrade", "nanhu", False),
    (E, Role.OWNER, None, "supervision.view_grades", None, False),
    (E, Role.STAFF, None, "supervision.manage_creditrating", "own", False),
    (B, Role.WINDOW, "330400", "supervision.export_grades", None, True),
    (B, Role.LEADER, "330400", "supervision.export_grades", None, False),
]


@pytest.mark.parametrize(("kind", "role", "jurisdiction", "permission", "relation", "expected"), MATRIX)
def test_matrix(make_member, system, kind, role, jurisdiction, permission, relation, expected):
    from nqi.enterprises.services import enterprise_link_organization

    user = make_member(kind, role, jurisdiction)
    obj = None
    if relation:
        obj = make_producer(system, "330402")
        if relation == "own":
            enterprise_link_organization(
                actor=system, enterprise=obj, organization=user.memberships.first().organization
            )
            obj.refresh_from_db()
    assert has_perm(user, permission, obj) is expected
