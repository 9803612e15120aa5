"""Starting, pausing, resuming and stopping SLA clocks on requests and tasks, and escalating late ones.

Targets come from the SLA policy in force (`selectors.platforms.slapolicy_for`); each clock keeps the policy
row it was started under. The arithmetic is `nqi.servicedesk.clock` (pure); this module only loads and
saves. Escalation (ERPNext #6049: level by level, each told once): at `warn_percent` the party doing the
work (provider, or the window for a request), at 100 % the platform manager, at `bureau_percent` the
most local bureau's officers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing, workdays
from nqi.servicedesk import clock as arithmetic
from nqi.servicedesk.choices import ClockKind, EscalationLevel, NoticeKind
from nqi.servicedesk.models import SlaClock
from nqi.servicedesk.selectors.platforms import slapolicy_for
from nqi.servicedesk.services import notices


def state_of(clock: SlaClock) -> arithmetic.ClockState:
    return arithmetic.ClockState(
        target=dt.timedelta(seconds=clock.target_seconds),
        started_at=clock.started_at,
        running_since=clock.running_since,
        consumed=dt.timedelta(seconds=clock.consumed_seconds),
        paused_at=clock.paused_at,
        due_at=clock.due_at,
        stopped_at=clock.stopped_at,
        breached_at=clock.breached_at,
    )


def apply_state(clock: SlaClock, state: arithmetic.ClockState) -> SlaClock:
    clock.running_since = state.running_since
    clock.consumed_seconds = int(state.consumed.total_seconds())
    clock.paused_at = state.paused_at
    clock.due_at = state.due_at
    clock.stopped_at = state.stopped_at
    clock.breached_at = state.breached_at
    return clock


def targets(items, priority: str, at, calendar) -> dict:
    """Per item: (policy, response target, resolution target) in working time."""
    per_day = Decimal(str(arithmetic.hours_per_working_day(calendar)))
    result = {}
    for item in items:
        policy = slapolicy_for(item=item, priority=priority, at=at)
        resolution = policy.resolution_hours
        if resolution is None:
            resolution = Decimal(item.promised_working_days) * per_day * policy.resolution_factor
        result[item.pk] = (
            policy,
            dt.timedelta(hours=float(policy.response_hours)),
            dt.timedelta(hours=float(resolution)),
        )
    return result


def build_clock(*, request, task=None, kind, policy, target, at, calendar, cycle=1) -> SlaClock:
    """An unsaved running clock (callers save it, or bulk-create many)."""
    clock = SlaClock(
        request=request,
        task=task,
        kind=kind,
        cycle=cycle,
        policy=policy,
        target_seconds=int(target.total_seconds()),
        started_at=at,
    )
    return apply_state(clock, arithmetic.start(at, target, calendar))


def start_request_clock(*, request, items, kind: str, at, calendar, cycle=1) -> SlaClock:
    """Response: the strictest item's target; resolution: the longest item's (every task must finish)."""
    per_item = targets(items, request.priority, at, calendar)
    index = 1 if kind == ClockKind.RESPONSE else 2
    pick = min if kind == ClockKind.RESPONSE else max
    policy, *times = pick(per_item.values(), key=lambda row: row[index])
    clock = build_clock(
        request=request,
        kind=kind,
        policy=policy,
        target=times[index - 1],
        at=at,
        calendar=calendar,
        cycle=cycle,
    )
    clock.save()
    return clock


def start_task_clocks(*, task, at, calendar) -> list[SlaClock]:
    policy, response, resolution = targets([task.item], task.request.priority, at, calendar)[task.item_id]
    clocks = [
        build_clock(
            request=task.request, task=task, kind=k, policy=policy, target=t, at=at, calendar=calendar
        )
        for k, t in ((ClockKind.RESPONSE, response), (ClockKind.RESOLUTION, resolution))
    ]
    SlaClock.objects.bulk_create(clocks)
    return clocks


def move(clocks, operation: str, at, calendar) -> None:
    """Apply `operation` (pause/resume/stop) to each open clock and save the changed ones."""
    step = getattr(arithmetic, operation)
    for clock in clocks:
        before = state_of(clock)
        after = step(before, at, calendar)
        if after != before:
            apply_state(clock, after).save(
                update_fields=[
                    "running_since",
                    "consumed_seconds",
                    "paused_at",
                    "due_at",
                    "stopped_at",
                    "breached_at",
                ]
            )


def open_clocks(*, request=None, task=None, kind=None, request_level=False):
    qs = SlaClock.objects.select_for_update().filter(stopped_at__isnull=True)
    if task is not None:
        qs = qs.filter(task=task)
    elif request is not None:
        qs = qs.filter(request=request)
        if request_level:
            qs = qs.filter(task__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("pk"))


def cancel_open(clocks, at, calendar) -> None:
    """Stop clocks whose awaited event will never come (withdrawn request, cancelled task)."""
    move(clocks, "stop", at, calendar)
    SlaClock.objects.filter(pk__in=[c.pk for c in clocks]).update(cancelled=True)


def current_due(*, request=None, task=None):
    """The earliest due time among the running clocks, for the record's `due_at` column."""
    qs = SlaClock.objects.filter(stopped_at__isnull=True, due_at__isnull=False)
    qs = qs.filter(task=task) if task is not None else qs.filter(request=request, task__isnull=True)
    return qs.order_by("due_at").values_list("due_at", flat=True).first()


