"""The messages of feedback, learning goals and the reference, as the outbox carries them.

Ids only: the views in handlers/feedback_views.py and handlers/reference_views.py load the
words, names and dates when the message is sent, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.messages import Payload, message_kind


@message_kind("feedback_sent")
@dataclass(frozen=True, slots=True)
class FeedbackSent(Payload):
    """To the student: his mentor's feedback, with "understood" and "I have a question"."""

    feedback_id: int


@message_kind("feedback_reminder")
@dataclass(frozen=True, slots=True)
class FeedbackReminder(Payload):
    """To the student: he has not said yet whether he understood a feedback."""

    feedback_id: int


@message_kind("feedback_not_confirmed")
@dataclass(frozen=True, slots=True)
class FeedbackNotConfirmed(Payload):
    """To the mentor: his student has not confirmed a feedback for days."""

    feedback_id: int


@message_kind("feedback_understood")
@dataclass(frozen=True, slots=True)
class FeedbackUnderstood(Payload):
    """To the mentor: his student understood a feedback."""

    feedback_id: int


@message_kind("feedback_question")
@dataclass(frozen=True, slots=True)
class FeedbackQuestionAsked(Payload):
    """To the mentor: the student's question on a feedback, with a button to answer."""

    question_id: int


@message_kind("feedback_answer")
@dataclass(frozen=True, slots=True)
class FeedbackAnswered(Payload):
    """To the student: the mentor's answer, and the feedback's buttons again."""

    question_id: int


@message_kind("feedback_asked")
@dataclass(frozen=True, slots=True)
class FeedbackAsked(Payload):
    """To the mentor: his student asks for feedback (/askfeedback), with a button to give it."""

    request_id: int


@message_kind("feedback_prompt")
@dataclass(frozen=True, slots=True)
class FeedbackPrompt(Payload):
    """To the mentor: no feedback for this placement in `days` days, with a button to give it."""

    placement_id: int
    days: int


@message_kind("goals_set")
@dataclass(frozen=True, slots=True)
class GoalsSet(Payload):
    """To the student and the mentor: the placement's learning goals, as now set."""

    placement_id: int


@message_kind("placement_ending")
@dataclass(frozen=True, slots=True)
class PlacementEnding(Payload):
    """To student, mentor and supervisor: the placement ends soon (each worded for his role)."""

    placement_id: int


@message_kind("reference_requested")
@dataclass(frozen=True, slots=True)
class ReferenceRequested(Payload):
    """To the mentor: the student asks for a reference, with a button to write it."""

    reference_id: int


@message_kind("reference_text")
@dataclass(frozen=True, slots=True)
class ReferenceText(Payload):
    """To the student: his reference as text."""

    reference_id: int


@message_kind("reference_pdf")
@dataclass(frozen=True, slots=True)
class ReferenceDocument(Payload):
    """To the student: his reference as a PDF document."""

    reference_id: int
