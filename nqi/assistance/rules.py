"""Who may do what with housekeepers, pairings, visits and problems (tested as a matrix in tests/test_rules.py).

- The housekeeper registry is open to every signed-in organization; bureau officers maintain it and pair
  housekeepers with enterprises in their jurisdiction.
- A housekeeper sees the enterprises they are (or were) paired with or visited, with those visits and
  problems; records visits for enterprises they are paired with now; solves those enterprises' problems.
- An enterprise sees its own pairing, visits and problems; bureau officers, inspectors and leaders their
  jurisdiction's.
"""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.rules import is_bureau_officer, member_of
from nqi.accounts.scope import scope_for
from nqi.assistance.scope import is_housekeeper, my_enterprise_ids, paired_now
from nqi.core.permissions import rule

JURISDICTION_ROLES = {Role.ADMIN, Role.OFFICER, Role.INSPECTOR, Role.LEADER}


def sees_jurisdiction(user) -> bool:
    return bool(scope_for(user).bureau_roles & JURISDICTION_ROLES)


def covers(user, enterprise) -> bool:
    scope = scope_for(user)
    if not sees_jurisdiction(user) or enterprise is None:
        return False
    return scope.unrestricted or any(enterprise.region.path.startswith(p) for p in scope.jurisdiction_paths)


def own(user, enterprise) -> bool:
    return (
        enterprise is not None
        and enterprise.organization_id is not None
        and member_of(user, enterprise.organization_id, Role.OWNER, Role.STAFF)
    )


def officer_over(user, enterprise) -> bool:
    return is_bureau_officer(user) and (enterprise is None or covers(user, enterprise))


@rule("assistance.view_housekeeper")
def can_view_housekeeper(user, obj=None) -> bool:
    return bool(scope_for(user).org_roles)


@rule("assistance.manage_housekeeper")
def can_manage_housekeeper(user, obj=None) -> bool:
    return is_bureau_officer(user)


@rule("assistance.manage_pairing")
def can_manage_pairing(user, enterprise=None) -> bool:
    return officer_over(user, enterprise)


@rule("assistance.view_visit")
def can_view_visit(user, enterprise=None) -> bool:
    """`obj` is the enterprise the visit or problem belongs to."""
    if enterprise is None:
        return (
            sees_jurisdiction(user)
            or is_housekeeper(user)
            or bool(scope_for(user).org_ids(OrganizationKind.ENTERPRISE))
        )
    return (
        covers(user, enterprise)
        or own(user, enterprise)
        or (is_housekeeper(user) and enterprise.pk in my_enterprise_ids(user))
    )


@rule("assistance.record_visit")
def can_record_visit(user, enterprise=None) -> bool:
    if enterprise is None:
        return is_housekeeper(user) or is_bureau_officer(user)
    return officer_over(user, enterprise) or (is_housekeeper(user) and paired_now(user, enterprise.pk))


@rule("assistance.solve_problem")
def can_solve_problem(user, problem=None) -> bool:
    if problem is None:
        return is_housekeeper(user) or is_bureau_officer(user)
    enterprise = problem.enterprise
    return officer_over(user, enterprise) or (
        is_housekeeper(user) and enterprise.pk in my_enterprise_ids(user)
    )


@rule("assistance.view_metrics")
def can_view_metrics(user, obj=None) -> bool:
    """Housekeeper figures: bureau officers, inspectors and leaders (by jurisdiction)."""
    return sees_jurisdiction(user)
