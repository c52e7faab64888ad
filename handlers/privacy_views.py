"""How the privacy feature's outbox messages look: an erasure request, a rejection."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.messages import Outgoing
from bot.domain.privacy import ErasureRejected, ErasureRequested
from bot.i18n import t
from bot.services.privacy import erasure_requester
from bot.services.runtime import Services
from handlers.outgoing import Text, found, view


@view(ErasureRequested)
async def erasure_request(svc: Services, message: Outgoing, payload: ErasureRequested) -> Text:
    """Ask a coordinator to approve or reject someone's erasure."""
    person = found(
        await erasure_requester(svc, payload.request_id), f"erasure request {payload.request_id}"
    )
    lang, request = message.language, payload.request_id
    return Text(
        t(lang, "privacy.request", name=person.name, role=t(lang, f"role.{person.role}")),
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(lang, "privacy.approve"), callback_data=f"er:{request}:ok"
                    ),
                    InlineKeyboardButton(
                        t(lang, "privacy.reject"), callback_data=f"er:{request}:no"
                    ),
                ]
            ]
        ),
    )


@view(ErasureRejected)
async def erasure_rejected(svc: Services, message: Outgoing, payload: ErasureRejected) -> Text:
    """Tell the person that a coordinator did not approve erasing his data."""
    return Text(t(message.language, "privacy.rejected_notice"))
