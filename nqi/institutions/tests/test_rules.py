"""Role × action × relation matrix for institutions (house rule 5)."""

import pytest

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.core.permissions import has_perm
from nqi.core.uscc import with_check_chars
from nqi.institutions.selectors import institution_get_for, institution_list_visible_to
from nqi.institutions.services import institution_create, institution_link_organization

pytestmark = pytest.mark.django_db

ACTIONS = {
    "view": "institutions.view_institution",
    "change": "institutions.change_institution",
    "personal": "institutions.view_personal_data",
}
MATRIX = [
    (K.BUREAU, R.OFFICER, "330400", None, {"view", "change", "personal"}),
    (K.BUREAU, R.LEADER, "330400", None, {"view"}),
    (K.ENTERPRISE, R.OWNER, None, None, {"view"}),
    (K.EXPERT_PANEL, R.HOUSEKEEPER, None, None, {"view"}),
    (K.INSTITUTION, R.MANAGER, None, "own", {"view", "change", "personal"}),
    (K.INSTITUTION, R.ANALYST, None, "own", {"view", "personal"}),
    (K.INSTITUTION, R.MANAGER, None, "other", set()),
]


def _lab(system, n):
    return institution_create(
        actor=system,
        data={
            "kind": "testing_lab",
            "name": f"测试检测中心{n}",
            "uscc": with_check_chars(f"12330402LB{n:06d}"),
            "cma_number": "221100123456",
            "cma_valid_from": "2022-01-01",
            "cma_valid_until": "2028-01-01",
            "contact_phone": "0573-82000000",
        },
    )


@pytest.mark.parametrize(("kind", "role", "jurisdiction", "relation", "allowed"), MATRIX)
def test_matrix(system, make_member, kind, role, jurisdiction, relation, allowed):
    lab = _lab(system, 1)
    user = make_member(kind, role, jurisdiction)
    if relation == "own":
        lab = institution_link_organization(
            actor=system, institution=lab, organization=user.memberships.get().organization
        )
    elif relation == "other":
        institution_link_organization(
            actor=system, institution=_lab(system, 2), organization=user.memberships.get().organization
        )
    assert {a for a, perm in ACTIONS.items() if has_perm(user, perm, lab)} == allowed
    visible = set(institution_list_visible_to(actor=user).values_list("pk", flat=True))
    assert (lab.pk in visible) == ("view" in allowed)
    if "view" in allowed:
        assert institution_get_for(actor=user, pk=lab.pk).pk == lab.pk


def test_cma_number_must_be_twelve_digits(system):
    from nqi.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        institution_create(
            actor=system,
            data={
                "kind": "testing_lab",
                "name": "x",
                "uscc": with_check_chars("12330402LB999999"),
                "cma_number": "123",
            },
        )
    assert "cma_number" in caught.value.errors
