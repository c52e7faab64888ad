"""Working time: resend and escalation delays that count the school's working hours.

An alert raised on Friday at 14:00 that nobody acknowledges must not be sent again on Saturday
and handed to the coordinators on Sunday: supervisors are teachers, they read it on Monday. So
these delays count only working hours — from the start to the end of the working day
(`WORKING_HOURS`, default 08:00-17:00) on a working day (`WORKING_DAYS`, default Monday to
Friday) that is no school holiday (`SCHOOL_HOLIDAYS`) — in the school's time zone.

The working day's start and end are local wall-clock times, so 08:00 stays 08:00 across the
summer-time switches; the hours in between are real elapsed time (a switch happens at night,
outside any working day one would set). A start or end inside a spring-forward gap is the
moment the clocks jump, the rule of bot/domain/localtime.py. Because the result always lies
inside a working day, it also lies outside the quiet hours of anyone who lives in the school's
time zone (21:00-08:00 by default).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.dates import SPREADSHEET, read_date
from bot.domain.localtime import local_date, require_aware, wall_moment, zone_of
from bot.domain.quiet import QuietHours, release_at

ONE_DAY = timedelta(days=1)
# Holidays can swallow weeks, never years: a calendar with no working day in two years is a
# mistake in the settings, and looking further would only hide it.
SEARCH_DAYS = 2 * 366
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])-([01]?[0-9]|2[0-4]):([0-5][0-9])", re.ASCII)


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """When the school works: weekdays, the hours of a working day, holidays, its time zone."""

    days: frozenset[int] = frozenset(range(5))  # 0=Monday..6=Sunday
    start: time = time(8, 0)  # local wall-clock time, naive
    end: time = time(17, 0)
    holidays: frozenset[date] = frozenset()  # local dates without work
    timezone: str = "Europe/Amsterdam"

    def __post_init__(self) -> None:
        if not self.days or not self.days <= frozenset(range(7)):
            raise ValueError(f"working days must be some of 0 (Monday) to 6, not {self.days}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("working hours are local wall-clock times: give them no tzinfo")
        if self.end != time(0, 0) and self.end <= self.start:
            raise ValueError(f"a working day ends ({self.end}) after it starts ({self.start})")
        zone_of(self.timezone)

    @property
    def zone(self) -> ZoneInfo:
        """The school's time zone."""
        return ZoneInfo(self.timezone)


SCHOOL_WEEK = WorkingCalendar()  # Monday to Friday, 08:00-17:00, Amsterdam, no holidays


def is_working_day(day: date, calendar: WorkingCalendar) -> bool:
    """Whether a local date is a working day: one of the working weekdays and no holiday."""
    return day.weekday() in calendar.days and day not in calendar.holidays


def is_working_time(moment: datetime, calendar: WorkingCalendar) -> bool:
    """Whether an instant falls inside a working day's hours (start included, end not)."""
    require_aware(moment, "moment")
    day = local_date(moment, calendar.zone)
    if not is_working_day(day, calendar):
        return False
    opens, closes = _window(day, calendar)
    return opens <= moment < closes


def next_working_moment(moment: datetime, calendar: WorkingCalendar) -> datetime:
    """The instant itself when it is working time, else when the next working day starts (UTC)."""
    return add_working_hours(moment, 0, calendar)


def add_working_hours(start: datetime, hours: float, calendar: WorkingCalendar) -> datetime:
    """The instant (UTC) when `hours` of working time have passed since `start`.

    Time outside working hours, at weekends and on holidays does not count: Friday 14:00 plus
    eight working hours of 08:00-17:00 is Monday 13:00. Zero hours is `start` itself inside
    working time, else the start of the next working day. A delay that ends exactly when a
    working day ends is that day's end, not the next morning.
    """
    require_aware(start, "start")
    if hours < 0:
        raise ValueError(f"hours must not be negative, not {hours}")
    left = timedelta(hours=hours)
    for opens, closes in _windows_from(start, calendar):
        begin = max(opens, start)
        if begin >= closes:
            continue
        if left == timedelta(0) or begin + left <= closes:
            return (begin + left).astimezone(UTC)
        left -= closes - begin
    raise ValueError(f"no working day within {SEARCH_DAYS} days of {start.isoformat()}")


def working_hours_between(
    earlier: datetime, later: datetime, calendar: WorkingCalendar
) -> timedelta:
    """How much working time lies between two instants (zero when `later` is not later)."""
    require_aware(earlier, "earlier")
    require_aware(later, "later")
    total = timedelta(0)
    for opens, closes in _windows_from(earlier, calendar):
        if opens >= later:
            break
        total += max(timedelta(0), min(closes, later) - max(opens, earlier))
    return total


