"""What training keeps: runs, enrolments, hand-ins, certificates and the two registers' rows,
and the messages it sends (payloads by id, worded by handlers/training_views.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.messages import Payload, message_kind
from bot.domain.training import Completion, TrainingReminder


@dataclass(frozen=True, slots=True)
class TrainingRun:
    """One round of a course, with its trainer and the instructions the enrolled get."""

    id: int
    course_id: int
    course: str
    trainer_id: int
    instructions: str


@dataclass(frozen=True, slots=True)
class Enrolment:
    """Someone invited to a run; enrolled once he pressed the button."""

    run_id: int
    person_id: int
    name: str
    invited_at: datetime
    enrolled_at: datetime | None
    override_reason: str | None


@dataclass(frozen=True, slots=True)
class Submission:
    """A hand-in of one session's assignment: a text or a file."""

    id: int
    session_id: int
    person_id: int
    handed_in_at: datetime
    text: str
    file_name: str | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class CertificateRecord:
    """A line of the register of certified mentors."""

    id: int
    number: str
    person_id: int
    name: str
    run_id: int
    company: str
    course: str
    issued_on: date
    valid_until: date | None
    completion: Completion


@dataclass(frozen=True, slots=True)
class CompanyEntry:
    """A line of the register of host companies: one mentor of one company."""

    company: str
    address: str
    contact_email: str
    sector: str
    mentor: str
    mentor_email: str
    certified: bool
    students_now: int
    students_before: int


@message_kind("training_invitation")
@dataclass(frozen=True, slots=True)
class TrainingInvitation(Payload):
    """To a mentor: an invitation to a run, with the button to enrol."""

    run_id: int


@message_kind("training_instructions")
@dataclass(frozen=True, slots=True)
class TrainingInstructions(Payload):
    """To whoever enrolled: the practical instructions, the sessions and their links."""

    run_id: int


@message_kind("training_reminder")
@dataclass(frozen=True, slots=True)
class TrainingReminderMessage(Payload):
    """To a participant: the assignment or the session is coming."""

    session_id: int
    reminder: TrainingReminder


@message_kind("training_submission")
@dataclass(frozen=True, slots=True)
class TrainingSubmitted(Payload):
    """To the trainer: a participant's hand-in (its text, or its file)."""

    submission_id: int


@message_kind("training_attendance")
@dataclass(frozen=True, slots=True)
class TrainingAttendanceSheet(Payload):
    """To the trainer after a session: one button per participant to mark who attended."""

    session_id: int


@message_kind("training_certificate")
@dataclass(frozen=True, slots=True)
class CertificateDocument(Payload):
    """To the new certified mentor: his certificate as a PDF."""

    certificate_id: int


@message_kind("training_uncertified")
@dataclass(frozen=True, slots=True)
class UncertifiedMentors(Payload):
    """To a coordinator, weekly: mentors with students and no certificate; one tap invites."""

    week_of: date  # the Monday of the week it is about


@message_kind("training_comment")
@dataclass(frozen=True, slots=True)
class TrainingComment(Payload):
    """To a participant: the trainer's short comment on his hand-in."""

    submission_id: int
