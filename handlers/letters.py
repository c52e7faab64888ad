"""/letters: a coordinator gets the invite letters in chat, as one ZIP of PDFs."""

from __future__ import annotations

from functools import partial

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.i18n import t
from bot.letters import letters_zip
from bot.services.coordinator import invite_links
from handlers.context import BotContext
from handlers.outgoing import Document, send_rendered
from handlers.reply import answer


async def letters_command(update: Update, context: BotContext) -> None:
    """/letters: fresh links for everyone who has not joined, as printable letters."""
    svc, lang = context.services, context.language
    now = svc.clock.now()
    issued = await invite_links(svc, context.me, now)
    if issued is None:
        await answer(update, t(lang, "coordinator.only"))
        return
    if not issued:
        await answer(update, t(lang, "invites.everyone_joined"))
        return
    policy = svc.policy
    # Made off the event loop (a PDF per person): the bot keeps answering meanwhile.
    make = partial(
        letters_zip,
        issued,
        bot_username=policy.bot_username,
        expires_at=now + policy.invite_valid,
        school=policy.training.school_name,
        default_language=policy.default_language,
        timezone=policy.timezone,
        now=now,
    )
    chat = update.effective_chat
    if chat is not None:
        await send_rendered(
            update.get_bot(),
            chat.id,
            Document(
                "invite-letters.zip", make, caption=t(lang, "letters.caption", n=len(issued))
            ),
        )


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The /letters command."""
    return [CommandHandler("letters", letters_command)]
