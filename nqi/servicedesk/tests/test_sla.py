"""Escalation of late clocks (provider → platform manager → bureau), compliance figures and policy versions."""

import datetime as dt

import pytest
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.servicedesk.choices import ClockKind, EscalationLevel, NoticeKind, Priority
from nqi.servicedesk.models import Notice, SlaClock
from nqi.servicedesk.selectors.sla import SlaFilter, sla_compliance, sla_totals
from nqi.servicedesk.services import clocks, platforms, requests, tasks
from nqi.servicedesk.tests.test_requests import routed, submit

pytestmark = pytest.mark.django_db


def later(clock, percent):
    """A moment when `clock` has used `percent` of its target (working time)."""
    from nqi.core.workdays import get_calendar

    return get_calendar().add_working_hours(
        clock.started_at, dt.timedelta(seconds=clock.target_seconds * percent / 100)
    )


def test_escalation_goes_level_by_level_and_breach_stays(desk, system, make_member):
    bureau_officer = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330402")
    request = routed(desk)
    task = request.tasks.get(provider=desk.lab)
    clock = SlaClock.objects.get(task=task, kind=ClockKind.RESPONSE)

    assert clocks.slaclock_check_all(actor=system, now=later(clock, 50))["notices"] == 0
    clocks.slaclock_check_all(actor=system, now=later(clock, 85))
    clock.refresh_from_db()
    assert clock.escalation_level == EscalationLevel.RESPONSIBLE and clock.breached_at is None
    assert (
        Notice.objects.filter(recipient=desk.lab_user, kind=NoticeKind.SLA_WARNING, clock=clock).count() == 1
    )

    clocks.slaclock_check_all(actor=system, now=later(clock, 85))  # no repeat
    assert Notice.objects.filter(clock=clock).count() == 1

    clocks.slaclock_check_all(actor=system, now=later(clock, 160))  # crosses 100 % and 150 % at once
    clock.refresh_from_db()
    assert clock.escalation_level == EscalationLevel.BUREAU and clock.breached_at == clock.due_at
    assert Notice.objects.filter(recipient=desk.manager, kind=NoticeKind.SLA_BREACHED, clock=clock).exists()
    assert Notice.objects.filter(recipient=bureau_officer, kind=NoticeKind.SLA_BUREAU, clock=clock).exists()

    tasks.servicetask_transition(actor=desk.lab_user, task=task, name="accept")
    clock.refresh_from_db()
    assert clock.stopped_at and clock.breached_at and clock.met is False


def test_paused_clock_is_not_escalated(desk, system):
    request = routed(desk)
    task = tasks.servicetask_transition(
        actor=desk.lab_user, task=request.tasks.get(provider=desk.lab), name="accept"
    )
    tasks.servicetask_transition(actor=desk.lab_user, task=task, name="request_info", comment="缺样品")
    clock = SlaClock.objects.get(task=task, kind=ClockKind.RESOLUTION)
    far = timezone.now() + dt.timedelta(days=400)
    clocks.slaclock_check_all(actor=system, now=far)
    clock.refresh_from_db()
    assert clock.breached_at is None and clock.escalation_level == 0


def test_compliance_per_platform_provider_and_item(desk, system):
    request = routed(desk)
    lab_task = request.tasks.get(provider=desk.lab)
    response = SlaClock.objects.get(task=lab_task, kind=ClockKind.RESPONSE)
    std = tasks.servicetask_transition(
        actor=desk.standards_user, task=request.tasks.get(provider=desk.standards), name="accept"
    )
    clocks.slaclock_check_all(actor=system, now=later(response, 200))  # the lab's response breached
    by_provider = {row["id"]: row for row in sla_compliance(actor=desk.clerk, by="provider")}
    assert by_provider[desk.standards.pk]["response"] | {"median_hours": None} == {
        "counted": 1,
        "met": 1,
        "breached": 0,
        "compliance": 100.0,
        "median_hours": None,
    }
    assert by_provider[desk.lab.pk]["response"]["breached"] == 1
    assert by_provider[desk.lab.pk]["response"]["compliance"] == 0.0
    by_platform = sla_compliance(actor=desk.clerk, by="platform")
    assert by_platform[0]["response"]["met"] == 1  # the window accepted in time
    by_item = {row["id"]: row for row in sla_compliance(actor=desk.clerk, by="item")}
    assert by_item[desk.testing.pk]["response"]["breached"] == 1
    totals = sla_totals(actor=desk.clerk, filters=SlaFilter(year=timezone.now().year))
    assert totals["task_response"]["counted"] == 2 and totals["task_response"]["compliance"] == 50.0
    assert std.status == "in_progress"


def test_provider_sees_only_its_own_clocks(desk):
    routed(desk)
    rows = sla_compliance(actor=desk.standards_user, by="provider")
    assert [row["id"] for row in rows] == [desk.standards.pk]
    assert sla_compliance(actor=desk.owner, by="provider") == []


def test_new_policy_version_applies_to_new_clocks_only(desk, city_officer, system, make_member):
    first = submit(desk)
    policy = platforms.slapolicy_publish(
        actor=system, priority=Priority.NORMAL, response_hours=3.5, item=desk.drafting
    )
    second = submit(desk, items=[desk.drafting], uploads={})
    old = SlaClock.objects.get(request=first, kind=ClockKind.RESPONSE)
    new = SlaClock.objects.get(request=second, kind=ClockKind.RESPONSE)
    assert old.target_seconds == 7 * 3600 and old.policy.version == 2
    assert new.target_seconds == int(3.5 * 3600) and new.policy == policy
    assert (
        requests.servicerequest_transition(actor=desk.clerk, request=second, name="accept").status
        == "accepted"
    )
