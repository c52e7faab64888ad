"""How the survey messages look: the invitation and the reminder, each with one button."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.messages import Outgoing
from bot.domain.survey_messages import SurveyInvitation, SurveyReminder
from bot.domain.surveys import Survey
from bot.i18n import t
from bot.services.runtime import Services
from bot.services.surveys import InvitationFacts, invitation_facts
from handlers.outgoing import Text, found, view
from handlers.reference_views import plain


def _asks(language: str, survey: Survey, key: str) -> str:
    # A conditional question is asked only after a low answer: the invitation tells the range
    # the progress line ('3/6', '3/7') can show, never a count some people will not get.
    title = survey.title.get(language, survey.title["nl"])
    fewest, most = survey.question_range()
    if key == "survey.invitation" and fewest != most:
        return t(language, "survey.invitation_range", title=title, fewest=fewest, most=most)
    return t(language, key, title=title, n=most)


def _text(language: str, facts: InvitationFacts, key: str) -> Text:
    survey = facts.survey
    privacy = "survey.anonymous" if survey.anonymous else "survey.not_anonymous"
    button = "survey.continue" if facts.answered else "survey.start"
    return Text(
        "\n\n".join(
            (
                _asks(language, survey, key),
                t(language, privacy),
            )
        ),
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        plain(t(language, button)), callback_data=f"sv:s:{facts.invitation.id}"
                    )
                ]
            ]
        ),
    )


@view(SurveyInvitation)
async def survey_invitation(svc: Services, message: Outgoing, payload: SurveyInvitation) -> Text:
    """A survey to answer, anonymous or not, with a Start button."""
    facts = found(
        await invitation_facts(svc, payload.invitation_id),
        f"survey invitation {payload.invitation_id}",
    )
    return _text(message.language, facts, "survey.invitation")


@view(SurveyReminder)
async def survey_reminder(svc: Services, message: Outgoing, payload: SurveyReminder) -> Text:
    """The survey is still open, with a Start or Continue button."""
    facts = found(
        await invitation_facts(svc, payload.invitation_id),
        f"survey invitation {payload.invitation_id}",
    )
    return _text(message.language, facts, "survey.reminder")
