"""Who may do what in graded supervision (house rule 5; tested as a matrix in tests/test_rules.py).

- Every bureau role (incl. the read-only leader) sees grades, the colour map and the catalogue of its
  jurisdiction; an enterprise sees its own class and mode (Zhejiang firms are told their colour code).
- Policies and the whole-city regrade are city-level decisions: the city bureau's officers and admins.
- Officers record quality events and credit classes, and regrade one enterprise, within their jurisdiction.
"""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.rules import is_bureau, is_bureau_officer, is_bureau_staff, member_of
from nqi.accounts.scope import scope_for
from nqi.core.permissions import rule

CITY_PATH_DEPTH = 3  # "/330000/330400/" — a jurisdiction at city level or above


def is_city_level(user) -> bool:
    """The user's bureau jurisdiction covers a whole city (or the platform)."""
    scope = scope_for(user)
    return scope.unrestricted or any(p.count("/") <= CITY_PATH_DEPTH for p in scope.jurisdiction_paths)


def _in_jurisdiction(user, enterprise) -> bool:
    return enterprise is not None and scope_for(user).covers_path(enterprise.region.path)


def _own(user, enterprise) -> bool:
    return (
        enterprise is not None
        and enterprise.organization_id is not None
        and member_of(user, enterprise.organization_id)
    )


@rule("supervision.view_grades")
def can_view_grades(user, obj=None) -> bool:
    return is_bureau(user)


@rule("supervision.view_enterprisegrade")
def can_view_enterprise_grade(user, enterprise=None) -> bool:
    if enterprise is None:
        return is_bureau(user) or bool(scope_for(user).org_ids(OrganizationKind.ENTERPRISE))
    return _in_jurisdiction(user, enterprise) or _own(user, enterprise)


@rule("supervision.manage_policy")
def can_manage_policy(user, obj=None) -> bool:
    return is_bureau_officer(user) and is_city_level(user)


@rule("supervision.run_regrade")
def can_run_regrade(user, obj=None) -> bool:
    return is_bureau_officer(user) and is_city_level(user)


@rule("supervision.regrade_enterprise")
def can_regrade_enterprise(user, enterprise=None) -> bool:
    return is_bureau_officer(user) and (enterprise is None or _in_jurisdiction(user, enterprise))


@rule("supervision.record_qualityevent")
def can_record_event(user, enterprise=None) -> bool:
    return is_bureau_officer(user) and (enterprise is None or _in_jurisdiction(user, enterprise))


@rule("supervision.manage_creditrating")
def can_manage_credit(user, enterprise=None) -> bool:
    return is_bureau_officer(user) and (enterprise is None or _in_jurisdiction(user, enterprise))


@rule("supervision.manage_catalogue")
def can_manage_catalogue(user, obj=None) -> bool:
    return is_bureau_officer(user) and is_city_level(user)


@rule("supervision.export_grades")
def can_export(user, obj=None) -> bool:
    return is_bureau_staff(user)
