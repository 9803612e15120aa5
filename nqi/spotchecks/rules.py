"""Who may do what in spot checks (house rule 5; tested as a matrix in tests/test_rules.py).

- Plans: bureau officers of the organiser (or a higher bureau covering its jurisdiction) manage and draw.
- Tasks: bureau staff see tasks in their jurisdiction; an inspector drawn for a task records its sampling;
  the assigned lab (or the re-test lab) receives samples and enters results; officers notify, decide
  re-tests and after-treatment and publish; the sampled enterprise sees its tasks, objects within the
  window and reports its rectification.
"""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.rules import is_bureau, is_bureau_officer, member_of
from nqi.accounts.scope import scope_for
from nqi.core.permissions import rule
from nqi.supervision.rules import is_city_level


def _covers(user, path: str | None) -> bool:
    return scope_for(user).covers_path(path)


def _plan_path(plan) -> str | None:
    jurisdiction = plan.organizer.jurisdiction if plan.organizer_id else None
    return jurisdiction.path if jurisdiction else "/"


def _lab_member(user, institution) -> bool:
    return (
        institution is not None
        and institution.organization_id is not None
        and member_of(user, institution.organization_id, Role.MANAGER, Role.ANALYST)
    )


def _enterprise_member(user, enterprise, *roles) -> bool:
    return enterprise.organization_id is not None and member_of(user, enterprise.organization_id, *roles)


def _drawn_inspector(user, task) -> bool:
    return any(ti.inspector_id == user.pk for ti in task.inspectors.all())


def is_inspector(user) -> bool:
    return Role.INSPECTOR in scope_for(user).bureau_roles


def is_lab_user(user) -> bool:
    return bool(scope_for(user).org_ids(OrganizationKind.INSTITUTION))


@rule("spotchecks.view_plan")
def can_view_plan(user, plan=None) -> bool:
    return is_bureau(user)


@rule("spotchecks.manage_plan")
def can_manage_plan(user, plan=None) -> bool:
    if not is_bureau_officer(user):
        return False
    return plan is None or _covers(user, _plan_path(plan)) or is_city_level(user)


@rule("spotchecks.draw_plan")
def can_draw_plan(user, plan=None) -> bool:
    return can_manage_plan(user, plan)


@rule("spotchecks.view_task")
def can_view_task(user, task=None) -> bool:
    if task is None:
        return (
            is_bureau(user) or is_lab_user(user) or bool(scope_for(user).org_ids(OrganizationKind.ENTERPRISE))
        )
    return (
        _covers(user, task.county.path)
        or _lab_member(user, task.lab)
        or _lab_member(user, task.retest_lab)
        or _enterprise_member(user, task.enterprise)
    )


@rule("spotchecks.sample_task")
def can_sample(user, task=None) -> bool:
    if task is None:
        return is_inspector(user) or is_bureau_officer(user)
    return (is_inspector(user) and _drawn_inspector(user, task)) or (
        is_bureau_officer(user) and _covers(user, task.county.path)
    )


@rule("spotchecks.test_task")
def can_test(user, task=None) -> bool:
    if task is None:
        return is_lab_user(user)
    return _lab_member(user, task.lab) or _lab_member(user, task.retest_lab)


@rule("spotchecks.notify_task")
def can_notify(user, task=None) -> bool:
    return is_bureau_officer(user) and (task is None or _covers(user, task.county.path))


@rule("spotchecks.aftertreat_task")
def can_aftertreat(user, task=None) -> bool:
    return is_bureau_officer(user) and (task is None or _covers(user, task.county.path))


@rule("spotchecks.object_task")
def can_object(user, task=None) -> bool:
    if task is None:
        return False
    return _enterprise_member(user, task.enterprise, Role.OWNER) or can_notify(user, task)


@rule("spotchecks.rectify_task")
def can_rectify(user, task=None) -> bool:
    if task is None:
        return False
    return _enterprise_member(user, task.enterprise, Role.OWNER, Role.STAFF) or can_aftertreat(user, task)


@rule("spotchecks.publish_task")
def can_publish(user, task=None) -> bool:
    return is_bureau_officer(user) and (task is None or _covers(user, task.county.path))


@rule("spotchecks.manage_register")
def can_manage_register(user, obj=None) -> bool:
    """Lab scopes and declared conflicts of interest (the 一单两库 registers)."""
    return is_bureau_officer(user) and is_city_level(user)


@rule("spotchecks.export_task")
def can_export(user, obj=None) -> bool:
    return is_bureau(user)


@rule("spotchecks.view_metrics")
def can_view_metrics(user, obj=None) -> bool:
    return is_bureau(user)
