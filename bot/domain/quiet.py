"""Quiet hours: the evening and night in which a person gets no meeting messages.

Quiet hours are wall-clock times in the reader's own time zone (default 21:00 to 08:00), so they
follow him across the summer-time switches. A period may wrap midnight (21:00-08:00) or not
(12:00-13:00); equal start and end mean no quiet hours. A message that falls inside them is
held back to the moment they end; the one-hour meeting reminder is the exception (it is useless
later), and a reported problem or a safeguarding alert is never held back (it is not a meeting
message at all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.localtime import require_aware, wall_moment

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class QuietHours:
    """From `start` to `end`, local wall-clock time, nothing but urgent messages goes out."""

    start: time = time(21, 0)
    end: time = time(8, 0)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("quiet hours are local wall-clock times: give them no tzinfo")

    @property
    def is_off(self) -> bool:
        """Whether there are no quiet hours at all (start equals end)."""
        return self.start == self.end


def is_quiet(moment: datetime, quiet: QuietHours, zone: ZoneInfo) -> bool:
    """Whether an instant falls inside the reader's quiet hours (start included, end not)."""
    require_aware(moment, "moment")
    if quiet.is_off:
        return False
    wall = moment.astimezone(zone).time()
    if quiet.start < quiet.end:
        return quiet.start <= wall < quiet.end
    return wall >= quiet.start or wall < quiet.end


def release_at(moment: datetime, quiet: QuietHours, zone: ZoneInfo) -> datetime:
    """When a message due at `moment` may go out: then, or when the quiet hours end (UTC)."""
    if not is_quiet(moment, quiet, zone):
        return moment.astimezone(UTC)
    local = moment.astimezone(zone)
    # Before the end's wall time the quiet hours end today (03:00 -> 08:00, or 12:30 -> 13:00
    # when they do not wrap); after it they began this evening and end tomorrow.
    day = local.date() if local.time() < quiet.end else local.date() + ONE_DAY
    return wall_moment(day, quiet.end, zone)
