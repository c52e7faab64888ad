"""A nudge line's messages as the other side gets them (outbox messages)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.messages import Outgoing
from bot.domain.nudges import LineEnd, NudgeArrived, NudgeClosed
from bot.i18n import t
from bot.services.nudges import nudge_line, nudge_message
from bot.services.runtime import Services
from handlers.outgoing import Text, found, view


@view(NudgeArrived)
async def nudge_arrived(svc: Services, message: Outgoing, payload: NudgeArrived) -> Text:
    """What the other side wrote, marked as his; Reply puts the reader on the line."""
    card = found(await nudge_message(svc, payload.message_id), "the message")
    lang = message.language
    from_supervisor = card.sender_id == card.line.supervisor_id
    key = "nudge.from_supervisor" if from_supervisor else "nudge.from_student"
    text = t(lang, key, name=card.sender_name, text=card.text or t(lang, "nudge.erased"))
    if from_supervisor:
        text += "\n\n" + t(lang, "nudge.how_to_answer")
    return Text(
        text,
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(lang, "nudge.reply_button"), callback_data=f"nr:{card.line.id}"
                    )
                ]
            ]
        ),
    )


@view(NudgeClosed)
async def nudge_closed(svc: Services, message: Outgoing, payload: NudgeClosed) -> Text:
    """The other side closed the line."""
    _, supervisor, student = found(await nudge_line(svc, payload.line_id), "the line")
    name = supervisor if payload.by is LineEnd.SUPERVISOR else student
    return Text(t(message.language, "nudge.closed_by_other", name=name))
