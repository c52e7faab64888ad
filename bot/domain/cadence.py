"""The agreed meeting cadence: when a meeting is due, when those who plan are reminded, and when
the supervisor is alerted that meetings are lapsing or a tripartite review is overdue.

The cadence clock of a kind of meeting runs from its anchor, the latest of:

- the start of the placement's first day (a placement starting on a Wednesday has its first
  weekly meeting due the next Wednesday);
- the start of the day after a pause (a pause stops the clock; it starts afresh after it);
- the planned time of the latest meeting that took place: held, or confirmed and its time has
  come while the organiser has not yet said otherwise. A cancelled or moved meeting does not
  count, so the clock keeps running from the meeting before it.

A meeting is due `every_days` after the anchor, at the same local wall-clock time (a meeting
held on Tuesday 14:30 makes the next one due on Tuesday 14:30 local, also across a summer-time
switch, when that is 167 or 169 hours later). A held tripartite review may agree the next
review's date; then that date is due instead. Nothing is due after the placement's last day.

Offsets from the due moment, in days of the same wall-clock time: the reminder to plan (after,
the mentor's grace period; or before, the supervisor's lead time for a review) goes out unless
a meeting is planned; the alert goes out when the time has come, planned or not: a meeting
planned beyond the lapse is a lapse all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.localtime import days_later, require_aware, start_of_day, zone_of
from bot.domain.meetings import FINISHED, MeetingKind, MeetingRecord, MeetingState

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Term:
    """The days a placement runs, in the student's time zone, and its pause if it has one."""

    starts_on: date
    ends_on: date  # the last day, inclusive
    timezone: str
    paused_until: date | None = None  # no meetings are due on or before this date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError(f"placement ends {self.ends_on}, before it starts {self.starts_on}")
        zone_of(self.timezone)


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often a kind of meeting is due, and when its reminder to plan and its alert go out."""

    every_days: int
    plan_reminder_days: int  # after the due moment (negative: before it)
    alert_days: int  # after the due moment

    def __post_init__(self) -> None:
        if self.every_days < 1:
            raise ValueError(f"a cadence is at least one day, not {self.every_days}")
        if self.alert_days < 0 or self.alert_days <= self.plan_reminder_days:
            raise ValueError("the alert comes after the due moment and after the reminder")


@dataclass(frozen=True, slots=True)
class Track:
    """One kind of meeting of one placement: its term, its cadence and its meetings so far."""

    kind: MeetingKind
    term: Term
    cadence: Cadence
    meetings: tuple[MeetingRecord, ...] = ()

    @property
    def own(self) -> list[MeetingRecord]:
        """The meetings of this track's kind, in the order given (oldest first)."""
        return [meeting for meeting in self.meetings if meeting.kind is self.kind]


def mentor_cadence(every_days: int, grace_days: int, lapse_days: int) -> Cadence:
    """Mentor meetings every N days: reminded to plan after a grace period, alerted after more."""
    return Cadence(every_days, plan_reminder_days=grace_days, alert_days=lapse_days)


def tripartite_cadence(every_weeks: int, plan_days_before: int, overdue_days: int) -> Cadence:
    """A tripartite review every M weeks: planned ahead by the supervisor, overdue after grace."""
    return Cadence(7 * every_weeks, plan_reminder_days=-plan_days_before, alert_days=overdue_days)


def counts_as_met(meeting: MeetingRecord, now: datetime) -> bool:
    """Whether a meeting counts as taken place: held, or confirmed and its time has come."""
    return meeting.state is MeetingState.HELD or (
        meeting.state is MeetingState.CONFIRMED and meeting.starts_at <= now
    )


def is_planned(meeting: MeetingRecord, now: datetime) -> bool:
    """Whether a meeting is in the diary: proposed or confirmed for a time still to come."""
    return (
        meeting.state in (MeetingState.PROPOSED, MeetingState.CONFIRMED)
        and meeting.starts_at > now
    )


def due_at(track: Track, now: datetime) -> datetime | None:
    """When the next meeting of a track is due (UTC), or None when the placement is over then."""
    require_aware(now, "now")
    zone = zone_of(track.term.timezone)
    anchor = start_of_day(track.term.starts_on, zone)
    if track.term.paused_until is not None:
        anchor = max(anchor, start_of_day(track.term.paused_until + ONE_DAY, zone))
    met = [meeting for meeting in track.own if counts_as_met(meeting, now)]
    latest = max(met, key=lambda meeting: meeting.starts_at, default=None)
    due = days_later(anchor, track.cadence.every_days, zone)
    if latest is not None and latest.starts_at >= anchor:
        due = days_later(latest.starts_at, track.cadence.every_days, zone)
        if latest.next_review_on is not None:
            due = start_of_day(latest.next_review_on, zone)
    return due if due < _end_of(track.term) else None


def plan_reminder_at(track: Track, now: datetime) -> datetime | None:
    """When those who plan are reminded to plan the next meeting; None while one is planned."""
    if any(is_planned(meeting, now) for meeting in track.own):
        return None
    return _offset(track, now, track.cadence.plan_reminder_days)


def alert_at(track: Track, now: datetime) -> datetime | None:
    """When the supervisor is alerted that meetings are lapsing (or the review is overdue)."""
    return _offset(track, now, track.cadence.alert_days)


def is_cadence_breached(track: Track, now: datetime) -> bool:
    """Whether meetings of a track have lapsed past the alert point by `now` (not once over)."""
    moment = alert_at(track, now)
    return moment is not None and moment <= now < _end_of(track.term)


def is_tripartite_overdue(track: Track, now: datetime) -> bool:
    """Whether the tripartite review is overdue (its due moment plus the grace has passed)."""
    if track.kind is not MeetingKind.TRIPARTITE:
        raise ValueError("only a tripartite review can be overdue")
    return is_cadence_breached(track, now)


def cancellations_in_a_row(track: Track) -> int:
    """How many of the newest finished meetings of a track (oldest first) were cancelled."""
    streak = 0
    for meeting in reversed([m for m in track.own if m.state in FINISHED]):
        if meeting.state is not MeetingState.CANCELLED:
            break
        streak += 1
    return streak


def is_cancellation_alert(track: Track, in_a_row: int = 2) -> bool:
    """Whether the newest cancellation makes exactly `in_a_row` in a row: one alert per streak.

    A third cancellation in a row does not alert again; a held meeting breaks the streak, and
    a new streak alerts again. Moved meetings are not finished and do not count.
    """
    if in_a_row < 1:
        raise ValueError("a streak is at least one cancellation")
    return cancellations_in_a_row(track) == in_a_row


def _offset(track: Track, now: datetime, days: int) -> datetime | None:
    """The due moment shifted by whole days of wall-clock time, if still within the placement."""
    due = due_at(track, now)
    if due is None:
        return None
    moment = days_later(due, days, zone_of(track.term.timezone))
    return moment if moment < _end_of(track.term) else None


def _end_of(term: Term) -> datetime:
    """The instant the placement's last day ends."""
    return start_of_day(term.ends_on + ONE_DAY, zone_of(term.timezone))
