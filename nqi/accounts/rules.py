"""Role predicates every app's rules.py builds on, and the accounts app's own permissions."""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.scope import scope_for
from nqi.core.permissions import rule


def is_bureau(user) -> bool:
    return scope_for(user).is_bureau


def is_bureau_admin(user) -> bool:
    return Role.ADMIN in scope_for(user).bureau_roles


def is_bureau_officer(user) -> bool:
    """An officer or administrator: may change registry records in their jurisdiction."""
    return bool(scope_for(user).bureau_roles & {Role.ADMIN, Role.OFFICER})


def is_bureau_staff(user) -> bool:
    """Any bureau role that works records (everyone but the read-only leader)."""
    return bool(scope_for(user).bureau_roles - {Role.LEADER})


def sees_personal_data(user) -> bool:
    """Officers, inspectors and window clerks need contact data to do their job; leaders and others see it masked."""
    return bool(scope_for(user).bureau_roles & {Role.ADMIN, Role.OFFICER, Role.INSPECTOR, Role.WINDOW})


def member_of(user, organization_id, *roles: str) -> bool:
    scope = scope_for(user)
    if roles:
        return scope.has_role_in(organization_id, *roles)
    return any(org == organization_id for org, _ in scope.org_roles)


def is_kind_member(user, kind: OrganizationKind) -> bool:
    return bool(scope_for(user).org_ids(kind))


@rule("accounts.manage_users")
def can_manage_users(user, obj=None) -> bool:
    return is_bureau_admin(user)


@rule("accounts.view_audit")
def can_view_audit(user, obj=None) -> bool:
    return is_bureau_admin(user)


@rule("accounts.manage_own_tokens")
def can_manage_tokens(user, obj=None) -> bool:
    return user.is_authenticated and (obj is None or obj.user_id == user.pk)
