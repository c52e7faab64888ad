"""/whoami: anyone, joined or not, learns his Telegram id (for COORDINATOR_IDS, or a colleague)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, CommandHandler, filters

from bot.domain.people import language_for
from bot.i18n import t
from bot.services.people import identify
from handlers.context import BotContext
from handlers.reply import answer

# Before the guard (group -1), which answers every stranger with "how to join": a school's IT
# person must learn his id before he is anyone here. Private chats only; groups go on to the
# guard, which says "I work in private chats".
GROUP = -2


async def whoami_asked(update: Update, context: BotContext) -> None:
    """Tell the sender his Telegram id, in his language."""
    user = update.effective_user
    if user is None or user.is_bot:
        raise ApplicationHandlerStop
    svc = context.services
    person = await identify(svc, user.id, user.first_name, user.language_code, svc.clock.now())
    language = language_for(
        person.language if person else None, user.language_code, svc.policy.default_language
    )
    await answer(update, t(language, "whoami.answer", id=user.id))
    raise ApplicationHandlerStop


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """/whoami, for group -2."""
    return [CommandHandler("whoami", whoami_asked, filters=filters.ChatType.PRIVATE)]
