"""Meetings: the mentor meeting and the tripartite review, who plans and confirms them, and when
their reminders go out.

A meeting is one calendar entry from its first proposal to its end: a new time (a counter
proposal, or a move) changes the same meeting, so calendar apps update one entry (the .ics UID
stays, its SEQUENCE rises). A mentor meeting is between student and mentor; a tripartite review
adds the supervisor. A proposal is confirmed when every participant but the one who proposed
has confirmed it. After the planned time the organiser (the mentor, or the supervisor for a
review) records whether it was held, moved or cancelled; a student never records an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from bot.domain.localtime import require_aware
from bot.domain.people import Role


class MeetingKind(StrEnum):
    """The two kinds of meeting of a placement."""

    MENTOR = "mentor"  # student and mentor, every N days
    TRIPARTITE = "tripartite"  # student, mentor and supervisor, every M weeks


class MeetingState(StrEnum):
    """Where a meeting stands."""

    PROPOSED = "proposed"  # a time is proposed, waiting for the others to confirm
    CONFIRMED = "confirmed"  # everyone agreed on the time
    HELD = "held"  # it took place (recorded by the organiser)
    MOVED = "moved"  # it did not take place at that time; a new time is to be proposed
    CANCELLED = "cancelled"  # it will not take place


class MeetingEvent(StrEnum):
    """What someone does to a meeting."""

    PROPOSE = "propose"  # a (new) time: a proposal, a counter proposal, or a move's new time
    CONFIRM = "confirm"  # every participant but the proposer agreed
    HOLD = "hold"  # the organiser records that it took place
    MOVE = "move"  # the organiser records that it was moved to another time
    CANCEL = "cancel"  # the organiser cancels it, or records that it was cancelled


FINISHED = frozenset({MeetingState.HELD, MeetingState.CANCELLED})

_TRANSITIONS: dict[tuple[MeetingState, MeetingEvent], MeetingState] = {
    (MeetingState.PROPOSED, MeetingEvent.PROPOSE): MeetingState.PROPOSED,
    (MeetingState.PROPOSED, MeetingEvent.CONFIRM): MeetingState.CONFIRMED,
    (MeetingState.PROPOSED, MeetingEvent.CANCEL): MeetingState.CANCELLED,
    (MeetingState.CONFIRMED, MeetingEvent.PROPOSE): MeetingState.PROPOSED,
    (MeetingState.CONFIRMED, MeetingEvent.HOLD): MeetingState.HELD,
    (MeetingState.CONFIRMED, MeetingEvent.MOVE): MeetingState.MOVED,
    (MeetingState.CONFIRMED, MeetingEvent.CANCEL): MeetingState.CANCELLED,
    (MeetingState.MOVED, MeetingEvent.PROPOSE): MeetingState.PROPOSED,
    (MeetingState.MOVED, MeetingEvent.CANCEL): MeetingState.CANCELLED,
}


def next_state(state: MeetingState, event: MeetingEvent) -> MeetingState | None:
    """The state a meeting reaches by an event, or None when the event does not apply."""
    return _TRANSITIONS.get((state, event))


def participants(kind: MeetingKind) -> frozenset[Role]:
    """The roles that take part in a kind of meeting."""
    if kind is MeetingKind.MENTOR:
        return frozenset({Role.STUDENT, Role.MENTOR})
    return frozenset({Role.STUDENT, Role.MENTOR, Role.SUPERVISOR})


def organiser(kind: MeetingKind) -> Role:
    """The role that proposes a meeting first, cancels it and records how it went."""
    return Role.MENTOR if kind is MeetingKind.MENTOR else Role.SUPERVISOR


def may_propose(kind: MeetingKind, role: Role) -> bool:
    """Whether a role may propose a new meeting of this kind (student or mentor; supervisor)."""
    if kind is MeetingKind.MENTOR:
        return role in (Role.STUDENT, Role.MENTOR)
    return role is Role.SUPERVISOR


def confirmations_needed(kind: MeetingKind, proposed_by: Role) -> frozenset[Role]:
    """Who must confirm a proposed time: every participant but the one who proposed it."""
    return participants(kind) - {proposed_by}


def may_counter(kind: MeetingKind, role: Role, proposed_by: Role) -> bool:
    """Whether a role may answer a proposal with another time (a participant, not the proposer)."""
    return role in confirmations_needed(kind, proposed_by)


def may_change_cadence(role: Role) -> bool:
    """Whether a role may change a placement's meeting cadence."""
    return role in (Role.SUPERVISOR, Role.COORDINATOR)


