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
from datetime import date, datetime
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


def may_retime(kind: MeetingKind, role: Role, state: MeetingState) -> bool:
    """Whether a role may propose another time: any participant, until the meeting is over.

    The one who must confirm answers with another time, either may ask to move a confirmed
    meeting, and after a meeting that was moved the organiser proposes its new time.
    """
    open_states = (MeetingState.PROPOSED, MeetingState.CONFIRMED, MeetingState.MOVED)
    return role in participants(kind) and state in open_states


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


class Understanding(StrEnum):
    """The student's answer to the agreements of a tripartite review."""

    UNDERSTOOD = "understood"
    QUESTION = "question"  # he has a question; it goes to his mentor


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting of a placement: one calendar entry from its first proposal to its end."""

    id: int
    placement_id: int
    kind: MeetingKind
    state: MeetingState
    starts_at: datetime
    sequence: int  # the calendar SEQUENCE: rises with each new time
    proposed_by: int  # who proposed the current time
    place: str | None = None
    reason: str | None = None  # why this time was proposed instead, or why it was cancelled
    note: str | None = None  # held: the organiser's note
    agreements: str | None = None  # a held review: what was agreed
    next_review_on: date | None = None
    understood: Understanding | None = None
    calendar_sent: bool = False
    reminded: str | None = None  # the last of its reminders sent (meeting_reminders.Reminder)
    finished_at: datetime | None = None

    @property
    def record(self) -> MeetingRecord:
        """The meeting as the cadence rules see it."""
        next_on = self.next_review_on if self.state is MeetingState.HELD else None
        return MeetingRecord(self.kind, self.state, self.starts_at, next_on)


def zone_name_for(role: Role, placement_zone: str, school_zone: str) -> str:
    """The time zone a person reads meeting times in: the placement's at the company (student,
    mentor), the school's at school (supervisor, coordinator)."""
    return placement_zone if role in (Role.STUDENT, Role.MENTOR) else school_zone
