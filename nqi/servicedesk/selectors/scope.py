"""Who a user is to the one-stop window: staff of which platforms, provider for which institutions.

Computed once per request and memoised on the user object, like `nqi.accounts.scope.scope_for`.
Window clerks see their platforms only: the bureau `window` role grants no jurisdiction-wide view.
"""

from __future__ import annotations

from dataclasses import dataclass

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.scope import scope_for
from nqi.institutions.models import Institution
from nqi.servicedesk.choices import StaffRole
from nqi.servicedesk.models import PlatformStaff

JURISDICTION_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.INSPECTOR, Role.LEADER})


@dataclass(frozen=True)
class DeskScope:
    clerk_platforms: frozenset = frozenset()
    manager_platforms: frozenset = frozenset()
    provider_ids: frozenset = frozenset()  # institutions the user works for (any institution role)
    provider_manager_ids: frozenset = frozenset()

    @property
    def staff_platforms(self) -> frozenset:
        return self.clerk_platforms | self.manager_platforms


EMPTY = DeskScope()


def desk_scope_for(user) -> DeskScope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, "_nqi_desk_scope", None)
    if cached is not None:
        return cached
    clerk, manager = set(), set()
    for platform_id, role in PlatformStaff.objects.filter(
        user=user, is_active=True, platform__is_active=True
    ).values_list("platform_id", "role"):
        (clerk if role == StaffRole.CLERK else manager).add(platform_id)
    scope = scope_for(user)
    orgs = scope.org_ids(OrganizationKind.INSTITUTION)
    providers, managers = set(), set()
    if orgs:
        for pk, org_id in Institution.objects.filter(organization_id__in=list(orgs)).values_list(
            "pk", "organization_id"
        ):
            providers.add(pk)
            if scope.has_role_in(org_id, Role.MANAGER):
                managers.add(pk)
    result = DeskScope(frozenset(clerk), frozenset(manager), frozenset(providers), frozenset(managers))
    user._nqi_desk_scope = result
    return result


def sees_jurisdiction(user) -> bool:
    """Bureau roles that see records by region (officers, inspectors, leaders; not window clerks)."""
    return bool(scope_for(user).bureau_roles & JURISDICTION_ROLES)


def covers(user, region_path: str | None) -> bool:
    scope = scope_for(user)
    if not sees_jurisdiction(user):
        return False
    return scope.unrestricted or (
        bool(region_path) and any(region_path.startswith(p) for p in scope.jurisdiction_paths)
    )
