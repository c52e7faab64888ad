"""Roster changes: what a re-imported row changes in its placement, and ending one early.

A placement is known by its student, company and first day (the roster's identity of a line).
Importing a row for a known placement used to change nothing; now another mentor or supervisor,
another last day, check-in day or time, or cadence updates it, and the import shows every
change first (`import --dry-run`, and in chat before the coordinator confirms). Names, emails
and roles of people never change through a placement's row: one email is one person with one
role for good (bot/domain/roster.py refuses such rows).

Ending early: a student who drops out gets no check-in after the day he left. His last day
is the day before he left by default; it cannot be on or after the day it ends anyway. A
placement called off on or before its first day never began: its last day becomes the day
before its first (last day < first day is how "called off" is stored, and every rule that
reads a placement's term already finds nothing in it). An ended placement is not ended again.
Student, mentor and supervisor are each told (`PlacementEnded`); alerts about the running of
the placement stop, a report or a low mood stays open with its supervisor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.escalation import AlertKind
from bot.domain.messages import Payload, message_kind
from bot.domain.people import Placement
from bot.domain.roster import WEEKDAYS, RosterPerson, RosterRow

# Alerts about a placement's running, moot once it has ended: they are no longer sent again,
# emailed or escalated. A reported problem and a low mood are about the student, not about the
# placement: they keep going until a person takes them on.
QUIETED_BY_END = frozenset(
    {
        AlertKind.MISSED_CHECKINS,
        AlertKind.MEETINGS_LAPSING,
        AlertKind.MEETINGS_CANCELLED,
        AlertKind.REVIEW_OVERDUE,
    }
)


class Field(StrEnum):
    """What of a placement a roster row may change, in the order the diff lists them."""

    MENTOR = "mentor"
    SUPERVISOR = "supervisor"
    ENDS_ON = "ends_on"
    CHECKIN_WEEKDAY = "checkin_weekday"
    CHECKIN_TIME = "checkin_time"
    MENTOR_MEETING_EVERY_DAYS = "mentor_meeting_every_days"
    TRIPARTITE_EVERY_WEEKS = "tripartite_every_weeks"


@dataclass(frozen=True, slots=True)
class Change:
    """One field of a placement, as it is and as the roster wants it (roster notation)."""

    field: Field
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Known:
    """A placement as stored, with its mentor and supervisor as the roster names them."""

    placement: Placement
    student: RosterPerson
    mentor: RosterPerson
    supervisor: RosterPerson


@dataclass(frozen=True, slots=True)
class PlacementChange:
    """A roster line that changes a known placement, and how."""

    line: int
    placement_id: int
    student: str
    company: str
    changes: tuple[Change, ...]

    def new(self, field: Field) -> str | None:
        """The value the roster wants for a field, when it changes it."""
        return next((c.new for c in self.changes if c.field is field), None)


def changes_for(row: RosterRow, known: Known) -> tuple[Change, ...]:
    """What `row` changes in the placement it names, in the diff's order (none: nothing)."""
    placement = known.placement
    pairs = (
        (Field.MENTOR, person(known.mentor), person(row.mentor)),
        (Field.SUPERVISOR, person(known.supervisor), person(row.supervisor)),
        (Field.ENDS_ON, placement.ends_on.isoformat(), row.ends_on.isoformat()),
        (
            Field.CHECKIN_WEEKDAY,
            WEEKDAYS[placement.checkin_weekday],
            WEEKDAYS[row.checkin_weekday],
        ),
        (Field.CHECKIN_TIME, placement.checkin_time, row.checkin_time),
        (
            Field.MENTOR_MEETING_EVERY_DAYS,
            str(placement.mentor_meeting_every_days),
            str(row.mentor_meeting_every_days),
        ),
        (
            Field.TRIPARTITE_EVERY_WEEKS,
            str(placement.tripartite_every_weeks),
            str(row.tripartite_every_weeks),
        ),
    )
    # People are compared by email: a name typed differently is the same mentor.
    same_person = {
        Field.MENTOR: known.mentor.email == row.mentor.email,
        Field.SUPERVISOR: known.supervisor.email == row.supervisor.email,
    }
    return tuple(
        Change(field, old, new)
        for field, old, new in pairs
        if not same_person.get(field, old == new)
    )


def placement_change(row: RosterRow, known: Known) -> PlacementChange | None:
    """The change a row makes to its known placement, or None when it matches."""
    changes = changes_for(row, known)
    if not changes:
        return None
    return PlacementChange(
        row.line, known.placement.id, known.student.name, known.placement.company, changes
    )


def person(who: RosterPerson) -> str:
    """A person as the diff shows him: `Mark Jansen <mark@bakkerij.example>`."""
    return f"{who.name} <{who.email}>"


class EndRefusal(StrEnum):
    """Why a placement cannot be ended early on that day."""

    ALREADY_OVER = "already_over"  # its last day has passed, or it was called off
    NOT_EARLIER = "not_earlier"  # the day asked is not before its last day


@dataclass(frozen=True, slots=True)
class EarlyEnd:
    """A placement's new last day, and whether its check-ins stop at once."""

    last_day: date
    stop_now: bool  # no check-in from now on, not even today's (called off before or on day 1)


def early_end(
    placement: Placement, today: date, last_day: date | None = None
) -> EarlyEnd | EndRefusal:
    """The new last day of a placement ended early: `last_day`, by default yesterday."""
    wanted = last_day if last_day is not None else today - timedelta(days=1)
    if placement.ends_on < today or is_called_off(placement):
        return EndRefusal.ALREADY_OVER
    if wanted >= placement.ends_on:
        return EndRefusal.NOT_EARLIER
    # Ended before its first day: it never began. Its first day may be today or later, so its
    # check-ins are stopped outright.
    if wanted < placement.starts_on:
        return EarlyEnd(placement.starts_on - timedelta(days=1), stop_now=True)
    return EarlyEnd(wanted, stop_now=wanted < today)


def is_called_off(placement: Placement) -> bool:
    """Whether a placement was ended before it began (its last day before its first)."""
    return placement.ends_on < placement.starts_on


@message_kind("placement_ended")
@dataclass(frozen=True, slots=True)
class PlacementEnded(Payload):
    """To student, mentor and supervisor: the placement has ended early (or was called off)."""

    placement_id: int
