"""A placement's check-in schedule, as the domain rules see it."""

from __future__ import annotations

from datetime import datetime, time

from bot.domain.checkins import CheckInSchedule, next_checkin_at
from bot.domain.people import Placement


def schedule_of(placement: Placement) -> CheckInSchedule:
    """The weekly check-in schedule agreed for a placement."""
    hours, minutes = placement.checkin_time.split(":")
    return CheckInSchedule(
        weekday=placement.checkin_weekday,
        at=time(int(hours), int(minutes)),
        timezone=placement.timezone,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        paused_until=placement.paused_until,
    )


def first_checkin_at(placement: Placement, now: datetime) -> datetime | None:
    """When a newly imported placement gets its first check-in."""
    return next_checkin_at(schedule_of(placement), now)