def resend_at(
    created_at: datetime,
    resend_hours: float,
    times_sent: int,
    max_resends: int,
    calendar: WorkingCalendar,
) -> datetime | None:
    """When an unacknowledged alert goes out again, or None: hand it to the coordinators.

    The working-time form of escalation.alert_resend_at: resends follow every `resend_hours`
    working hours counted from the alert's creation (so however late a tick asks, the answer is
    the same); after `max_resends` resends the next moment is the escalation.
    """
    if resend_hours <= 0:
        raise ValueError(f"resend_hours must be positive, not {resend_hours}")
    if times_sent < 1 or max_resends < 0:
        raise ValueError("an alert is sent at least once and resent zero or more times")
    if times_sent - 1 >= max_resends:
        return None
    return add_working_hours(created_at, resend_hours * times_sent, calendar)


def escalate_at(
    created_at: datetime, resend_hours: float, max_resends: int, calendar: WorkingCalendar
) -> datetime:
    """When an alert nobody acknowledged is handed to the coordinators."""
    if resend_hours <= 0:
        raise ValueError(f"resend_hours must be positive, not {resend_hours}")
    return add_working_hours(created_at, resend_hours * (max_resends + 1), calendar)


def alert_look_at(
    created_at: datetime,
    resend_hours: float,
    times_sent: int,
    calendar: WorkingCalendar,
    quiet: QuietHours,
) -> datetime:
    """When the tick looks at an unacknowledged alert again: `resend_hours` of working time
    per sending, counted from its creation, then out of the quiet hours (school time zone).

    The working day normally lies within waking hours; this keeps a resend out of the night
    also when it does not (WORKING_HOURS running into the evening).
    """
    if resend_hours <= 0 or times_sent < 1:
        raise ValueError("an alert is resent after a positive delay and sent at least once")
    moment = add_working_hours(created_at, resend_hours * times_sent, calendar)
    return release_at(moment, quiet, calendar.zone)


def read_working_days(text: str) -> frozenset[int]:
    """`mon-fri`, `mon,tue,thu` or `mon-thu,sat` as weekday numbers; ValueError with the reason."""
    days: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        first, dash, last = (s.strip()[:3] for s in part.partition("-"))
        if first not in WEEKDAYS or (dash and last not in WEEKDAYS):
            raise ValueError(f"{part!r} is not a weekday or a range of them (mon..sun, mon-fri)")
        a, b = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        if b < a:
            raise ValueError(f"{part!r} runs backwards (write mon-fri, not fri-mon)")
        days.update(range(a, b + 1))
    return frozenset(days)


def read_working_hours(text: str) -> tuple[time, time]:
    """`08:00-17:00` as its start and end; ValueError with the reason."""
    found = _HOURS.fullmatch(text.replace(" ", ""))
    if found is None:
        raise ValueError(f"{text!r} is not a span of hours like 08:00-17:00")
    if found[3] == "24" and found[4] != "00":
        raise ValueError(f"{text!r} ends after 24:00")
    start = time(int(found[1]), int(found[2]))
    end = time(0, 0) if found[3] == "24" else time(int(found[3]), int(found[4]))
    if end != time(0, 0) and end <= start:
        raise ValueError(f"{text!r} ends before it starts")
    return start, end


def read_holidays(text: str) -> frozenset[date]:
    """`2026-10-19..2026-10-23, 25-12-2026` as the dates they cover; ValueError with the reason.

    Single dates and inclusive ranges (`..`), comma separated, day first or ISO.
    """
    days: set[date] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        first_text, dots, last_text = part.partition("..")
        first = read_date(first_text, SPREADSHEET)
        last = read_date(last_text, SPREADSHEET) if dots else first
        if first is None or last is None:
            raise ValueError(
                f"{part!r} is not a date (2026-12-25) or a range (2026-12-21..2027-01-01)"
            )
        if last < first:
            raise ValueError(f"{part!r} ends before it starts")
        if (last - first).days > SEARCH_DAYS:
            raise ValueError(f"{part!r} is longer than two years")
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(days)


def _window(day: date, calendar: WorkingCalendar) -> tuple[datetime, datetime]:
    """A working day's hours as UTC instants (an end of 00:00 is the next midnight)."""
    zone = calendar.zone
    closes = (
        wall_moment(day + ONE_DAY, time(0, 0), zone)
        if calendar.end == time(0, 0)
        else wall_moment(day, calendar.end, zone)
    )
    return wall_moment(day, calendar.start, zone), closes


def _windows_from(
    moment: datetime, calendar: WorkingCalendar
) -> Iterator[tuple[datetime, datetime]]:
    """The working days' hours from the local date of `moment` on, for at most two years."""
    day = local_date(moment, calendar.zone)
    for offset in range(SEARCH_DAYS):
        current = day + timedelta(days=offset)
        if is_working_day(current, calendar):
            yield _window(current, calendar)
