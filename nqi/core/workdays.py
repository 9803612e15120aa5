"""Working-day calendar: statutory deadlines and SLA clocks counted the way the law counts them.

Business rules:

- Statutory deadlines are counted in working days, excluding statutory holidays
  (《行政许可法》第八十二条: "期限以工作日计算，不含法定节假日").
- The day on which a period starts is not counted; counting begins the next day
  (《民法典》第二百零一条).
- When the last day of a period is a statutory holiday, the period ends on the first day after the
  holiday (《民法典》第二百零三条). `describe_deadline` and `roll_forward` apply this rule.
- Statutory holidays and make-up working days (调休, e.g. Saturday 2025-02-08) follow the State
  Council's yearly notice under 《全国年节及纪念日放假办法》, taken from the `chinese_calendar` package.
- The bureau may force any date to be a working day or a holiday (a year the package does not know
  yet, a local closure). Overrides always win over the package.
- For a year the package does not know, Monday–Friday are working days unless overridden;
  `is_known_year` lets pages warn that such deadlines are provisional.

All wall-clock times are Asia/Shanghai. A naive datetime is read as Asia/Shanghai local time.

`WorkCalendar` is pure: give it the overrides (a mapping {date: is_working_day} or a callable
date -> bool | None). The database-backed overrides plug in through `set_override_provider`, which
`get_calendar()` consults on every call, so nothing mutable is cached across requests or processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils.translation import gettext, ngettext

SHANGHAI = ZoneInfo("Asia/Shanghai")

HourMinute = tuple[int, int]
BusinessWindow = tuple[HourMinute, HourMinute]
OverrideSource = Mapping[dt.date, bool] | Callable[[dt.date], bool | None]

DEFAULT_END_OF_DAY = dt.time(17, 0)
DEFAULT_BUSINESS_HOURS: tuple[BusinessWindow, ...] = (((9, 0), (12, 0)), ((13, 30), (17, 30)))

# Safety net against an override source that declares every day a holiday: no statutory or SLA
# period in this domain comes near ten years.
MAX_SCAN_DAYS = 3660


def is_known_year(year: int) -> bool:
    """True when `chinese_calendar` knows the State Council's holiday notice for `year`."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def statutory_is_working_day(day: dt.date) -> bool:
    """Working day per the State Council notice; Monday–Friday for years not yet published."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


class DeadlineState(StrEnum):
    DUE = "due"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineStatus:
    """Where a deadline stands today: state, working days to go (or overdue), and the due date used.

    `due_on` is the effective due date after 《民法典》第二百零三条 rolled a holiday forward.
    `label` is translated in the language active when it is read (templates, API serialization).
    """

    state: DeadlineState
    working_days: int
    due_on: dt.date

    @property
    def label(self) -> str:
        n = self.working_days
        if self.state == DeadlineState.DUE_TODAY:
            return gettext("今日到期")
        if self.state == DeadlineState.DUE:
            return ngettext("%(n)d 个工作日后到期", "%(n)d 个工作日后到期", n) % {"n": n}
        return ngettext("已逾期 %(n)d 个工作日", "已逾期 %(n)d 个工作日", n) % {"n": n}

    def __str__(self) -> str:
        return self.label

    def as_dict(self) -> dict[str, object]:
        return {
            "state": str(self.state),
            "working_days": self.working_days,
            "due_on": self.due_on.isoformat(),
            "label": self.label,
        }


class WorkCalendar:
    """Working-day arithmetic over statutory holidays, 调休 days and bureau overrides.

    `overrides` maps a date to True (forced working day) or False (forced holiday); a callable
    returning None means "no override for that date". `known_years` lists years whose holidays the
    bureau has entered in full, so `is_known_year` stops warning about them.
    """

    def __init__(
        self,
        overrides: OverrideSource | None = None,
        *,
        known_years: Iterable[int] = (),
        end_of_day: dt.time = DEFAULT_END_OF_DAY,
        business_hours: Iterable[BusinessWindow] = DEFAULT_BUSINESS_HOURS,
        tz: dt.tzinfo = SHANGHAI,
    ) -> None:
        if overrides is None:
            self._override: Callable[[dt.date], bool | None] = lambda day: None
        elif isinstance(overrides, Mapping):
            self._override = overrides.get
        elif callable(overrides):
            self._override = overrides
        else:
            raise TypeError("overrides must be a mapping {date: bool} or a callable date -> bool | None")
        self.known_years = frozenset(known_years)
        self.end_of_day = end_of_day
        self.tz = tz
        self.business_hours = _check_business_hours(business_hours)

    # -- days -------------------------------------------------------------------------------------

    def is_known_year(self, year: int) -> bool:
        """True when the year's holidays come from the State Council notice or the bureau entered them."""
        return year in self.known_years or is_known_year(year)

    def is_working_day(self, day: dt.date) -> bool:
        """Bureau override if any, else the statutory calendar (weekends-only for unknown years)."""
        day = self._as_date(day)
        forced = self._override(day)
        if forced is not None:
            return bool(forced)
        return statutory_is_working_day(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day = self._as_date(day)
        for _ in range(MAX_SCAN_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError(f"no working day within {MAX_SCAN_DAYS} days after {day}; check the overrides")

    def roll_forward(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the next one (《民法典》第二百零三条)."""
        day = self._as_date(day)
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start_date: dt.date, n: int) -> dt.date:
        """The n-th working day after `start_date`: the statutory due date of an n-working-day period.

        The start day is not counted (《民法典》第二百零一条) and holidays are skipped
        (《行政许可法》第八十二条). `n == 0` returns `start_date` unchanged.
        """
        if n < 0:
            raise ValueError("n must be >= 0; count backwards with working_days_between")
        day = self._as_date(start_date)
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after `a` up to and including `b`; negative when `b` is before `a`.

        Inverse of `add_working_days`: `working_days_between(d, add_working_days(d, n)) == n`.
        """
        a, b = self._as_date(a), self._as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + dt.timedelta(days=1)
        while day <= b:
            if self.is_working_day(day):
                count += 1
            day += dt.timedelta(days=1)
        return count

    def deadline_at(self, start: dt.datetime, n: int, *, end_of_day: dt.time | None = None) -> dt.datetime:
        """Aware datetime at close of business on the n-th working day after the local date of `start`."""
        due_on = self.add_working_days(self._localize(start).date(), n)
        return dt.datetime.combine(due_on, end_of_day or self.end_of_day, tzinfo=self.tz)

    def describe_deadline(self, due_date: dt.date, today: dt.date | None = None) -> DeadlineStatus:
        """How far today is from `due_date`, in working days.

        A due date on a holiday moves to the next working day (《民法典》第二百零三条). Overdue counts
        the working days late if the work were done on the next working day from today, so the first
        day after the deadline is "overdue by 1" even when today is a weekend.
        """
        today = self._as_date(today) if today is not None else dt.datetime.now(self.tz).date()
        due_on = self.roll_forward(due_date)
        if due_on == today:
            return DeadlineStatus(DeadlineState.DUE_TODAY, 0, due_on)
        if due_on > today:
            return DeadlineStatus(DeadlineState.DUE, self.working_days_between(today, due_on), due_on)
        late = self.working_days_between(due_on, self.roll_forward(today))
        return DeadlineStatus(DeadlineState.OVERDUE, late, due_on)

    # -- hours (SLA clocks) ----------------------------------------------------------------------------

    def business_windows(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The aware (open, close) intervals of `day`; empty on a non-working day."""
        if not self.is_working_day(day):
            return []
        return [
            (
                dt.datetime.combine(day, dt.time(*open_at), tzinfo=self.tz),
                dt.datetime.combine(day, dt.time(*close_at), tzinfo=self.tz),
            )
            for open_at, close_at in self.business_hours
        ]

    def add_working_hours(self, start: dt.datetime, hours: float | dt.timedelta) -> dt.datetime:
        """When an SLA of `hours` business hours started at `start` runs out.

        The clock runs only inside business windows of working days; nights, lunch breaks, weekends
        and holidays pause it, and 调休 Saturdays run it. A period ending exactly at a window's close
        ends there (not at the next opening).
        """
        remaining = hours if isinstance(hours, dt.timedelta) else dt.timedelta(hours=hours)
        if remaining < dt.timedelta(0):
            raise ValueError("hours must be >= 0")
        current = self._localize(start)
        day = current.date()
        for _ in range(MAX_SCAN_DAYS):
            for open_at, close_at in self.business_windows(day):
                if current >= close_at:
                    continue
                begin = max(current, open_at)
                if remaining <= close_at - begin:
                    return begin + remaining
                remaining -= close_at - begin
            day += dt.timedelta(days=1)
        raise ValueError(f"SLA does not end within {MAX_SCAN_DAYS} days; check the overrides")

    def working_hours_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Business time elapsed from `a` to `b` (negative when `b` is before `a`).

        Divide by `timedelta(hours=1)` for hours.
        """
        a, b = self._localize(a), self._localize(b)
        if b < a:
            return -self.working_hours_between(b, a)
        total = dt.timedelta(0)
        day = a.date()
        while day <= b.date():
            for open_at, close_at in self.business_windows(day):
                overlap = min(close_at, b) - max(open_at, a)
                if overlap > dt.timedelta(0):
                    total += overlap
            day += dt.timedelta(days=1)
        return total

    # -- conversions ----------------------------------------------------------------------------------

    def _localize(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    def _as_date(self, day: dt.date) -> dt.date:
        if isinstance(day, dt.datetime):
            return self._localize(day).date()
        return day


def _check_business_hours(windows: Iterable[BusinessWindow]) -> tuple[BusinessWindow, ...]:
    """Business windows must be ordered, non-empty and non-overlapping within one day."""
    checked: tuple[BusinessWindow, ...] = tuple(
        ((open_at[0], open_at[1]), (close_at[0], close_at[1])) for open_at, close_at in windows
    )
    if not checked:
        raise ValueError("business_hours needs at least one window")
    previous_close: HourMinute = (0, 0)
    for open_at, close_at in checked:
        for hour_minute in (open_at, close_at):
            dt.time(*hour_minute)  # raises ValueError on an impossible hour or minute
        if not previous_close <= open_at < close_at:
            raise ValueError(f"business_hours must be ordered and non-overlapping: {checked}")
        previous_close = close_at
    return checked


# -- the override provider hook -------------------------------------------------------------------

_override_provider: Callable[[], OverrideSource | None] | None = None


def set_override_provider(provider: Callable[[], OverrideSource | None] | None) -> None:
    """Install the function that supplies bureau overrides (called by an AppConfig.ready()).

    The provider is called each time `get_calendar()` builds a calendar, so overrides edited in one
    process are seen by every other. Pass None to remove it.
    """
    global _override_provider
    _override_provider = provider


def get_calendar(**options: Any) -> WorkCalendar:
    """A calendar with the current bureau overrides; build one per request or job and reuse it.

    `options` are WorkCalendar's keyword arguments (end_of_day, business_hours, known_years, tz).
    """
    overrides = _override_provider() if _override_provider is not None else None
    return WorkCalendar(overrides, **options)


# -- shortcuts over get_calendar(), for one-off questions -------------------------------------------


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)


def add_working_days(start_date: dt.date, n: int) -> dt.date:
    return get_calendar().add_working_days(start_date, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    return get_calendar().working_days_between(a, b)


def deadline_at(start: dt.datetime, n: int, *, end_of_day: dt.time | None = None) -> dt.datetime:
    return get_calendar().deadline_at(start, n, end_of_day=end_of_day)


def add_working_hours(
    start: dt.datetime,
    hours: float | dt.timedelta,
    business_hours: Iterable[BusinessWindow] = DEFAULT_BUSINESS_HOURS,
) -> dt.datetime:
    return get_calendar(business_hours=business_hours).add_working_hours(start, hours)


def working_hours_between(
    a: dt.datetime, b: dt.datetime, business_hours: Iterable[BusinessWindow] = DEFAULT_BUSINESS_HOURS
) -> dt.timedelta:
    return get_calendar(business_hours=business_hours).working_hours_between(a, b)


def describe_deadline(due_date: dt.date, today: dt.date | None = None) -> DeadlineStatus:
    return get_calendar().describe_deadline(due_date, today)
