"""Who may do what at the one-stop window (house rule 5; tested as a matrix in tests/test_rules.py).

- Enterprise owners and staff submit requests for their own enterprise, keep its document library, answer
  providers' questions, withdraw, rate and answer the follow-up.
- Window clerks (and the platform manager) of a platform register walk-in and phone requests there, accept
  or return them, route them to the platform's providers, cancel tasks and close requests.
- A provider's users (institution manager, analyst) work the tasks routed to their institution.
- Bureau officers, inspectors and leaders see the requests of enterprises in their jurisdiction and the SLA
  figures; officers maintain platforms, catalogs, staff and SLA policy.
"""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.rules import is_bureau_admin, is_bureau_officer, member_of
from nqi.accounts.scope import scope_for
from nqi.core.permissions import rule
from nqi.servicedesk.selectors.scope import covers, desk_scope_for, sees_jurisdiction

ENTERPRISE_ROLES = (Role.OWNER, Role.STAFF)


def own_enterprise(user, enterprise) -> bool:
    return (
        enterprise is not None
        and enterprise.organization_id is not None
        and member_of(user, enterprise.organization_id, *ENTERPRISE_ROLES)
    )


def is_enterprise_user(user) -> bool:
    return bool(scope_for(user).org_ids(OrganizationKind.ENTERPRISE))


def staffs(user, platform_id) -> bool:
    return platform_id in desk_scope_for(user).staff_platforms


def provides(user, institution_id) -> bool:
    return institution_id in desk_scope_for(user).provider_ids


def works_on_request(user, request) -> bool:
    """A provider with a task on this request sees it as the context of its task."""
    ids = desk_scope_for(user).provider_ids
    return bool(ids) and request.tasks.filter(provider_id__in=list(ids)).exists()


@rule("servicedesk.view_platform")
def can_view_platform(user, platform=None) -> bool:
    return bool(scope_for(user).org_roles)


@rule("servicedesk.manage_platform")
def can_manage_platform(user, platform=None) -> bool:
    return is_bureau_officer(user) and (platform is None or covers(user, platform.region.path))


def is_city_level(user) -> bool:
    """A bureau whose jurisdiction is the whole city (or more): SLA policy is set city-wide."""
    scope = scope_for(user)
    return scope.unrestricted or any(path.count("/") <= 3 for path in scope.jurisdiction_paths)


@rule("servicedesk.manage_policy")
def can_manage_policy(user, obj=None) -> bool:
    return is_bureau_admin(user) or (is_bureau_officer(user) and is_city_level(user))


@rule("servicedesk.import_history")
def can_import_history(user, obj=None) -> bool:
    return is_bureau_admin(user)


@rule("servicedesk.submit_servicerequest")
def can_submit(user, enterprise=None) -> bool:
    return is_enterprise_user(user) if enterprise is None else own_enterprise(user, enterprise)


@rule("servicedesk.register_servicerequest")
def can_register(user, platform=None) -> bool:
    scope = desk_scope_for(user)
    return bool(scope.staff_platforms) if platform is None else platform.pk in scope.staff_platforms


@rule("servicedesk.view_servicerequest")
def can_view_request(user, request=None) -> bool:
    if request is None:
        scope = desk_scope_for(user)
        return (
            sees_jurisdiction(user)
            or is_enterprise_user(user)
            or bool(scope.staff_platforms or scope.provider_ids)
        )
    return (
        own_enterprise(user, request.enterprise)
        or staffs(user, request.platform_id)
        or covers(user, request.enterprise.region.path)
        or works_on_request(user, request)
    )


@rule("servicedesk.export_servicerequest")
def can_export(user, obj=None) -> bool:
    return sees_jurisdiction(user) or bool(desk_scope_for(user).staff_platforms)


@rule("servicedesk.accept_servicerequest")
def can_accept(user, request=None) -> bool:
    return request is not None and staffs(user, request.platform_id)


@rule("servicedesk.route_servicerequest")
def can_route(user, request=None) -> bool:
    return request is not None and staffs(user, request.platform_id)


@rule("servicedesk.close_servicerequest")
def can_close(user, request=None) -> bool:
    return request is not None and staffs(user, request.platform_id)


@rule("servicedesk.withdraw_servicerequest")
def can_withdraw(user, request=None) -> bool:
    return request is not None and own_enterprise(user, request.enterprise)


@rule("servicedesk.resubmit_servicerequest")
def can_resubmit(user, request=None) -> bool:
    return request is not None and own_enterprise(user, request.enterprise)


@rule("servicedesk.rate_servicerequest")
def can_rate(user, request=None) -> bool:
    return request is not None and own_enterprise(user, request.enterprise)


@rule("servicedesk.answer_followup")
def can_answer_followup(user, request=None) -> bool:
    return request is not None and (
        own_enterprise(user, request.enterprise) or staffs(user, request.platform_id)
    )


@rule("servicedesk.work_servicetask")
def can_work_task(user, task=None) -> bool:
    return task is not None and provides(user, task.provider_id)


@rule("servicedesk.reply_servicetask")
def can_reply_task(user, task=None) -> bool:
    return task is not None and own_enterprise(user, task.request.enterprise)


@rule("servicedesk.cancel_servicetask")
def can_cancel_task(user, task=None) -> bool:
    return task is not None and staffs(user, task.request.platform_id)


@rule("servicedesk.manage_document")
def can_manage_document(user, enterprise=None) -> bool:
    return is_enterprise_user(user) if enterprise is None else own_enterprise(user, enterprise)


@rule("servicedesk.view_sla")
def can_view_sla(user, obj=None) -> bool:
    scope = desk_scope_for(user)
    return sees_jurisdiction(user) or bool(scope.staff_platforms or scope.provider_ids)


@rule("servicedesk.view_metrics")
def can_view_metrics(user, obj=None) -> bool:
    """The window's key figures: bureau officers, inspectors and leaders (by jurisdiction)."""
    return sees_jurisdiction(user)
