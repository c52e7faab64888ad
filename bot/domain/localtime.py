"""Wall-clock arithmetic in a person's time zone: what "next Tuesday 14:30" is as an instant.

Meetings are agreed in local wall-clock time, so a cadence of seven days after a meeting on
Tuesday 14:30 lands on Tuesday 14:30 local again even when the clocks change in between (one
hour less or more of real time). Instants go in aware and come out in UTC.

Two wall times need a rule, the same as for check-ins (bot/domain/checkins.py):

- a wall time inside a spring-forward gap (02:30 on 29 March 2026 in Amsterdam does not exist)
  is the moment the clocks jump (03:00 local);
- an ambiguous wall time in a fall-back overlap (02:30 on 25 October 2026) is its first
  occurrence (still summer time).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The gap rule is the check-ins' one; sharing the function keeps both answers the same.
from bot.domain.checkins import _utc_moment


def zone_of(name: str) -> ZoneInfo:
    """The time zone with this IANA name; a ValueError for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def wall_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time on a local date (gap: its end; overlap: the first)."""
    if at.tzinfo is not None:
        raise ValueError("a wall-clock time has no tzinfo")
    return _utc_moment(day, at, zone)


def exists(day: date, at: time, zone: ZoneInfo) -> bool:
    """Whether a wall time happens on that date at all (not inside a spring-forward gap)."""
    wall = datetime.combine(day, at, tzinfo=zone)
    return wall.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local date begins."""
    return wall_moment(day, time(0, 0), zone)


def days_later(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The same local wall time `days` later (or earlier, if negative), as a UTC instant."""
    require_aware(moment, "moment")
    local = moment.astimezone(zone)
    return wall_moment(local.date() + timedelta(days=days), local.time(), zone)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The local calendar date of an instant."""
    require_aware(moment, "moment")
    return moment.astimezone(zone).date()


def require_aware(moment: datetime, name: str) -> None:
    """Refuse a datetime without a time zone: every moment we handle is a real instant."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {moment.isoformat()}")
