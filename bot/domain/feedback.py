"""Feedback a mentor logs and the student confirms he understood, with its question thread.

A mentor writes feedback in one message or several; the student answers "understood" or asks a
question; the mentor answers each question; the student can still say "understood" afterwards.
Who may read or act on an item follows from the placement (SPEC "People and access").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.people import Placement, Role

# A feedback is written in one or several messages; this bounds the whole (about three Telegram
# messages), so that what the student receives stays readable and the database bounded.
FEEDBACK_MAX_CHARS = 12_000
# A question or an answer is quoted in one message to the other person, under Telegram's 4,096.
QUESTION_MAX_CHARS = 3_500
# What a student may add when he asks his mentor for feedback (/askfeedback <subject>).
SUBJECT_MAX_CHARS = 300


class Acknowledgement(StrEnum):
    """Where a feedback item stands with the student."""

    WAITING = "waiting"  # sent, no reaction yet
    QUESTION_OPEN = "question_open"  # he asked; the mentor has not answered every question
    ANSWERED = "answered"  # every question answered; "understood" still to come
    UNDERSTOOD = "understood"


@dataclass(frozen=True, slots=True)
class Question:
    """The student's question on a feedback item, and the mentor's answer once given."""

    id: int
    feedback_id: int
    asked_at: datetime
    text: str
    answer: str | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """Feedback one mentor sent one student, with its question thread and follow-ups."""

    id: int
    placement_id: int
    mentor_id: int
    goal_id: int | None
    text: str
    sent_at: datetime
    understood_at: datetime | None = None
    questions: tuple[Question, ...] = ()
    reminded_at: datetime | None = None  # the student's last reminder
    mentor_told_at: datetime | None = None  # the mentor's last "not yet understood"

    @property
    def acknowledgement(self) -> Acknowledgement:
        """Understood, a question open, every question answered, or no reaction yet."""
        if self.understood_at is not None:
            return Acknowledgement.UNDERSTOOD
        if any(question.answered_at is None for question in self.questions):
            return Acknowledgement.QUESTION_OPEN
        return Acknowledgement.ANSWERED if self.questions else Acknowledgement.WAITING

    @property
    def waiting_since(self) -> datetime | None:
        """Since when the student's reaction is awaited; None while it is the mentor's turn."""
        if self.acknowledgement is Acknowledgement.WAITING:
            return self.sent_at
        if self.acknowledgement is Acknowledgement.ANSWERED:
            return max(q.answered_at for q in self.questions if q.answered_at is not None)
        return None

    @property
    def is_overdue(self) -> bool:
        """Whether the mentor has been told the student has not confirmed it (in this wait)."""
        waiting_since = self.waiting_since
        told = self.mentor_told_at
        return waiting_since is not None and told is not None and told >= waiting_since


def is_settled(item: FeedbackItem) -> bool:
    """Whether the student has said he understood: his buttons no longer change anything."""
    return item.understood_at is not None


def composed(parts: Sequence[str]) -> str:
    """The feedback as the student reads it: the mentor's messages, a blank line between."""
    return "\n\n".join(part.strip() for part in parts if part.strip())


def fits(parts: Sequence[str], more: str) -> bool:
    """Whether one more message still fits in one feedback item."""
    return len(composed([*parts, more])) <= FEEDBACK_MAX_CHARS


def may_read(role: Role, person_id: int, item: FeedbackItem, placement: Placement) -> bool:
    """Whether someone may read a feedback item: its student, its mentor, the school's people."""
    if item.placement_id != placement.id:
        return False
    match role:
        case Role.STUDENT:
            return placement.student_id == person_id
        case Role.MENTOR:
            return item.mentor_id == person_id
        case Role.SUPERVISOR:
            return placement.supervisor_id == person_id
        case Role.COORDINATOR:
            return True
        case Role.TRAINEE_MENTOR:
            return False


def may_give_feedback(role: Role, person_id: int, placement: Placement) -> bool:
    """Whether someone may send feedback on a placement: its mentor, nobody else."""
    return role is Role.MENTOR and placement.mentor_id == person_id


def may_answer(role: Role, person_id: int, item: FeedbackItem) -> bool:
    """Whether someone may answer a question on a feedback item: the mentor who wrote it."""
    return role is Role.MENTOR and item.mentor_id == person_id


@dataclass(frozen=True, slots=True)
class FeedbackPicture:
    """A placement's feedback at a glance, for the supervisor."""

    logged: int
    understood: int
    waiting: int  # the student's reaction is awaited
    questions_open: int  # the mentor's answer is awaited
    overdue: int  # waiting so long that the mentor has been told
    last_sent_at: datetime | None


def picture_of(items: Sequence[FeedbackItem]) -> FeedbackPicture:
    """How a placement's feedback stands: logged, understood, waiting, questions, overdue."""
    states = [item.acknowledgement for item in items]
    return FeedbackPicture(
        logged=len(items),
        understood=states.count(Acknowledgement.UNDERSTOOD),
        waiting=sum(item.waiting_since is not None for item in items),
        questions_open=states.count(Acknowledgement.QUESTION_OPEN),
        overdue=sum(item.is_overdue for item in items),
        last_sent_at=max((item.sent_at for item in items), default=None),
    )
