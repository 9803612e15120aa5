"""Who may do what in 对标达标 (house rule 5; tested as a matrix in tests/test_rules.py).

- An enterprise's owner and quality staff run comparisons for their own products; bureau officers
  (the 对标中心 helps firms) may do so for enterprises in their jurisdiction.
- The public declaration (自我声明公开) is the enterprise's own act: only its owner declares.
- Bureau users see comparisons of enterprises in their jurisdiction; leaders read only.
- The indicator catalog is readable by every signed-in user; bureau officers add to it.
- Forerunner lists are published by bureau officers; level and ranking rules are set by administrators.
- Declared results and published forerunner lists are public (no rule: they need no sign-in).
"""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.rules import is_bureau, is_bureau_admin, is_bureau_officer, is_bureau_staff, member_of
from nqi.accounts.scope import scope_for
from nqi.core.permissions import rule


def _enterprise_of(obj):
    """The enterprise behind a comparison, a product or an enterprise."""
    if obj is None:
        return None
    if hasattr(obj, "uscc"):
        return obj
    return getattr(obj, "enterprise", None)


def _in_jurisdiction(user, enterprise) -> bool:
    return enterprise is not None and scope_for(user).covers_path(enterprise.region.path)


def _member(user, enterprise, *roles) -> bool:
    return (
        enterprise is not None
        and enterprise.organization_id is not None
        and member_of(user, enterprise.organization_id, *roles)
    )


def _enterprise_user(user) -> bool:
    return bool(scope_for(user).org_ids(OrganizationKind.ENTERPRISE))


@rule("benchmarking.view_comparison")
def can_view(user, obj=None) -> bool:
    if obj is None:
        return is_bureau(user) or _enterprise_user(user)
    enterprise = _enterprise_of(obj)
    return _in_jurisdiction(user, enterprise) or _member(user, enterprise)


@rule("benchmarking.add_comparison")
def can_add(user, obj=None) -> bool:
    """`obj` is the product (or its enterprise) the comparison is for."""
    if obj is None:
        return is_bureau_officer(user) or _enterprise_user(user)
    enterprise = _enterprise_of(obj)
    return (is_bureau_officer(user) and _in_jurisdiction(user, enterprise)) or _member(
        user, enterprise, Role.OWNER, Role.STAFF
    )


@rule("benchmarking.change_comparison")
def can_change(user, comparison=None) -> bool:
    return can_add(user, comparison)


@rule("benchmarking.declare_comparison")
def can_declare(user, comparison=None) -> bool:
    if comparison is None:
        return scope_for(user).has_role(Role.OWNER)
    return _member(user, _enterprise_of(comparison), Role.OWNER)


@rule("benchmarking.export_comparison")
def can_export(user, obj=None) -> bool:
    return is_bureau_staff(user)


@rule("benchmarking.view_indicator")
def can_view_indicator(user, obj=None) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule("benchmarking.manage_indicator")
def can_manage_indicator(user, obj=None) -> bool:
    return is_bureau_officer(user)


@rule("benchmarking.publish_ranking")
def can_publish_ranking(user, obj=None) -> bool:
    return is_bureau_officer(user)


@rule("benchmarking.manage_policy")
def can_manage_policy(user, obj=None) -> bool:
    return is_bureau_admin(user)


@rule("benchmarking.view_metrics")
def can_view_metrics(user, obj=None) -> bool:
    """KPIs are for the bureau (leaders included); figures are scoped to the jurisdiction."""
    return is_bureau(user)
