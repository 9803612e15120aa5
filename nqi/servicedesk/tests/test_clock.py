"""Working-hour SLA arithmetic across National Day 2025 and its 调休 days. Pure: no database.

State Council notice for 2025: 10-01…10-08 off; Sunday 09-28 and Saturday 10-11 are working days.
Business hours 09:00–12:00 and 13:30–17:30 (7 working hours a day).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from nqi.core.workdays import WorkCalendar
from nqi.servicedesk import clock

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
H = dt.timedelta(hours=1)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


def test_a_working_day_has_seven_business_hours():
    assert clock.hours_per_working_day(CAL) == 7


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # Friday afternoon, weekend Saturday skipped, 调休 Sunday 09-28 counts
        ("2025-09-26 16:00", 7, "2025-09-28 16:00"),
        # the last working day before the holiday: the clock jumps over 10-01…10-08
        ("2025-09-30 10:00", 7, "2025-10-09 10:00"),
        ("2025-09-30 17:00", 14, "2025-10-10 17:00"),
        # started inside the holiday: counting begins at the first opening after it
        ("2025-10-03 10:00", 3, "2025-10-09 12:00"),
        # 调休 Saturday 10-11 runs the clock
        ("2025-10-10 17:00", 2, "2025-10-11 10:30"),
        # lunch break does not count
        ("2025-10-09 11:00", 2, "2025-10-09 14:30"),
        # a period ending exactly at closing time ends there
        ("2025-10-09 09:00", 7, "2025-10-09 17:30"),
        ("2025-10-09 09:00", 0, "2025-10-09 09:00"),
    ],
)
def test_start_sets_due_in_working_hours(start, hours, due):
    state = clock.start(at(start), hours * H, CAL)
    assert state.due_at == at(due)
    assert state.running and not state.paused


@pytest.mark.parametrize(
    ("start", "hours", "steps", "consumed", "due", "breached_at"),
    [
        # paused before the holiday, resumed after: 3 h used, 11 h left from 10-09 09:00
        (
            "2025-09-29 09:00",
            14,
            [("pause", "2025-09-29 12:00"), ("resume", "2025-10-09 09:00")],
            3,
            "2025-10-10 14:30",
            None,
        ),
        # waiting time over the weekend and holiday is not counted; stopped in time
        (
            "2025-09-28 09:00",
            7,
            [("pause", "2025-09-28 11:00"), ("resume", "2025-09-30 09:00"), ("stop", "2025-09-30 14:30")],
            6,
            "2025-09-30 15:30",
            None,
        ),
        # stopped exactly at the due time: met (a stopped clock keeps its last due time)
        ("2025-10-10 17:00", 2, [("stop", "2025-10-11 10:30")], 2, "2025-10-11 10:30", None),
        # stopped one minute late: breached at the due time
        (
            "2025-10-10 17:00",
            2,
            [("stop", "2025-10-11 10:31")],
            2 + 1 / 60,
            "2025-10-11 10:30",
            "2025-10-11 10:30",
        ),
        # breached during the run, then paused, resumed and stopped: stays breached
        (
            "2025-09-30 09:00",
            3,
            [
                ("check", "2025-10-09 09:30"),
                ("pause", "2025-10-09 10:00"),
                ("resume", "2025-10-10 09:00"),
                ("stop", "2025-10-10 09:00"),
            ],
            8,
            "2025-10-10 09:00",
            "2025-09-30 12:00",
        ),
        # a pause while over target records the breach at the moment it ran out
        ("2025-09-30 16:00", 1, [("pause", "2025-10-09 10:00")], 2.5, None, "2025-09-30 17:00"),
        # pausing twice or resuming a running clock changes nothing; 6 h left from 调休 Saturday 10-11
        (
            "2025-10-09 09:00",
            7,
            [
                ("pause", "2025-10-09 10:00"),
                ("pause", "2025-10-10 10:00"),
                ("resume", "2025-10-11 09:00"),
                ("resume", "2025-10-11 10:00"),
            ],
            1,
            "2025-10-11 16:30",
            None,
        ),
    ],
)
def test_pause_resume_stop(start, hours, steps, consumed, due, breached_at):
    state = clock.start(at(start), hours * H, CAL)
    for operation, moment in steps:
        state = getattr(clock, operation)(state, at(moment), CAL)
    assert state.consumed == dt.timedelta(hours=consumed)
    assert state.due_at == (at(due) if due else None)
    assert state.breached_at == (at(breached_at) if breached_at else None)


@pytest.mark.parametrize(
    ("start", "hours", "now", "elapsed", "percent", "breached"),
    [
        ("2025-09-30 17:00", 7, "2025-10-09 09:30", 1, 100 / 7, False),
        ("2025-09-30 09:00", 7, "2025-10-08 23:00", 7, 100, False),  # exactly used up over the holiday
        ("2025-09-30 09:00", 7, "2025-10-09 09:01", 7 + 1 / 60, 100 * (7 + 1 / 60) / 7, True),
        ("2025-10-11 09:00", 7, "2025-10-12 12:00", 7, 100, False),  # Sunday 10-12 is a rest day again
    ],
)
def test_elapsed_percent_and_check(start, hours, now, elapsed, percent, breached):
    state = clock.start(at(start), hours * H, CAL)
    assert clock.elapsed(state, at(now), CAL) == dt.timedelta(hours=elapsed)
    assert clock.percent_used(state, at(now), CAL) == pytest.approx(percent)
    assert (clock.check(state, at(now), CAL).breached_at is not None) is breached


def test_stopped_clock_ignores_later_operations():
    state = clock.stop(clock.start(at("2025-10-09 09:00"), 7 * H, CAL), at("2025-10-09 10:00"), CAL)
    for operation in ("pause", "resume", "stop", "check"):
        assert getattr(clock, operation)(state, at("2025-10-20 10:00"), CAL) == state


def test_negative_target_is_refused():
    with pytest.raises(ValueError):
        clock.start(at("2025-10-09 09:00"), -H, CAL)
