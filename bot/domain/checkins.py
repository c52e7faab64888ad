"""The weekly check-in schedule: when a student is asked how his week went.

A check-in happens on one weekday at one local wall-clock time in the student's time zone, so
14:00 in Amsterdam stays 14:00 local across the summer-time switches (12:00 UTC in summer,
13:00 UTC in winter). Moments go in and come out as aware datetimes; moments that come out are
in UTC.

Two wall times need a rule, because the clock skips or repeats them:

- a time inside a spring-forward gap (02:30 on 29 March 2026 in Amsterdam does not exist) is
  moved forward to the first valid time after the gap, the moment the clocks jump (03:00 local).
  We do not use plain ``fold=0`` normalisation, which would shift by the gap's length (03:30):
  "the first time that exists" is easier to explain to a student than "an hour later".
- an ambiguous time in a fall-back overlap (02:30 on 25 October 2026 in Amsterdam happens twice)
  is its first occurrence (``fold=0``, still summer time).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.messages import Payload, message_kind

ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(weeks=1)


@dataclass(frozen=True, slots=True)
class CheckInSchedule:
    """When one placement's weekly check-in is sent, in the student's own time zone."""

    weekday: int  # 0=Monday..6=Sunday
    at: time  # local wall-clock time, e.g. time(14, 0); naive
    timezone: str  # IANA name, e.g. "Europe/Amsterdam"
    starts_on: date  # placement's first day (local)
    ends_on: date  # placement's last day (local, inclusive)
    paused_until: date | None = None  # no check-ins on or before this local date

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday}")
        if self.at.tzinfo is not None:
            raise ValueError("the check-in time is a local wall-clock time: give it no tzinfo")
        if self.ends_on < self.starts_on:
            raise ValueError(f"placement ends {self.ends_on}, before it starts {self.starts_on}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.timezone!r}") from error


def next_checkin_at(schedule: CheckInSchedule, after: datetime) -> datetime | None:
    """The first check-in moment strictly after `after`, or None once the placement is over."""
    _require_aware(after, "after")
    zone = ZoneInfo(schedule.timezone)
    # One day of slack: a moment after `after` can fall on the previous local date only when a
    # fall-back switch crosses midnight, but it costs nothing to look.
    earliest = max(_first_open_day(schedule), after.astimezone(zone).date() - ONE_DAY)
    for moment in _occurrences_from(schedule, zone, earliest):
        if moment > after:
            return moment
    return None


def latest_due_checkin(schedule: CheckInSchedule, now: datetime) -> datetime | None:
    """The latest check-in moment at or before `now`, outside a pause (sent after downtime)."""
    _require_aware(now, "now")
    zone = ZoneInfo(schedule.timezone)
    # One day of slack, mirroring next_checkin_at: a fall-back switch just after midnight can
    # put tomorrow's early check-in before a moment that is local "today" again.
    latest = min(schedule.ends_on, now.astimezone(zone).date() + ONE_DAY)
    day = latest - timedelta(days=(latest.weekday() - schedule.weekday) % 7)
    first_open = _first_open_day(schedule)
    while day >= first_open:
        moment = _utc_moment(day, schedule.at, zone)
        if moment <= now:
            return moment
        day -= ONE_WEEK
    return None


def checkin_week(schedule: CheckInSchedule, moment: datetime) -> str:
    """The ISO week label, e.g. '2026-W13', of a check-in moment in the student's time zone."""
    _require_aware(moment, "moment")
    year, week, _ = moment.astimezone(ZoneInfo(schedule.timezone)).isocalendar()
    return f"{year}-W{week:02d}"


def is_weekend_ahead(now: datetime, timezone: str) -> bool:
    """Whether "have a good weekend" fits: it is Friday, Saturday or Sunday where he is."""
    _require_aware(now, "now")
    return now.astimezone(ZoneInfo(timezone)).weekday() >= 4  # Friday is 4


def reminder_at(opened_at: datetime, remind_after: timedelta) -> datetime:
    """When a student who has not answered an open check-in gets one reminder."""
    _require_aware(opened_at, "opened_at")
    _require_positive(remind_after, "remind_after")
    return (opened_at + remind_after).astimezone(UTC)


