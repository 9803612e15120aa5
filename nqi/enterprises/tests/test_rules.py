"""Role × action × relation matrix for the enterprises app (house rule 5)."""

import pytest

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.core.permissions import has_perm
from nqi.enterprises.services import enterprise_link_organization
from nqi.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db

# (kind, role, jurisdiction, relation) → which actions are allowed on an enterprise in 南湖区.
# relation: "own" = member of the enterprise's organization, "other" = a different enterprise org.
MATRIX = [
    (
        K.BUREAU,
        R.ADMIN,
        "330400",
        None,
        {"view", "change", "contact", "product", "personal", "export", "import"},
    ),
    (
        K.BUREAU,
        R.OFFICER,
        "330400",
        None,
        {"view", "change", "contact", "product", "personal", "export", "import"},
    ),
    (
        K.BUREAU,
        R.OFFICER,
        "330402",
        None,
        {"view", "change", "contact", "product", "personal", "export", "import"},
    ),
    (K.BUREAU, R.OFFICER, "330421", None, {"export", "import"}),
    (K.BUREAU, R.INSPECTOR, "330402", None, {"view", "personal", "export"}),
    (K.BUREAU, R.WINDOW, "330400", None, {"view", "personal", "export"}),
    (K.BUREAU, R.LEADER, "330400", None, {"view"}),
    (K.ENTERPRISE, R.OWNER, None, "own", {"view", "contact", "product", "personal"}),
    (K.ENTERPRISE, R.STAFF, None, "own", {"view", "product", "personal"}),
    (K.ENTERPRISE, R.OWNER, None, "other", set()),
    (K.INSTITUTION, R.MANAGER, None, None, set()),
    (K.EXPERT_PANEL, R.HOUSEKEEPER, None, None, set()),
]
ACTIONS = {
    "view": "enterprises.view_enterprise",
    "change": "enterprises.change_enterprise",
    "contact": "enterprises.change_enterprise_contact",
    "product": "enterprises.manage_product",
    "personal": "enterprises.view_personal_data",
    "export": "enterprises.export_enterprise",
    "import": "enterprises.import_enterprise",
}


@pytest.mark.parametrize(("kind", "role", "jurisdiction", "relation", "allowed"), MATRIX)
def test_matrix(system, make_member, kind, role, jurisdiction, relation, allowed):
    enterprise = make_enterprise(system, "330402")
    user = make_member(kind, role, jurisdiction)
    if relation == "own":
        enterprise = enterprise_link_organization(
            actor=system, enterprise=enterprise, organization=user.memberships.get().organization
        )
    elif relation == "other":
        other = make_enterprise(system, "330402")
        enterprise_link_organization(
            actor=system, enterprise=other, organization=user.memberships.get().organization
        )
    granted = {action for action, perm in ACTIONS.items() if has_perm(user, perm, enterprise)}
    assert granted == allowed


def test_inactive_user_has_nothing(system, city_officer):
    enterprise = make_enterprise(system)
    city_officer.is_active = False
    assert not has_perm(city_officer, "enterprises.view_enterprise", enterprise)
