"""SLA clock arithmetic in working hours: pure functions, no database (table-driven tests in test_clock.py).

Business rules:

- A clock counts working time only: business hours of working days on the statutory calendar, so nights,
  lunch breaks, weekends and holidays do not count and 调休 make-up days do (《行政许可法》第八十二条;
  《国务院办公厅关于2025年部分节假日安排的通知》 for National Day 2025: 10-01…10-08 off, 09-28 Sunday and
  10-11 Saturday worked). The calendar is `nqi.core.workdays.WorkCalendar`.
- Time while the enterprise owes information does not count (paused), as ServiceNow's pause/resume
  conditions and Odoo's "excluded stages" do; resuming moves the due time by the paused span.
- A clock is met when stopped with elapsed working time ≤ target; it is breached the moment working time
  exceeds the target, and once breached it stays breached (no later pause, resume or stop clears it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from nqi.core.workdays import WorkCalendar

ZERO = dt.timedelta(0)


@dataclass(frozen=True)
class ClockState:
    target: dt.timedelta
    started_at: dt.datetime
    running_since: dt.datetime | None
    consumed: dt.timedelta = ZERO
    paused_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    stopped_at: dt.datetime | None = None
    breached_at: dt.datetime | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None and self.stopped_at is None

    @property
    def paused(self) -> bool:
        return self.running_since is None and self.stopped_at is None


def hours_per_working_day(calendar: WorkCalendar) -> float:
    """Business hours in one working day of `calendar` (7 with the default 9–12 and 13:30–17:30)."""
    total = 0
    for (oh, om), (ch, cm) in calendar.business_hours:
        total += (ch * 60 + cm) - (oh * 60 + om)
    return total / 60


def start(at: dt.datetime, target: dt.timedelta, calendar: WorkCalendar) -> ClockState:
    """A clock running from `at`, due after `target` working time."""
    if target < ZERO:
        raise ValueError("target must be >= 0")
    return ClockState(
        target=target, started_at=at, running_since=at, due_at=calendar.add_working_hours(at, target)
    )


def elapsed(clock: ClockState, now: dt.datetime, calendar: WorkCalendar) -> dt.timedelta:
    """Working time used so far (up to `now` while running; frozen while paused or after stop)."""
    if clock.running:
        return clock.consumed + max(ZERO, calendar.working_hours_between(clock.running_since, now))
    return clock.consumed


def _breach_moment(clock: ClockState, calendar: WorkCalendar) -> dt.datetime | None:
    """When a running clock runs out: the working time left added to the start of this running segment."""
    if not clock.running:
        return None
    left = clock.target - clock.consumed
    return clock.running_since if left <= ZERO else calendar.add_working_hours(clock.running_since, left)


def check(clock: ClockState, now: dt.datetime, calendar: WorkCalendar) -> ClockState:
    """Mark the clock breached when `now` is past its due time; a breach is never undone."""
    if clock.breached_at is not None or not clock.running:
        return clock
    if elapsed(clock, now, calendar) > clock.target:
        return replace(clock, breached_at=_breach_moment(clock, calendar))
    return clock


def pause(clock: ClockState, at: dt.datetime, calendar: WorkCalendar) -> ClockState:
    """Stop counting while waiting for the enterprise; pausing a paused or stopped clock changes nothing."""
    if not clock.running:
        return clock
    checked = check(clock, at, calendar)
    return replace(
        checked, consumed=elapsed(checked, at, calendar), running_since=None, paused_at=at, due_at=None
    )


def resume(clock: ClockState, at: dt.datetime, calendar: WorkCalendar) -> ClockState:
    """Count again from `at`; the due time is `at` plus the working time that was left."""
    if not clock.paused:
        return clock
    left = max(ZERO, clock.target - clock.consumed)
    return replace(clock, running_since=at, paused_at=None, due_at=calendar.add_working_hours(at, left))


def stop(clock: ClockState, at: dt.datetime, calendar: WorkCalendar) -> ClockState:
    """The awaited event happened (response given, result delivered): freeze the elapsed time."""
    if clock.stopped_at is not None:
        return clock
    checked = check(clock, at, calendar)
    return replace(
        checked, consumed=elapsed(checked, at, calendar), running_since=None, paused_at=None, stopped_at=at
    )


def percent_used(clock: ClockState, now: dt.datetime, calendar: WorkCalendar) -> float:
    """Share of the target used, in percent (escalation thresholds compare against this)."""
    if clock.target <= ZERO:
        return 100.0 if elapsed(clock, now, calendar) > ZERO else 0.0
    return 100.0 * (elapsed(clock, now, calendar) / clock.target)
