"""Working-day arithmetic across Spring Festival and National Day 2025, their 调休 days, overrides
and years the statutory calendar does not know yet. Pure: no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from nqi.core import workdays
from nqi.core.tests import use_minimal_settings
from nqi.core.workdays import DeadlineState, WorkCalendar, is_known_year

use_minimal_settings()

D = dt.date
SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def at(y, m, d, hh=0, mm=0, tz=SH):
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 1, 25), False),  # Saturday
        (D(2025, 1, 26), True),  # Sunday, 调休 for Spring Festival
        (D(2025, 1, 27), True),
        (D(2025, 1, 28), False),  # 除夕
        (D(2025, 2, 4), False),  # last day of Spring Festival
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),  # Saturday, 调休
        (D(2025, 2, 9), False),
        (D(2025, 3, 8), False),  # ordinary Saturday
        (D(2025, 9, 27), False),
        (D(2025, 9, 28), True),  # Sunday, 调休 for National Day
        (D(2025, 10, 1), False),
        (D(2025, 10, 6), False),  # Monday, Mid-Autumn inside National Day
        (D(2025, 10, 8), False),
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),  # Saturday, 调休
        (D(2025, 10, 12), False),
    ],
)
def test_is_working_day_follows_statutory_calendar(day, working):
    assert CAL.is_working_day(day) is working


def test_is_working_day_reads_an_aware_datetime_in_shanghai():
    # 2025-09-30 20:00 UTC is already 1 October in Shanghai.
    assert CAL.is_working_day(dt.datetime(2025, 9, 30, 20, 0, tzinfo=dt.UTC)) is False


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2025, 1, 24), 0, D(2025, 1, 24)),
        (D(2025, 1, 24), 1, D(2025, 1, 26)),  # the 调休 Sunday counts
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),  # skips the whole festival
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 2, 7), 1, D(2025, 2, 8)),  # the 调休 Saturday counts
        (D(2025, 2, 7), 2, D(2025, 2, 10)),
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 9, 30), 3, D(2025, 10, 11)),
        (D(2025, 9, 30), 4, D(2025, 10, 13)),
        (D(2025, 10, 1), 1, D(2025, 10, 9)),  # received on a holiday
        (D(2025, 10, 1), 0, D(2025, 10, 1)),
        (D(2025, 9, 15), 20, D(2025, 10, 17)),  # a 20-working-day review period
    ],
)
def test_add_working_days(start, n, due):
    assert CAL.add_working_days(start, n) == due


def test_add_working_days_rejects_negative_n():
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2025, 1, 1), -1)


@pytest.mark.parametrize(
    ("a", "b", "count"),
    [
        (D(2025, 1, 24), D(2025, 2, 5), 3),
        (D(2025, 2, 5), D(2025, 1, 24), -3),
        (D(2025, 1, 27), D(2025, 1, 27), 0),
        (D(2025, 9, 30), D(2025, 10, 8), 0),
        (D(2025, 9, 30), D(2025, 10, 9), 1),
        (D(2025, 10, 1), D(2025, 10, 11), 3),
        (D(2025, 10, 11), D(2025, 10, 1), -3),
    ],
)
def test_working_days_between(a, b, count):
    assert CAL.working_days_between(a, b) == count


def test_working_days_between_inverts_add_working_days():
    starts = [D(2025, 1, 15) + dt.timedelta(days=i) for i in range(40)]
    starts += [D(2025, 9, 20) + dt.timedelta(days=i) for i in range(30)]
    for start in starts:
        for n in (0, 1, 2, 3, 5, 8, 13, 21):
            assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n, (start, n)


# -- overrides and unknown years ---------------------------------------------------------------------


def test_overrides_beat_the_statutory_calendar():
    cal = WorkCalendar({D(2025, 10, 9): False, D(2025, 10, 12): True, D(2025, 1, 26): False})
    assert cal.is_working_day(D(2025, 10, 9)) is False  # local closure
    assert cal.is_working_day(D(2025, 10, 12)) is True  # forced working Sunday
    assert cal.is_working_day(D(2025, 1, 26)) is False  # 调休 cancelled locally
    assert cal.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 10)


def test_callable_overrides_return_none_for_no_opinion():
    cal = WorkCalendar(lambda day: False if day == D(2025, 10, 9) else None)
    assert cal.is_working_day(D(2025, 10, 9)) is False
    assert cal.is_working_day(D(2025, 10, 10)) is True
    assert cal.is_working_day(D(2025, 10, 1)) is False


def test_overrides_must_be_mapping_or_callable():
    with pytest.raises(TypeError):
        WorkCalendar([D(2025, 1, 1)])


def test_calendar_that_never_works_fails_loudly():
    with pytest.raises(ValueError, match="overrides"):
        WorkCalendar(lambda day: False).add_working_days(D(2025, 1, 1), 1)


@pytest.mark.parametrize(("year", "known"), [(2003, False), (2004, True), (2025, True), (2099, False)])
def test_is_known_year(year, known):
    assert is_known_year(year) is known
    assert CAL.is_known_year(year) is known


def test_unknown_year_falls_back_to_weekends_unless_overridden():
    assert CAL.is_working_day(D(2099, 1, 1)) is True  # a Thursday; New Year's Day not yet known
    assert CAL.is_working_day(D(2099, 1, 3)) is False  # Saturday
    cal = WorkCalendar({D(2099, 1, 1): False, D(2099, 1, 3): True}, known_years=[2099])
    assert cal.is_working_day(D(2099, 1, 1)) is False
    assert cal.is_working_day(D(2099, 1, 3)) is True
    assert cal.is_known_year(2099) is True


def test_counting_into_an_unknown_year_is_provisional_weekdays():
    if is_known_year(2027):
        pytest.skip("chinese_calendar now knows 2027")
    assert CAL.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)


# -- deadlines at close of business --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (at(2025, 9, 30, 10), 1, at(2025, 10, 9, 17)),
        # 20:00 UTC on 29 Sep is 04:00 on 30 Sep in Shanghai.
        (dt.datetime(2025, 9, 29, 20, 0, tzinfo=dt.UTC), 1, at(2025, 10, 9, 17)),
        (dt.datetime(2025, 2, 7, 9, 0), 1, at(2025, 2, 8, 17)),  # naive = Shanghai local time
        (at(2025, 1, 24, 16), 3, at(2025, 2, 5, 17)),
    ],
)
def test_deadline_at_end_of_business_day(start, n, due):
    result = CAL.deadline_at(start, n)
    assert result == due
    assert result.utcoffset() == dt.timedelta(hours=8)


def test_deadline_at_end_of_day_is_configurable():
    assert WorkCalendar(end_of_day=dt.time(17, 30)).deadline_at(at(2025, 9, 30), 1) == at(2025, 10, 9, 17, 30)
    assert CAL.deadline_at(at(2025, 9, 30), 1, end_of_day=dt.time(12)) == at(2025, 10, 9, 12)


# -- SLA clocks in business hours -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "end"),
    [
        (at(2025, 3, 3, 9), 2, at(2025, 3, 3, 11)),
        (at(2025, 3, 3, 9), 3, at(2025, 3, 3, 12)),  # ends exactly at lunch
        (at(2025, 3, 3, 11), 2, at(2025, 3, 3, 14, 30)),  # lunch pauses the clock
        (at(2025, 3, 3, 12, 15), 1, at(2025, 3, 3, 14, 30)),  # started during lunch
        (at(2025, 3, 3, 16, 30), 2, at(2025, 3, 4, 10)),  # overnight
        (at(2025, 3, 3, 20), 1, at(2025, 3, 4, 10)),  # started at night
        (at(2025, 3, 3, 20), 0, at(2025, 3, 4, 9)),  # clock starts at next opening
        (at(2025, 3, 7, 17), 1, at(2025, 3, 10, 9, 30)),  # weekend
        (at(2025, 9, 30, 16, 30), 2, at(2025, 10, 9, 10)),  # National Day
        (at(2025, 9, 26, 17), 1, at(2025, 9, 28, 9, 30)),  # 调休 Sunday runs the clock
        (at(2025, 10, 10, 17, 30), 1, at(2025, 10, 11, 10)),  # 调休 Saturday
        (at(2025, 2, 7, 17, 30), 7, at(2025, 2, 8, 17, 30)),  # a full 调休 Saturday
        (at(2025, 1, 27, 17), 1.5, at(2025, 2, 5, 10)),  # Spring Festival
        (at(2025, 3, 3, 9), dt.timedelta(minutes=90), at(2025, 3, 3, 10, 30)),
        (dt.datetime(2025, 3, 3, 1, 0, tzinfo=dt.UTC), 1, at(2025, 3, 3, 10)),  # 09:00 Shanghai
    ],
)
def test_add_working_hours(start, hours, end):
    assert CAL.add_working_hours(start, hours) == end


def test_add_working_hours_with_custom_business_hours():
    cal = WorkCalendar(business_hours=[((8, 30), (17, 0))])
    assert cal.add_working_hours(at(2025, 3, 3, 16), 2) == at(2025, 3, 4, 9, 30)
    assert workdays.add_working_hours(at(2025, 3, 3, 16), 2, (((8, 30), (17, 0)),)) == at(2025, 3, 4, 9, 30)


def test_add_working_hours_rejects_negative():
    with pytest.raises(ValueError):
        CAL.add_working_hours(at(2025, 3, 3, 9), -1)


@pytest.mark.parametrize(
    "windows",
    [
        [],
        [((9, 0), (12, 0)), ((11, 0), (17, 0))],  # overlapping
        [((13, 0), (17, 0)), ((9, 0), (12, 0))],  # out of order
        [((9, 0), (9, 0))],  # empty
        [((9, 0), (25, 0))],  # impossible hour
    ],
)
def test_business_hours_are_checked(windows):
    with pytest.raises(ValueError):
        WorkCalendar(business_hours=windows)


@pytest.mark.parametrize(
    ("a", "b", "hours"),
    [
        (at(2025, 3, 3, 9), at(2025, 3, 3, 17, 30), 7),
        (at(2025, 3, 3, 11), at(2025, 3, 3, 14, 30), 2),
        (at(2025, 3, 3, 0), at(2025, 3, 4, 0), 7),
        (at(2025, 3, 7, 17), at(2025, 3, 10, 9, 30), 1),
        (at(2025, 9, 26, 17), at(2025, 10, 9, 10), 22.5),  # Fri 0.5 + 28/29/30 Sep 21 + 9 Oct 1
        (at(2025, 10, 9, 10), at(2025, 9, 26, 17), -22.5),
        (at(2025, 10, 3, 9), at(2025, 10, 3, 17), 0),  # holiday
        (at(2025, 3, 3, 9), at(2025, 3, 3, 9), 0),
    ],
)
def test_working_hours_between(a, b, hours):
    assert CAL.working_hours_between(a, b) == dt.timedelta(hours=hours)


def test_working_hours_between_inverts_add_working_hours():
    for day in range(24, 32):
        for hour in (0, 8, 9, 10.5, 12, 12.5, 13.5, 17.25, 23):
            start = at(2025, 1, day) + dt.timedelta(hours=hour)
            for hours in (0, 0.5, 3, 7, 11, 40):
                end = CAL.add_working_hours(start, hours)
                assert CAL.working_hours_between(start, end) == dt.timedelta(hours=hours), (start, hours)


# -- describing a deadline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "today", "state", "n", "due_on", "label"),
    [
        (D(2025, 10, 9), D(2025, 9, 30), "due", 1, D(2025, 10, 9), "1 个工作日后到期"),
        (D(2025, 1, 27), D(2025, 1, 24), "due", 2, D(2025, 1, 27), "2 个工作日后到期"),
        (D(2025, 10, 9), D(2025, 10, 9), "due_today", 0, D(2025, 10, 9), "今日到期"),
        (D(2025, 10, 9), D(2025, 10, 10), "overdue", 1, D(2025, 10, 9), "已逾期 1 个工作日"),
        (D(2025, 10, 9), D(2025, 10, 12), "overdue", 3, D(2025, 10, 9), "已逾期 3 个工作日"),  # Sunday
        (D(2025, 10, 10), D(2025, 10, 11), "overdue", 1, D(2025, 10, 10), "已逾期 1 个工作日"),  # 调休
        (D(2025, 2, 7), D(2025, 2, 9), "overdue", 2, D(2025, 2, 7), "已逾期 2 个工作日"),
        (D(2025, 3, 7), D(2025, 3, 8), "overdue", 1, D(2025, 3, 7), "已逾期 1 个工作日"),  # Saturday
        # A due date on a holiday moves to the next working day (民法典第二百零三条).
        (D(2025, 10, 3), D(2025, 9, 30), "due", 1, D(2025, 10, 9), "1 个工作日后到期"),
        (D(2025, 10, 3), D(2025, 10, 5), "due", 1, D(2025, 10, 9), "1 个工作日后到期"),
        (D(2025, 10, 3), D(2025, 10, 9), "due_today", 0, D(2025, 10, 9), "今日到期"),
    ],
)
def test_describe_deadline(due, today, state, n, due_on, label):
    status = CAL.describe_deadline(due, today)
    assert (status.state, status.working_days, status.due_on) == (state, n, due_on)
    assert isinstance(status.state, DeadlineState)
    with translation.override("zh-hans"):
        assert status.label == label
        assert str(status) == label
        assert status.as_dict() == {
            "state": state,
            "working_days": n,
            "due_on": due_on.isoformat(),
            "label": label,
        }


ENGLISH = {
    "%(n)d 个工作日后到期": ("due in %(n)d working day", "due in %(n)d working days"),
    "已逾期 %(n)d 个工作日": ("overdue by %(n)d working day", "overdue by %(n)d working days"),
}


@pytest.mark.parametrize(
    ("due", "today", "label"),
    [
        (D(2025, 1, 27), D(2025, 1, 24), "due in 2 working days"),
        (D(2025, 10, 9), D(2025, 9, 30), "due in 1 working day"),
        (D(2025, 10, 9), D(2025, 10, 10), "overdue by 1 working day"),
        (D(2025, 10, 9), D(2025, 10, 13), "overdue by 3 working days"),
    ],
)
def test_describe_deadline_label_goes_through_ngettext(monkeypatch, due, today, label):
    def english_ngettext(singular, plural, n):
        one, many = ENGLISH[singular]
        return one if n == 1 else many

    monkeypatch.setattr(workdays, "ngettext", english_ngettext)
    assert CAL.describe_deadline(due, today).label == label


def test_describe_deadline_defaults_to_today_in_shanghai():
    far = dt.datetime.now(SH).date() + dt.timedelta(days=40)
    assert CAL.describe_deadline(far).state == DeadlineState.DUE


# -- the override provider hook --------------------------------------------------------------------------


@pytest.fixture
def provider():
    calls = []

    def overrides():
        calls.append(1)
        return {D(2025, 10, 9): False}

    workdays.set_override_provider(overrides)
    yield calls
    workdays.set_override_provider(None)


def test_module_shortcuts_use_the_provider_on_every_call(provider):
    assert workdays.is_working_day(D(2025, 10, 9)) is False
    assert workdays.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 10)
    assert workdays.working_days_between(D(2025, 9, 30), D(2025, 10, 10)) == 1
    assert workdays.deadline_at(at(2025, 9, 30, 9), 1) == at(2025, 10, 10, 17)
    assert workdays.add_working_hours(at(2025, 9, 30, 17), 1) == at(2025, 10, 10, 9, 30)
    elapsed = workdays.working_hours_between(at(2025, 9, 30, 17), at(2025, 10, 10, 9, 30))
    assert elapsed == dt.timedelta(hours=1)
    assert workdays.describe_deadline(D(2025, 10, 9), D(2025, 10, 10)).state == DeadlineState.DUE_TODAY
    assert len(provider) == 7


def test_without_provider_the_statutory_calendar_applies():
    workdays.set_override_provider(None)
    assert workdays.is_working_day(D(2025, 10, 9)) is True
    assert workdays.get_calendar(end_of_day=dt.time(18)).end_of_day == dt.time(18)
