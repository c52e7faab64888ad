"""The weekly digest to a supervisor: who answered, who missed, low marks, open alerts, and the
students' own words of the week.

Students write what their week was like ("I baked my first bread on my own!"); if nobody reads
it they stop writing. The digest puts those words, short, in front of the supervisor once a week
(default Monday 08:30 in the school's time zone), with the numbers that say where to look. It
covers the check-ins asked in the seven days before its day. A check-in still open then
(asked on Friday, answerable until Monday afternoon) is "no answer yet", not missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.localtime import require_aware, start_of_day, wall_moment
from bot.domain.messages import Payload, message_kind

ONE_WEEK = timedelta(weeks=1)
ELLIPSIS = "…"


class WeekStatus(StrEnum):
    """How a placement's check-in of the digest's week stands."""

    ANSWERED = "answered"
    MISSED = "missed"
    OPEN = "open"  # asked, not answered yet, still answerable
    NOT_ASKED = "not_asked"  # paused, not joined, or no check-in day in the week


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """One placement's week, as the services found it."""

    placement_id: int
    student: str
    status: WeekStatus
    mood: int | None = None
    week_text: str | None = None
    open_alerts: int = 0


@dataclass(frozen=True, slots=True)
class Named:
    """A student named in the digest, with the placement a button opens."""

    placement_id: int
    student: str


@dataclass(frozen=True, slots=True)
class LowMark(Named):
    """A student whose mood this week was low."""

    mood: int


@dataclass(frozen=True, slots=True)
class AlertCount(Named):
    """A student with alerts still open."""

    alerts: int


@dataclass(frozen=True, slots=True)
class WeekText(Named):
    """A student's own words of the week, shortened."""

    text: str


@dataclass(frozen=True, slots=True)
class Digest:
    """What one supervisor's digest says; worded by its view."""

    placements: int  # active placements he supervises
    asked: int  # check-ins asked this week
    answered: int
    missed: tuple[Named, ...]
    waiting: tuple[Named, ...]  # asked, no answer yet
    low: tuple[LowMark, ...]
    open_alerts: tuple[AlertCount, ...]
    texts: tuple[WeekText, ...]

    @property
    def mentioned(self) -> tuple[Named, ...]:
        """Every student the digest names, once each, in the order the digest names them."""
        seen: dict[int, Named] = {}
        for entry in (*self.open_alerts, *self.low, *self.missed, *self.waiting, *self.texts):
            seen.setdefault(entry.placement_id, Named(entry.placement_id, entry.student))
        return tuple(seen.values())


def compose_digest(
    week: Iterable[DigestFacts], *, low_mood_at_most: int, text_limit: int
) -> Digest | None:
    """The digest of a supervisor's week, or None when he has no active placement.

    Every list is ordered by the student's name. Texts are cut on a word to `text_limit`
    characters (an ellipsis marks the cut); a blank text is no text.
    """
    facts = sorted(week, key=lambda f: (f.student.casefold(), f.placement_id))
    if not facts:
        return None

    def named(f: DigestFacts) -> Named:
        return Named(f.placement_id, f.student)

    answered = [f for f in facts if f.status is WeekStatus.ANSWERED]
    return Digest(
        placements=len(facts),
        asked=sum(f.status is not WeekStatus.NOT_ASKED for f in facts),
        answered=len(answered),
        missed=tuple(named(f) for f in facts if f.status is WeekStatus.MISSED),
        waiting=tuple(named(f) for f in facts if f.status is WeekStatus.OPEN),
        low=tuple(
            LowMark(f.placement_id, f.student, f.mood)
            for f in answered
            if f.mood is not None and f.mood <= low_mood_at_most
        ),
        open_alerts=tuple(
            AlertCount(f.placement_id, f.student, f.open_alerts)
            for f in facts
            if f.open_alerts > 0
        ),
        texts=tuple(
            WeekText(f.placement_id, f.student, shorten(f.week_text, text_limit))
            for f in answered
            if f.week_text and f.week_text.strip()
        ),
    )


def shorten(text: str, limit: int) -> str:
    """A text of at most `limit` characters: whole, or cut after a word with an ellipsis.

    Line breaks become spaces, so a short quote stays one line in the digest.
    """
    if limit < 2:
        raise ValueError(f"a shortened text keeps at least one character, not {limit}")
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    word_end = cut.rfind(" ")
    # Cut on a word unless that would throw away more than a third of what fits.
    if word_end >= (limit - 1) * 2 // 3:
        cut = cut[:word_end]
    return cut.rstrip(" ,;:.-") + ELLIPSIS


def next_digest_at(after: datetime, weekday: int, at: time, timezone: str) -> datetime:
    """The first digest moment strictly after `after`: `weekday` at `at`, local wall time (UTC)."""
    require_aware(after, "after")
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    zone = ZoneInfo(timezone)
    day = after.astimezone(zone).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while True:
        moment = wall_moment(day, at, zone)
        if moment > after:
            return moment.astimezone(UTC)
        day += ONE_WEEK


def digest_week(on: date, timezone: str) -> tuple[datetime, datetime]:
    """The span a digest of day `on` covers: the seven whole local days before it (UTC).

    Whole days, so that each check-in is in exactly one digest however the digest's time is
    set: one asked on Monday 08:00 is in the next Monday's digest, not in this one's.
    """
    zone = ZoneInfo(timezone)
    return start_of_day(on - ONE_WEEK, zone), start_of_day(on, zone)


@message_kind("weekly_digest")
@dataclass(frozen=True, slots=True)
class WeeklyDigest(Payload):
    """To a supervisor: the digest of the week before `on`, composed when it is sent.

    Its view is in handlers/supervision_views.py.
    """

    on: date
