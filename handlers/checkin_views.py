"""How the check-in's outbox messages look: the weekly check-in and its reminder."""

from __future__ import annotations

from bot.domain.checkins import CheckInOpened, CheckInReminder
from bot.domain.messages import Outgoing
from bot.i18n import t
from bot.services.runtime import Services
from handlers.checkin import mood_keyboard
from handlers.outgoing import Text, view


@view(CheckInOpened)
async def checkin_open(svc: Services, message: Outgoing, payload: CheckInOpened) -> Text:
    """The weekly check-in: a greeting by first name and the mood question with five buttons."""
    first_name = (message.name.split() or [""])[0]
    return Text(
        t(message.language, "checkin.open", name=first_name), mood_keyboard(payload.checkin_id)
    )


@view(CheckInReminder)
async def checkin_reminder(svc: Services, message: Outgoing, payload: CheckInReminder) -> Text:
    """The one reminder of an unanswered check-in, with the mood buttons again."""
    return Text(t(message.language, "checkin.reminder"), mood_keyboard(payload.checkin_id))
