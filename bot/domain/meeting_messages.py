"""What the meetings feature sends on its own: described by ids, worded by its views
(handlers/meeting_views.py) when sent, so a moved meeting shows its newest time."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.meeting_reminders import Reminder
from bot.domain.meetings import MeetingKind
from bot.domain.messages import Payload, message_kind


@message_kind("meeting_proposed")
@dataclass(frozen=True, slots=True)
class MeetingProposed(Payload):
    """To each who must confirm: a (new) time proposed, with Confirm and Another time."""

    meeting_id: int
    sequence: int


@message_kind("meeting_calendar")
@dataclass(frozen=True, slots=True)
class MeetingCalendar(Payload):
    """To each participant: the .ics of a confirmed, moved or cancelled meeting."""

    meeting_id: int
    sequence: int


@message_kind("meeting_reminder")
@dataclass(frozen=True, slots=True)
class MeetingReminder(Payload):
    """A reminder before a meeting, or after it the organiser's "did it take place?"."""

    meeting_id: int
    sequence: int
    reminder: Reminder


@message_kind("meeting_prepare")
@dataclass(frozen=True, slots=True)
class ReviewPrepare(Payload):
    """The day before a tripartite review, to student and mentor: how to prepare, and a button."""

    meeting_id: int


@message_kind("meeting_plan")
@dataclass(frozen=True, slots=True)
class PlanReminder(Payload):
    """No meeting is planned though one is due: to those who plan, with a Plan button."""

    placement_id: int
    meeting_kind: MeetingKind
    overdue_days: int


@message_kind("meeting_agreements")
@dataclass(frozen=True, slots=True)
class ReviewAgreements(Payload):
    """To the student: the agreements of a review, with Understood and I have a question."""

    meeting_id: int


@message_kind("meeting_question")
@dataclass(frozen=True, slots=True)
class AgreementsQuestion(Payload):
    """To the mentor: the student's question about the agreements, with an Answer button."""

    meeting_id: int


@message_kind("meeting_answer")
@dataclass(frozen=True, slots=True)
class AgreementsAnswer(Payload):
    """To the student: his mentor's answer to his question about the agreements."""

    meeting_id: int


@message_kind("meeting_understood")
@dataclass(frozen=True, slots=True)
class AgreementsUnderstood(Payload):
    """To mentor and supervisor: the student understood the agreements of the review."""

    meeting_id: int
