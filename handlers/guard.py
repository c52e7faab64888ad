"""The one gate every update passes: who is this, and may he talk to us here?"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import NoReturn

from telegram import MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.domain.people import Role, language_for
from bot.i18n import t
from bot.services.people import identify
from handlers import flows
from handlers.context import BotContext
from handlers.menus import trainee_may
from handlers.reply import answer

log = logging.getLogger(__name__)

# Runs before every feature handler (the composition root puts it in group -1).
GROUP = -1


async def identify_user(update: Update, context: BotContext) -> None:
    """Resolve the sender to a person and his flow; answer strangers and groups here."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        raise ApplicationHandlerStop  # channel posts, polls and the like: nobody to answer
    svc = context.services
    if chat.type != ChatType.PRIVATE:
        if update.message is None:
            raise ApplicationHandlerStop
        language = language_for(None, user.language_code, svc.policy.default_language)
        await _last_word(answer(update, t(language, "private_only", bot=svc.policy.bot_username)))
    person = await identify(svc, user.id, user.first_name, user.language_code, svc.clock.now())
    context.person = person
    context.language = language_for(
        person.language if person else None, user.language_code, svc.policy.default_language
    )
    if person is None and not _is_start_with_token(update):
        await _last_word(refuse(update, context, "stranger"))
    if person is not None and person.role is Role.TRAINEE_MENTOR and not trainee_may(update):
        await _last_word(refuse(update, context, "trainee.only_training"))
    if person is not None:
        await flows.load(update, context)  # the conversation he is in, for the step handlers


async def _last_word(reply: Awaitable[None]) -> NoReturn:
    """Say it, then end the update here, whatever became of the saying.

    A stranger who blocked the bot makes the reply fail (403): the update must still stop, or
    it would run on into handlers that need a registered person.
    """
    try:
        await reply
    except TelegramError as error:  # blocked, chat gone, Telegram down: nobody to tell more
        log.info("the guard's answer could not be delivered: %s", error)
    except Exception:  # a fault of ours: logged, and the update stops all the same
        log.exception("the guard's answer failed")
    raise ApplicationHandlerStop


async def refuse(update: Update, context: BotContext, key: str) -> None:
    """Say no, as a button's pop-up or as a message."""
    text = t(context.language, key, bot=context.services.policy.bot_username)
    if update.callback_query is not None:
        await update.callback_query.answer(_plain(text), show_alert=True)
    else:
        await answer(update, text)


def _plain(text: str) -> str:
    # Pop-ups show no HTML and take at most 200 characters.
    for tag in ("<b>", "</b>", "<i>", "</i>"):
        text = text.replace(tag, "")
    return text[:200]


def _is_start_with_token(update: Update) -> bool:
    # The same test as CommandHandler's: a /start command entity, then exactly one argument.
    # (A look-alike text without the entity would reach handlers that need a person.)
    message = update.message
    if message is None or not message.text or not message.entities:
        return False
    first = message.entities[0]
    if first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
        return False
    words = message.text.split()
    return words[0].split("@")[0] == "/start" and len(words) == 2


def build() -> list[BaseHandler[Update, BotContext, None]]:
    """The guard handler, for group -1."""
    return [TypeHandler(Update, identify_user)]
