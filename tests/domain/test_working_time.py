"""Working time: delays that skip evenings, weekends and holidays, across the clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.quiet import QuietHours
from bot.domain.working_time import (
    WorkingCalendar,
    add_working_hours,
    alert_look_at,
    escalate_at,
    is_working_time,
    next_working_moment,
    read_holidays,
    read_working_days,
    read_working_hours,
    resend_at,
    working_hours_between,
)

AMS = ZoneInfo("Europe/Amsterdam")
SCHOOL = WorkingCalendar()  # Monday to Friday, 08:00-17:00, Amsterdam
AUTUMN_BREAK = WorkingCalendar(holidays=read_holidays("2026-10-19..2026-10-23"))
KINGS_DAY = WorkingCalendar(holidays=frozenset({date(2026, 4, 27)}))  # a Monday
SIX_DAYS = WorkingCalendar(days=read_working_days("mon-sat"))
EVENING_SCHOOL = WorkingCalendar(start=time(18, 0), end=time(0, 0))
NEW_YORK = WorkingCalendar(timezone="America/New_York")


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock moment in Amsterdam."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


@pytest.mark.parametrize(
    ("calendar", "start", "hours", "expected"),
    [
        # Within one working day.
        (SCHOOL, ams(2026, 3, 4, 9), 3, ams(2026, 3, 4, 12)),
        # Ends exactly at the end of the day: that day's 17:00, not the next morning.
        (SCHOOL, ams(2026, 3, 4, 9), 8, ams(2026, 3, 4, 17)),
        # Over the night: Wednesday 16:00 + 2 h is Thursday 09:00.
        (SCHOOL, ams(2026, 3, 4, 16), 2, ams(2026, 3, 5, 9)),
        # The case: an alert on Friday 14:00. Eight hours: Monday 13:00, sixteen:
        # Tuesday 12:00 - never on Saturday or Sunday.
        (SCHOOL, ams(2026, 3, 6, 14), 8, ams(2026, 3, 9, 13)),
        (SCHOOL, ams(2026, 3, 6, 14), 16, ams(2026, 3, 10, 12)),
        # The old defaults, 24 and 48 hours, counted as working hours.
        (SCHOOL, ams(2026, 3, 6, 14), 24, ams(2026, 3, 11, 11)),
        (SCHOOL, ams(2026, 3, 6, 14), 48, ams(2026, 3, 13, 17)),
        # Raised at night or at the weekend: counting starts the next working morning.
        (SCHOOL, ams(2026, 3, 4, 23, 30), 1, ams(2026, 3, 5, 9)),
        (SCHOOL, ams(2026, 3, 7, 11), 1, ams(2026, 3, 9, 9)),
        (SCHOOL, ams(2026, 3, 6, 17), 1, ams(2026, 3, 9, 9)),
        # A holiday Monday (King's Day 2026) does not count.
        (KINGS_DAY, ams(2026, 4, 24, 14), 8, ams(2026, 4, 28, 13)),
        # A week of autumn break: Friday before it + 8 h is the Monday after it.
        (AUTUMN_BREAK, ams(2026, 10, 16, 14), 8, ams(2026, 10, 26, 13)),
        # Saturdays work at some schools.
        (SIX_DAYS, ams(2026, 3, 6, 14), 8, ams(2026, 3, 7, 13)),
        # A working day up to midnight.
        (EVENING_SCHOOL, ams(2026, 3, 4, 23), 2, ams(2026, 3, 5, 19)),
        # Zero hours: now inside working time, else the next working morning.
        (SCHOOL, ams(2026, 3, 4, 10), 0, ams(2026, 3, 4, 10)),
        (SCHOOL, ams(2026, 3, 6, 17), 0, ams(2026, 3, 9, 8)),
    ],
)
def test_add_working_hours(
    calendar: WorkingCalendar, start: datetime, hours: float, expected: datetime
) -> None:
    at = add_working_hours(start, hours, calendar)
    assert at == expected
    assert at.tzinfo is UTC


@pytest.mark.parametrize(
    ("start", "hours", "expected_utc"),
    [
        # Spring forward on Sunday 29 March 2026: Friday 14:00 CET (13:00 UTC) + 8 working hours
        # is Monday 13:00 CEST, 11:00 UTC - wall-clock hours, not 24-hour days of UTC.
        (ams(2026, 3, 27, 14), 8, datetime(2026, 3, 30, 11, 0, tzinfo=UTC)),
        # Fall back on Sunday 25 October 2026: Friday 14:00 CEST + 8 h is Monday 13:00 CET.
        (ams(2026, 10, 23, 14), 8, datetime(2026, 10, 26, 12, 0, tzinfo=UTC)),
    ],
)
def test_working_hours_follow_the_wall_clock_across_summer_time(
    start: datetime, hours: float, expected_utc: datetime
) -> None:
    assert add_working_hours(start, hours, SCHOOL) == expected_utc


def test_the_calendar_counts_in_its_own_time_zone() -> None:
    # Friday 16:00 in New York is Friday 22:00 in Amsterdam: one working hour left that day.
    start = datetime(2026, 3, 13, 16, 0, tzinfo=ZoneInfo("America/New_York"))
    assert add_working_hours(start, 2, NEW_YORK) == datetime(
        2026, 3, 16, 9, 0, tzinfo=ZoneInfo("America/New_York")
    )


def test_a_friday_afternoon_alert_is_not_resent_or_escalated_before_monday() -> None:
    friday = ams(2026, 3, 6, 14)
    monday_morning = ams(2026, 3, 9, 8)
    resend = resend_at(friday, 8, times_sent=1, max_resends=1, calendar=SCHOOL)
    escalation = escalate_at(friday, 8, max_resends=1, calendar=SCHOOL)
    assert resend is not None
    assert monday_morning < resend < escalation
    assert is_working_time(resend, SCHOOL)
    assert is_working_time(escalation, SCHOOL)
    assert resend_at(friday, 8, times_sent=2, max_resends=1, calendar=SCHOOL) is None


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (ams(2026, 3, 4, 8), True),  # the start counts
        (ams(2026, 3, 4, 7, 59), False),
        (ams(2026, 3, 4, 17), False),  # the end does not
        (ams(2026, 3, 7, 10), False),  # Saturday
        (ams(2026, 4, 27, 10), True),  # King's Day, but SCHOOL has no holidays
    ],
)
def test_is_working_time(moment: datetime, working: bool) -> None:
    assert is_working_time(moment, SCHOOL) is working


def test_next_working_moment() -> None:
    assert next_working_moment(ams(2026, 3, 4, 10), SCHOOL) == ams(2026, 3, 4, 10)
    assert next_working_moment(ams(2026, 3, 7, 10), SCHOOL) == ams(2026, 3, 9, 8)


@pytest.mark.parametrize(
    ("earlier", "later", "hours"),
    [
        (ams(2026, 3, 6, 14), ams(2026, 3, 9, 13), 8),
        (ams(2026, 3, 6, 14), ams(2026, 3, 8, 13), 3),  # the weekend adds nothing
        (ams(2026, 3, 9, 13), ams(2026, 3, 6, 14), 0),
    ],
)
def test_working_hours_between(earlier: datetime, later: datetime, hours: int) -> None:
    assert working_hours_between(earlier, later, SCHOOL) == timedelta(hours=hours)


def test_resends_count_from_creation() -> None:
    created = ams(2026, 3, 4, 9)
    calendar = SCHOOL
    assert resend_at(created, 4, 1, 3, calendar) == ams(2026, 3, 4, 13)
    assert resend_at(created, 4, 2, 3, calendar) == ams(2026, 3, 4, 17)
    assert resend_at(created, 4, 3, 3, calendar) == ams(2026, 3, 5, 12)
    assert resend_at(created, 4, 4, 3, calendar) is None
    assert escalate_at(created, 4, 3, calendar) == ams(2026, 3, 5, 16)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("Mon, Tue, Thu", {0, 1, 3}),
        ("monday-thursday,sat", {0, 1, 2, 3, 5}),
        ("sun", {6}),
    ],
)
def test_read_working_days(text: str, days: set[int]) -> None:
    assert read_working_days(text) == frozenset(days)


@pytest.mark.parametrize("text", ["", "fri-mon", "maandag", "mon-", "mon,,tue"])
def test_bad_working_days_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"weekday|backwards"):
        read_working_days(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("08:00-17:00", (time(8), time(17))),
        ("8:30 - 16:45", (time(8, 30), time(16, 45))),
        ("18:00-24:00", (time(18), time(0))),
    ],
)
def test_read_working_hours(text: str, span: tuple[time, time]) -> None:
    assert read_working_hours(text) == span


@pytest.mark.parametrize(
    "text", ["17:00-08:00", "08:00", "8-17", "08:00-24:30", "٠٨:00-17:00", "08:00-08:00"]
)
def test_bad_working_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"span of hours|ends"):
        read_working_hours(text)


def test_read_holidays() -> None:
    days = read_holidays("2026-12-21..2027-01-01, 27-4-2026,")
    assert len(days) == 13
    assert date(2026, 12, 31) in days
    assert date(2026, 4, 27) in days
    assert read_holidays("") == frozenset()


@pytest.mark.parametrize(
    "text",
    ["2026-13-01", "2026-12-24..2026-12-20", "25/12/2026", "2026-01-01..2029-01-01", "kerst"],
)
def test_bad_holidays_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a date|before it starts|two years"):
        read_holidays(text)


def test_a_calendar_without_working_time_is_refused() -> None:
    with pytest.raises(ValueError, match="working days"):
        WorkingCalendar(days=frozenset())
    with pytest.raises(ValueError, match="ends"):
        WorkingCalendar(start=time(17), end=time(8))
    with pytest.raises(ValueError, match="time zone"):
        WorkingCalendar(timezone="Mars/Olympus")
    everything_off = WorkingCalendar(
        days=frozenset({0}), holidays=read_holidays("2026-01-01..2027-12-31")
    )
    with pytest.raises(ValueError, match="no working day"):
        add_working_hours(ams(2026, 1, 1), 1, everything_off)


def test_naive_and_negative_input_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_working_hours(datetime(2026, 3, 4, 9), 1, SCHOOL)  # noqa: DTZ001
    with pytest.raises(ValueError, match="negative"):
        add_working_hours(ams(2026, 3, 4, 9), -1, SCHOOL)
    with pytest.raises(ValueError, match="positive"):
        resend_at(ams(2026, 3, 4, 9), 0, 1, 1, SCHOOL)


def test_the_next_look_at_an_alert_keeps_out_of_the_quiet_hours() -> None:
    night = QuietHours(time(21), time(8))
    created = ams(2026, 3, 6, 14)
    assert alert_look_at(created, 8, 1, SCHOOL, night) == ams(2026, 3, 9, 13)
    assert alert_look_at(created, 8, 2, SCHOOL, night) == ams(2026, 3, 10, 12)
    # A working day into the evening: the resend waits for the morning.
    late = WorkingCalendar(start=time(12), end=time(23))
    assert alert_look_at(ams(2026, 3, 4, 20), 1.5, 1, late, night) == ams(2026, 3, 5, 8)
    with pytest.raises(ValueError, match="positive"):
        alert_look_at(created, 0, 1, SCHOOL, night)
