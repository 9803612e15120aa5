"""Who may do what with enterprises and products (house rule 5; tested as a matrix in tests/test_rules.py).

- Bureau staff see enterprises whose region lies in their jurisdiction; officers and admins change them.
- Enterprise owners and staff see their own enterprise; they maintain its products and contact details,
  never its identity (USCC, name, region, status), which comes from the registration authority.
- The read-only leader role sees its jurisdiction with personal data masked.
"""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.rules import (
    is_bureau,
    is_bureau_admin,
    is_bureau_officer,
    is_bureau_staff,
    member_of,
    sees_personal_data,
)
from nqi.accounts.scope import scope_for
from nqi.core.permissions import rule
from nqi.enterprises.grants import granted_enterprise_ids


def _in_jurisdiction(user, enterprise) -> bool:
    return enterprise is not None and scope_for(user).covers_path(enterprise.region.path)


def _own(user, enterprise, *roles) -> bool:
    return (
        enterprise is not None
        and enterprise.organization_id is not None
        and member_of(user, enterprise.organization_id, *roles)
    )


@rule("enterprises.view_enterprise")
def can_view(user, enterprise=None) -> bool:
    if enterprise is None:
        scope = scope_for(user)
        return (
            scope.is_bureau
            or bool(scope.org_ids(OrganizationKind.ENTERPRISE))
            or bool(granted_enterprise_ids(user))
        )
    return (
        _in_jurisdiction(user, enterprise)
        or _own(user, enterprise)
        or enterprise.pk in granted_enterprise_ids(user)
    )


@rule("enterprises.add_enterprise")
def can_add(user, enterprise=None) -> bool:
    if not is_bureau_officer(user):
        return False
    return enterprise is None or _in_jurisdiction(user, enterprise)


@rule("enterprises.change_enterprise")
def can_change(user, enterprise=None) -> bool:
    return is_bureau_officer(user) and (enterprise is None or _in_jurisdiction(user, enterprise))


@rule("enterprises.change_enterprise_contact")
def can_change_contact(user, enterprise=None) -> bool:
    return can_change(user, enterprise) or _own(user, enterprise, Role.OWNER)


@rule("enterprises.manage_product")
def can_manage_product(user, enterprise=None) -> bool:
    if enterprise is None:
        return is_bureau_officer(user) or bool(scope_for(user).org_ids(OrganizationKind.ENTERPRISE))
    return can_change(user, enterprise) or _own(user, enterprise, Role.OWNER, Role.STAFF)


@rule("enterprises.view_personal_data")
def can_view_personal_data(user, enterprise=None) -> bool:
    if enterprise is None:
        return sees_personal_data(user)
    return (sees_personal_data(user) and _in_jurisdiction(user, enterprise)) or _own(user, enterprise)


@rule("enterprises.export_enterprise")
def can_export(user, obj=None) -> bool:
    return is_bureau_staff(user)


@rule("enterprises.import_enterprise")
def can_import(user, obj=None) -> bool:
    return is_bureau_officer(user)


# -- enterprise account claims (workflow.py) and KPIs (metrics.py) -------------------------------------


def may_claim(user) -> bool:
    """Enterprise users: people with no organization yet, or members of enterprise organizations only.

    Bureau, institution and expert accounts act for their own organizations and never claim a firm.
    """
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_system", False):
        return False
    scope = scope_for(user)
    return not scope.is_bureau and set(scope.org_ids_by_kind) <= {OrganizationKind.ENTERPRISE}


@rule("enterprises.submit_enterpriseclaim")
def can_submit_claim(user, enterprise=None) -> bool:
    return may_claim(user)


@rule("enterprises.view_enterpriseclaim")
def can_view_claim(user, claim=None) -> bool:
    if claim is None:
        return is_bureau(user) or may_claim(user)
    return claim.claimant_id == user.pk or _in_jurisdiction(user, claim.enterprise)


@rule("enterprises.verify_enterpriseclaim")
def can_verify_claim(user, claim=None) -> bool:
    """Officers (and administrators) of the bureau whose jurisdiction covers the enterprise."""
    return is_bureau_officer(user) and (claim is None or _in_jurisdiction(user, claim.enterprise))


@rule("enterprises.withdraw_enterpriseclaim")
def can_withdraw_claim(user, claim=None) -> bool:
    return may_claim(user) if claim is None else claim.claimant_id == user.pk


@rule("enterprises.export_enterpriseclaim")
def can_export_claims(user, obj=None) -> bool:
    return is_bureau_staff(user)


@rule("enterprises.manage_enterpriseclaim_policy")
def can_manage_claim_policy(user, obj=None) -> bool:
    return is_bureau_admin(user)


@rule("enterprises.view_enterprise_metrics")
def can_view_metrics(user, obj=None) -> bool:
    """Registry KPIs are for the bureau (leaders included); figures are scoped to the jurisdiction."""
    return is_bureau(user)
