"""The weekly check-in schedule across seasons, time zones, pauses and the placement's edges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from bot.domain.checkins import (
    CheckInSchedule,
    checkin_week,
    closes_at,
    latest_due_checkin,
    next_checkin_at,
    reminder_at,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST_DAY = date(2026, 1, 5)  # a Monday
LAST_DAY = date(2026, 12, 18)  # a Friday

# Europe/Amsterdam switches on 29 March and 25 October 2026; America/New_York on 8 March and
# 1 November 2026; Asia/Tokyo never.
AMS_FRIDAY_14 = CheckInSchedule(4, time(14, 0), "Europe/Amsterdam", FIRST_DAY, LAST_DAY)
AMS_SUNDAY_0230 = CheckInSchedule(6, time(2, 30), "Europe/Amsterdam", FIRST_DAY, LAST_DAY)
NY_MONDAY_09 = CheckInSchedule(0, time(9, 0), "America/New_York", FIRST_DAY, LAST_DAY)
NY_SUNDAY_0230 = CheckInSchedule(6, time(2, 30), "America/New_York", FIRST_DAY, LAST_DAY)
TOKYO_WEDNESDAY_16 = CheckInSchedule(2, time(16, 0), "Asia/Tokyo", FIRST_DAY, LAST_DAY)
TOKYO_MONDAY_08 = CheckInSchedule(0, time(8, 0), "Asia/Tokyo", FIRST_DAY, LAST_DAY)
STARTS_FRIDAY_16_JAN = replace(AMS_FRIDAY_14, starts_on=date(2026, 1, 16))
ENDS_THURSDAY_17_DEC = replace(AMS_FRIDAY_14, ends_on=date(2026, 12, 17))
PAUSED_TO_FRIDAY_6_MAR = replace(AMS_FRIDAY_14, paused_until=date(2026, 3, 6))
PAUSED_TO_THURSDAY_5_MAR = replace(AMS_FRIDAY_14, paused_until=date(2026, 3, 5))
PAUSED_TO_FRIDAY_20_MAR = replace(AMS_FRIDAY_14, paused_until=date(2026, 3, 20))
PAUSED_TO_THURSDAY_19_MAR = replace(AMS_FRIDAY_14, paused_until=date(2026, 3, 19))
PAUSED_PAST_THE_END = replace(AMS_FRIDAY_14, paused_until=date(2027, 1, 1))
NY_SUNDAY_0130 = replace(NY_SUNDAY_0230, at=time(1, 30))


TICK = timedelta(microseconds=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC moment."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("schedule", "after", "expected"),
    [
        # Friday 14:00 Amsterdam: 13:00 UTC in winter, 12:00 UTC in summer.
        (AMS_FRIDAY_14, utc(2026, 1, 12, 10), utc(2026, 1, 16, 13)),
        (AMS_FRIDAY_14, utc(2026, 6, 15, 10), utc(2026, 6, 19, 12)),
        (AMS_FRIDAY_14, utc(2026, 3, 23), utc(2026, 3, 27, 13)),
        (AMS_FRIDAY_14, utc(2026, 3, 28), utc(2026, 4, 3, 12)),
        (AMS_FRIDAY_14, utc(2026, 10, 19), utc(2026, 10, 23, 12)),
        (AMS_FRIDAY_14, utc(2026, 10, 24), utc(2026, 10, 30, 13)),
        # Sunday 02:30 Amsterdam: on 29 March it does not exist (moved to 03:00 CEST), on
        # 25 October it happens twice (the first, still CEST, counts).
        (AMS_SUNDAY_0230, utc(2026, 3, 16), utc(2026, 3, 22, 1, 30)),
        (AMS_SUNDAY_0230, utc(2026, 3, 23), utc(2026, 3, 29, 1, 0)),
        (AMS_SUNDAY_0230, utc(2026, 3, 30), utc(2026, 4, 5, 0, 30)),
        (AMS_SUNDAY_0230, utc(2026, 10, 12), utc(2026, 10, 18, 0, 30)),
        (AMS_SUNDAY_0230, utc(2026, 10, 19), utc(2026, 10, 25, 0, 30)),
        (AMS_SUNDAY_0230, utc(2026, 10, 25, 0, 30), utc(2026, 11, 1, 1, 30)),
        # Monday 09:00 New York: 14:00 UTC in winter, 13:00 UTC in summer.
        (NY_MONDAY_09, utc(2026, 2, 24), utc(2026, 3, 2, 14)),
        (NY_MONDAY_09, utc(2026, 3, 3), utc(2026, 3, 9, 13)),
        (NY_MONDAY_09, utc(2026, 10, 20), utc(2026, 10, 26, 13)),
        (NY_MONDAY_09, utc(2026, 10, 27), utc(2026, 11, 2, 14)),
        # New York jumps 02:00 -> 03:00 on 8 March, so 02:30 becomes 03:00 EDT; it falls back
        # 02:00 -> 01:00 on 1 November, so 02:30 happens once (EST) and 01:30 twice (EDT first).
        (NY_SUNDAY_0230, utc(2026, 3, 2), utc(2026, 3, 8, 7, 0)),
        (NY_SUNDAY_0230, utc(2026, 10, 26), utc(2026, 11, 1, 7, 30)),
        (NY_SUNDAY_0130, utc(2026, 10, 26), utc(2026, 11, 1, 5, 30)),
        # Tokyo has no summer time: always 07:00 UTC, even in Amsterdam's switch week.
        (TOKYO_WEDNESDAY_16, utc(2026, 1, 12), utc(2026, 1, 14, 7)),
        (TOKYO_WEDNESDAY_16, utc(2026, 3, 23), utc(2026, 3, 25, 7)),
        (TOKYO_WEDNESDAY_16, utc(2026, 7, 13), utc(2026, 7, 15, 7)),
        # Monday 08:00 in Tokyo is still Sunday in UTC.
        (TOKYO_MONDAY_08, utc(2026, 1, 11, 22), utc(2026, 1, 11, 23)),
        # The placement's edges.
        (AMS_FRIDAY_14, utc(2025, 12, 1), utc(2026, 1, 9, 13)),
        (STARTS_FRIDAY_16_JAN, utc(2026, 1, 16, 8), utc(2026, 1, 16, 13)),
        (AMS_FRIDAY_14, utc(2026, 12, 14), utc(2026, 12, 18, 13)),
        (AMS_FRIDAY_14, utc(2026, 12, 18, 13), None),
        (AMS_FRIDAY_14, utc(2027, 3, 1), None),
        (ENDS_THURSDAY_17_DEC, utc(2026, 12, 14), None),
        # Strictly after: the check-in at this very moment is not the next one.
        (AMS_FRIDAY_14, utc(2026, 1, 16, 13), utc(2026, 1, 23, 13)),
        (AMS_FRIDAY_14, utc(2026, 1, 16, 13) - TICK, utc(2026, 1, 16, 13)),
        # Pauses skip every date on or before `paused_until`.
        (PAUSED_TO_FRIDAY_6_MAR, utc(2026, 3, 1), utc(2026, 3, 13, 13)),
        (PAUSED_TO_THURSDAY_5_MAR, utc(2026, 3, 1), utc(2026, 3, 6, 13)),
        (PAUSED_TO_FRIDAY_20_MAR, utc(2026, 3, 1), utc(2026, 3, 27, 13)),
        (PAUSED_PAST_THE_END, utc(2026, 3, 1), None),
        # An aware moment in another zone means the same instant.
        (AMS_FRIDAY_14, datetime(2026, 1, 16, 14, tzinfo=AMSTERDAM), utc(2026, 1, 23, 13)),
    ],
)
def test_next_checkin_is_the_first_moment_strictly_after(
    schedule: CheckInSchedule, after: datetime, expected: datetime | None
) -> None:
    assert next_checkin_at(schedule, after) == expected


@pytest.mark.parametrize(
    ("schedule", "now", "expected"),
    [
        (AMS_FRIDAY_14, utc(2026, 1, 1), None),
        (STARTS_FRIDAY_16_JAN, utc(2026, 1, 16, 12, 59), None),
        # At the moment itself the check-in is due; a microsecond before, last week's is.
        (AMS_FRIDAY_14, utc(2026, 1, 16, 13), utc(2026, 1, 16, 13)),
        (AMS_FRIDAY_14, utc(2026, 1, 16, 13) - TICK, utc(2026, 1, 9, 13)),
        (AMS_FRIDAY_14, utc(2026, 1, 20), utc(2026, 1, 16, 13)),
        # Down for three weeks (since just after 16 January): only the latest is due.
        (AMS_FRIDAY_14, utc(2026, 2, 9, 8), utc(2026, 2, 6, 13)),
        (AMS_FRIDAY_14, utc(2026, 4, 7), utc(2026, 4, 3, 12)),
        (AMS_SUNDAY_0230, utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 1, 0)),
        (AMS_SUNDAY_0230, utc(2026, 3, 29, 1) - TICK, utc(2026, 3, 22, 1, 30)),
        (AMS_SUNDAY_0230, utc(2026, 10, 25, 1, 0), utc(2026, 10, 25, 0, 30)),
        (NY_MONDAY_09, utc(2026, 3, 9, 13), utc(2026, 3, 9, 13)),
        (NY_MONDAY_09, utc(2026, 11, 2, 13, 30), utc(2026, 10, 26, 13)),
        (TOKYO_WEDNESDAY_16, utc(2026, 3, 25, 7), utc(2026, 3, 25, 7)),
        (TOKYO_MONDAY_08, utc(2026, 1, 11, 23), utc(2026, 1, 11, 23)),
        # After the placement the last check-in stays the latest one.
        (AMS_FRIDAY_14, utc(2027, 2, 1), utc(2026, 12, 18, 13)),
        # During a pause nothing is due; after it, only check-ins after the pause.
        (PAUSED_TO_FRIDAY_20_MAR, utc(2026, 3, 21), None),
        (PAUSED_TO_FRIDAY_20_MAR, utc(2026, 3, 28), utc(2026, 3, 27, 13)),
        (PAUSED_TO_THURSDAY_19_MAR, utc(2026, 3, 21), utc(2026, 3, 20, 13)),
    ],
)
def test_latest_due_checkin_is_the_newest_at_or_before_now(
    schedule: CheckInSchedule, now: datetime, expected: datetime | None
) -> None:
    assert latest_due_checkin(schedule, now) == expected


@pytest.mark.parametrize(
    ("schedule", "weekday", "wall_time", "zone", "count"),
    [
        (AMS_FRIDAY_14, 4, time(14, 0), "Europe/Amsterdam", 50),
        (NY_MONDAY_09, 0, time(9, 0), "America/New_York", 50),
        (TOKYO_WEDNESDAY_16, 2, time(16, 0), "Asia/Tokyo", 50),
    ],
)
def test_every_checkin_of_the_placement_keeps_its_local_wall_time(
    schedule: CheckInSchedule, weekday: int, wall_time: time, zone: str, count: int
) -> None:
    moments: list[datetime] = []
    moment = next_checkin_at(schedule, utc(2026, 1, 1))
    while moment is not None and len(moments) <= count:  # bounded: a stuck schedule fails
        moments.append(moment)
        moment = next_checkin_at(schedule, moment)
    local = [m.astimezone(ZoneInfo(zone)) for m in moments]
    assert len(moments) == count
    assert {(m.weekday(), m.time()) for m in local} == {(weekday, wall_time)}
    assert {m.tzinfo for m in moments} == {UTC}


@pytest.mark.parametrize(
    ("schedule", "moment", "expected"),
    [
        (AMS_FRIDAY_14, utc(2026, 1, 16, 13), "2026-W03"),
        (AMS_SUNDAY_0230, utc(2026, 3, 22, 1, 30), "2026-W12"),
        (AMS_SUNDAY_0230, utc(2026, 3, 29, 1, 0), "2026-W13"),
        (AMS_FRIDAY_14, utc(2026, 12, 31, 13), "2026-W53"),
        # Monday morning in Tokyo is Sunday in UTC: the student's week counts.
        (TOKYO_MONDAY_08, utc(2026, 1, 11, 23), "2026-W03"),
        # Sunday evening in New York is Monday in UTC, and a new ISO year there.
        (NY_MONDAY_09, utc(2027, 1, 4, 1), "2026-W53"),
    ],
)
def test_checkin_week_is_the_iso_week_in_the_students_zone(
    schedule: CheckInSchedule, moment: datetime, expected: str
) -> None:
    assert checkin_week(schedule, moment) == expected


@pytest.mark.parametrize(
    ("ask", "opened_at", "wait", "expected"),
    [
        (reminder_at, utc(2026, 1, 16, 13), timedelta(hours=24), utc(2026, 1, 17, 13)),
        (closes_at, utc(2026, 1, 16, 13), timedelta(hours=72), utc(2026, 1, 19, 13)),
        # Waiting is elapsed time: across the spring switch 24 hours is 15:00 local next day.
        (reminder_at, utc(2026, 3, 28, 13), timedelta(hours=24), utc(2026, 3, 29, 13)),
        (
            closes_at,
            datetime(2026, 1, 16, 14, tzinfo=AMSTERDAM),
            timedelta(days=2),
            utc(2026, 1, 18, 13),
        ),
    ],
)
def test_reminder_and_close_come_after_a_fixed_wait(
    ask: Callable[[datetime, timedelta], datetime],
    opened_at: datetime,
    wait: timedelta,
    expected: datetime,
) -> None:
    result = ask(opened_at, wait)
    assert (result, result.tzinfo) == (expected, UTC)


NAIVE = datetime(2026, 1, 16, 13)  # noqa: DTZ001 - the point of these tests


@pytest.mark.parametrize(
    "ask",
    [
        partial(next_checkin_at, AMS_FRIDAY_14, NAIVE),
        partial(latest_due_checkin, AMS_FRIDAY_14, NAIVE),
        partial(checkin_week, AMS_FRIDAY_14, NAIVE),
        partial(reminder_at, NAIVE, timedelta(hours=24)),
        partial(closes_at, NAIVE, timedelta(hours=72)),
        partial(reminder_at, utc(2026, 1, 16, 13), timedelta(0)),
        partial(closes_at, utc(2026, 1, 16, 13), timedelta(hours=-1)),
    ],
    ids=[
        "next-naive",
        "latest-naive",
        "week-naive",
        "reminder-naive",
        "close-naive",
        "reminder-zero-wait",
        "close-negative-wait",
    ],
)
def test_naive_moments_and_non_positive_waits_are_refused(ask: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"aware|positive"):
        ask()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: replace(AMS_FRIDAY_14, weekday=7), "weekday"),
        (lambda: replace(AMS_FRIDAY_14, weekday=-1), "weekday"),
        (lambda: replace(AMS_FRIDAY_14, at=time(14, 0, tzinfo=UTC)), "wall-clock"),
        (lambda: replace(AMS_FRIDAY_14, ends_on=date(2026, 1, 4)), "before it starts"),
        (lambda: replace(AMS_FRIDAY_14, timezone="Europe/Atlantis"), "unknown time zone"),
        (lambda: replace(AMS_FRIDAY_14, timezone="../etc/passwd"), "unknown time zone"),
    ],
)
def test_impossible_schedules_are_refused(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