def is_outcome_open(starts_at: datetime, now: datetime) -> bool:
    """Whether held or moved can be recorded: not before the planned time has come."""
    require_aware(starts_at, "starts_at")
    require_aware(now, "now")
    return now >= starts_at


def calendar_uid(meeting_id: int, bot_username: str) -> str:
    """The calendar entry's UID: the same for every update of one meeting, unique per bot."""
    return f"meeting-{meeting_id}@{bot_username.lower()}.mentorbot"


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """A meeting as the cadence rules see it: its kind, its state and its (last) planned time."""

    kind: MeetingKind
    state: MeetingState
    starts_at: datetime
    next_review_on: date | None = None  # a held review: the date agreed for the next one

    def __post_init__(self) -> None:
        require_aware(self.starts_at, "starts_at")
        if self.next_review_on is not None and (
            self.kind is not MeetingKind.TRIPARTITE or self.state is not MeetingState.HELD
        ):
            raise ValueError("only a held tripartite review agrees the next review date")


class Reminder(StrEnum):
    """The messages around a confirmed meeting, in the order they go out."""

    DAY_BEFORE = "day_before"  # the reminder (and, for a review, the prompt to prepare)
    HOUR_BEFORE = "hour_before"  # the reminder that is never held back by quiet hours
    OUTCOME = "outcome"  # "did the meeting take place?" to the organiser


REMINDERS = (Reminder.DAY_BEFORE, Reminder.HOUR_BEFORE, Reminder.OUTCOME)


@dataclass(frozen=True, slots=True)
class ReminderTimes:
    """How long before a meeting its reminders go out, and after it the outcome question."""

    day_before: timedelta = timedelta(hours=24)
    hour_before: timedelta = timedelta(hours=1)
    outcome_after: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        if not self.day_before > self.hour_before > timedelta(0):
            raise ValueError("the day-before reminder comes before the hour-before one")
        if self.outcome_after < timedelta(0):
            raise ValueError("the outcome question comes after the meeting")


def reminder_moment(reminder: Reminder, starts_at: datetime, times: ReminderTimes) -> datetime:
    """When one of a meeting's messages is due (UTC)."""
    require_aware(starts_at, "starts_at")
    offset = {
        Reminder.DAY_BEFORE: -times.day_before,
        Reminder.HOUR_BEFORE: -times.hour_before,
        Reminder.OUTCOME: times.outcome_after,
    }[reminder]
    return (starts_at + offset).astimezone(UTC)


def is_held_back_by_quiet_hours(reminder: Reminder) -> bool:
    """Whether quiet hours delay this message: all but the one-hour reminder."""
    return reminder is not Reminder.HOUR_BEFORE


def reminders_passed(starts_at: datetime, now: datetime, times: ReminderTimes) -> Reminder | None:
    """The last reminder already too late when a meeting is confirmed; those are skipped.

    A meeting confirmed three hours ahead gets no "tomorrow" reminder. The outcome question is
    never skipped: it is how the cadence learns the meeting took place.
    """
    require_aware(now, "now")
    passed = None
    for reminder in (Reminder.DAY_BEFORE, Reminder.HOUR_BEFORE):
        if reminder_moment(reminder, starts_at, times) <= now:
            passed = reminder
    return passed


def next_reminder(
    starts_at: datetime, done: Reminder | None, times: ReminderTimes
) -> tuple[Reminder, datetime] | None:
    """The next message of a confirmed meeting after `done`, with its moment; None after all."""
    index = 0 if done is None else REMINDERS.index(done) + 1
    if index >= len(REMINDERS):
        return None
    reminder = REMINDERS[index]
    return reminder, reminder_moment(reminder, starts_at, times)


def due_reminder(
    starts_at: datetime, done: Reminder | None, now: datetime, times: ReminderTimes
) -> Reminder | None:
    """The message to send now: after downtime only the latest one due goes out, not all."""
    require_aware(now, "now")
    start = 0 if done is None else REMINDERS.index(done) + 1
    due = None
    for reminder in REMINDERS[start:]:
        if reminder_moment(reminder, starts_at, times) <= now:
            due = reminder
    return due