def closes_at(opened_at: datetime, window: timedelta) -> datetime:
    """When an unanswered check-in closes and counts as missed."""
    _require_aware(opened_at, "opened_at")
    _require_positive(window, "window")
    return (opened_at + window).astimezone(UTC)


def _occurrences_from(
    schedule: CheckInSchedule, zone: ZoneInfo, earliest: date
) -> Iterator[datetime]:
    """The check-in moments (UTC) on the schedule's weekday from `earliest` to the last day."""
    day = earliest + timedelta(days=(schedule.weekday - earliest.weekday()) % 7)
    while day <= schedule.ends_on:
        yield _utc_moment(day, schedule.at, zone)
        day += ONE_WEEK


def _first_open_day(schedule: CheckInSchedule) -> date:
    """The first local date that may have a check-in: the start, or the day after a pause."""
    if schedule.paused_until is None:
        return schedule.starts_on
    return max(schedule.starts_on, schedule.paused_until + ONE_DAY)


def _utc_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of a wall-clock time on a local date (gap: its end; overlap: the first)."""
    wall = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first of two ambiguous times
    moment = wall.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return moment
    return _end_of_gap(wall, zone)


def _end_of_gap(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC moment the clocks jump past a wall time that does not exist."""
    # Read with the offset after the jump, the wall time lands before the jump; read with the
    # offset before it, after. The jump lies in between: find it to the microsecond.
    before = wall.replace(fold=1).astimezone(UTC)
    after = wall.replace(fold=0).astimezone(UTC)
    offset_after = after.astimezone(zone).utcoffset()
    low, high = 0, (after - before) // timedelta(microseconds=1)
    while high - low > 1:
        middle = (low + high) // 2
        if (before + timedelta(microseconds=middle)).astimezone(zone).utcoffset() == offset_after:
            high = middle
        else:
            low = middle
    return before + timedelta(microseconds=high)


def _require_aware(moment: datetime, name: str) -> None:
    """Refuse a datetime without a time zone: every moment we handle is a real instant."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {moment.isoformat()}")


def _require_positive(duration: timedelta, name: str) -> None:
    """Refuse a zero or negative waiting time."""
    if duration <= timedelta(0):
        raise ValueError(f"{name} must be positive, not {duration}")


class CheckInStatus(StrEnum):
    """Where a check-in stands: waiting for the mood, answered, or closed unanswered."""

    OPEN = "open"
    ANSWERED = "answered"
    MISSED = "missed"


class Question(StrEnum):
    """The check-in question a student is to answer next."""

    MOOD = "mood"
    WEEK = "week"
    HELP = "help"
    DESCRIBE = "describe"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One weekly check-in of one placement, with the answers given so far."""

    id: int
    placement_id: int
    week: str
    status: CheckInStatus
    mood: int | None = None
    week_note: str | None = None
    week_skipped: bool = False
    needs_help: bool | None = None

    @property
    def next_question(self) -> Question:
        """The question that comes next, from the answers given so far."""
        if self.status is CheckInStatus.MISSED:
            return Question.DONE
        if self.mood is None:
            return Question.MOOD
        if self.week_note is None and not self.week_skipped:
            return Question.WEEK
        if self.needs_help is None:
            return Question.HELP
        return Question.DESCRIBE if self.needs_help else Question.DONE


# --- messages the check-in feature sends (their views: handlers/checkin_views.py) ---------------


@message_kind("checkin_open")
@dataclass(frozen=True, slots=True)
class CheckInOpened(Payload):
    """The weekly check-in, to the student: a greeting and the mood question."""

    checkin_id: int


@message_kind("checkin_reminder")
@dataclass(frozen=True, slots=True)
class CheckInReminder(Payload):
    """The one reminder of an unanswered check-in, to the student."""

    checkin_id: int


@message_kind("paused")
@dataclass(frozen=True, slots=True)
class CheckInsPaused(Payload):
    """To the supervisor: the student of a placement paused his check-ins until a day."""

    placement_id: int
    until: date


@message_kind("resumed")
@dataclass(frozen=True, slots=True)
class CheckInsResumed(Payload):
    """To the supervisor: the student of a placement resumed his check-ins."""

    placement_id: int
