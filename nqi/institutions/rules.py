"""Who may do what with institutions.

The directory is a service catalogue: every signed-in enterprise, expert and bureau user may browse it.
An institution's own users see and maintain their own record; bureau officers maintain all records.
"""

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.rules import is_bureau_officer, member_of, sees_personal_data
from nqi.accounts.scope import scope_for
from nqi.core.permissions import rule


def _own(user, institution, *roles) -> bool:
    return (
        institution is not None
        and institution.organization_id is not None
        and member_of(user, institution.organization_id, *roles)
    )


def sees_directory(user) -> bool:
    scope = scope_for(user)
    return scope.is_bureau or bool(
        scope.org_ids(OrganizationKind.ENTERPRISE) or scope.org_ids(OrganizationKind.EXPERT_PANEL)
    )


@rule("institutions.view_institution")
def can_view(user, institution=None) -> bool:
    if institution is None:
        return sees_directory(user) or bool(scope_for(user).org_ids(OrganizationKind.INSTITUTION))
    return sees_directory(user) or _own(user, institution)


@rule("institutions.add_institution")
def can_add(user, obj=None) -> bool:
    return is_bureau_officer(user)


@rule("institutions.change_institution")
def can_change(user, institution=None) -> bool:
    return is_bureau_officer(user) or _own(user, institution, Role.MANAGER)


@rule("institutions.view_personal_data")
def can_view_personal_data(user, institution=None) -> bool:
    return sees_personal_data(user) or _own(user, institution)
