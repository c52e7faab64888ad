"""The weekly digest as the supervisor gets it (an outbox message, composed when sent)."""

from __future__ import annotations

import html
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.digest import WeeklyDigest
from bot.domain.messages import Outgoing
from bot.i18n import t
from bot.services.digest import digest_for
from bot.services.runtime import Services
from handlers.formats import day
from handlers.outgoing import Text, found, view
from handlers.supervision_format import digest_text

MAX_BUTTONS = 40  # students the digest links to (Telegram allows 100 buttons)


@view(WeeklyDigest)
async def weekly_digest(svc: Services, message: Outgoing, payload: WeeklyDigest) -> Text:
    """The week before the digest's day: numbers, names, the students' own words, and a
    button to each named student's picture."""
    digest = found(await digest_for(svc, message.person_id, payload.on), "a running placement")
    lang = message.language
    text = digest_text(
        lang,
        digest,
        day(lang, payload.on - timedelta(days=7)),
        day(lang, payload.on - timedelta(days=1)),
    )
    # A button's label is no HTML: the escaping t() does for a message is undone.
    buttons = [
        InlineKeyboardButton(
            html.unescape(t(lang, "digest.button", name=n.student))[:64],
            callback_data=f"sp:{n.placement_id}",
        )
        for n in digest.mentioned[:MAX_BUTTONS]
    ]
    markup = InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])
    return Text(text, markup if buttons else None)
