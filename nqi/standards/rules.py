"""Who may do what with the standards catalog (house rule 5; tested as a matrix in tests/test_rules.py).

- Catalog metadata is public information (std.samr.gov.cn shows it to anyone): every signed-in user
  reads the catalog, the as-of-date view and the industry standard systems.
- Bureau officers and administrators import catalogs and change a standard's status (on the
  authority of a 标准公告, e.g. a SAMR/SAC announcement of replacement or withdrawal).
- Officers, bureau staff and enterprise users watch standards; a watch belongs to its user.
- Product links follow product ownership (`enterprises.manage_product`): the enterprise's own users
  or an officer of its jurisdiction.
- Industry standard systems are built by experts (质量管家 / 评审专家) and officers.
- Key standard projects are set up, approved, published and cancelled by officers; the lead
  enterprise's users move drafting forward and keep milestones.
"""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.rules import is_bureau, is_bureau_officer, is_bureau_staff, member_of
from nqi.accounts.scope import scope_for
from nqi.core.permissions import has_perm, rule


def is_enterprise_user(user) -> bool:
    return bool(scope_for(user).org_ids(OrganizationKind.ENTERPRISE))


def is_expert(user) -> bool:
    return scope_for(user).has_role(Role.EVALUATOR, Role.HOUSEKEEPER)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule("standards.view_standard")
def can_view(user, standard=None) -> bool:
    return _signed_in(user)


@rule("standards.view_standard_metrics")
def can_view_metrics(user, obj=None) -> bool:
    """The KPI figures belong to the bureau's cockpit (the records behind them stay public)."""
    return is_bureau(user)


@rule("standards.import_standard")
def can_import(user, obj=None) -> bool:
    return is_bureau_officer(user)


@rule("standards.change_standard_status")
def can_change_status(user, standard=None) -> bool:
    return is_bureau_officer(user)


@rule("standards.export_standard")
def can_export(user, obj=None) -> bool:
    return is_bureau_staff(user) or is_enterprise_user(user)


@rule("standards.watch_standard")
def can_watch(user, standard=None) -> bool:
    return is_bureau(user) or is_enterprise_user(user)


@rule("standards.link_product")
def can_link_product(user, product=None) -> bool:
    if product is None:
        return is_bureau_officer(user) or is_enterprise_user(user)
    return has_perm(user, "enterprises.manage_product", product.enterprise)


@rule("standards.rematch_products")
def can_rematch(user, obj=None) -> bool:
    return is_bureau_officer(user)


@rule("standards.view_standardsystem")
def can_view_system(user, system=None) -> bool:
    return _signed_in(user)


@rule("standards.manage_standardsystem")
def can_manage_system(user, system=None) -> bool:
    return is_bureau_officer(user) or is_expert(user)


@rule("standards.view_keyproject")
def can_view_project(user, project=None) -> bool:
    if project is None:
        return is_bureau(user) or is_enterprise_user(user) or is_expert(user)
    return is_bureau(user) or is_expert(user) or _of_lead(user, project)


@rule("standards.add_keyproject")
def can_add_project(user, project=None) -> bool:
    return is_bureau_officer(user)


@rule("standards.approve_keyproject")
def can_approve_project(user, project=None) -> bool:
    return is_bureau_officer(user)


@rule("standards.change_keyproject")
def can_change_project(user, project=None) -> bool:
    if project is None:
        return is_bureau_officer(user) or is_enterprise_user(user)
    return is_bureau_officer(user) or _of_lead(user, project, Role.OWNER, Role.STAFF)


def _of_lead(user, project, *roles) -> bool:
    org = getattr(project.lead_enterprise, "organization_id", None)
    return org is not None and member_of(user, org, *roles)