# -- escalation ----------------------------------------------------------------------------------


def _recipients(clock: SlaClock, level: int) -> list[int]:
    platform = clock.request.platform
    if level == EscalationLevel.RESPONSIBLE:
        return (
            notices.provider_users(clock.task.provider) if clock.task_id else notices.clerks_of(platform.pk)
        )
    if level == EscalationLevel.PLATFORM:
        return notices.managers_of(platform.pk)
    return notices.bureau_officers(platform.region.path)


def _message(clock: SlaClock, level: int) -> str:
    subject = clock.task.provider.name if clock.task_id else clock.request.platform.name
    values = {
        "number": clock.request.number,
        "kind": clock.get_kind_display(),
        "who": subject,
    }
    if level == EscalationLevel.RESPONSIBLE:
        return _("申请 %(number)s 的%(kind)s时限即将到期（承办：%(who)s）。") % values
    if level == EscalationLevel.PLATFORM:
        return _("申请 %(number)s 的%(kind)s时限已超时（承办：%(who)s），请督促办理。") % values
    return _("申请 %(number)s 的%(kind)s严重超时（承办：%(who)s），请督办。") % values


NOTICE_FOR_LEVEL = {
    EscalationLevel.RESPONSIBLE: NoticeKind.SLA_WARNING,
    EscalationLevel.PLATFORM: NoticeKind.SLA_BREACHED,
    EscalationLevel.BUREAU: NoticeKind.SLA_BUREAU,
}


def level_reached(clock: SlaClock, state: arithmetic.ClockState, now, calendar) -> int:
    used = arithmetic.percent_used(state, now, calendar)
    if used >= clock.policy.bureau_percent:
        return EscalationLevel.BUREAU
    if state.breached_at is not None:
        return EscalationLevel.PLATFORM
    if used >= clock.policy.warn_percent:
        return EscalationLevel.RESPONSIBLE
    return EscalationLevel.NONE


def slaclock_check_all(*, actor, now=None) -> dict:
    """Mark late running clocks breached and escalate each one level at a time (run by `check_sla`).

    Every level crossed since the last run sends its notice once; a breach is recorded even if the
    clock is later stopped, and never cleared.
    """
    now = now or timezone.now()
    calendar = workdays.get_calendar()
    counts = {"checked": 0, "breached": 0, "notices": 0}
    with transaction.atomic():
        clocks = (
            SlaClock.objects.select_for_update(of=("self",))
            .filter(stopped_at__isnull=True, running_since__isnull=False)
            .select_related(
                "policy",
                "request",
                "request__platform",
                "request__platform__region",
                "task",
                "task__provider",
            )
        )
        for clock in clocks:
            counts["checked"] += 1
            state = arithmetic.check(state_of(clock), now, calendar)
            newly_breached = clock.breached_at is None and state.breached_at is not None
            level = level_reached(clock, state, now, calendar)
            for step in range(clock.escalation_level + 1, level + 1):
                counts["notices"] += notices.notify(
                    _recipients(clock, step),
                    kind=NOTICE_FOR_LEVEL[step],
                    message=_message(clock, step),
                    request=clock.request,
                    clock=clock,
                )
            if newly_breached or level > clock.escalation_level:
                counts["breached"] += int(newly_breached)
                clock.breached_at = state.breached_at
                clock.escalation_level = max(level, clock.escalation_level)
                clock.save(update_fields=["breached_at", "escalation_level"])
        if counts["breached"] or counts["notices"]:
            auditing.record(
                actor=actor, event_type="servicedesk.sla_checked", summary=str(counts), data=counts
            )
    return counts
