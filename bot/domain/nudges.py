"""Nudges: a light two-way line between a supervisor and a student of his.

A short question that shows interest makes a student report trouble earlier. The supervisor
writes (`/nudge`); the student's answers go back to him and they can go on writing. The line is
kept with the placement and closes when either says so (/cancel) or after a day of silence: it
is a nudge, not a chat channel to run a placement through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.messages import Payload, message_kind
from bot.domain.people import Person, Placement, Role

SILENCE = timedelta(days=1)  # a line nobody wrote on for this long is closed


def is_line_open(last_at: datetime, closed_at: datetime | None, now: datetime) -> bool:
    """Whether a line is still open: not closed, and written on within the last day."""
    return closed_at is None and now < last_at + SILENCE


def may_nudge(person: Person, placement: Placement) -> bool:
    """Only the placement's own supervisor starts a line with its student."""
    return person.role is Role.SUPERVISOR and placement.supervisor_id == person.id


def other_side(person_id: int, supervisor_id: int, student_id: int) -> int | None:
    """Who a message on a line goes to; None when the writer is on neither side of it."""
    if person_id == supervisor_id:
        return student_id
    return supervisor_id if person_id == student_id else None


class LineEnd(StrEnum):
    """How a line was closed."""

    SUPERVISOR = "supervisor"  # the supervisor said /cancel
    STUDENT = "student"  # the student did


@dataclass(frozen=True, slots=True)
class NudgeLine:
    """A line as stored."""

    id: int
    placement_id: int
    supervisor_id: int
    student_id: int
    last_at: datetime
    closed_at: datetime | None


# --- messages (their views: handlers/nudge_views.py) ----------------------------------------


@message_kind("nudge")
@dataclass(frozen=True, slots=True)
class NudgeArrived(Payload):
    """A message written on a line, to the other side."""

    message_id: int


@message_kind("nudge_closed")
@dataclass(frozen=True, slots=True)
class NudgeClosed(Payload):
    """To the other side: the line was closed."""

    line_id: int
    by: LineEnd
