"""The survey messages in the outbox: the invitation and the reminder."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.messages import Payload, message_kind


@message_kind("survey_invitation")
@dataclass(frozen=True, slots=True)
class SurveyInvitation(Payload):
    """A survey to answer: its title, whether it is anonymous, and a Start button."""

    invitation_id: int


@message_kind("survey_reminder")
@dataclass(frozen=True, slots=True)
class SurveyReminder(Payload):
    """The survey is still open: a reminder with a Continue button."""

    invitation_id: int
