"""People, their roles and what each role may see."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.messages import Payload, message_kind


class Role(StrEnum):
    """The five roles of SPEC "People and access"."""

    STUDENT = "student"
    MENTOR = "mentor"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinator"
    # An employee of a host company in mentor training who is no student's mentor (yet): he
    # sees his training and nothing of any placement.
    TRAINEE_MENTOR = "trainee_mentor"


# The languages the bot speaks: each has a catalog bot/i18n/locales/<code>.po.
LANGUAGES = ("nl", "en")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the school registered, joined to Telegram or not yet."""

    id: int
    name: str
    email: str
    role: Role
    language: str | None
    telegram_id: int | None
    undeliverable: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    """One student's work placement with his mentor, supervisor and agreed cadence."""

    id: int
    student_id: int
    mentor_id: int
    supervisor_id: int
    company: str
    starts_on: date
    ends_on: date
    timezone: str
    checkin_weekday: int
    checkin_time: str
    mentor_meeting_every_days: int
    tripartite_every_weeks: int
    paused_until: date | None = None

    def role_of(self, person_id: int) -> Role:
        """The part someone plays in this placement (the student, his mentor, else supervisor)."""
        if person_id == self.student_id:
            return Role.STUDENT
        return Role.MENTOR if person_id == self.mentor_id else Role.SUPERVISOR


@dataclass(frozen=True, slots=True)
class Invite:
    """A single-use invite of one person, known to us only by its hash."""

    person_id: int
    expires_at: datetime
    used_at: datetime | None


def current_placement(placements: list[Placement], today: date) -> Placement | None:
    """The placement a student is on today, else the next one, else the last one he had."""
    running = [p for p in placements if p.starts_on <= today <= p.ends_on]
    coming = sorted((p for p in placements if p.starts_on > today), key=lambda p: p.starts_on)
    past = sorted((p for p in placements if p.ends_on < today), key=lambda p: p.ends_on)
    found = running or coming or past[-1:]
    return found[0] if found else None


def language_for(preferred: str | None, telegram_language: str | None, default: str) -> str:
    """The language to speak with someone: his choice, else his Telegram client's, else ours."""
    if preferred in LANGUAGES:
        return preferred
    short = (telegram_language or "").split("-")[0].lower()
    return short if short in LANGUAGES else default


def hash_token(token: str) -> str:
    """The stored form of an invite token: we keep only its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def may_act_on(role: Role, person_id: int, placement: Placement) -> bool:
    """Whether a person in a role may see or act on a placement (SPEC access table)."""
    match role:
        case Role.COORDINATOR:
            return True
        case Role.STUDENT:
            return placement.student_id == person_id
        case Role.MENTOR:
            return placement.mentor_id == person_id
        case Role.SUPERVISOR:
            return placement.supervisor_id == person_id
        case Role.TRAINEE_MENTOR:
            return False


def may_become(known: Role, wanted: Role) -> bool:
    """Whether a roster may list someone registered in this role: his own, or a mentor where he
    was a trainee mentor (the same person, who keeps his training and certificates)."""
    return known is wanted or (known is Role.TRAINEE_MENTOR and wanted is Role.MENTOR)


@message_kind("undeliverable")
@dataclass(frozen=True, slots=True)
class PersonUnreachable(Payload):
    """To a supervisor: messages to this person of his placements can no longer be delivered.

    Its view is in handlers/people_views.py.
    """

    person_id: int
